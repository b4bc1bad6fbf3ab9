"""Atom over free electrons and over stepping per channel, from a finished response grid (docs/channels.md).

Reads S_shell, R_shell, binding, occupancy, T, Q of a response dataset (any version: missing
cumulative tables are computed), computes each channel's per-shell DCS on the stored T nodes at
one E (:func:`nuion.integrals.dcs.channel_dcs_from_grid`), interpolates the per-shell ratios to
the requested T (:func:`nuion.integrals.dcs.shell_ratios_at`) and writes a Markdown table.

Usage (no Snakemake rule yet)::

    python workflow/tools/channel_ratios.py RESPONSE.nc E_keV OUT.md
    python workflow/tools/channel_ratios.py --figure OUT.pdf OUT.png Ge.nc:1000 Xe.nc:420
    python workflow/tools/channel_ratios.py --masses RESPONSE.nc E_keV

``--masses`` prints the millicharge DCS at T_MASSES against the neutrino mass that cuts the photon
pole, its Coulomb (S) part and the equivalent-photon approximation
(:meth:`nuion.cross_sections.channels.Millicharge.dcs_epa`; docs/channels.md, sec. 'The forward
divergence').
"""

import sys

import numpy as np
import xarray as xr

from nuion import io
from nuion.cross_sections import channels as ch
from nuion.integrals import dcs
from nuion.integrals.qintegrals import complete_cumulative

T_TABLE = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
#: T (keV) and neutrino masses (eV) of the --masses table.
T_MASSES = (0.2, 1.0, 10.0)
M_NU_EV = (0.01, 0.05, 0.1, 0.5, 1.0)


def default_channels():
    """(label, channel) of the tables of docs/channels.md."""
    return [
        ("magnetic", ch.Magnetic()),
        ("millicharge (m_nu 0.05 eV)", ch.Millicharge(1e-12, 0.05e-3)),
        ("millicharge, S part only", None),
        ("millicharge (m_nu 0.01 eV)", ch.Millicharge(1e-12, 0.01e-3)),
        ("millicharge (m_nu 0.5 eV)", ch.Millicharge(1e-12, 0.5e-3)),
        ("weak nue", ch.Weak("nue")),
        ("weak numu", ch.Weak("numu")),
        ("weak nuebar", ch.Weak("nuebar")),
        ("charge radius 1e-32 cm2, nuebar", ch.ChargeRadius(1e-32, "nuebar")),
    ]


def ratios(ds, E, T=T_TABLE, channels=None):
    """{label: (atom/(Z FE), atom/stepping)} at T for each channel; arrays of len(T)."""
    target = io.read_target(ds)
    Tg, Q = ds["T"].values, ds["Q"].values
    S, R = ds["S_shell"].values, ds["R_shell"].values
    cum = complete_cumulative(Q, S, R, io.read_cumulative(ds), target.q_order)
    keep = Tg < E
    Tg, S, R = Tg[keep], S[:, keep], R[:, keep]
    cum = {n: {p: C[:, keep] for p, C in d.items()} for n, d in cum.items()}
    T = np.asarray(T, dtype=float)
    n_step = sum(np.where(T > s.binding, float(s.occupancy), 0.0) for s in target.shells)
    out = {}
    shell_S = None
    for label, channel in channels or default_channels():
        if channel is None:  # the S part of the previous channel
            r = shell_S
        else:
            c = dcs.channel_dcs_from_grid(Tg, Q, S, R, target, E, channel, cum)
            with np.errstate(invalid="ignore", divide="ignore"):
                r = dcs.shell_ratios_at(Tg, c["dcs_shell"] / c["dcs_fe"], target, T).sum(axis=0)
                shell_S = dcs.shell_ratios_at(Tg, c["dcs_S_shell"] / c["dcs_fe"], target, T).sum(axis=0)
        out[label] = (r / target.n_electrons, r / n_step)
    return out


def table(ds, E, T=T_TABLE, channels=None):
    """Markdown: one row per channel, columns atom/FE and atom/stepping at each T."""
    rows = ratios(ds, E, T, channels)
    head = "| channel | " + " | ".join(f"{t:g} keV" for t in T) + " |"
    lines = [head, "|---" * (len(T) + 1) + "|"]
    for label, (fe, step) in rows.items():
        lines.append(f"| {label} | " + " | ".join(f"{a:.3f} / {b:.3f}" for a, b in zip(fe, step)) + " |")
    return "\n".join(lines) + "\n"


def main(path, E, out):
    ds = xr.open_dataset(path).load()
    text = f"{ds.attrs['target']} at E = {E:g} keV (atom/FE / atom/stepping), response grid {path}\n\n" + table(ds, E)
    io.write_text(text, out)
    print(text)


def mass_table(ds, E, T=T_MASSES, masses=M_NU_EV):
    """Markdown: the atom's millicharge DCS (q_nu = 1e-12 e) at T per m_nu, relative to m_nu = 0.05 eV,
    its S part, and the EPA of the transverse part (R(T, T^2) per shell interpolated as the ratios)."""
    from nuion.integrals.qintegrals import interpolate_rows

    T = np.asarray(T, dtype=float)
    target = io.read_target(ds)
    fe = ch.Millicharge(1e-12).dcs_fe(T, E) * target.n_electrons
    rows = ratios(ds, E, T, [(m, ch.Millicharge(1e-12, m * 1e-3)) for m in masses])
    ref = rows[0.05][0]
    S_part = ratios(ds, E, T, [(0.05, ch.Millicharge(1e-12, 0.05e-3)), ("S", None)])["S"][0]
    Tg, Q, R = ds["T"].values, ds["Q"].values, ds["R_shell"].values
    keep = Tg < E
    Tg, R = Tg[keep], R[:, keep]
    photon = np.array([interpolate_rows(Q, R[k], Tg[:, None] ** 2, target.q_order)[:, 0] for k in range(R.shape[0])])
    per_fe = ch.Millicharge(1e-12, 0.05e-3).dcs_epa(Tg, E, photon) / ch.Millicharge(1e-12).dcs_fe(Tg, E)
    epa = dcs.shell_ratios_at(Tg, per_fe, target, T).sum(axis=0) / target.n_electrons
    lines = ["| m_nu (eV) | " + " | ".join(f"{t:g} keV" for t in T) + " |", "|---" * (len(T) + 1) + "|"]
    for m in masses:
        cells = [f"{v * f:.4g} ({v / r - 1:+.1%})" for v, r, f in zip(rows[m][0], ref, fe)]
        lines.append(f"| {m:g} | " + " | ".join(cells) + " |")
    lines.append("| S part (no m_nu) | " + " | ".join(f"{v * f:.4g}" for v, f in zip(S_part, fe)) + " |")
    lines.append("| EPA of the R part, 0.05 eV | " + " | ".join(
        f"{v * f:.4g} ({v / (r - s) - 1:+.1%} of R part)" for v, r, s, f in zip(epa, ref, S_part, fe)) + " |")
    return "\n".join(lines) + "\n"


def figure(pdf, png, specs):
    """Atom/(Z FE) per channel against T, one panel per "response.nc:E_keV" (nuion.plotting.fig_channel_ratios)."""
    from nuion import plotting

    panels = []
    for spec in specs:
        path, E = spec.rsplit(":", 1)
        ds = xr.open_dataset(path).load()
        T = np.geomspace(max(float(ds["T"].values[0]), 0.1), min(float(ds["T"].values[-1]), 0.9 * float(E)), 400)
        chans = [("magnetic", ch.Magnetic()), ("millicharge", ch.Millicharge()),
                 ("weak, anti-nu_e", ch.Weak("nuebar")), ("weak, nu_e", ch.Weak("nue"))]
        rows = ratios(ds, float(E), T, chans)
        edges = {str(s): float(b) for s, b in zip(ds["shell"].values, ds["binding"].values)}
        panels.append((f"{ds.attrs['target']}, E = {float(E):g} keV", T, {k: v[0] for k, v in rows.items()}, edges))
    plotting.save(plotting.fig_channel_ratios(panels), pdf, png, ", ".join(specs))


if __name__ == "__main__":
    if sys.argv[1] == "--figure":
        figure(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "--masses":
        print(mass_table(xr.open_dataset(sys.argv[2]).load(), float(sys.argv[3])))
    else:
        main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
