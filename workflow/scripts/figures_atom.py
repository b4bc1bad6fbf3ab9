"""Stage 4 (atoms): DCS over FE x Z and over stepping, perp/par, photoabsorption of one atom (PDF and PNG)."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, plotting


def main(dcs, photo, outputs, target):
    datasets = [io.read_dataset(path, "atom_dcs") for path in dcs]
    source = ", ".join(str(p) for p in dcs)
    plotting.save(plotting.fig_atom_dcs(datasets, target), outputs.atom_dcs_pdf, outputs.atom_dcs_png, source)
    plotting.save(
        plotting.fig_atom_perp_par(datasets, target), outputs.atom_perp_par_pdf, outputs.atom_perp_par_png, source
    )
    photo_ds = io.read_dataset(photo, "atom_photo")
    plotting.save(plotting.fig_photo(photo_ds, target), outputs.photo_pdf, outputs.photo_png, str(photo))


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.input.photo, snakemake.output, snakemake.wildcards.target)  # noqa: F821
