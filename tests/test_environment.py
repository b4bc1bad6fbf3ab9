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
