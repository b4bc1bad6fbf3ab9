"""Snakemake workflow profiles (workflow/profiles/{local,slurm}): valid keys, dry runs plan the jobs."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "workflow" / "profiles"
SNAKEMAKE = [sys.executable, "-m", "snakemake"]
RULES = ("response", "response_gather", "dcs", "sumrules", "figure", "summary")
ALL_RULES = RULES + ("sweep",)  # sweep runs only with several Z


def make_copy(dest):
    """Snakefile, workflow/ and config/ of this checkout in ``dest`` (results/ stays empty)."""
    shutil.copy(ROOT / "Snakefile", dest)
    shutil.copytree(ROOT / "workflow", dest / "workflow", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "config", dest / "config")
    return dest


def dry_run(dest, *args):
    # the copy's own nuion comes first, so the copy is what runs
    env = {**os.environ, "PYTHONPATH": str(dest / "workflow")}
    return subprocess.run(
        [*SNAKEMAKE, *args, "-n"], cwd=dest, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def snakemake_options():
    """Long options that ``snakemake --help`` lists (with the installed plugins)."""
    text = subprocess.run([*SNAKEMAKE, "--help"], capture_output=True, text=True, timeout=120).stdout
    return set(re.findall(r"--([a-z][a-z0-9-]*)", text))


@pytest.mark.parametrize("name", ["local", "slurm"])
def test_profile_keys_are_snakemake_options(name, snakemake_options):
    if name == "slurm":  # its slurm-* keys are the plugin's options (make env-slurm; make test-slurm runs this)
        pytest.importorskip("snakemake_executor_plugin_slurm")
    profile = yaml.safe_load((PROFILES / name / "config.yaml").read_text())
    unknown = set(profile) - snakemake_options
    assert not unknown, f"{name} profile: not Snakemake 9 options: {sorted(unknown)}"


def test_local_profile_settings():
    profile = yaml.safe_load((PROFILES / "local" / "config.yaml").read_text())
    assert profile["cores"] == "all"
    assert profile["rerun-incomplete"] is True and profile["keep-going"] is False
    assert profile["printshellcmds"] is True and profile["show-failed-logs"] is True


def test_slurm_profile_resources_cover_every_rule():
    profile = yaml.safe_load((PROFILES / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm" and profile["jobs"] == 100
    assert profile["retries"] >= 1 and profile["latency-wait"] >= 5
    # squeue: works without slurmdbd accounting (tests/test_slurm.py runs it on a real SLURM)
    assert profile["slurm-status-command"] == "squeue"
    assert profile["default-resources"]["cpus_per_task"] == 1
    rule_files = "".join(p.read_text() for p in (ROOT / "workflow" / "rules").glob("*.smk"))
    rules = set(re.findall(r"^rule (\w+):", rule_files, re.MULTILINE))
    assert set(ALL_RULES) <= rules
    # every rule that becomes a SLURM job has its own measured resources, no stale names
    assert set(profile["set-resources"]) == rules
    for rule, resources in profile["set-resources"].items():
        assert resources["mem_mb"] > 0 and resources["runtime"] > 0, rule
    assert profile["set-resources"]["dcs"] == {"mem_mb": 500, "runtime": 5}


def test_local_profile_dry_run(tmp_path):
    dest = make_copy(tmp_path)
    proc = dry_run(dest, "--workflow-profile", "workflow/profiles/local")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert "workflow/profiles/local" in out
    for rule in RULES:
        assert re.search(rf"^{rule}\s+\d+$", out, re.MULTILINE), rule


def test_slurm_profile_dry_run(tmp_path):
    pytest.importorskip("snakemake_executor_plugin_slurm")
    dest = make_copy(tmp_path)
    # a dry run neither submits nor queries jobs: no sbatch, sacct or account needed
    proc = dry_run(dest, "--workflow-profile", "workflow/profiles/slurm")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert "dcs" in out
    for rule in RULES:
        assert re.search(rf"^{rule}\s+\d+$", out, re.MULTILINE), rule
    # set-resources reach the jobs
    assert re.search(r"rule dcs:(?:\n .*)*?\n\s+resources: .*mem_mb=500\b.*runtime=5\b", out)
    assert re.search(r"rule response:(?:\n .*)*?\n\s+resources: .*mem_mb=2400\b.*runtime=10\b", out)


def test_default_profile_is_loaded_and_reruns_incomplete(snakemake_options):
    # issue 10 item 6: Snakemake 9 loads profiles/default beside a root Snakefile by itself
    profile = yaml.safe_load((ROOT / "profiles" / "default" / "config.yaml").read_text())
    assert set(profile) <= snakemake_options and profile["rerun-incomplete"] is True
    proc = subprocess.run([*SNAKEMAKE, "-n"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Using workflow specific profile profiles/default" in proc.stderr, proc.stderr
