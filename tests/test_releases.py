"""Data releases (nuion.detectors.releases, docs/releases.md): the format, the shipped XENONnT SR0
and LZ WS2022/WS2024 releases against what the collaboration and the source state, and one-line
refusals of bad files."""

import shutil

import numpy as np
import pytest
import yaml

from nuion import cli
from nuion.detectors import releases

SR0 = releases.DATA_DIR / "xenonnt-sr0.yaml"


@pytest.fixture(scope="module")
def sr0():
    return releases.load("xenonnt-sr0")


class TestXenonntSR0:
    """What the release readme and Aprile et al., PRL 129 (2022) 161805 (abstract) state."""

    def test_events(self, sr0):
        # "The total number of events is 433" (release readme), all in the search region (1, 30) keV
        assert sr0.n_observed == 433 == sr0.meta["checks"]["events"]
        assert sr0.kind == "unbinned" and sr0.material == "Xe"
        assert sr0.events.min() == pytest.approx(1.69897, abs=1e-5) and sr0.events.max() < 30.0

    def test_exposure(self, sr0):
        # 1.16 t yr = 1160 kg x 365.25 d
        assert sr0.exposure_kg_day == pytest.approx(1.16 * 1000 * 365.25, rel=1e-12)

    def test_background_total(self, sr0):
        # B0 integrated over 1-30 keV x 1.16 t yr: 426.53 as the sum of the 0.1 keV rows, 426.51 linear
        assert sr0.background_total() == pytest.approx(sr0.meta["checks"]["background_events"], rel=1e-3)

    def test_background_over_efficiency(self, sr0):
        # abstract: (15.8 +- 1.3) events/(t yr keV) in (1, 30) keV, efficiency corrected; B0/efficiency: 15.86
        T = np.linspace(1.0, 30.0, 2901)
        per_t_yr_keV = np.trapezoid(sr0.background_density(T) / sr0.efficiency(T), T) / 29.0 / 1.16
        assert per_t_yr_keV == pytest.approx(15.8, rel=0.01)

    def test_efficiency_and_contents(self, sr0):
        assert 0.0 <= sr0.efficiency_value.min() and sr0.efficiency_value.max() <= 1.0
        assert sr0.efficiency(10.0) == pytest.approx(0.80, abs=0.01)
        assert sr0.contains == {"efficiency", "resolution", "neutrino-weak"} and sr0.background_sigma is None
        assert sr0.published_limit == 6.3e-12
        assert "161805" in sr0.meta["citation"] and sr0.meta["licence"]


@pytest.fixture(scope="module")
def lz():
    return {run: releases.load(f"lz-{run}") for run in ("ws2022", "ws2024")}


class TestLZ:
    """LZ WS2022 and WS2024 (docs/releases.md, sec. 'LZ WS2022 and WS2024 electron recoils'): the numbers of
    the source (SNuDD/SNuDD, snudd/data/exps/LZ2025/) and the exposures the LZ abstracts state."""

    # run: (events = sum of the source's histogram, live days, background = sum of its best fit over 1-20 keV)
    RUNS = {"ws2022": (471, 60, 463.263), "ws2024": (1787, 220, 1765.58)}

    @pytest.mark.parametrize("run", RUNS)
    def test_counts(self, lz, run):
        r, (events, _, background) = lz[run], self.RUNS[run]
        assert r.kind == r.background_kind == "binned" and r.material == "Xe" and r.window == (1.0, 20.0)
        np.testing.assert_array_equal(r.edges, np.arange(1.0, 21.0))  # 19 bins of 1 keV
        assert r.n_observed == events == r.meta["checks"]["events"]
        # the background the source fitted to these data: within 2 % of the counts (1.7 %, 1.2 %)
        assert r.background_total() == pytest.approx(background, rel=1e-6) == r.meta["checks"]["background_events"]
        assert r.background_total() == pytest.approx(events, rel=0.02)

    @pytest.mark.parametrize("run", RUNS)
    def test_exposure(self, lz, run):
        # live days x 5.5 t fiducial (WS2022: "60 live days and a fiducial mass of 5.5t", arXiv:2307.15753)
        r = lz[run]
        assert r.exposure_kg_day == pytest.approx(self.RUNS[run][1] * 5500.0, rel=1e-12)
        assert r.exposure_kg_day == pytest.approx(r.meta["checks"]["exposure_t_day"] * 1000.0, rel=1e-12)

    def test_total_exposure(self, lz):
        # arXiv:2511.17350, abstract: "a total exposure of 4.2 tonne-years" (two digits: 4.22 rounds to it)
        total = sum(r.exposure_kg_day for r in lz.values()) / (1000.0 * 365.25)
        assert total == pytest.approx(lz["ws2022"].meta["checks"]["exposure_total_t_yr"], abs=0.05)

    @pytest.mark.parametrize("run", RUNS)
    def test_efficiency_and_contents(self, lz, run):
        r = lz[run]
        assert r.efficiency_applies_to == "true" and r.efficiency_energy[[0, -1]].tolist() == [0.0, 20.0]
        assert r.efficiency(1.0) == pytest.approx(0.14, abs=0.01) and r.efficiency(10.0) == pytest.approx(0.95, abs=0.015)
        assert r.contains == {"efficiency", "resolution", "neutrino-weak"} and r.background_sigma is None
        assert r.published_limit is None  # the collaboration's limit was not readable here
        assert "2511.17350" in r.meta["citation"] and "11622ded104994959a649d85e263c2d9f933ea74" in r.meta["origin"]


def _copy(tmp_path):
    """A writable copy of the XENONnT release (YAML and CSV tables)."""
    shutil.copy(SR0, tmp_path / SR0.name)
    shutil.copytree(releases.DATA_DIR / "xenonnt-sr0", tmp_path / "xenonnt-sr0")
    return tmp_path / SR0.name


def _edit_csv(path, row, column, value):
    lines = path.read_text().splitlines()
    header = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    cells = lines[header + row].split(",")
    cells[column] = value
    lines[header + row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")


def _swap_rows(path, row):
    lines = path.read_text().splitlines()
    header = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    lines[header + row], lines[header + row + 1] = lines[header + row + 1], lines[header + row]
    path.write_text("\n".join(lines) + "\n")


def _edit_yaml(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _not_increasing(y):
    _swap_rows(y.parent / "xenonnt-sr0" / "background.csv", 100)


def _efficiency_above_one(y):
    _edit_csv(y.parent / "xenonnt-sr0" / "efficiency.csv", 500, 1, "1.2")


def _negative_background(y):
    _edit_csv(y.parent / "xenonnt-sr0" / "background.csv", 50, 1, "-3.0")


def _missing_exposure(y):
    _edit_yaml(y, lambda d: d.pop("exposure"))


def _unknown_unit(y):
    _edit_yaml(y, lambda d: d["exposure"].update(unit="tonne year"))


#: The five corrupted copies of docs/releases.md, sec. 'Bad files': defect -> what the line must say.
CORRUPTED = {
    "energies not increasing": (_not_increasing, "background.table.energy: energies not increasing (row 101: 9.95 after 10.05)"),
    "efficiency above 1": (_efficiency_above_one, "efficiency.table.efficiency: efficiency 1.2 outside [0, 1] (row 500)"),
    "negative background": (_negative_background, "background.table.rate: negative background rate (-3 in row 50)"),
    "missing field": (_missing_exposure, "top level: 'exposure' is a required property"),
    "unknown unit": (_unknown_unit, "exposure.unit: 'tonne year' is not one of ['t yr', 'kg yr', 't day', 'kg day']"),
}


@pytest.mark.parametrize("defect", CORRUPTED)
def test_corrupted_copy_refused_in_one_line(tmp_path, defect):
    corrupt, expected = CORRUPTED[defect]
    path = _copy(tmp_path)
    releases.load(path)  # the copy itself is good
    corrupt(path)
    with pytest.raises(ValueError) as err:
        releases.load(path)
    message = str(err.value)
    assert "\n" not in message
    assert message == f"{path}: {expected}"


def _binned(tmp_path, counts=(5, 7, 3), background=(6.0, 6.0, 6.0), low=(1.0, 2.0, 3.0), high=(2.0, 3.0, 4.0)):
    data = {
        "format": "nuion-release-1", "name": "toy", "description": "three bins", "target": {"material": "Xe"},
        "energy": {"unit": "keV", "scale": "reconstructed", "window": [1.0, 4.0]},
        "exposure": {"value": 1.0, "unit": "t yr"},
        "observed": {"kind": "binned", "table": {"data": {"low": list(low), "high": list(high), "counts": list(counts)}}},
        "background": {"kind": "binned", "unit": "events", "contains": ["efficiency", "resolution"],
                       "table": {"data": {"low": list(low), "high": list(high), "counts": list(background)}}},
        "efficiency": {"applies_to": "reconstructed", "value": 0.9},
        "resolution": {"s0": 0.0, "s1": 0.3, "s2": 0.0, "note": "toy"},
        "flux": {"source": "solar"}, "citation": "none", "licence": "CC0",
    }
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


class TestBinned:
    def test_loads(self, tmp_path):
        r = releases.load(_binned(tmp_path))
        assert r.kind == "binned" and r.n_observed == 15 and r.background_total() == 18.0
        np.testing.assert_array_equal(r.edges, [1.0, 2.0, 3.0, 4.0])
        assert r.efficiency(2.5) == 0.9 and r.exposure_kg_day == 365250.0

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"counts": (5, -1, 3)}, "observed.table.counts: negative counts (-1 in row 2)"),
            ({"counts": (5, 2.5, 3)}, "observed.table.counts: observed counts must be whole numbers"),
            ({"low": (1.0, 2.5, 3.0), "high": (2.0, 3.0, 4.0)}, "observed.table: bins not contiguous (bin 1 ends at 2, bin 2 starts at 2.5)"),
        ],
    )
    def test_bad_bins(self, tmp_path, kwargs, message):
        path = _binned(tmp_path, **kwargs)
        with pytest.raises(ValueError, match=None) as err:
            releases.load(path)
        assert str(err.value) == f"{path}: {message}"


def test_efficiency_true_must_be_quoted(tmp_path):
    # YAML reads a bare `applies_to: true` as the boolean, which the schema used to accept (its own enum
    # was parsed the same way) and which the likelihood matched neither way: no efficiency at all
    path = _binned(tmp_path)
    _edit_yaml(path, lambda d: d["efficiency"].update(applies_to=True))
    with pytest.raises(ValueError) as err:
        releases.load(path)
    assert str(err.value) == f"{path}: efficiency.applies_to: True is not one of ['reconstructed', 'true']"
    _edit_yaml(path, lambda d: d["efficiency"].update(applies_to="true"))
    assert releases.load(path).efficiency_applies_to == "true"


def test_unknown_release_name():
    with pytest.raises(ValueError, match=r"release 'nope': no such file, and not a shipped release \(shipped: lz-ws2022, lz-ws2024, xenonnt-sr0\)"):
        releases.load("nope")


def test_cli_bad_release_one_line(tmp_path, capsys):
    path = _copy(tmp_path)
    _efficiency_above_one(path)
    assert cli.main(["limit", "--data", str(path), "--models", "fe"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"nuion: error: {path}: {CORRUPTED['efficiency above 1'][1]}"
