"""Stage 1: S_nl(T, Q) and R_nl(T, Q) of one shell of a target (a hydrogen-like ion has one) on its configured grid."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io, targets
from nuion._memory import retain_freed_memory
from nuion.integrals import grids


def main(output, job, shell):
    target = targets.get(job["target"], **job.get("model", {}))
    T, Q = grids.target_grid(target, job)
    try:
        S, R = grids.shell_response_grid(target, shell, T, Q)
    except FloatingPointError as err:
        raise ValueError(str(err)) from None  # one line on the console (io.script_errors)
    io.write_netcdf(io.shell_dataset(T, Q, S, R, target, shell, job), output, "shell_response")
    print(f"{target.name} {shell}: S and R on {T.size} x {Q.size} (T, Q) points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    retain_freed_memory()  # a fifth of an atom's shell job was page faults (nuion._memory)
    with io.script_errors():
        main(snakemake.output[0], snakemake.params.job, snakemake.wildcards.shell)  # noqa: F821
