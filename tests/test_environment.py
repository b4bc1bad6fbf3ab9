"""environment.yml (conda) lists the same dependencies as pyproject.toml (pip)."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"netcdf4": "netcdf4"}


def _names(specs):
    return {re.split(r"[<>=!~ ;\[]", s.strip(), maxsplit=1)[0].lower() for s in specs}


def test_environment_in_step_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"]) | _names(project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = _names(d for d in env["dependencies"] if isinstance(d, str))
    listed -= {"python", "pip"}
    assert {CONDA_NAMES.get(n, n) for n in wanted} == listed


def test_license_file_matches_pyproject():
    # issue 10 item 9: pyproject.toml says MIT; the repository ships the licence text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n") and "Copyright (c) 2026 nuion developers" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def _stage_dirs():
    """Top-level directories of every output the rules write, out("<dir>/...") (workflow/rules/*.smk)."""
    text = "".join(p.read_text() for p in (ROOT / "workflow" / "rules").glob("*.smk"))
    return set(re.findall(r"\bout\(f?\"([a-z_]+)/", text))


def _make_clean(cwd, *args):
    import shutil
    import subprocess

    import pytest

    if not shutil.which("make"):
        pytest.skip("make not installed")
    out = subprocess.run(["make", "-n", "-f", str(ROOT / "Makefile"), "clean", *args], cwd=cwd, capture_output=True,
                         text=True, check=True).stdout
    return out.split()


def test_make_clean_removes_every_stage_output(tmp_path):
    # issue 20, item 1: make clean kept results/rates, sensitivity and photo, so a preset edit after it
    # redrew the figures from the old preset's limits
    dirs = _stage_dirs()
    assert {"response", "dcs", "photo", "rates", "sensitivity", "figures", "logs"} <= dirs
    words = _make_clean(ROOT)
    assert {f"results/{d}" for d in dirs} <= set(words) and ".snakemake" in words
    # the configured output_dir, not a fixed results/
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.yaml").write_text('E: [2]\noutput_dir: "runs/a"   # a run of its own\n')
    assert {f"runs/a/{d}" for d in dirs} <= set(_make_clean(tmp_path))
    assert {f"runs/b/{d}" for d in dirs} <= set(_make_clean(tmp_path, "OUTPUT_DIR=runs/b"))
