"""Figures of the rates stage for one preset: rate spectra, ratio to FE, limit vs threshold."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io, plotting


def main(rates_nc, sens_nc, outputs):
    rates = io.read_dataset(rates_nc, "rates")
    sens = io.read_dataset(sens_nc, "sensitivity")
    for name, make in plotting.RATE_FIGURES.items():
        plotting.save(make(rates, sens), outputs[f"{name}_pdf"], outputs[f"{name}_png"], f"{rates_nc}, {sens_nc}")


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.rates, snakemake.input.sensitivity, snakemake.output)  # noqa: F821
