"""Rates stage scripts and datasets (workflow/scripts/rates.py, sensitivity.py, rates_figures.py)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from nuion import io
from nuion.detectors import presets

SCRIPTS = Path(__file__).resolve().parents[1] / "workflow" / "scripts"


def _script(name):
    spec = importlib.util.spec_from_file_location(f"script_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _params(name, **extra):
    return {"preset": presets.get(name), "models": ["fe", "stepping"], "mu_nu": 1e-11,
            "T": {"min": 0.5, "max": 60.0, "n": 40}, "n_bins": 8, "threshold_factors": [1.0], **extra}


def test_rates_dataset(tmp_path):
    nc = tmp_path / "Ge.nc"
    _script("rates").main(nc, _params("gemma"))
    ds = io.read_dataset(nc, "rates")
    assert list(ds["model"].values) == ["fe", "stepping"]
    for name in list(ds.data_vars) + list(ds.coords):
        assert ds[name].attrs.get("units") and ds[name].attrs.get("long_name"), name
    assert ds["rate_magnetic_observed"].attrs["units"] == "kg-1 d-1 keV-1"
    # below threshold nothing is observed; stepping / FE = 30/32 between the L and K edges
    assert float(ds["rate_magnetic_observed"].sel(model="fe").sel(T=1.0, method="nearest")) == 0.0
    ratio = ds["ratio_to_fe"].sel(model="stepping").sel(T=5.0, method="nearest")
    assert float(ratio) == pytest.approx(30 / 32, rel=1e-12)
    assert ds.attrs["published_flux"] == 2.7e13 and ds.attrs["flux_total"] == pytest.approx(2.7194e13, rel=2e-4)


def test_rates_byte_identical(tmp_path):
    for i in (1, 2):
        _script("rates").main(tmp_path / f"{i}.nc", _params("xenonnt"))
    assert (tmp_path / "1.nc").read_bytes() == (tmp_path / "2.nc").read_bytes()


@pytest.mark.slow
def test_sensitivity_and_figures(tmp_path):
    params = _params("xenonnt")
    _script("rates").main(tmp_path / "Xe.nc", params)
    _script("sensitivity").main(tmp_path / "s.nc", params)
    ds = io.read_dataset(tmp_path / "s.nc", "sensitivity")
    lim = ds["mu_nu_limit"].values
    assert np.all(lim > 1e-12) and np.all(lim < 1e-10)
    assert lim[1] > lim[0]  # stepping counts fewer electrons than FE
    outputs = {f"{n}_{e}": tmp_path / f"{n}.{e}" for n in ("rate_spectra", "rate_ratio", "limit_threshold")
               for e in ("pdf", "png")}
    _script("rates_figures").main(tmp_path / "Xe.nc", tmp_path / "s.nc", outputs)
    assert all(p.stat().st_size > 1000 for p in outputs.values())


@pytest.mark.parametrize(
    ("rates_config", "message"),
    [
        ("  presets: [gemma2]\n", "rates.presets: 'gemma2' is not in config/presets.yaml"),
        ("  modles: [fe]\n", "'modles' was unexpected"),
    ],
)
def test_bad_rates_config_names_the_key(tmp_path, rates_config, message):
    import os
    import subprocess
    import sys

    root = SCRIPTS.parents[1]
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rates:\n" + rates_config)
    proc = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--configfile", str(cfg)], cwd=root,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root / "workflow")})
    assert proc.returncode != 0 and message in proc.stdout + proc.stderr


def test_preset_edit_reruns_rates_without_metadata(tmp_path):
    # issue 20, item 1: after make clean (no .snakemake/, so no params recorded) an edited preset
    # must still rerun the rates and sensitivity jobs: the presets file is one of their inputs
    import os
    import shutil
    import subprocess
    import sys
    import time

    root = SCRIPTS.parents[1]
    shutil.copy(root / "Snakefile", tmp_path)
    shutil.copytree(root / "workflow", tmp_path / "workflow", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "config").mkdir()
    shutil.copy(root / "config" / "presets.yaml", tmp_path / "config")
    (tmp_path / "config" / "config.yaml").write_text("E: [2]\nrates: {presets: [gemma], models: [fe]}\n")
    outputs = ["results/rates/gemma/Ge.nc", "results/sensitivity/gemma.nc"]
    for name in outputs:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("computed with the old preset")
    old = time.time() - 100
    os.utime(tmp_path / "config" / "presets.yaml", (old, old))

    def planned():
        proc = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--cores", "1", *outputs], cwd=tmp_path,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root / "workflow")})
        assert proc.returncode == 0, proc.stderr
        return {rule for rule in ("rates", "sensitivity") if f"rule {rule}:" in proc.stdout + proc.stderr}

    assert planned() == set()  # outputs newer than the presets file: nothing to do
    path = tmp_path / "config" / "presets.yaml"
    path.write_text(path.read_text().replace("level: 2.5 ", "level: 5.0 "))
    assert not (tmp_path / ".snakemake" / "metadata").exists() or not any((tmp_path / ".snakemake" / "metadata").iterdir())
    assert planned() == {"rates", "sensitivity"}
