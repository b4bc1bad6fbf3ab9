"""Stage 4: one figure of one target (nuion.plotting), PDF and PNG, from its DCS datasets (and photo dataset)."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import api, io, kinematics, plotting
from nuion.integrals import grids


def ion_like(ds, n_T):
    """DCS of the hydrogen-like ion of the atom's Z at its E, from 1.001 eps_b to the atom's
    largest T (at least 1.5 eps_b, below E): the reference of the K-shell figure."""
    Z = int(ds.attrs["Z"])
    eps_b = kinematics.binding_energy(Z)
    top = min(max(float(ds["T"].max()) / eps_b, 1.5), 0.999 * ds.attrs["E_nu"] / eps_b)
    T = grids.energy_grid(Z, 1.001, top, n_T)
    return api.dcs(T, ds.attrs["E_nu"], Z, ds.attrs["mu_nu"])


def channel_panel(ds):
    """(title, T, {channel: atom/(Z FE)}, edges) of a channels dataset (docs/channels.md), for plotting.fig_channel_ratios."""
    shown = ("magnetic", "millicharge", "weak:nuebar", "weak:nue")
    curves = {c: ds["ratio_fe_atom_channel"].sel(channel=c).values for c in shown if c in ds["channel"].values}
    edges = {str(s): float(b) for s, b in zip(ds["shell"].values, ds["binding"].values)}
    return f"{ds.attrs['target']}, E = {ds.attrs['E_nu']:g} keV", ds["T"].values, curves, edges


def main(inputs, outputs, figure, target, n_T):
    datasets = [io.read_dataset(path, "dcs") for path in inputs.dcs]
    source = ", ".join(str(p) for p in inputs.dcs)
    if figure == "photo":
        fig, source = plotting.fig_photo(io.read_dataset(inputs.photo, "photo"), target), str(inputs.photo)
    elif figure == "channels":
        channels = [io.read_dataset(path, "channels") for path in inputs.channels]
        fig, source = plotting.fig_channel_ratios([channel_panel(ds) for ds in channels]), ", ".join(map(str, inputs.channels))
    elif figure == "kshell":
        fig = plotting.fig_kshell(datasets, [ion_like(ds, n_T) for ds in datasets], target)
        source += "; hydrogen-like ion: nuion.dcs (closed forms)"
    else:
        fig = plotting.FIGURES[figure](datasets, target)
    if plotting.note(fig):  # drawn with the reason on its face; the log says it too
        print(f"note: {plotting.note(fig)}", file=sys.stderr)
    plotting.save(fig, outputs.pdf, outputs.png, source)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input, snakemake.output, snakemake.wildcards.figure, snakemake.wildcards.target, snakemake.params.n_T)  # noqa: F821
