"""Xenon responses of nuion against three published tabulations (docs/atoms.md, sec. 'Xenon against published tables').

The tables are not shipped (nor used by nuion); give their paths:

* ``--essig``: wimprates' ``wimprates/data/dme/dme_ionization_ff.pkl`` (github.com/JelleAalbers/wimprates),
  the ionization form factors |f_ion^nl(k', q)|^2 of R. Essig, T. Volansky, T.-T. Yu, PRD 96 (2017)
  043017, per shell (4s-5p), on (ln k', ln q) grids, k' = sqrt(E_e / Ry), q in alpha m_e;
* ``--hx DIR``: ``Xenon/Formfactor_HX/Xe<nl>_Sch_grid.dat`` of github.com/mccabech/AtMolDM
  (L. Hamaide, C. McCabe, arXiv:2110.02985): the single-electron form factor (q in keV, E_e in
  keV, |f|^2), outgoing waves in Cowan's Hartree-plus-exchange (HX) potential;
* ``--roberts``: ``tables/K_Xe_hf_v_6_hp_orth_mat.txt`` of github.com/benroberts999/AtomicIonisation
  (B. M. Roberts, V. V. Flambaum, relativistic Hartree-Fock, multipoles L <= 6): K(E, q) of the
  whole atom (2s-5p), E = T in hartree, q in alpha m_e.

Conversions to S(T, q) in keV^-1 (S summed over the shell's electrons, final states per unit
energy; docs/atoms.md):

* Roberts: K = E_h S by the definition of K (E_h = 27.211 eV);
* Essig: |f_ion|^2 = 4 E_e S. Equate the DM-electron rate of Essig et al.,
  d<sigma v>/dln E_e = sigma_e / (8 mu^2) int q dq |f_ion|^2 eta, with the same rate written
  with the structure factor, d<sigma v>/dE_e = sigma_e / (2 mu^2) int q dq S eta;
* AtMolDM: single-electron |f|^2 = 4 E_e S / N_nl (the same, per electron). Checked: their
  plane-wave table against nuion's plane waves (radial engine, V = 0) on the RHF orbital of
  Bunge et al., within 3 % for Xe 5p and 4d at E_e = 0.1-1 keV, q = 2-50 keV.

Usage::

    python workflow/tools/xe_published.py --essig dme_ionization_ff.pkl --hx AtMolDM/Xenon/Formfactor_HX \\
        --roberts K_Xe_hf_v_6_hp_orth_mat.txt mean-field hf
"""

import argparse
import pickle
from pathlib import Path

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from nuion.targets.atom.atom import Atom
from nuion.targets.atom.radial import HARTREE_KEV, MOMENTUM_KEV

E_E = (0.1, 0.5, 1.0)  # ejected-electron energies, keV
Q_SHELL = (2.0, 5.0, 10.0, 20.0, 50.0, 100.0)  # keV
T_ATOM = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)  # keV
Q_ATOM = (1.0, 2.0, 5.0, 10.0, 15.0)  # keV (L <= 6 of Roberts' tables: complete to q ~ 15 keV)


def _log_interpolator(x, y, F):
    """Linear interpolation of ln F in (x, y); NaN outside the table."""
    with np.errstate(divide="ignore"):
        return RegularGridInterpolator((x, y), np.log(F), bounds_error=False, fill_value=np.nan)


def essig(path, shell, E_e, q):
    """S (keV^-1) of one shell from the wimprates pickle: |f_ion|^2 / (4 E_e)."""
    d = pickle.loads(Path(path).read_bytes())[shell]
    itp = _log_interpolator(d["lnks"], d["lnqs"], d["ffsquared"])
    E_e, q = np.broadcast_arrays(np.asarray(E_e, float), np.asarray(q, float))
    lnk = 0.5 * np.log(E_e / (HARTREE_KEV / 2))
    f2 = np.exp(itp(np.stack([lnk.ravel(), np.log(q / MOMENTUM_KEV).ravel()], -1))).reshape(E_e.shape)
    return f2 / (4 * E_e)


def atmoldm(directory, shell, occupancy, E_e, q):
    """S (keV^-1) of one shell from an AtMolDM grid: N |f|^2 / (4 E_e)."""
    d = np.loadtxt(Path(directory) / f"Xe{shell}_Sch_grid.dat")
    qs, Es = np.unique(d[:, 0]), np.unique(d[:, 1])
    F = np.full((qs.size, Es.size), np.nan)
    F[np.searchsorted(qs, d[:, 0]), np.searchsorted(Es, d[:, 1])] = d[:, 2]
    itp = _log_interpolator(np.log(qs), np.log(Es), F)
    E_e, q = np.broadcast_arrays(np.asarray(E_e, float), np.asarray(q, float))
    f2 = np.exp(itp(np.stack([np.log(q).ravel(), np.log(E_e).ravel()], -1))).reshape(E_e.shape)
    return occupancy * f2 / (4 * E_e)


def roberts(path, T, q):
    """S (keV^-1) of the whole atom from Roberts' K matrix: K / E_h."""
    lines = [ln for ln in Path(path).read_text().splitlines() if ln.strip()]
    blocks = [i for i, ln in enumerate(lines) if ln.startswith("# E values") or ln.startswith("# q values")]
    E = np.array(lines[blocks[0] + 1].split(), float)
    qq = np.array(lines[blocks[1] + 1].split(), float)
    K = np.array([ln.split() for ln in lines[blocks[1] + 2 :] if not ln.startswith("#")], float)
    itp = _log_interpolator(np.log(E), np.log(qq), np.maximum(K, 1e-300))
    T, q = np.broadcast_arrays(np.asarray(T, float), np.asarray(q, float))
    K = np.exp(itp(np.stack([np.log(T / HARTREE_KEV).ravel(), np.log(q / MOMENTUM_KEV).ravel()], -1)))
    return K.reshape(T.shape) / HARTREE_KEV


def _row(label, values, fmt="{:.2f}"):
    return f"| {label} | " + " | ".join(fmt.format(v) for v in values) + " |"


def shell_tables(atoms, args):
    """Markdown: per shell and E_e, the reference S and model / reference at each q."""
    E_e, q = np.array(E_E), np.array(Q_SHELL)
    out = []
    for label in ("5p", "4d"):
        shell = atoms[0].shell(label)
        hx = atmoldm(args.hx, label, shell.occupancy, E_e[:, None], q[None, :])
        es = essig(args.essig, label, E_e[:, None], q[None, :])
        model = {a.continuum: a.shell_responses(label, E_e + a.shell(label).binding, q)[0] for a in atoms}
        out += [f"Xe {label}: S (keV^-1) of AtMolDM HX and ratios to it (Essig: wimprates; models: nuion)", "",
                "| E_e (keV) | | " + " | ".join(f"q = {x:g}" for x in q) + " |", "|---|---|" + "---|" * q.size]
        for i, e in enumerate(E_e):
            out.append(_row(f"{e:g} | S_HX", hx[i], "{:.3g}"))
            out.append(_row(f"{e:g} | Essig / HX", es[i] / hx[i]))
            out += [_row(f"{e:g} | {name} / HX", S[i] / hx[i]) for name, S in model.items()]
        out.append("")
    return "\n".join(out)


def atom_table(atoms, args):
    """Markdown: whole-atom S of each model over Roberts' relativistic Hartree-Fock K / E_h."""
    T, q = np.array(T_ATOM), np.array(Q_ATOM)
    ref = roberts(args.roberts, T[:, None], q[None, :])
    out = ["Xe whole atom: model S / Roberts' S (relativistic HF)", "",
           "| T (keV) | model | " + " | ".join(f"q = {x:g}" for x in q) + " |", "|---|---|" + "---|" * q.size]
    for a in atoms:
        S = sum(a.shell_responses(sh, T, q)[0] for sh in a.shells)
        out += [_row(f"{t:g} | {a.continuum}", S[i] / ref[i]) for i, t in enumerate(T)]
    return "\n".join(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--essig", required=True)
    p.add_argument("--hx", required=True)
    p.add_argument("--roberts", required=True)
    p.add_argument("continuum", nargs="+")
    args = p.parse_args(argv)
    atoms = [Atom("Xe", continuum=c) for c in args.continuum]
    print(shell_tables(atoms, args))
    print(atom_table(atoms, args))


if __name__ == "__main__":
    main()
