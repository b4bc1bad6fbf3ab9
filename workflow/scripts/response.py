"""Stage 1: tabulate S(T, Q) and R(T, Q) of one Z on the configured grid."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import grids, io


def main(output, job):
    Z = job["Z"]
    t, g = job["T_over_eb"], job["grid"]
    T = grids.energy_grid(Z, t["min"], t["max"], t["n"])
    Q = grids.momentum_grid(Z, g["K_min"], g["K_max"], g["n_Q"])
    S, R = grids.response_grid(T, Q, Z)
    io.write_netcdf(io.response_dataset(T, Q, S, R, Z, job, grids.all_cumulative(Q, S, R)), output)
    print(f"Z = {Z}: S and R on {T.size} x {Q.size} (T, Q) points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output[0], snakemake.params.job)  # noqa: F821
