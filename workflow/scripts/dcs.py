"""Stage 2: DCS components of one (target, E) from the stored response grid."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, targets
from nuion.cross_sections import approximations
from nuion.integrals import grids


def main(response, output, job):
    grid = io.read_dataset(response, "response")
    target, E = targets.get(job["target"]), job["E_keV"]
    rows = grid["T"].values < E
    T = grid["T"].values[rows]
    Q, S, R = grid["Q"].values, grid["S"].values[rows], grid["R"].values[rows]
    cumulative = io.read_cumulative(grid, rows)
    comps = grids.dcs_from_grid(T, Q, S, R, E, target, job["mu_nu"], cumulative)
    comps.update(grids.approximations_from_grid(T, Q, S, R, E, target, job["mu_nu"], cumulative))
    lines = approximations.line_cross_sections(E, target, job["mu_nu"])
    method = (
        f"Q integrals of the stored grid {response} (nuion.integrals.grids); "
        "discrete lines from the closed forms (nuion.cross_sections.approximations.line_cross_sections)"
    )
    grid_spec = {k: v for k, v in grid.attrs.items() if k.startswith("grid_")}
    ds = io.dcs_dataset(T, E, target, job["mu_nu"], comps, method, config=job, lines=lines, grid=grid_spec)
    io.write_netcdf(ds, output)
    print(f"{target.name}, E = {E:.6g} keV: {T.size} T points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output[0], snakemake.params.job)  # noqa: F821
