"""Stage 3: sum rules and limits on the stored grids of one target; fails on a violation."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, targets
from nuion.integrals import grids


def main(response, nc, md, checks, target):
    grid = io.read_dataset(response, "response")
    T, Q = grid["T"].values, grid["Q"].values
    target = targets.get(target)
    cumulative = io.read_cumulative(grid)
    result = grids.sum_rule_checks(T, Q, grid["S"].values, grid["R"].values, target, **checks, cumulative=cumulative)
    ds = io.sumrules_dataset(T, result, target, checks)
    io.write_netcdf(ds, nc)
    report = io.sumrules_markdown(ds, source=str(response))
    io.write_text(report, md)
    print(report, file=sys.stderr)  # Snakemake deletes the outputs of a failed job; the log keeps this
    failed = [name for name in ds.attrs["enforced"].split() if not ds.attrs[f"{name}_pass"]]
    if failed:
        raise ValueError(
            f"sum rules violated beyond tolerance for {target.name}: {', '.join(failed)} "
            f"(table in the log of this job; is {response} corrupted, or its grid too coarse for "
            f"sumrules.tolerance: raise T_over_eb.n or grid.n_Q?)"
        )


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output.nc, snakemake.output.md, snakemake.params.checks, snakemake.params.target)  # noqa: F821
