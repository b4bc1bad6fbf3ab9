"""Stage 2: DCS of one (target, E), per shell and summed, from the stored response grid."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io
from nuion.cross_sections import approximations
from nuion.integrals import dcs


def main(response, output, job):
    grid = io.read_dataset(response, "response")
    target, E = io.read_target(grid), job["E_keV"]
    rows = grid["T"].values < E
    T, Q = grid["T"].values[rows], grid["Q"].values
    S, R = grid["S_shell"].values[:, rows], grid["R_shell"].values[:, rows]
    comps = dcs.components(T, Q, S, R, target, E, job["mu_nu"], io.read_cumulative(grid, rows))
    lines = approximations.line_cross_sections(E, target, job["mu_nu"]) if dcs.has_closed_forms(target) else None
    method = f"Q integrals of the stored per-shell grid {response} (nuion.integrals.dcs)"
    if lines is not None:
        method += "; discrete lines from the closed forms (nuion.cross_sections.approximations.line_cross_sections)"
    grid_spec = {k: v for k, v in grid.attrs.items() if k.startswith("grid_")}
    ds = io.dcs_dataset(T, E, target, job["mu_nu"], comps, method, config=job, lines=lines, grid=grid_spec)
    io.write_netcdf(ds, output, "dcs")
    print(f"{target.name}, E = {E:.6g} keV: {T.size} T points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output[0], snakemake.params.job)  # noqa: F821
