"""``nuion dcs``: the DCS of a hydrogen-like ion (closed forms) or an atom (grid route) at one (T, E)."""

import nuion
from nuion.cli.atoms import atom_kev, atom_options, atom_target
from nuion.cli.common import (
    AS_JSON,
    FMT,
    Energy,
    channel_from_args,
    channel_options,
    charge,
    moment,
    parse_energy,
    print_result,
    quantity,
    validity_entries,
)
from nuion.io import tidy
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
    p.add_argument("--T", type=Energy, required=True, help="energy transfer, e.g. 1.5eb or 20keV")
    p.add_argument(
        "--mu-nu", type=moment, default=1e-11, metavar="MU", help="magnetic moment in Bohr magnetons (1e-11)"
    )
    channel_options(p)
    atom_options(p)
    p.add_argument("--n-Q", type=int, default=400, help="atoms: Q points of the grid route, >= 4 (400: within 2e-5 of 800 at Ge, 2 keV)")
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=_run_dcs)


def _run_atom_dcs(args):
    from nuion.api import atom_dcs

    E = atom_kev(args.E, "E")
    T = atom_kev(args.T, "T", T_MAX_KEV)
    atom, _ = atom_target(args)
    if not 4 <= args.n_Q <= 100000:  # the cubic Q integrals need 4 points
        raise ValueError(f"--n-Q must lie in 4..100000, got {args.n_Q}")
    out = atom_dcs(T, E, atom, args.mu_nu, n_Q=args.n_Q)
    result = {
        "target": quantity("target", atom.name, note=atom.model),
        "E_nu": quantity("E_nu", E),
        "T": quantity("T", T),
        "mu_nu": quantity("mu_nu", args.mu_nu),
    }
    for name in ("dcs_total", "dcs_par", "dcs_perp", "dcs_fe", "dcs_stepping", "ratio_fe_atom", "ratio_stepping", "perp_over_par"):
        result[name] = quantity(name, float(out[name][0]))
    for k, label in enumerate(out["shells"]):
        result[f"dcs_{label}"] = quantity("dcs_<shell>", float(out["dcs_par_shell"][k, 0] + out["dcs_perp_shell"][k, 0]),
                                          note=f"shell {label}, eq. (9)")
    v = atom.validity(T)
    result["v_ejected"] = quantity("v_ejected", float(v["v_over_c"]))
    result["valid"] = quantity("valid", bool(v["valid"]), note=f"both speeds below {COMFORT_SPEED}")
    print_result(result, args.json)


def _run_channel_dcs(args):
    from nuion.api import channel_dcs

    if args.target is not None:
        target, kev = atom_target(args)
        E, T = kev(args.E, "E"), kev(args.T, "T")
    else:
        target = nuion.targets.get(f"Z{args.Z}")
        E, T = check_E(parse_energy(args.E, args.Z)), parse_energy(args.T, args.Z)
    if not 4 <= args.n_Q <= 100000:
        raise ValueError(f"--n-Q must lie in 4..100000, got {args.n_Q}")
    channel, chosen = channel_from_args(args)
    out = channel_dcs(T, E, target, channel, n_Q=args.n_Q)
    result = {
        "target": quantity("target", target.name, note=getattr(target, "model", "")),
        "E_nu": quantity("E_nu", E),
        "T": quantity("T", T),
        **chosen,
    }
    # the quantities of one channel: the variables of the channels dataset (docs/channels.md, sec. 'Grid route')
    for name, key in CHANNEL_NAMES.items():
        result[name] = quantity(name, float(out[key][0]))
    for k, label in enumerate(out["shells"]):
        result[f"dcs_{label}"] = quantity("dcs_<shell>", float(out["dcs_shell"][k, 0]), note=f"shell {label}")
    print_result(result, args.json)


def _run_dcs(args):
    if args.channel != "magnetic":
        return _run_channel_dcs(args)
    if args.target is not None:
        return _run_atom_dcs(args)
    Z = args.Z
    E = check_E(parse_energy(args.E, Z))
    T = parse_energy(args.T, Z)
    if T >= E:
        # eq. (1) and eq. (9) both vanish at T = E: the ratios would be 0/0
        raise ValueError(f"T must be < E (at T = E every ratio is 0/0), got T = {T:.6g} keV, E = {E:.6g} keV")
    ds = nuion.dcs([T], E, Z, args.mu_nu)
    eps_b = ds.attrs["eps_b"]
    result = {
        "Z": quantity("Z", Z),
        "eps_b": quantity("eps_b", eps_b),
        "E_nu": quantity("E_nu", E),
        "E_over_eb": quantity("E_over_eb", tidy(E / eps_b)),
        "T": quantity("T", T),
        "T_over_eb": quantity("T_over_eb", tidy(T / eps_b)),
        "T_max_fe": quantity("T_max_fe", ds.attrs["T_max_fe"]),
        "mu_nu": quantity("mu_nu", ds.attrs["mu_nu"]),
    }
    for name in DCS_NAMES:
        result[name] = quantity(name, ds[name].values[0])
    result.update(validity_entries(T, Z))
    print_result(result, args.json)
