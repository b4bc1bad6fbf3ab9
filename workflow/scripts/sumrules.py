"""Stage 3: the sum rules and limits that apply to one target, on its stored grid; fails on a violation."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

import numpy as np

from nuion import io, targets
from nuion.integrals import checks


def main(response, nc, md, settings):
    grid = io.read_dataset(response, "response")
    T, Q = grid["T"].values, grid["Q"].values
    target = io.read_target(grid)
    bethe = None
    if settings.get("bethe_Q"):  # the full sums need the atom's model (a few seconds per shell)
        model = targets.get(target.name, continuum=target.continuum, thresholds=target.thresholds)
        Qb = np.asarray(settings["bethe_Q"], dtype=float)
        total = [model.bethe_sum(s.label, Qb)["total"] / s.occupancy for s in target.shells]
        bethe = {"Q": Qb, "total": np.array(total)}
    S, R = grid["S_shell"].values, grid["R_shell"].values
    result = checks.sum_rule_checks(T, Q, S, R, target, settings, io.read_cumulative(grid), bethe)
    ds = io.sumrules_dataset(T, result, target, settings)
    io.write_netcdf(ds, nc, "sumrules")
    report = io.sumrules_markdown(ds, source=str(response))
    io.write_text(report, md)
    print(report, file=sys.stderr)  # Snakemake deletes the outputs of a failed job; the log keeps this
    failed = [name for name in ds.attrs["enforced"].split() if not ds.attrs[f"{name}_pass"]]
    if failed:
        raise ValueError(
            f"sum rules violated beyond tolerance for {target.name}: {', '.join(failed)} "
            f"(table in the log of this job; is {response} corrupted, or its grid too coarse for "
            f"the tolerances: refine the T or Q grid?)"
        )


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output.nc, snakemake.output.md, snakemake.params.checks)  # noqa: F821
