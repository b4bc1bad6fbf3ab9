"""Stage 4: Figs. 1 and 2 of the paper for one Z, from its DCS datasets."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, plotting


def main(inputs, outputs, Z):
    datasets = [io.read_dataset(path, "dcs") for path in inputs]
    source = ", ".join(str(p) for p in inputs)
    plotting.save(plotting.fig_ratio(datasets, Z), outputs.fig1_pdf, outputs.fig1_png, source)
    plotting.save(plotting.fig_perp_over_par(datasets, Z), outputs.fig2_pdf, outputs.fig2_png, source)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.output, snakemake.params.Z)  # noqa: F821
