"""Figures of the limits stage for one release: spectrum with signal at the limit, scan, summary."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io, plotting


def main(nc, outputs):
    ds = io.read_dataset(nc, "limits")
    for name, make in plotting.LIMIT_FIGURES.items():
        plotting.save(make(ds), outputs[f"{name}_pdf"], outputs[f"{name}_png"], str(nc))


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.nc, snakemake.output)  # noqa: F821
