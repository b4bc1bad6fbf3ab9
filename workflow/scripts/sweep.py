"""ratio_total against Z at one neutrino energy in keV, across every configured Z."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io, plotting


def main(inputs, outputs, label):
    by_Z = {}
    for path in inputs:
        ds = io.read_dataset(path, "dcs")
        by_Z[int(ds.attrs["Z"])] = ds
    source = ", ".join(str(p) for p in inputs)
    fig = plotting.fig_vs_Z(by_Z, label)
    if plotting.note(fig):  # drawn with the reason on its face; the log says it too
        print(f"note: {plotting.note(fig)}", file=sys.stderr)
    plotting.save(fig, outputs.pdf, outputs.png, source)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.output, snakemake.wildcards.label)  # noqa: F821
