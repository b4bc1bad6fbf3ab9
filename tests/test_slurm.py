"""The workflow on a running SLURM (issue 21), not a dry run: `make test-slurm`.

Two configurations, each run twice in two fresh copies of this checkout: once with
`workflow/profiles/local` and once through `--workflow-profile workflow/profiles/slurm`
(snakemake-executor-plugin-slurm: sbatch, squeue, the slurm-jobstep executor in the job):

- paper: config/config.yaml, the default paper workflow (Z = 32), rates stage off;
- atom:  .test/config/atoms.yaml, Ge with every shell on coarse grids, rates stage off.

Checked: every job went through SLURM and ended COMPLETED with the profile's memory, run
time and CPUs (SLURM's own job table); the SLURM run's datasets are byte-identical to the
local run's; a job that SLURM kills for exceeding its memory fails the run with its SLURM
log. Skipped unless NUION_TEST_SLURM=1 (set by `make test-slurm`, after `.ci/slurm-up`).
"""

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake"]
PROFILE = yaml.safe_load((ROOT / "workflow" / "profiles" / "slurm" / "config.yaml").read_text())
# the job-completion log of .ci/slurm-up's SLURM (JobCompType=jobcomp/filetxt)
JOBCOMP = Path(os.environ.get("NUION_SLURM_JOBCOMP", "/var/log/slurm/jobcomp.log"))
RUN_TIMEOUT = int(os.environ.get("NUION_SLURM_TIMEOUT", "900"))  # seconds per Snakemake run

RATES_OFF = 'rates={"presets": []}'
CASES = {
    "paper": [],
    "atom": ["--configfile", ".test/config/atoms.yaml"],
}
LOCAL = ["--workflow-profile", "workflow/profiles/local", "--cores", "2"]
SLURM = [
    "--workflow-profile", "workflow/profiles/slurm",
    # first status query 2 s after submission (default 40 s: right for a busy cluster,
    # most of this test's wall time here)
    "--slurm-init-seconds-before-status-checks", "2",
]
# byte-compared between the two runs; figures (PDF dates) only have to exist
COMPARED = (".nc", ".csv", ".md")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("NUION_TEST_SLURM") != "1",
        reason="needs a running SLURM: make test-slurm (starts one with .ci/slurm-up)",
    ),
]


def make_copy(dest):
    """Snakefile, workflow/, config/, profiles/ and .test/ of this checkout (no results)."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "Snakefile", dest)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("workflow", "config", "profiles", ".test"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


def run_snakemake(dest, args, name):
    """Run Snakemake in ``dest``; output in ``dest/<name>.log``. Returns (rc, wall s, output).

    On a time-out Snakemake gets SIGINT (it then cancels its SLURM jobs) and rc is None."""
    log = dest / f"{name}.log"
    env = {**os.environ, "PYTHONPATH": str(dest / "workflow")}  # the copy's nuion, also in the jobs
    t0 = time.monotonic()
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [*SNAKEMAKE, *args], cwd=dest, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            rc = proc.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            rc = None
    wall = time.monotonic() - t0
    text = log.read_text()
    run_id = slurm_run_id(text)
    if rc != 0 and run_id:
        subprocess.run(["scancel", "--name", run_id], capture_output=True)  # nothing left behind
    return rc, wall, text


def slurm_run_id(output):
    """The SLURM job name of every job of a run (the plugin's run UUID)."""
    match = re.search(r"SLURM run ID: (\S+)", output)
    return match.group(1) if match else None


def submitted_jobs(output):
    """{SLURM job id: (rule, SLURM log)} from the plugin's submission lines."""
    jobs = {}
    for m in re.finditer(r"submitted with SLURM jobid (\d+) \(log: (\S+/rule_(\w+?)/\S*?\d+\.log)\)", output):
        jobs[m.group(1)] = (m.group(3), Path(m.group(2)))
    return jobs


def job_table(run_id):
    """SLURM's record of the run's jobs: {job id: fields} from the job-completion log (or
    squeue while the jobs are younger than MinJobAge, on a SLURM without that log)."""
    rows = {}
    if JOBCOMP.exists():
        for line in JOBCOMP.read_text().splitlines():
            fields = dict(re.findall(r"(\w+)=(\S*)", line))
            if fields.get("Name") == run_id:
                tres = dict(kv.split("=", 1) for kv in fields["Tres"].split(",") if "=" in kv)
                start, end = (dt.datetime.fromisoformat(fields[k]) for k in ("StartTime", "EndTime"))
                rows[fields["JobId"]] = {
                    "state": fields["JobState"],
                    "partition": fields["Partition"],
                    "timelimit_min": int(fields["TimeLimit"]),
                    "cpus": int(tres["cpu"]),
                    "mem": tres["mem"],
                    "start": fields["StartTime"],
                    "elapsed_s": int((end - start).total_seconds()),
                    "exit": fields["ExitCode"],
                }
        return rows
    out = subprocess.run(
        ["squeue", "--states=all", "--noheader", "--name", run_id, "--format=%i|%T|%P|%l|%C|%m|%S|%M"],
        capture_output=True, text=True, check=True,
    ).stdout
    for line in out.splitlines():
        jobid, state, partition, limit, cpus, mem, start, used = line.split("|")
        rows[jobid] = {"state": state, "partition": partition, "timelimit": limit, "cpus": int(cpus),
                       "mem": mem, "start": start, "elapsed": used}
    return rows


def format_table(rows, jobs):
    """The job table as aligned text: job id, rule, then SLURM's fields."""
    keys = list(next(iter(rows.values())).keys()) if rows else []
    table = [["jobid", "rule", *keys]]
    for jobid in sorted(rows, key=int):
        table.append([jobid, jobs.get(jobid, ("?",))[0], *(str(rows[jobid][k]) for k in keys)])
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table)


def expected_resources(rule):
    res = {**PROFILE["default-resources"], **PROFILE["set-resources"].get(rule, {})}
    return res["mem_mb"], res["runtime"], res.get("cpus_per_task", 1)


def explain_failure(name, rc, output, dest):
    """What CI prints when a SLURM run fails: the run's tail, SLURM's queue and its logs."""
    parts = [f"{name}: snakemake exit {rc} (None: killed after {RUN_TIMEOUT} s)", output[-6000:]]
    run_id = slurm_run_id(output)
    if run_id:
        parts.append(format_table(job_table(run_id), submitted_jobs(output)))
    parts.append(subprocess.run(["squeue", "--states=all"], capture_output=True, text=True).stdout)
    for log in sorted((dest / ".snakemake" / "slurm_logs").rglob("*.log")):
        parts.append(f"--- {log}\n{log.read_text()[-3000:]}")
    return "\n".join(parts)


@pytest.fixture(scope="module", params=sorted(CASES))
def runs(request, tmp_path_factory):
    """The configuration run locally and on SLURM, each in its own copy."""
    name = request.param
    base = tmp_path_factory.mktemp(f"slurm-{name}")
    args = [*CASES[name], "--config", RATES_OFF]
    local, cluster = make_copy(base / "local"), make_copy(base / "slurm")
    rc, local_wall, local_out = run_snakemake(local, [*LOCAL, *args], "local")
    assert rc == 0, explain_failure(f"{name} local", rc, local_out, local)
    rc, wall, out = run_snakemake(cluster, [*SLURM, *args], "slurm")
    assert rc == 0, explain_failure(f"{name} SLURM", rc, out, cluster)
    run_id = slurm_run_id(out)
    jobs = submitted_jobs(out)
    table = job_table(run_id)
    print(f"\n[{name}] local run {local_wall:.1f} s wall; SLURM run {wall:.1f} s wall, "
          f"{len(jobs)} SLURM jobs, run ID {run_id}\n{format_table(table, jobs)}")
    return {"name": name, "local": local, "slurm": cluster, "output": out, "run_id": run_id,
            "jobs": jobs, "table": table}


def test_every_job_ran_on_slurm(runs):
    out, jobs, table = runs["output"], runs["jobs"], runs["table"]
    planned = int(re.search(r"^total\s+(\d+)$", out, re.MULTILINE).group(1))
    local_rules = len(re.findall(r"^localrule ", out, re.MULTILINE))  # `all` only
    assert local_rules == 1
    assert len(jobs) == planned - local_rules > 5
    assert set(table) == set(jobs), "jobs submitted but missing from SLURM's job table"
    for jobid, (rule, _) in jobs.items():
        row = table[jobid]
        assert row["state"] == "COMPLETED", (jobid, rule, row)
        mem_mb, runtime, cpus = expected_resources(rule)
        # the profile's resources reached SLURM (sbatch --mem, -t, --cpus-per-task)
        assert row["mem"] in (f"{mem_mb}M", f"{mem_mb / 1024:g}G"), (rule, row, mem_mb)
        assert row["cpus"] == cpus, (rule, row)
        if "timelimit_min" in row:
            assert row["timelimit_min"] == runtime, (rule, row)
    # no job needed a retry (every rule ran once per job)
    assert "Trying to restart job" not in out


def test_slurm_outputs_identical_to_local_run(runs):
    local, cluster = runs["local"] / "results", runs["slurm"] / "results"
    skip = ("benchmarks", "logs")  # timings, and log lines of each run
    files = {
        p.relative_to(local) for p in local.rglob("*") if p.is_file() and p.relative_to(local).parts[0] not in skip
    }
    other = {
        p.relative_to(cluster) for p in cluster.rglob("*") if p.is_file() and p.relative_to(cluster).parts[0] not in skip
    }
    assert files == other
    compared = sorted(f for f in files if f.suffix in COMPARED)
    assert any(f.suffix == ".nc" for f in compared)
    differ = [str(f) for f in compared if (local / f).read_bytes() != (cluster / f).read_bytes()]
    assert not differ, f"SLURM run differs from the local run in {differ}"
    print(f"\n[{runs['name']}] {len(compared)} files byte-identical "
          f"({sum(f.suffix == '.nc' for f in compared)} NetCDF), {len(files) - len(compared)} figures present")


def test_job_over_its_memory_fails_with_its_slurm_log(tmp_path):
    """A job SLURM kills (here: over its --mem) stops the run, reported with its SLURM log."""
    dest = make_copy(tmp_path / "oom")
    rc, _, out = run_snakemake(
        dest,
        ["results/response/Z32.nc", *SLURM, "--config", RATES_OFF, "--retries", "0",
         "--set-resources", "response:mem_mb=100"],
        "oom",
    )
    assert rc not in (0, None), explain_failure("memory", rc, out, dest)
    jobs = submitted_jobs(out)
    assert len(jobs) == 1
    jobid, (rule, slurm_log) = next(iter(jobs.items()))
    assert rule == "response"
    assert re.search(rf"SLURM-job '{jobid}' failed, SLURM status is: '(FAILED|OUT_OF_MEMORY)'", out), out[-3000:]
    assert str(slurm_log) in out  # the run names the job's SLURM log ...
    text = slurm_log.read_text()  # ... which the plugin keeps for a failed job
    assert "exceeded memory limit" in text or "oom" in text.lower(), text[-3000:]
    assert job_table(slurm_run_id(out))[jobid]["state"] in ("FAILED", "OUT_OF_MEMORY")
    assert not (dest / "results" / "response" / "Z32.nc").exists()
    print(f"\n[memory] SLURM job {jobid} failed as expected; its log {slurm_log}:\n{text[-1500:]}")
