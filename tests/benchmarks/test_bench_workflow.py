"""`make reproduce` from an empty results/ against the floor Snakemake itself sets (make bench).

The floor: a trivial workflow with the same DAG (same number of jobs, same
dependencies), each job importing what the real job imports (numpy, xarray,
netCDF4; matplotlib for the figures) and doing nothing else.
"""

import resource
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The real DAG's shape for one Z and four E: response -> 4 dcs -> figures, comparison,
# summary; response -> sumrules; all. The jobs import what the real scripts import.
IMPORTS = "import numpy, xarray, netCDF4"
PY = shlex.quote(sys.executable)  # the environment's interpreter, as the real jobs use
TRIVIAL = f"""
E = [2, 10, 50, 100]
rule all:
    input: "out/fig", "out/comparison", "out/summary", "out/sum"
rule response:
    output: "out/response"
    shell: "{PY} -c '{IMPORTS}' && touch {{output}}"
rule dcs:
    input: "out/response"
    output: "out/dcs_{{e}}"
    shell: "{PY} -c '{IMPORTS}' && touch {{output}}"
rule sumrules:
    input: "out/response"
    output: "out/sum"
    shell: "{PY} -c '{IMPORTS}' && touch {{output}}"
rule figures:
    input: expand("out/dcs_{{e}}", e=E)
    output: "out/fig"
    shell: "{PY} -c '{IMPORTS}; import matplotlib.pyplot' && touch {{output}}"
rule comparison:
    input: expand("out/dcs_{{e}}", e=E)
    output: "out/comparison"
    shell: "{PY} -c '{IMPORTS}; import matplotlib.pyplot' && touch {{output}}"
rule summary:
    input: expand("out/dcs_{{e}}", e=E)
    output: "out/summary"
    shell: "{PY} -c '{IMPORTS}' && touch {{output}}"
"""


def _run(cmd, cwd):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - t0


def test_reproduce_against_floor(benchmark, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(ROOT / "Snakefile", real)
    shutil.copytree(ROOT / "workflow", real / "workflow", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "config", real / "config")
    floor = tmp_path / "floor"
    floor.mkdir()
    (floor / "Snakefile").write_text(TRIVIAL)
    snake = [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"]
    t_floor = _run(snake, floor)

    def reproduce():
        shutil.rmtree(real / "results", ignore_errors=True)
        shutil.rmtree(real / ".snakemake", ignore_errors=True)
        # the paper's stages: the rates stage (pyhf fits, minutes) is measured in test_bench_rates.py
        return _run([*snake, "--config", "rates={'presets': []}"], real)

    t_real = benchmark.pedantic(reproduce, rounds=1, iterations=1)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ratio = t_real / t_floor
    benchmark.extra_info.update(real_s=t_real, floor_s=t_floor, ratio=ratio, peak_child_rss_mb=peak_mb)
    print(f"\nmake reproduce: {t_real:.2f} s, trivial floor: {t_floor:.2f} s, ratio {ratio:.2f}, peak RSS {peak_mb:.0f} MB")
