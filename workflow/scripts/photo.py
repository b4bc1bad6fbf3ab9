"""Stage 3 (targets with a radial engine, the atoms): photoabsorption of every shell on a photon-energy grid against the Elam and Chantler tables."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

import numpy as np

from nuion import io, targets
from nuion.integrals import grids
from nuion.targets.atom.thresholds import photoabsorption_table


def main(nc, md, job):
    target = targets.get(job["target"], **job["model"])
    p = job["photo"]
    omega = grids.atom_energy_grid(target, p["min"], p["max"], p["per_decade"], p["edge_points"], p["edge_offset"])
    sigma = np.array([target.photoabsorption(omega, shell=sh) for sh in target.shells])
    tables = {name: photoabsorption_table(target.name, omega, name) for name in ("elam", "chantler")}
    ds = io.photo_dataset(omega, sigma, tables, target, job)
    io.write_netcdf(ds, nc, "photo")
    report = io.photo_markdown(
        ds, lambda w: tuple(float(photoabsorption_table(target.name, w, name)) for name in ("elam", "chantler"))
    )
    io.write_text(report, md)
    print(report, file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output.nc, snakemake.output.md, snakemake.params.job)  # noqa: F821
