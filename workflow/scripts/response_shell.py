"""Stage 1 (atoms): S_nl(T, Q) and R_nl(T, Q) of one shell of an atom on the configured grid."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

import numpy as np

from nuion import io, targets
from nuion.integrals import grids


def main(output, job, shell):
    target = targets.get(job["target"], continuum=job["continuum"], thresholds=job["thresholds"])
    t, q = job["T"], job["Q"]
    T = grids.atom_energy_grid(target, t["min"], t["max"], t["per_decade"], t["edge_points"], t["edge_offset"])
    Q = grids.atom_momentum_grid(q["min"], q["max"], q["per_decade"], q["ridge_per_decade"], t["min"], t["max"])
    try:
        S, R = grids.shell_response_grid(target, shell, T, Q)
    except FloatingPointError as err:
        raise ValueError(str(err)) from None  # one line on the console (io.script_errors)
    io.write_netcdf(io.shell_dataset(T, Q, S, R, target, shell, job), output)
    print(f"{target.name} {shell}: S and R on {T.size} x {Q.size} (T, Q) points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output[0], snakemake.params.job, snakemake.wildcards.shell)  # noqa: F821
