"""Stage 2b: DCS of one (target, E) in every channel (docs/channels.md), per shell and summed, from the stored response grid."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io
from nuion.cross_sections import channels as ch
from nuion.integrals import dcs
from nuion.integrals.qintegrals import complete_cumulative


def channel_list(job):
    """(label, channel) of the stage: magnetic, weak and charge radius per flavour, millicharge."""
    out = [("magnetic", ch.Magnetic(job["mu_nu"]))]
    out += [(f"weak:{f}", ch.Weak(f)) for f in ch.FLAVOURS]
    out += [("millicharge", ch.Millicharge(job["q_nu"], job["m_nu_eV"] * 1e-3))]
    out += [(f"charge-radius:{f}", ch.ChargeRadius(job["r2_cm2"], f)) for f in ch.FLAVOURS]
    return out


def main(response, output, job):
    grid = io.read_dataset(response, "response")
    target, E = io.read_target(grid), job["E_keV"]
    rows = grid["T"].values < E
    T, Q = grid["T"].values[rows], grid["Q"].values
    S, R = grid["S_shell"].values[:, rows], grid["R_shell"].values[:, rows]
    cum = complete_cumulative(Q, S, R, io.read_cumulative(grid, rows), target.q_order)
    by_channel = {label: dcs.channel_dcs_from_grid(T, Q, S, R, target, E, c, cum) for label, c in channel_list(job)}
    couplings = {"mu_nu": job["mu_nu"], "mu_nu_units": "Bohr magneton", "q_nu": job["q_nu"], "q_nu_units": "e",
                 "m_nu": job["m_nu_eV"], "m_nu_units": "eV", "r2": job["r2_cm2"], "r2_units": "cm2"}
    method = f"Q integrals of the stored per-shell grid {response} (nuion.integrals.dcs.channel_dcs_from_grid)"
    ds = io.channels_dataset(T, E, target, by_channel, couplings, method, job)
    io.write_netcdf(ds, output, "channels")
    print(f"{target.name}, E = {E:.6g} keV: {len(by_channel)} channels x {T.size} T points -> {output}", file=sys.stderr)


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.input.response, snakemake.output[0], snakemake.params.job)  # noqa: F821
