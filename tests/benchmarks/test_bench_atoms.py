"""Response grids of the atoms, every shell, default grids, default continuum hf (make bench; issue 11 item 7).

The workflow's own jobs: `snakemake --cores 2` on a fresh copy, targets results/response/Ge.nc
(8 shell jobs and the light sum) and results/response/Xe.nc (11 + 1). Targets on this 2-core
machine: Ge at most 2 min, Xe at most 5 min. Prints the wall time, the slowest shell jobs and
the load average (the machine is shared), and the peak memory of a job (target < 2 GB).
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET_S = {"Ge": 120.0, "Xe": 300.0}


@pytest.mark.parametrize("atom", ["Ge", "Xe"])
def test_atom_response_grids(benchmark, tmp_path, atom):
    shutil.copy(ROOT / "Snakefile", tmp_path)
    shutil.copytree(ROOT / "workflow", tmp_path / "workflow", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "config", tmp_path / "config")
    cmd = [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", "--configfile", "config/atoms.yaml",
           "--config", f"targets=[{atom}]", "--", f"results/response/{atom}.nc"]
    load = os.getloadavg()[0]

    def run():
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return time.perf_counter() - t0

    wall = benchmark.pedantic(run, rounds=1, iterations=1)
    jobs = {}
    for tsv in (tmp_path / f"results/benchmarks/response/{atom}").glob("*.tsv"):  # rule response
        fields = tsv.read_text().splitlines()[1].split("\t")
        jobs[tsv.stem] = (float(fields[0]), float(fields[2]))  # s, max_rss (MB)
    slow = ", ".join(f"{k} {s:.0f} s" for k, (s, _) in sorted(jobs.items(), key=lambda kv: -kv[1][0])[:4])
    peak = max(m for _, m in jobs.values())
    benchmark.extra_info.update(wall_s=wall, target_s=TARGET_S[atom], load_before=load, peak_rss_mb=peak)
    print(
        f"\n{atom} response grids (all shells, default grids, default continuum hf): {wall:.0f} s wall with --cores 2 "
        f"(target {TARGET_S[atom]:.0f} s); load average {load:.1f} before; slowest shells: {slow}; "
        f"peak RSS of a job {peak:.0f} MB"
    )
