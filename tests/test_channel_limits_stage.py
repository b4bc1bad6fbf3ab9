"""The limits and sensitivity stages per channel (config datasets.channels, rates.channels; docs/releases.md,
sec. 'Other channels', docs/channels.md, sec. 'Rates and limits').

One small Snakemake run in a tmp copy (free electrons only, XENONnT SR0 and the XENONnT-like preset) asks
for the three channels; its datasets must carry the limits on q_nu and <r^2> that the command line's
functions give when called directly (:func:`nuion.detectors.likelihood.limits`, ``radius_limits``,
:func:`nuion.detectors.presets.limit`, with the channel the command line builds from its defaults), with the
names and units of nuion.io.schema.
"""

import shutil

import numpy as np
import pytest

from nuion import io
from nuion.cli import build_parser
from nuion.cli.rates import _channel
from nuion.detectors import likelihood, presets, releases
from nuion.io.schema import VARIABLES
from test_workflow import ROOT, make_copy, snakemake

pytestmark = pytest.mark.slow

CHANNELS = ["magnetic", "millicharge", "charge-radius"]
OUTPUTS = ["results/limits/xenonnt-sr0.nc", "results/sensitivity/xenonnt.nc"]
#: the command line's limits agree with the stage's to this (the same functions on the same inputs)
SAME = 1e-6


def cli_channel(name):
    """The channel ``nuion limit --data xenonnt-sr0 --channel NAME`` builds (its default couplings)."""
    args = build_parser().parse_args(["limit", "--data", "xenonnt-sr0", "--models", "fe", "--channel", name])
    return _channel(args)[0]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    dest = make_copy(tmp_path_factory.mktemp("wf-channels"))
    shutil.copy(ROOT / "config" / "presets.yaml", dest / "config")
    (dest / "config" / "config.yaml").write_text(
        "E: [2]\n"
        f"datasets: {{releases: [xenonnt-sr0], models: [fe], channels: [{', '.join(CHANNELS)}]}}\n"
        f"rates: {{presets: [xenonnt], models: [fe], threshold_factors: [1.0], channels: [{', '.join(CHANNELS)}]}}\n"
    )
    snakemake(dest, *OUTPUTS)
    return {kind: io.read_dataset(dest / path, kind) for kind, path in zip(("limits", "sensitivity"), OUTPUTS, strict=True)}


@pytest.fixture(scope="module")
def direct():
    """The limits of the command line's functions on free electrons: XENONnT SR0 and the XENONnT-like preset."""
    release = releases.load("xenonnt-sr0")
    fe = likelihood.atomic_models(release, ["fe"])
    (q,), _ = likelihood.limits(release, fe, n_scan=2, channel=cli_channel("millicharge"))
    (r2,) = likelihood.radius_limits(release, fe, cli_channel("charge-radius"))
    p = presets.get("xenonnt")
    (m,) = presets.atomic_models(p, ("fe",))
    preset = {f"{c} {method}": presets.limit(p, m, method=method, channel=cli_channel(c))
              for c in ("millicharge", "charge-radius") for method in ("pyhf", "analytic")}
    return {"q": q, "r2": r2, "preset": preset}


def test_release_limits_are_the_command_lines(run, direct):
    ds, q, r2 = run["limits"].sel(model="fe"), direct["q"], direct["r2"]
    assert float(ds["q_nu_limit_observed"]) == pytest.approx(q.observed, rel=SAME)
    assert float(ds["q_nu_limit_expected"]) == pytest.approx(q.expected, rel=SAME)
    assert ds["q_nu_limit_band"].values == pytest.approx(q.band, rel=SAME)
    assert ds["r2_limit_observed"].values == pytest.approx(r2.observed, rel=SAME)
    assert ds["r2_limit_expected"].values == pytest.approx(r2.expected, rel=SAME)
    assert ds["r2_limit_band_lower"].values == pytest.approx(r2.band_lower, rel=SAME)
    assert ds["r2_limit_band_upper"].values == pytest.approx(r2.band_upper, rel=SAME)


def test_preset_limits_are_the_command_lines(run, direct):
    ds, lim = run["sensitivity"].sel(model="fe"), direct["preset"]
    assert float(ds["q_nu_limit"]) == pytest.approx(lim["millicharge pyhf"], rel=SAME)
    assert float(ds["q_nu_limit_analytic"]) == pytest.approx(lim["millicharge analytic"], rel=SAME)
    assert (float(ds["r2_limit_lower"]), float(ds["r2_limit"])) == pytest.approx(lim["charge-radius pyhf"], rel=SAME)
    assert (float(ds["r2_limit_analytic_lower"]), float(ds["r2_limit_analytic"])) == pytest.approx(
        lim["charge-radius analytic"], rel=SAME)


def test_schema_of_the_new_variables(run):
    lim, sens = run["limits"], run["sensitivity"]
    new = {
        "limits": {"q_nu_limit_observed": ("model",), "q_nu_limit_expected": ("model",),
                   "q_nu_limit_band": ("model", "band"), "r2_limit_observed": ("model", "sign"),
                   "r2_limit_expected": ("model", "sign"), "r2_limit_band_lower": ("model", "band"),
                   "r2_limit_band_upper": ("model", "band")},
        "sensitivity": {name: ("model",) for name in ("q_nu_limit", "q_nu_limit_analytic", "r2_limit", "r2_limit_lower",
                                                      "r2_limit_analytic", "r2_limit_analytic_lower")},
    }
    for kind, ds in (("limits", lim), ("sensitivity", sens)):
        for name, dims in new[kind].items():
            assert ds[name].dims == dims, (kind, name)
            assert (ds[name].attrs["units"], ds[name].attrs["long_name"]) == VARIABLES[name], (kind, name)
        assert ds.attrs["channels"] == "magnetic, millicharge, charge-radius"
        assert ds.attrs["m_nu"] == pytest.approx(0.05, rel=1e-12) and ds.attrs["m_nu_units"] == "eV"  # the CLI's --m-nu
    assert list(lim["sign"].values) == [-1, 1] and lim["sign"].attrs["units"] == VARIABLES["sign"][0]
    # the magnetic variables are still there (the figures draw them)
    assert {"mu_nu_limit_observed", "q_scan"} <= set(lim.data_vars) and "mu_nu_limit_vs_threshold" in sens


def test_limits_are_physical(run):
    # <r^2> (docs/channels.md, sec. 'Rates and limits'): the lower limit is negative and the upper positive, and
    # the interference with the weak amplitude puts the lower one farther out (for the solar mixture and for
    # anti-nu_e the excess vanishes again only at a g_V shift of about -2 g_V): |lower| > upper
    lim = run["limits"].sel(model="fe")
    sens = run["sensitivity"].sel(model="fe")
    pairs = [lim["r2_limit_observed"].values, lim["r2_limit_expected"].values,
             (float(sens["r2_limit_lower"]), float(sens["r2_limit"]))]
    for lower, upper in pairs:
        assert lower < 0 < upper and -lower > upper
    # the bands: weaker limits upwards (N = -2 ... 2), the median in the middle
    for band in (lim["q_nu_limit_band"], lim["r2_limit_band_upper"], -lim["r2_limit_band_lower"]):
        assert np.all(np.diff(band.values) > 0)
    assert float(lim["q_nu_limit_band"].sel(band=0)) == pytest.approx(float(lim["q_nu_limit_expected"]), rel=1e-12)
    # the data lie below the background model where the signal is (docs/releases.md, sec. 'Results'): the
    # observed q_nu limit lies between the -2 and -1 sigma expected ones, as the mu_nu limit does
    band = lim["q_nu_limit_band"]
    assert float(band.sel(band=-2)) < float(lim["q_nu_limit_observed"]) < float(band.sel(band=-1))
    # docs/channels.md, sec. 'Limits per channel and model' (free electrons; printed to 4 digits: 2e-3)
    assert float(lim["q_nu_limit_observed"]) == pytest.approx(3.001e-13, rel=2e-3)
    assert float(lim["q_nu_limit_expected"]) == pytest.approx(4.001e-13, rel=2e-3)
    assert lim["r2_limit_observed"].values == pytest.approx([-7.919e-31, 3.564e-31], rel=2e-3)
    assert lim["r2_limit_expected"].values == pytest.approx([-8.806e-31, 4.449e-31], rel=2e-3)
    assert float(sens["q_nu_limit"]) == pytest.approx(3.060e-13, rel=2e-3)
    assert (float(sens["r2_limit_lower"]), float(sens["r2_limit"])) == pytest.approx((-1.008e-30, 5.795e-31), rel=2e-3)
