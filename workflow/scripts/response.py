"""Stage 1: tabulate S(T, Q) and R(T, Q) of one target on the configured grid."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, targets
from nuion.integrals import grids


def main(output, job):
    target = targets.get(job["target"])
    t, g = job["T_over_eb"], job["grid"]
    T = grids.energy_grid(target, t["min"], t["max"], t["n"])
    Q = grids.momentum_grid(target, g["K_min"], g["K_max"], g["n_Q"])
    S, R = grids.response_grid(T, Q, target)
    io.write_netcdf(io.response_dataset(T, Q, S, R, target, job, grids.all_cumulative(Q, S, R)), output)
    print(f"{target.name}: S and R on {T.size} x {Q.size} (T, Q) points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output[0], snakemake.params.job)  # noqa: F821
