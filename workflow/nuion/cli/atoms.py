"""``nuion response`` and ``nuion photo`` for atoms, and the options every atom command shares."""

import math

from nuion import targets
from nuion.cli.common import parse_energy, print_result, quantity
from nuion.targets.atom import Atom
from nuion.targets.atom.atom import OMEGA_MAX_KEV, T_MAX_KEV, check_design_range
from nuion.targets.atom.thresholds import photoabsorption_table

__all__ = ["atom_options", "atom_kev", "atom_target", "run_response", "run_photo"]


def atom_options(p):
    """--continuum and --thresholds of a command that takes --target."""
    p.add_argument("--continuum", choices=targets.CONTINUA, default="hf", help="continuum model of an atom")
    p.add_argument("--thresholds", choices=targets.THRESHOLDS, default="model", help="shell thresholds of an atom")


def atom_kev(text, name, maximum=None):
    """An atom's energy argument in keV (keV or MeV: an atom has no eps_b), within the design range
    ``maximum`` (:data:`nuion.targets.atom.atom.T_MAX_KEV`, ``OMEGA_MAX_KEV``) if given: checked before any work."""
    if text.endswith("eb"):
        raise ValueError(f"{name} of an atom needs keV or MeV (an atom has no eps_b), got {text!r}")
    value = parse_energy(text, 1)
    return value if maximum is None else check_design_range(value, name, maximum)


def atom_target(args):
    """The atom of --target, and a keV parser for its energies (no eps_b for an atom)."""
    atom = targets.get(args.target, continuum=args.continuum, thresholds=args.thresholds)
    if not isinstance(atom, Atom):
        raise ValueError(f"--target must be a neutral atom (Ge, Xe); for an ion use --Z, got {args.target!r}")
    return atom, atom_kev


def run_response(args):
    T = atom_kev(args.T, "T", T_MAX_KEV)
    atom, kev = atom_target(args)
    if args.K is not None:
        raise ValueError("--K is for hydrogen-like ions; give --q (keV) or --Q (keV2) for an atom")
    Q = kev(args.q, "q") ** 2 if args.q is not None else args.Q
    if T <= atom.threshold:
        raise ValueError(f"T must be above the lowest threshold of {atom.name}, {atom.threshold:.4g} keV; got {T:g} keV")
    if Q < 0:
        raise ValueError(f"Q must be >= 0 (keV2), got {Q:g}")
    sh = atom.shell(args.shell) if args.shell else None
    result = {
        "target": quantity("target", atom.name, note=atom.model),
        "T": quantity("T", T),
        "Q": quantity("Q", Q),
        "q": quantity("q", math.sqrt(Q)),
    }
    if sh is not None:
        result["shell"] = quantity("shell", sh.label, note=f"binding {sh.binding:.6g} keV")
    result["S"] = quantity("S", float(atom.S(T, Q, shell=sh)), note="longitudinal response, summed over electrons")
    result["R"] = quantity("R", float(atom.R(T, Q, shell=sh)), note="transverse response, summed over electrons")
    print_result(result, args.json)


def run_photo(args):
    w = atom_kev(args.omega, "omega", OMEGA_MAX_KEV)
    if not 0.1 <= w:
        raise ValueError(f"omega must lie in [0.1, {OMEGA_MAX_KEV:g}] keV (the tables start at 0.1 keV), got {w:g}")
    atom, _ = atom_target(args)
    per_shell = {s.label: float(atom.photoabsorption(w, shell=s)) for s in atom.shells}
    result = {"omega": quantity("omega", w), "sigma_photo": quantity("sigma_photo", sum(per_shell.values()), note=atom.model)}
    result["sigma_table_elam"] = quantity("sigma_table_elam", float(photoabsorption_table(atom.name, w)), note="xraydb, Elam et al. 2002")
    for label, value in per_shell.items():
        result[f"sigma_{label}"] = quantity("sigma_<shell>", value, note=f"shell {label}")
    print_result(result, args.json)
