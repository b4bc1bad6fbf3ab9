"""Limits stage scripts and dataset (workflow/scripts/limits.py, limits_figures.py; docs/releases.md)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from nuion import io

SCRIPTS = Path(__file__).resolve().parents[1] / "workflow" / "scripts"


def _script(name):
    spec = importlib.util.spec_from_file_location(f"script_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def limits_nc(tmp_path_factory):
    nc = tmp_path_factory.mktemp("limits") / "xenonnt-sr0.nc"
    _script("limits").main(nc, {"release": "xenonnt-sr0", "models": ["fe", "stepping"]})
    return nc


def test_dataset(limits_nc):
    ds = io.read_dataset(limits_nc, "limits")
    assert list(ds["model"].values) == ["fe", "stepping"] and list(ds["band"].values) == [-2, -1, 0, 1, 2]
    for name in list(ds.data_vars) + list(ds.coords):
        assert ds[name].attrs.get("units") and ds[name].attrs.get("long_name"), name
    assert ds["mu_nu_limit_observed"].attrs["units"] == "Bohr magneton"
    # the numbers of docs/releases.md, sec. 'Results' (1 %), and the display bins hold every event
    assert float(ds["mu_nu_limit_observed"].sel(model="fe")) == pytest.approx(7.43e-12, rel=0.01)
    assert float(ds["mu_nu_limit_expected"].sel(model="stepping")) == pytest.approx(1.058e-11, rel=0.01)
    assert ds["observed_counts"].sum() == 433 and ds["bin_low"][0] == 1.0 and ds["bin_high"][-1] == 30.0
    assert ds.attrs["published_mu_nu_limit"] == 6.3e-12 and ds.attrs["n_observed"] == 433
    assert ds.attrs["background_model"] == "free normalization" and "161805" in ds.attrs["citation"]
    assert np.trapezoid(ds["background_density"], ds["energy"]) == pytest.approx(426.5, rel=1e-3)
    # without params["channels"] (config datasets.channels: [magnetic]) the magnetic dataset alone, as before
    assert "channels" not in ds.attrs and "sign" not in ds.coords and not [v for v in ds.data_vars if "q_nu" in v or "r2" in v]


def test_figures(limits_nc, tmp_path):
    outputs = {}
    for name in ("limit_spectrum", "limit_scan", "limit_summary"):
        outputs[f"{name}_pdf"], outputs[f"{name}_png"] = tmp_path / f"{name}.pdf", tmp_path / f"{name}.png"
    _script("limits_figures").main(limits_nc, outputs)
    for path in outputs.values():
        assert path.stat().st_size > 5000, path
