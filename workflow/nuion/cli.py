"""Command-line point queries: ``nuion dcs``, ``response``, ``sumrules``, ``rate``, ``limit``.

A thin layer over the public API (docs/workflow.md, sec. 'Python API') for one-off numbers, without the
workflow: parse the arguments, call :mod:`nuion`, print a table or a JSON
object. Energies carry a unit: ``<x>eb`` (multiples of eps_b(Z)) or ``<x>keV``.

Bad input gives one line ``nuion: error: ...`` on stderr naming the argument and
its allowed range, and exit status 2. Every answer carries the validity indicators
of :func:`nuion.kinematics.validity` (alpha Z, v/c of the ejected electron, ``valid``);
outside the model's comfort zone a ``nuion: warning: ...`` line goes to stderr.
"""

import argparse
import json
import math
import re
import sys

import numpy as np

import nuion
from nuion import targets
from nuion.targets.ion import sum_rules
from nuion.targets.atom.atom import Atom
from nuion.targets.atom.thresholds import photoabsorption_table
from nuion.io import VARIABLES
from nuion.io import tidy
from nuion.kinematics import COMFORT_SPEED, Z_MAX, Z_MIN, check_E, check_Z, momentum_unit, validity

__all__ = ["parse_energy", "build_parser", "main"]

_ENERGY = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(eb|keV|MeV)\s*")

#: Points of the ``sumrules`` subcommand: K for Bethe and closure, T/eps_b for the others.
SUMRULE_K = (0.1, 1.0, 10.0)
SUMRULE_W = (1.01, 2.0, 10.0)

DCS_NAMES = ("dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "ratio_total", "ratio_par", "perp_over_par")

EPILOG_DCS = """\
Example:
  nuion dcs --Z 32 --E 100eb --T 1.5eb
  nuion dcs --Z 32 --E 700keV --T 20keV --json

Energies need a unit: <x>eb (multiples of eps_b(Z)) or <x>keV.
Allowed: Z integer 1..137; eps_b < T < E (at T = E the ratios are 0/0)."""

EPILOG_RESPONSE = """\
Example:
  nuion response --Z 32 --T 1.5eb --Q 1000
  nuion response --Z 32 --T 1.5eb --K 0.5 --json

  nuion response --target Xe --shell 5p --T 0.1keV --q 10keV --json

Q in keV^2 (Q >= 0), or K >= 0 with Q = (K alpha Z m_e)^2. Allowed: T > eps_b.
Atoms (--target Ge|Xe): energies in keV, --q in keV or --Q; T above the lowest threshold."""

EPILOG_PHOTO = """\
Example:
  nuion photo --target Ge --omega 15keV --json
  nuion photo --target Xe --omega 30keV --continuum coulomb --thresholds measured"""

EPILOG_SUMRULES = f"""\
Example:
  nuion sumrules --Z 32
  nuion sumrules --Z 54 --json

Bethe sum (exact 1) and 3 x transverse closure sum (exact 1) at K = {", ".join(map(str, SUMRULE_K))};
momentum-transfer rule, eq. (17), and retardation factor at T/eps_b = {", ".join(map(str, SUMRULE_W))}."""

EPILOG_MAIN = f"""\
Examples:
  nuion dcs --Z 32 --E 100eb --T 1.5eb        DCS components and ratios at one (T, E)
  nuion response --Z 32 --T 1.5eb --Q 1000    S and R at one (T, Q)
  nuion sumrules --Z 32                       sum rules and the retardation factor
  nuion rate --preset gemma --T 1keV --model fe   event rates dR/dT of a detector preset
  nuion limit --preset gemma                  expected 90 % CL limit on mu_nu per atomic model
  nuion photo --target Ge --omega 15keV       photoabsorption of an atom, per shell

Run 'nuion <command> --help' for the options of a command. nuion {nuion.__version__}."""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line, ``nuion: error: <message>``."""

    def error(self, message):
        # the usage block would bury the message; --help shows it on request
        self.exit(2, f"nuion: error: {_one_line(message)}\n")


def _one_line(message):
    return " ".join(str(message).split())


class Energy(str):
    """An energy argument as typed, ``<x>eb`` or ``<x>keV``; converted once Z is known."""

    def __new__(cls, text):
        if not _ENERGY.fullmatch(text):
            raise argparse.ArgumentTypeError(
                f"expected <number>eb (multiples of eps_b(Z)), <number>keV or <number>MeV, e.g. 100eb or 700keV; got {text!r}"
            )
        return super().__new__(cls, text.strip())


def parse_energy(text, Z):
    """Energy in keV of ``<x>eb``, ``<x>keV`` or ``<x>MeV``.

    Parameters
    ----------
    text : str
        A number followed by ``eb`` (multiples of eps_b(Z)) or ``keV``.
    Z : int
        Nuclear charge (for ``eb``).

    Returns
    -------
    float
        Energy in keV.

    Raises
    ------
    ValueError
        If ``text`` has no unit or is not a number with a unit.

    Examples
    --------
    >>> parse_energy("700keV", 32)
    700.0
    >>> round(parse_energy("100eb", 32), 2)
    1393.22
    """
    match = _ENERGY.fullmatch(text)
    if match is None:
        raise ValueError(f"energy must be <number>eb, <number>keV or <number>MeV, got {text!r}")
    number, unit = float(match.group(1)), match.group(2)
    return {"eb": nuion.binding_energy(Z) if unit == "eb" else None, "keV": 1.0, "MeV": 1000.0}[unit] * number


def _charge(text):
    try:
        value = float(text)
        return check_Z(int(value) if value.is_integer() else value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"Z must be an integer >= {Z_MIN} and <= {Z_MAX} (nuclear charge), got {text!r}"
        ) from None


def _moment(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"mu_nu must be a positive number (Bohr magnetons), got {text!r}")
    return value


def _number(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def build_parser():
    """The argument parser of ``nuion`` and its subcommands.

    Returns
    -------
    argparse.ArgumentParser
    """
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="nuion",
        description="Magnetic neutrino-impact ionization of hydrogen-like ions: point queries.",
        epilog=EPILOG_MAIN,
        formatter_class=fmt,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"nuion {nuion.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{dcs,response,photo,sumrules,rate,limit}")

    charge = {"type": _charge, "required": True, "metavar": "Z", "help": f"nuclear charge, integer {Z_MIN}..{Z_MAX}"}
    as_json = {"action": "store_true", "help": "print one JSON object {name: {value, units}}"}

    p = sub.add_parser(
        "dcs",
        help="DCS components and ratios at one (T, E), eqs. (1), (5), (6), (9)",
        description="Differential cross section of magnetic neutrino scattering at one T and E (nuion.dcs).",
        epilog=EPILOG_DCS,
        formatter_class=fmt,
        allow_abbrev=False,
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--Z", **{**charge, "required": False})
    who.add_argument("--target", help="neutral atom: Ge or Xe (docs/atoms.md); energies in keV or MeV")
    p.add_argument("--E", type=Energy, required=True, help="neutrino energy, e.g. 100eb, 700keV or 1MeV (atoms)")
    p.add_argument("--T", type=Energy, required=True, help="energy transfer, e.g. 1.5eb or 20keV")
    p.add_argument(
        "--mu-nu", type=_moment, default=1e-11, metavar="MU", help="magnetic moment in Bohr magnetons (1e-11)"
    )
    _atom_options(p)
    p.add_argument("--n-Q", type=int, default=400, help="atoms: Q points of the grid route, >= 4 (400: within 2e-5 of 800 at Ge, 2 keV)")
    p.add_argument("--json", **as_json)
    p.set_defaults(run=_run_dcs)

    p = sub.add_parser(
        "response",
        help="longitudinal S and transverse R response at one (T, Q)",
        description="Response functions S(T, Q) and R(T, Q) of the hydrogenic 1s state, in keV^-1.",
        epilog=EPILOG_RESPONSE,
        formatter_class=fmt,
        allow_abbrev=False,
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--Z", **{**charge, "required": False})
    who.add_argument("--target", help="neutral atom: Ge or Xe (docs/atoms.md)")
    p.add_argument("--T", type=Energy, required=True, help="energy transfer, e.g. 1.5eb or 20keV")
    q = p.add_mutually_exclusive_group(required=True)
    q.add_argument("--Q", type=_number, help="squared momentum transfer in keV^2")
    q.add_argument("--K", type=_number, help="momentum transfer q/(alpha Z m_e)")
    q.add_argument("--q", type=Energy, help="momentum transfer |q| in keV, e.g. 10keV")
    _atom_options(p)
    p.add_argument("--shell", help="one shell of the atom, e.g. 5p (default: all, summed)")
    p.add_argument("--json", **as_json)
    p.set_defaults(run=_run_response)

    p = sub.add_parser(
        "photo",
        help="photoabsorption cross section of an atom, real-photon limit of R",
        description="sigma_gamma(w) = 4 pi^2 alpha R(w, w^2)/w per atom and per shell, in barn, "
        "beside the Elam table of xraydb (docs/atoms.md, sec. 'Photoabsorption').",
        epilog=EPILOG_PHOTO,
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("--target", required=True, help="neutral atom: Ge or Xe")
    p.add_argument("--omega", type=Energy, required=True, help="photon energy, e.g. 15keV")
    _atom_options(p)
    p.add_argument("--json", **as_json)
    p.set_defaults(run=_run_photo)

    p = sub.add_parser(
        "sumrules",
        help="Bethe and closure sums, momentum-transfer rule, retardation factor",
        description="Sum rules and limits of the 1s responses (docs/physics.md, sec. 'Sum rules and limits') from the closed forms.",
        epilog=EPILOG_SUMRULES,
        formatter_class=fmt,
        allow_abbrev=False,
    )
    p.add_argument("--Z", **charge)
    p.add_argument("--json", **as_json)
    p.set_defaults(run=_run_sumrules)
    _add_rate_commands(sub, as_json, fmt)
    return parser


RATE_UNITS = "counts/(kg day keV)"


def _add_rate_commands(sub, as_json, fmt):
    """``nuion rate`` and ``nuion limit`` (docs/rates.md): presets of config/presets.yaml."""
    preset = {"required": True, "help": "detector preset of config/presets.yaml (gemma, texono, conus, xenonnt)"}
    p = sub.add_parser("rate", help="dR/dT (magnetic, weak) of a detector preset at one T", formatter_class=fmt,
                       description="Event rates in counts/(kg day keV) at one recoil energy T (nuion.detectors.rates).",
                       epilog="Example:\n  nuion rate --preset gemma --T 1keV --model fe --json", allow_abbrev=False)
    p.add_argument("--preset", **preset)
    p.add_argument("--T", type=Energy, required=True, help="recoil energy, e.g. 1keV")
    p.add_argument("--model", choices=("fe", "stepping", "atom"), default="fe", help="atomic model (fe)")
    p.add_argument("--response", metavar="PATH", help="response grid of the atom (results/response/<material>.nc)")
    p.add_argument("--mu-nu", type=_moment, default=1e-11, metavar="MU", help="magnetic moment in Bohr magnetons (1e-11)")
    p.add_argument("--json", **as_json)
    p.set_defaults(run=_run_rate)
    p = sub.add_parser("limit", help="90%% CL upper limit on mu_nu per atomic model: expected (preset) or observed (data)",
                       formatter_class=fmt,
                       description="Expected (median) 90 % CL CLs limit on mu_nu of a preset with pyhf "
                       "(nuion.detectors.sensitivity), or observed and expected limits from a data release "
                       "(--data; nuion.detectors.likelihood, docs/releases.md).",
                       epilog="Examples:\n  nuion limit --preset gemma --json\n"
                       "  nuion limit --data xenonnt-sr0 --models fe,stepping --json\n"
                       "--data also takes a release YAML file of your own (docs/releases.md).",
                       allow_abbrev=False)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", help=preset["help"])
    source.add_argument("--data", metavar="PATH", help="data release: a shipped name (xenonnt-sr0) or a release YAML file")
    p.add_argument("--models", default="fe,stepping,atom", help="comma-separated atomic models (fe,stepping,atom)")
    p.add_argument("--response", metavar="PATH", help="response grid of the atom (results/response/<material>.nc)")
    p.add_argument("--threshold", type=Energy, help="threshold, e.g. 2keV (default: the preset's)")
    p.add_argument("--method", choices=("pyhf", "analytic"), default="pyhf", help="pyhf CLs (default) or analytic Asimov")
    p.add_argument("--json", **as_json)
    p.set_defaults(run=_run_limit)


def _kev(text, name):
    if not str(text).endswith("keV"):
        raise ValueError(f"{name} must be in keV, e.g. 1keV; got {text!r}")
    value = parse_energy(text, 1)
    if value <= 0:
        raise ValueError(f"{name} must be > 0 keV, got {value:g}")
    return value


def _run_rate(args):
    from nuion.detectors import presets

    p = presets.get(args.preset)
    T = _kev(args.T, "T")
    m = presets.atomic_models(p, (args.model,), response=args.response)[0]
    (mag_true, mag_obs), (weak_true, weak_obs) = (
        presets.spectra(p, [T], [m], args.mu_nu)[(m.name, i)] for i in ("magnetic", "weak")
    )
    result = {
        "preset": {"value": args.preset, "units": "1"},
        "model": {"value": m.name, "units": "1"},
        "T": _entry(T, "keV", note="recoil (energy-transfer) energy"),
        "mu_nu": _entry(args.mu_nu, "Bohr magneton"),
        "rate_magnetic": _entry(mag_true[0], RATE_UNITS, note="true dR/dT, magnetic"),
        "rate_weak": _entry(weak_true[0], RATE_UNITS, note="true dR/dT, SM weak"),
        "rate_magnetic_observed": _entry(mag_obs[0], RATE_UNITS, note="with resolution and threshold"),
        "rate_weak_observed": _entry(weak_obs[0], RATE_UNITS, note="with resolution and threshold"),
        "flux": _entry(presets.flux(p).total(), "cm-2 s-1", note="total flux at the detector"),
    }
    if m.name == "atom":
        result["atom_in_grid"] = {"value": bool(m.in_grid(T)), "units": "1",
                                  "note": "false: outside the grid's T range, stepping used"}
    _print(result, args.json)


def _run_limit_data(args):
    """Observed and expected limits of a data release (``nuion limit --data``)."""
    from nuion.detectors import likelihood, presets, releases

    release = releases.load(args.data)
    if args.threshold is not None or args.method != "pyhf":
        raise ValueError("--threshold and --method are for --preset; a release has its own window and statistics")
    names = tuple(n.strip() for n in args.models.split(",") if n.strip())
    models = presets.atomic_models({"material": release.material}, names, response=args.response)
    results, _ = likelihood.limits(release, models, n_scan=2)
    units = "Bohr magneton"
    result = {
        "release": {"value": release.name, "units": "1", "note": release.meta.get("description", "")},
        "observed": {"value": {r.model: _finite(r.observed) for r in results}, "units": units,
                     "note": "observed 90 % CL upper limit (CLs, q~ asymptotics)"},
        "expected": {"value": {r.model: _finite(r.expected) for r in results}, "units": units,
                     "note": "median expected 90 % CL upper limit (background-only Asimov data)"},
        "expected_band": {"value": {r.model: [_finite(x) for x in r.band] for r in results}, "units": units,
                          "note": "expected limit at -2, -1, 0, +1, +2 sigma"},
    }
    if release.published_limit:
        result["published_limit"] = _entry(release.published_limit, units)
    if not args.json:
        flat = {"release": result["release"]}
        for r in results:
            flat[f"observed_{r.model}"] = _entry(r.observed, units)
            flat[f"expected_{r.model}"] = _entry(r.expected, units, note="median")
            flat[f"band_{r.model}"] = _entry(list(r.band), units, note="-2, -1, 0, +1, +2 sigma")
        result = {**flat, **{k: v for k, v in result.items() if k == "published_limit"}}
    _print(result, args.json)


def _run_limit(args):
    from nuion.detectors import presets

    if args.data is not None:
        return _run_limit_data(args)
    p = presets.get(args.preset)
    names = tuple(n.strip() for n in args.models.split(",") if n.strip())
    threshold = None if args.threshold is None else _kev(args.threshold, "threshold")
    models = presets.atomic_models(p, names, response=args.response)
    limits = {m.name: presets.limit(p, m, threshold, method=args.method) for m in models}
    result = {
        "preset": {"value": args.preset, "units": "1"},
        "threshold": _entry(p["detector"]["threshold_keV"] if threshold is None else threshold, "keV"),
        "mu_nu_limit": {"value": {k: _finite(v) for k, v in limits.items()}, "units": "Bohr magneton",
                        "note": f"expected 90 % CL upper limit ({args.method})"},
        "published_limit": _entry(p["published"].get("mu_nu_limit", math.nan), "Bohr magneton"),
    }
    if not args.json:
        for k, v in limits.items():
            result[f"mu_nu_limit_{k}"] = _entry(v, "Bohr magneton")
        del result["mu_nu_limit"]
    _print(result, args.json)


def _atom_options(p):
    p.add_argument("--continuum", choices=targets.CONTINUA, default="mean-field", help="continuum model of an atom")
    p.add_argument("--thresholds", choices=targets.THRESHOLDS, default="model", help="shell thresholds of an atom")


def _atom(args):
    """The atom of --target, and a keV parser for its energies (no eps_b for an atom)."""
    atom = targets.get(args.target, continuum=args.continuum, thresholds=args.thresholds)
    if not isinstance(atom, Atom):
        raise ValueError(f"--target must be a neutral atom (Ge, Xe); for an ion use --Z, got {args.target!r}")

    def kev(text, name):
        if text.endswith("eb"):
            raise ValueError(f"{name} of an atom needs keV or MeV (an atom has no eps_b), got {text!r}")
        return parse_energy(text, 1)

    return atom, kev


def _run_atom_response(args):
    atom, kev = _atom(args)
    T = kev(args.T, "T")
    if args.K is not None:
        raise ValueError("--K is for hydrogen-like ions; give --q (keV) or --Q (keV^2) for an atom")
    Q = kev(args.q, "q") ** 2 if args.q is not None else args.Q
    if T <= atom.threshold:
        raise ValueError(f"T must be above the lowest threshold of {atom.name}, {atom.threshold:.4g} keV; got {T:g} keV")
    if Q < 0:
        raise ValueError(f"Q must be >= 0 (keV^2), got {Q:g}")
    sh = atom.shell(args.shell) if args.shell else None
    result = {
        "target": _entry(0, "1", note=atom.model),
        "T": _entry(T, "keV"),
        "Q": _entry(Q, "keV^2"),
        "q": _entry(math.sqrt(Q), "keV"),
    }
    result["target"]["value"] = atom.name
    if sh is not None:
        result["shell"] = {"value": sh.label, "units": "1", "note": f"binding {sh.binding:.6g} keV"}
    result["S"] = _entry(float(atom.S(T, Q, shell=sh)), "keV^-1", note="longitudinal response, summed over electrons")
    result["R"] = _entry(float(atom.R(T, Q, shell=sh)), "keV^-1", note="transverse response, summed over electrons")
    _print(result, args.json)


def _run_photo(args):
    atom, kev = _atom(args)
    w = kev(args.omega, "omega")
    if not 0.1 <= w <= 1000:
        raise ValueError(f"omega must lie in [0.1, 1000] keV, got {w:g}")
    per_shell = {s.label: float(atom.photoabsorption(w, shell=s)) for s in atom.shells}
    result = {"omega": _entry(w, "keV"), "sigma_gamma": _entry(sum(per_shell.values()), "barn", note=atom.model)}
    result["sigma_table_elam"] = _entry(float(photoabsorption_table(atom.name, w)), "barn", note="xraydb, Elam et al. 2002")
    for label, value in per_shell.items():
        result[f"sigma_{label}"] = _entry(value, "barn")
    _print(result, args.json)


def _entry(value, units, **extra):
    # JSON has no NaN: the ratios are 0/0 at T = E
    if isinstance(value, list | tuple | np.ndarray):
        value = [_finite(v) for v in value]
    else:
        value = _finite(value)
    return {"value": value, "units": units, **extra}


def _finite(value):
    if isinstance(value, int | np.integer):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None


def _print(result, as_json):
    # a value that is not a finite number is a bug, never an answer
    missing = [name for name, e in result.items() if e["value"] is None or None in np.ravel(e["value"]).tolist()]
    if missing:
        raise ValueError(f"no finite value for {', '.join(missing)} at this point")
    if as_json:
        print(json.dumps(result, indent=2, allow_nan=False))
        return
    width = max(map(len, result))
    for name, entry in result.items():
        value = entry["value"]
        if isinstance(value, list):
            text = "  ".join(f"{v:.6g}" for v in value)
        elif isinstance(value, bool):
            text = str(value).lower()
        elif isinstance(value, str):
            text = value
        else:
            text = f"{value:.6g}"
        note = f"  ({entry['note']})" if "note" in entry else ""
        units = "" if entry["units"] == "1" else f" {entry['units']}"
        print(f"{name:<{width}}  {text}{units}{note}")


def _validity(T, Z):
    """Entries alpha_Z, v_over_c, valid of one T; a warning on stderr outside the comfort zone."""
    v = validity(T, Z)
    alpha_Z, v_over_c, valid = float(v["alpha_Z"]), float(v["v_over_c"]), bool(v["valid"])
    if not valid:
        why = [f"alpha Z = {alpha_Z:.3g}"] if alpha_Z >= COMFORT_SPEED else []
        if v_over_c >= COMFORT_SPEED:
            why.append(f"ejected v/c = {v_over_c:.3g}" + (" > 1, faster than light" if v_over_c >= 1 else ""))
        print(
            f"nuion: warning: outside the nonrelativistic model's comfort zone ({', '.join(why)}; "
            f"comfort: below {COMFORT_SPEED}); corrections of order (v/c)^2 are missing",
            file=sys.stderr,
        )
    return {
        "alpha_Z": _entry(alpha_Z, "1", note="bound-electron speed v/c"),
        "v_over_c": _entry(v_over_c, "1", note="ejected-electron speed, nonrelativistic"),
        "valid": {"value": valid, "units": "1", "note": f"both speeds below {COMFORT_SPEED}"},
    }


def _run_atom_dcs(args):
    from nuion.api import atom_dcs

    atom, kev = _atom(args)
    E = kev(args.E, "E")
    T = kev(args.T, "T")
    if not 4 <= args.n_Q <= 100000:  # the cubic Q integrals need 4 points
        raise ValueError(f"--n-Q must lie in 4..100000, got {args.n_Q}")
    out = atom_dcs(T, E, atom, args.mu_nu, n_Q=args.n_Q)
    result = {
        "target": {"value": atom.name, "units": "1", "note": atom.model},
        "E_nu": _entry(E, "keV", note="neutrino energy"),
        "T": _entry(T, "keV", note="energy transfer"),
        "mu_nu": _entry(args.mu_nu, "Bohr magneton"),
    }
    for name in ("dcs_total", "dcs_par", "dcs_perp", "dcs_fe", "dcs_stepping", "ratio_fe_atom", "perp_over_par"):
        units, long_name = VARIABLES[name]
        result[name] = _entry(float(out[name][0]), units, note=long_name)
    result["ratio_stepping"] = _entry(float(out["ratio_stepping_atom"][0]), "1", note=VARIABLES["ratio_stepping_atom"][1])
    for k, label in enumerate(out["shells"]):
        result[f"dcs_{label}"] = _entry(
            float(out["dcs_par_shell"][k, 0] + out["dcs_perp_shell"][k, 0]), "cm2 keV-1", note=f"shell {label}, eq. (9)"
        )
    v = atom.validity(T)
    result["v_over_c"] = _entry(float(v["v_over_c"]), "1", note="ejected-electron speed, nonrelativistic")
    result["valid"] = {"value": bool(v["valid"]), "units": "1"}
    _print(result, args.json)


def _run_dcs(args):
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
        "Z": _entry(Z, "1"),
        "eps_b": _entry(eps_b, ds.attrs["eps_b_units"], note="binding energy of the 1s state"),
        "E_nu": _entry(E, ds.attrs["E_nu_units"], note="neutrino energy"),
        "E_over_eb": _entry(tidy(E / eps_b), "1"),
        "T": _entry(T, ds["T"].attrs["units"], note=ds["T"].attrs["long_name"]),
        "T_over_eb": _entry(tidy(T / eps_b), ds["T_over_eb"].attrs["units"]),
        "T_max_fe": _entry(ds.attrs["T_max_fe"], ds.attrs["T_max_fe_units"], note="free-electron endpoint"),
        "mu_nu": _entry(ds.attrs["mu_nu"], ds.attrs["mu_nu_units"]),
    }
    for name in DCS_NAMES:
        result[name] = _entry(ds[name].values[0], ds[name].attrs["units"], note=ds[name].attrs["long_name"])
    result.update(_validity(T, Z))
    _print(result, args.json)


def _run_response(args):
    if args.target is not None:
        return _run_atom_response(args)
    if args.q is not None or args.shell is not None:
        raise ValueError("--q and --shell are for atoms (--target); give --Q or --K for an ion")
    Z = args.Z
    T = parse_energy(args.T, Z)
    if args.K is not None:
        if args.K < 0:
            raise ValueError(f"K must be >= 0 (momentum transfer in units of alpha Z m_e), got {args.K:g}")
        Q = (args.K * momentum_unit(Z)) ** 2
    else:
        Q = args.Q
    S = nuion.longitudinal_response(T, Q, Z)
    R = nuion.transverse_response(T, Q, Z)
    eps_b = nuion.binding_energy(Z)
    result = {
        "Z": _entry(Z, "1"),
        "eps_b": _entry(eps_b, "keV", note="binding energy of the 1s state"),
        "T": _entry(T, VARIABLES["T"][0]),
        "T_over_eb": _entry(tidy(T / eps_b), VARIABLES["T_over_eb"][0]),
        "Q": _entry(Q, VARIABLES["Q"][0]),
        "K": _entry(math.sqrt(Q) / momentum_unit(Z), VARIABLES["K"][0], note="q / (alpha Z m_e)"),
        "S": _entry(S, VARIABLES["S"][0], note=VARIABLES["S"][1]),
        "R": _entry(R, VARIABLES["R"][0], note=VARIABLES["R"][1]),
    }
    result.update(_validity(T, Z))
    _print(result, args.json)


def _run_sumrules(args):
    Z = args.Z
    eps_b = nuion.binding_energy(Z)
    K = np.array(SUMRULE_K)
    W = np.array(SUMRULE_W)
    result = {
        "Z": _entry(Z, "1"),
        "eps_b": _entry(eps_b, "keV", note="binding energy of the 1s state"),
        "K_check": _entry(K, "1", note="q / (alpha Z m_e) of the Bethe and closure sums"),
        "bethe_total": _entry(sum_rules.bethe_sum(K), "1", note="Bethe sum rule, eq. (15); exact: 1"),
        "closure_total_x3": _entry(3 * sum_rules.closure_sum(K), "1", note="3 x transverse closure sum; exact: 1"),
        "T_over_eb": _entry(W, "1", note="T / eps_b of the rules below"),
        "momentum_transfer_total": _entry(
            sum_rules.momentum_transfer_rule(W), "1", note="T Int S dQ/Q, eq. (17); not exactly 1 for 1s"
        ),
        "retardation_factor": _entry(
            sum_rules.retardation_factor(W * eps_b, Z), "1", note="photoionization with retardation / Stobbe"
        ),
    }
    _print(result, args.json)


_FLAGS = ("--json", "--help", "--version")


def _negative_values(argv):
    """Join ``--E -100keV`` into ``--E=-100keV``: argparse reads a token that starts with '-'
    and is not a plain negative number as an option, and would say "expected one argument"."""
    out = []
    for arg in argv:
        previous = out[-1] if out else ""
        if previous.startswith("--") and "=" not in previous and previous not in _FLAGS and re.match(r"-[\d.]", arg):
            out[-1] = f"{previous}={arg}"
        else:
            out.append(arg)
    return out


def main(argv=None):
    """Run the ``nuion`` command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 2 on bad input (one line on stderr).
    """
    parser = build_parser()
    argv = _negative_values(sys.argv[1:] if argv is None else list(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and argparse's errors
        return exit_.code
    try:
        args.run(args)
    except ValueError as err:
        # nuion's ValueErrors name the argument and its allowed range
        print(f"nuion: error: {_one_line(err)}", file=sys.stderr)
        return 2
    return 0
