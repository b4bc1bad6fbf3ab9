"""Property: a configuration that validation accepts runs to the end (issue 10 item 2).

Random valid configurations on tiny grids (hypothesis) run the whole workflow, not a dry
run, in a temporary copy: every target is written, no job fails, no dataset stores NaN
(nuion.io.write_netcdf refuses it). Energies are drawn close to the threshold on purpose
(E/eps_b just above T_over_eb.min), where a single T point lies below E.

The sum-rule stage is an accuracy gate: it fails a run on purpose when the Bethe or
closure sum misses sumrules.tolerance (a corrupted grid, tests/test_workflow.py, or one too
coarse: with 2 T points the Bethe sum is off by 50 %). Robustness, not accuracy, is under
test here, so the drawn tolerances are wide open (10). Hypothesis does not shrink (one
example is a workflow run); a failure prints the configuration. NUION_E2E_EXAMPLES sets the
number of random runs (default 3, plus one explicit example; 6 to 15 s each on 2 cores).
"""

import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import xarray as xr
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from nuion import binding_energy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("NUION_E2E_EXAMPLES", "3"))
RAN = []

pytestmark = [pytest.mark.slow, pytest.mark.heavy]


@st.composite
def tiny_valid_configs(draw):
    Z = draw(st.lists(st.sampled_from([1, 2, 6, 32, 54, 92, 137]) | st.integers(1, 137), min_size=1, max_size=2,
                      unique=True))
    t_min = draw(st.sampled_from([1.001, 1.01]) | st.floats(1.0005, 1.5))
    # in eps_b: just above threshold (a single T point below E) up to far above it
    near = st.floats(1.0001, 1.2).map(lambda f: round(t_min * f, 4)).filter(lambda e: e > t_min)
    far = st.floats(1.2, 500.0).map(lambda e: round(t_min * e, 3))
    floor = math.ceil(t_min * binding_energy(max(Z)) * 1.0001 + 1e-9)
    kev = st.integers(floor, max(floor, 10**4)).map(lambda n: f"{n}keV")
    energies = draw(st.lists(near | far | kev, min_size=1, max_size=2, unique_by=str))
    return {
        "Z": Z,
        "E": energies,
        "T_over_eb": {"min": t_min, "max": round(t_min + draw(st.floats(0.05, 20.0)), 4), "n": draw(st.integers(2, 8))},
        "grid": {
            "K_min": draw(st.sampled_from([1e-4, 1e-3, 3e-3])),
            "K_max": draw(st.sampled_from([10.0, 50.0, 300.0])),
            "n_Q": draw(st.integers(10, 40)),
        },
        "mu_nu": draw(st.sampled_from([1e-11, 3e-12])),
        "sumrules": {"tolerance": 10.0, "limit_tolerance": 10.0, "n_check": draw(st.integers(1, 10))},
    }


def run_workflow(config):
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        shutil.copy(ROOT / "Snakefile", dest)
        shutil.copytree(ROOT / "workflow", dest / "workflow", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "profiles", dest / "profiles")
        (dest / "config").mkdir()
        (dest / "config" / "config.yaml").write_text(yaml.safe_dump(config))
        proc = subprocess.run(
            [sys.executable, "-m", "snakemake", "--cores", "2"],
            cwd=dest, env={**os.environ, "PYTHONPATH": str(dest / "workflow")},
            capture_output=True, text=True, timeout=600,
        )
        assert proc.returncode == 0, f"{config}\n{proc.stderr[-4000:]}"
        figures = list((dest / "results" / "figures").glob("*.png"))
        assert len(figures) >= 5 * len(config["Z"]), figures
        datasets = list((dest / "results" / "dcs").rglob("*.nc"))
        assert len(datasets) == len(config["Z"]) * len(config["E"])
        for path in datasets:
            with xr.open_dataset(path) as d:
                assert d.sizes["T"] >= 1 and bool(d["ratio_total"].notnull().all()), path
        return proc


# issue 10 item 3 as reported: one Z, one E in keV
ISSUE_EXAMPLE = {"Z": [6], "E": ["500keV"], "T_over_eb": {"min": 1.001, "max": 10.0, "n": 6},
                 "grid": {"K_min": 1e-3, "K_max": 50.0, "n_Q": 20}, "sumrules": {"tolerance": 10.0}}


@settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(tiny_valid_configs())
@example(ISSUE_EXAMPLE)
def test_valid_configuration_runs_to_the_end(config):
    run_workflow(config)
    RAN.append(config)


def test_how_many_ran():
    # the property above ran this many distinct end-to-end workflows (printed with -s / -rA)
    print(f"end-to-end runs of random valid configurations: {len(RAN)}")
    assert len(RAN) >= min(EXAMPLES, 1)
