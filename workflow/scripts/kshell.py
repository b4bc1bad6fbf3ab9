"""Stage 4 (atoms): the atom's K shell against the paper's hydrogen-like ion of the same Z, per K electron."""

import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821

from nuion import api, io, kinematics, plotting
from nuion.integrals import grids


def ion_like(ds, n_T):
    """DCS of the hydrogen-like ion of the atom's Z at its E, from 1.001 eps_b to the atom's
    largest T (at least 1.5 eps_b, below E)."""
    Z = int(ds.attrs["Z"])
    eps_b = kinematics.binding_energy(Z)
    top = min(max(float(ds["T"].max()) / eps_b, 1.5), 0.999 * ds.attrs["E_nu"] / eps_b)
    T = grids.energy_grid(Z, 1.001, top, n_T)
    return api.dcs(T, ds.attrs["E_nu"], Z, ds.attrs["mu_nu"])


def main(dcs, outputs, target, n_T):
    datasets = [io.read_dataset(path, "atom_dcs") for path in dcs]
    ions = [ion_like(ds, n_T) for ds in datasets]
    source = ", ".join(str(p) for p in dcs) + "; hydrogen-like ion: nuion.dcs (closed forms)"
    plotting.save(plotting.fig_kshell(datasets, ions, target), outputs.pdf, outputs.png, source)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.dcs, snakemake.output, snakemake.wildcards.target, snakemake.params.n_T)  # noqa: F821
