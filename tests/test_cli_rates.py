"""nuion rate / nuion limit (docs/rates.md, sec. "Command line")."""

import json
from pathlib import Path

import pytest

from nuion.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rate_json(capsys):
    code, out, _ = _run(capsys, "rate", "--preset", "gemma", "--T", "1keV", "--model", "fe", "--json")
    assert code == 0
    r = json.loads(out)
    assert r["rate_magnetic_true"]["units"] == r["rate_weak_true"]["units"] == "kg-1 d-1 keV-1"
    # GEMMA-like, FE, mu_nu = 1e-11 at 1 keV (docs/rates.md table)
    assert r["rate_magnetic_true"]["value"] == pytest.approx(0.015493, rel=1e-4)
    assert r["rate_weak_true"]["value"] == pytest.approx(0.0064207, rel=1e-4)
    assert r["rate_magnetic_observed"]["value"] == 0.0  # below the 2.8 keV threshold


def test_rate_mu_nu_squared(capsys):
    _, out, _ = _run(capsys, "rate", "--preset", "gemma", "--T", "3keV", "--mu-nu", "2e-11", "--json")
    assert json.loads(out)["rate_magnetic_true"]["value"] == pytest.approx(4 * 0.005133, rel=1e-4)


def test_limit_json_analytic(capsys):
    code, out, _ = _run(capsys, "limit", "--preset", "gemma", "--models", "fe,stepping", "--method", "analytic", "--json")
    assert code == 0
    lim = json.loads(out)["mu_nu_limit_analytic"]
    assert set(lim["value"]) == {"fe", "stepping"} and lim["units"] == "Bohr magneton"
    assert lim["value"]["fe"] < lim["value"]["stepping"]  # fewer electrons count below the K edge


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("rate", "--preset", "gemma", "--T", "2eb"), "T must be in keV"),
        (("rate", "--preset", "nope", "--T", "2keV"), "preset must be one of"),
        (("limit", "--preset", "gemma", "--models", "fe,atom", "--response", "/nonexistent/Ge.nc"), "Ge.nc not found"),
    ],
)
def test_errors(capsys, argv, message):
    code, _, err = _run(capsys, *argv)
    assert code == 2 and message in err


def test_own_presets_file(capsys, tmp_path):
    # issue 20, item 2: --presets PATH --preset NAME; a detector that published nothing has no published_mu_nu_limit
    path = tmp_path / "mine.yaml"
    path.write_text((ROOT / "config" / "my_detector.yaml").read_text())
    code, out, err = _run(capsys, "limit", "--presets", str(path), "--preset", "my_ge", "--models", "fe",
                          "--method", "analytic", "--json")
    assert code == 0, err
    r = json.loads(out)
    assert r["threshold"]["value"] == 0.3 and "published_mu_nu_limit" not in r
    assert 1e-12 < r["mu_nu_limit_analytic"]["value"]["fe"] < 1e-10
    assert "defaults for detector.window_keV, detector.resolution" in err
    code, _, err = _run(capsys, "limit", "--preset", str(path))
    assert code == 2 and f"give its file with --presets {path} --preset NAME" in err


def test_limit_data_millicharge(capsys):
    # nuion limit --data --channel millicharge: q_nu in e, the numbers of nuion.detectors.likelihood, no
    # published mu_nu limit beside them
    code, out, _ = _run(capsys, "limit", "--data", "xenonnt-sr0", "--models", "fe", "--channel", "millicharge", "--json")
    assert code == 0
    res = json.loads(out)
    assert res["channel"]["value"] == "millicharge" and res["m_nu"]["value"] == 0.05
    assert res["q_nu_limit_observed"]["units"] == "e" and "published_mu_nu_limit" not in res
    assert res["q_nu_limit_observed"]["value"]["fe"] == pytest.approx(3.0009e-13, rel=1e-3)


def test_limit_preset_charge_radius_both_signs(capsys):
    code, out, _ = _run(capsys, "limit", "--preset", "xenonnt", "--models", "fe", "--channel", "charge-radius",
                        "--method", "analytic", "--json")
    assert code == 0
    res = json.loads(out)
    assert res["r2_limit_analytic"]["value"]["fe"] == pytest.approx(5.7702e-31, rel=1e-3)
    assert res["r2_limit_analytic_lower"]["value"]["fe"] == pytest.approx(-1.00557e-30, rel=1e-3)
    assert res["r2_limit_analytic"]["units"] == "cm2"


def test_limit_data_weak_refused(capsys):
    code, _, err = _run(capsys, "limit", "--data", "xenonnt-sr0", "--models", "fe", "--channel", "weak")
    assert code == 2 and "background of every search" in err


@pytest.mark.parametrize(("release", "observed"), [("lz-ws2022", 1.307e-11), ("lz-ws2024", 9.88e-12)])
def test_limit_data_lz(capsys, release, observed):
    # nuion limit --data on the binned LZ releases (pyhf): the fe limit of tests/test_likelihood.py::TestLZ,
    # and no published limit (none was readable, docs/releases.md)
    code, out, err = _run(capsys, "limit", "--data", release, "--models", "fe", "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["release"]["value"] == release and "published_mu_nu_limit" not in res
    assert res["mu_nu_limit_observed"]["value"]["fe"] == pytest.approx(observed, rel=0.01)
    assert len(res["mu_nu_limit_band"]["value"]["fe"]) == 5
