"""Speed of the limits stage (issue 17, item 6): observed limits of XENONnT SR0 for all three atomic
models within 30 s once the atom's response grid exists (make bench).

The atom's grid is results/response/Xe.nc of `snakemake --configfile config/atoms.yaml`, or the file named
by NUION_XE_RESPONSE; without it the atom benchmark is skipped and the fe + stepping one still runs.
"""

import os
import time
from pathlib import Path

import pytest

from nuion.detectors import likelihood, presets, releases

ROOT = Path(__file__).resolve().parents[2]
XE_GRID = Path(os.environ.get("NUION_XE_RESPONSE", ROOT / "results" / "response" / "Xe.nc"))


def _observed(names, response=None):
    """Release, atomic models (the atom built from its grid) and observed + expected limits with the scan."""
    release = releases.load("xenonnt-sr0")
    models = presets.atomic_models({"material": "Xe"}, names, response=response)
    return likelihood.limits(release, models)[0]


def test_limits_fe_stepping(benchmark):
    results = benchmark.pedantic(_observed, args=(("fe", "stepping"),), rounds=1, iterations=1)
    assert [r.model for r in results] == ["fe", "stepping"]
    assert results[0].observed == pytest.approx(7.43e-12, rel=0.01)


@pytest.mark.skipif(not XE_GRID.is_file(), reason=f"no Xe response grid at {XE_GRID} (config/atoms.yaml makes it)")
def test_limits_three_models_within_30_s(benchmark):
    start = time.perf_counter()
    results = benchmark.pedantic(_observed, args=(("fe", "stepping", "atom"), XE_GRID), rounds=1, iterations=1)
    assert time.perf_counter() - start < 30.0
    assert results[2].model == "atom" and results[2].observed == pytest.approx(8.30e-12, rel=0.01)
