"""Stage 4 beyond the paper: approximations, E dependence and (T, E) map for one Z."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, plotting


def main(inputs, outputs, Z):
    datasets = [io.read_dataset(path, "dcs") for path in inputs]
    source = ", ".join(str(p) for p in inputs)
    plotting.save(plotting.fig_approximations(datasets, Z), outputs.approx_pdf, outputs.approx_png, source)
    plotting.save(plotting.fig_energy(datasets, Z), outputs.energy_pdf, outputs.energy_png, source)
    plotting.save(plotting.fig_map(datasets, Z), outputs.map_pdf, outputs.map_png, source)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.output, snakemake.params.Z)  # noqa: F821
