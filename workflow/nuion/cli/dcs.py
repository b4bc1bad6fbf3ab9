"""``nuion dcs``: the DCS of a hydrogen-like ion (closed forms) or an atom (grid route) at one (T, E)."""

import os
import sys

import numpy as np

import nuion
from nuion.cli.atoms import atom_kev, atom_options, atom_target
from nuion.cli.common import (
    AS_JSON,
    FMT,
    Energy,
    Energies,
    channel_from_args,
    channel_options,
    charge,
    moment,
    parse_energy,
    print_result,
    quantity,
    validity_entries,
)
from nuion.io import read_dataset, tidy
from nuion.kinematics import COMFORT_SPEED, check_E
from nuion.targets.atom.atom import T_MAX_KEV

__all__ = ["add"]

DCS_NAMES = ("dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "ratio_total", "ratio_par", "perp_over_par")
#: ``nuion dcs --channel``: the printed names (those of the channels dataset) and the keys of
#: :func:`nuion.api.channel_dcs` they come from.
CHANNEL_NAMES = {
    "dcs_channel": "dcs_total",
    "dcs_S_channel": "dcs_S",
    "dcs_R_channel": "dcs_R",
    "dcs_fe_channel": "dcs_fe",
    "dcs_stepping_channel": "dcs_stepping",
    "ratio_fe_atom_channel": "ratio_fe_atom",
    "ratio_stepping_channel": "ratio_stepping",
}

EPILOG_DCS = """\
Example:
  nuion dcs --Z 32 --E 100eb --T 1.5eb
  nuion dcs --Z 32 --E 700keV --T 20keV --json
  nuion dcs --channel millicharge --target Ge --E 1MeV --T 1keV --json

Energies need a unit: <x>eb (multiples of eps_b(Z)) or <x>keV.
Allowed: Z integer 1..137; eps_b < T < E (at T = E the ratios are 0/0)."""


def add(sub):
    """The ``dcs`` subcommand."""
    p = sub.add_parser(
        "dcs",
        help="DCS components and ratios at one (T, E), eqs. (1), (5), (6), (9)",
        description="Differential cross section of magnetic neutrino scattering at one T and E (nuion.dcs).",
        epilog=EPILOG_DCS,
        formatter_class=FMT,
        allow_abbrev=False,
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--Z", type=charge, metavar="Z", help="nuclear charge, integer 1..137")
    who.add_argument("--target", help="neutral atom: Ge or Xe (docs/atoms.md); energies in keV or MeV")
    p.add_argument("--E", type=Energy, required=True, help="neutrino energy, e.g. 100eb, 700keV or 1MeV (atoms)")
    p.add_argument("--T", type=Energies, required=True, help="energy transfer, e.g. 1.5eb or 20keV; several: 2keV,5keV,10keV")
    p.add_argument(
        "--mu-nu", type=moment, default=1e-11, metavar="MU", help="magnetic moment in Bohr magnetons (1e-11)"
    )
    channel_options(p)
    atom_options(p)
    p.add_argument("--response", metavar="PATH", help="atoms: stored response grid to read (default results/response/<target>.nc "
                   "when it exists and matches --continuum and --thresholds; else every shell is solved)")
    p.add_argument("--n-Q", type=int, default=400, help="atoms without a stored grid: Q points of the grid route, >= 4 (400: within 2e-5 of 800 at Ge, 2 keV)")
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=_run_dcs)


def _stored_grid(args, name, T):
    """The response dataset to read for --target at these T, or None and why not (every shell is then
    solved). An explicit --response that cannot serve is an error."""
    path = args.response or os.path.join("results", "response", f"{name}.nc")
    why = None
    if not os.path.isfile(path):
        why = f"no stored grid at {path}"
    else:
        ds = read_dataset(path, "response")
        asked = {"target": name, "continuum": args.continuum, "thresholds": args.thresholds}
        wrong = [f"{k} {ds.attrs.get(k)!s} (asked: {v})" for k, v in asked.items() if str(ds.attrs.get(k)) != v]
        lo, hi = max(float(ds["T"][0]), min(ds["binding"].values)), float(ds["T"][-1])
        if wrong:
            why = f"{path} holds {', '.join(wrong)}"
        elif min(T) < lo or max(T) > hi:
            why = f"{path} covers T = {lo:.4g}-{hi:.4g} keV only"
        else:
            return ds, None
    if args.response:
        raise ValueError(f"--response: {why}")
    return None, why


def _solve_each(args, T, E, one):
    """Every shell solved at each T (``one(target, T_i, progress)``), after the checks and a note on why."""
    from nuion.api import check_point

    target = atom_target(args)[0] if args.target is not None else nuion.targets.get(f"Z{args.Z}")
    check_point(T, E, target)
    if args.target is not None:
        print(f"nuion: note: {args.why}; solving every shell at each T (about a minute per T for Ge; "
              f"the atoms stage stores the grid: docs/cli.md, sec. 'Atoms')", file=sys.stderr)
    return target, _solved(lambda t, bar: one(target, t, bar), T)


def _solved(one, T):
    """The outputs of ``one(T_i)`` (arrays over T of length 1) joined over the list T, with a progress bar."""
    outs = [one(t, progress(f"T = {t:g} keV")) for t in T]
    return {k: (np.concatenate([o[k] for o in outs], axis=-1) if isinstance(outs[0][k], np.ndarray) else outs[0][k])
            for k in outs[0]}


def progress(label):
    """A progress bar over shells on stderr (tqdm), shown only when stderr is a terminal."""
    from tqdm import tqdm

    return lambda shells: tqdm(shells, desc=label, unit="shell", file=sys.stderr, disable=None, leave=False)


def _values(x):
    """One T: a number; several: a list."""
    x = np.asarray(x, dtype=float)
    return float(x[0]) if x.size == 1 else x.tolist()


def _atom_result(target, E, T, out, names):
    """{name: entry} of a target's DCS over T: ``names`` {printed name: key of ``out``}, units from the schema."""
    result = {
        "target": quantity("target", target.name, note=target.model),
        "E_nu": quantity("E_nu", E),
        "T": quantity("T", _values(T)),
    }
    for name, key in names.items():
        result[name] = quantity(name, _values(out[key]))
    return result


def _shell_entries(out, key):
    return {f"dcs_{label}": quantity("dcs_<shell>", _values(out[key][k]), note=f"shell {label}")
            for k, label in enumerate(out["shells"])}


def _check_n_Q(n_Q):
    if not 4 <= n_Q <= 100000:  # the cubic Q integrals need 4 points
        raise ValueError(f"--n-Q must lie in 4..100000, got {n_Q}")


def _run_atom_dcs(args):
    from nuion.api import atom_dcs, stored_dcs

    _check_n_Q(args.n_Q)
    E = atom_kev(args.E, "E")
    T = [atom_kev(t, "T", T_MAX_KEV) for t in args.T]
    ds, args.why = _stored_grid(args, args.target, T)
    if ds is not None:
        out = stored_dcs(T, E, ds, mu_nu=args.mu_nu)
        target = out["target"]
    else:
        target, out = _solve_each(args, T, E, lambda a, t, bar: atom_dcs(t, E, a, args.mu_nu, n_Q=args.n_Q, progress=bar))
    out["dcs_total_shell"] = out["dcs_par_shell"] + out["dcs_perp_shell"]
    names = ("dcs_total", "dcs_par", "dcs_perp", "dcs_fe", "dcs_stepping", "ratio_fe_atom", "ratio_stepping", "perp_over_par")
    result = _atom_result(target, E, T, out, {n: n for n in names})
    result["mu_nu"] = quantity("mu_nu", args.mu_nu)
    result.update(_shell_entries(out, "dcs_total_shell"))
    v = target.validity(np.asarray(T))
    result["v_ejected"] = quantity("v_ejected", _values(v["v_over_c"]))
    result["valid"] = quantity("valid", bool(np.all(v["valid"])), note=f"both speeds below {COMFORT_SPEED}")
    result["source"] = quantity("source", "stored grid" if ds is not None else "solved",
                                note=ds.encoding.get("source", "") if ds is not None else f"every shell on {args.n_Q} Q points")
    print_result(result, args.json)


def _run_channel_dcs(args):
    from nuion.api import channel_dcs, stored_dcs

    channel, chosen = channel_from_args(args)
    _check_n_Q(args.n_Q)
    ds = None
    if args.target is not None:
        E = atom_kev(args.E, "E")
        T = [atom_kev(t, "T", T_MAX_KEV) for t in args.T]
        ds, args.why = _stored_grid(args, args.target, T)
    else:
        E, T = check_E(parse_energy(args.E, args.Z)), [parse_energy(t, args.Z) for t in args.T]
    if ds is not None:
        out = stored_dcs(T, E, ds, channel)
        target = out["target"]
    else:
        target, out = _solve_each(args, T, E, lambda a, t, bar: channel_dcs(t, E, a, channel, n_Q=args.n_Q, progress=bar))
    # the quantities of one channel: the variables of the channels dataset (docs/channels.md, sec. 'Grid route')
    result = _atom_result(target, E, T, out, CHANNEL_NAMES)
    result.update(chosen)
    result.update(_shell_entries(out, "dcs_shell"))
    print_result(result, args.json)


def _run_dcs(args):
    if args.channel != "magnetic":
        return _run_channel_dcs(args)
    if args.target is not None:
        return _run_atom_dcs(args)
    Z = args.Z
    E = check_E(parse_energy(args.E, Z))
    T = [parse_energy(t, Z) for t in args.T]
    if max(T) >= E:
        # eq. (1) and eq. (9) both vanish at T = E: the ratios would be 0/0
        raise ValueError(f"T must be < E (at T = E every ratio is 0/0), got T = {max(T):.6g} keV, E = {E:.6g} keV")
    ds = nuion.dcs(T, E, Z, args.mu_nu)
    eps_b = ds.attrs["eps_b"]
    result = {
        "Z": quantity("Z", Z),
        "eps_b": quantity("eps_b", eps_b),
        "E_nu": quantity("E_nu", E),
        "E_over_eb": quantity("E_over_eb", tidy(E / eps_b)),
        "T": quantity("T", _values(T)),
        "T_over_eb": quantity("T_over_eb", _values([tidy(t / eps_b) for t in T])),
        "T_max_fe": quantity("T_max_fe", ds.attrs["T_max_fe"]),
        "mu_nu": quantity("mu_nu", ds.attrs["mu_nu"]),
    }
    for name in DCS_NAMES:
        result[name] = quantity(name, _values(ds[name].values))
    result.update(validity_entries(T, Z))
    print_result(result, args.json)
