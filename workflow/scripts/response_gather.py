"""Stage 1, light job: the shells' grids of one target gathered into one dataset with a shell dimension."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io


def main(inputs, output):
    shells = [io.read_dataset(path, "shell_response") for path in inputs]
    ds = io.response_dataset(shells)
    io.write_netcdf(ds, output, "response")
    print(f"{ds.attrs['target']}: {ds.sizes['shell']} shell(s) gathered -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.shells, snakemake.output[0])  # noqa: F821
