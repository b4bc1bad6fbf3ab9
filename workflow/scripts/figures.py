"""Stage 4: the figures of one target named in params.figures (nuion.plotting.FIGURES), PDF and PNG."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import io, plotting


def main(inputs, outputs, target, names):
    datasets = [io.read_dataset(path, "dcs") for path in inputs]
    source = ", ".join(str(p) for p in inputs)
    for name in names:
        fig = plotting.FIGURES[name](datasets, target)
        if plotting.note(fig):  # drawn with the reason on its face; the log says it too
            print(f"note: {plotting.note(fig)}", file=sys.stderr)
        plotting.save(fig, outputs[f"{name}_pdf"], outputs[f"{name}_png"], source)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.output, snakemake.params.target, snakemake.params.figures)  # noqa: F821
