"""Stage 3 (atoms): checks of the stored per-shell grids of one atom; fails on a NaN or a violated limit."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

import numpy as np

from nuion import io, targets
from nuion.integrals import grids


def main(response, nc, md, checks):
    grid = io.read_dataset(response, "atom_response")
    T, Q = grid["T"].values, grid["Q"].values
    name = grid.attrs["target"]
    S, R = grid["S_shell"].values, grid["R_shell"].values
    result = grids.atom_sum_rules(T, Q, S, R, name, grid["occupancy"].values, checks["Q_check"])
    bethe = None
    if checks["bethe_Q"]:  # the full sums need the atom's model (a few seconds per shell)
        target = targets.get(name, continuum=grid.attrs["continuum"], thresholds=grid.attrs["thresholds"])
        Qb = np.asarray(checks["bethe_Q"], dtype=float)
        total = [target.bethe_sum(label, Qb)["total"] / target.shell(label).occupancy for label in grid["shell"].values]
        bethe = {"Q": Qb, "total": np.array(total)}
    ds = io.atom_sumrules_dataset(T, grid, result, checks, bethe)
    io.write_netcdf(ds, nc)
    report = io.atom_sumrules_markdown(ds, source=str(response))
    io.write_text(report, md)
    print(report, file=sys.stderr)
    failed = [name for name in ds.attrs["enforced"].split() if not ds.attrs[f"{name}_pass"]]
    if failed:
        raise ValueError(
            f"sum rules violated beyond tolerance for {name}: {', '.join(failed)} "
            f"(table in the log of this job; is {response} corrupted?)"
        )


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output.nc, snakemake.output.md, snakemake.params.checks)  # noqa: F821
