"""Stage 2 (atoms): DCS of one (atom, E) per shell and summed, from the stored per-shell grids."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io
from nuion.integrals import grids


def main(response, output, job):
    grid = io.read_dataset(response, "atom_response")
    E = job["E_keV"]
    rows = grid["T"].values < E
    T, Q = grid["T"].values[rows], grid["Q"].values
    comps = grids.atom_dcs_from_grid(
        T, Q, grid["S_shell"].values[:, rows], grid["R_shell"].values[:, rows],
        grid["binding"].values, grid["occupancy"].values, E, job["mu_nu"],
    )  # fmt: skip
    io.write_netcdf(io.atom_dcs_dataset(T, E, grid, comps, job), output)
    print(f"{grid.attrs['target']}, E = {E:.6g} keV: {T.size} T points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output[0], snakemake.params.job)  # noqa: F821
