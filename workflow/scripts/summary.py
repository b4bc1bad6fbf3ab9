"""Key numbers of every figure of one Z as a tidy CSV table."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io, summary


def main(inputs, output):
    rows = summary.summary_rows([io.read_dataset(path, "dcs") for path in inputs])
    io.write_text(summary.to_csv(rows), output)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.output[0])  # noqa: F821
