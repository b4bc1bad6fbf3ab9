"""Shared pieces of the ``nuion`` command: energies with units, argument types, one-line errors, output."""

import argparse
import json
import math
import re
import sys

import numpy as np

import nuion
from nuion.io.schema import declared
from nuion.kinematics import COMFORT_SPEED, Z_MAX, Z_MIN, check_Z, validity

__all__ = ["channel_options", "channel_from_args", "Parser", "Energy", "Energies", "parse_energy", "charge", "moment", "number", "kev", "entry", "quantity", "finite", "print_result", "validity_entries", "one_line", "FMT", "AS_JSON"]

_ENERGY = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(eb|keV|MeV)\s*")
#: Formatter of every parser (examples keep their line breaks).
FMT = argparse.RawDescriptionHelpFormatter
#: The --json option of every command.
AS_JSON = {"action": "store_true", "help": "print one JSON object {name: {value, units}}"}


class Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line, ``nuion: error: <message>``."""

    def error(self, message):
        # the usage block would bury the message; --help shows it on request
        self.exit(2, f"nuion: error: {one_line(message)}\n")


def one_line(message):
    """The message on one line (whitespace collapsed)."""
    return " ".join(str(message).split())


class Energies(list):
    """A comma-separated list of :class:`Energy` arguments (``2keV,5keV``), as typed."""

    def __init__(self, text):
        parts = [t for t in str(text).split(",") if t.strip()]
        if not parts:
            raise argparse.ArgumentTypeError(f"expected one or more energies separated by commas, got {text!r}")
        super().__init__(Energy(t) for t in parts)


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


def charge(text):
    """argparse type of --Z: an integer nuclear charge in range."""
    try:
        value = float(text)
        return check_Z(int(value) if value.is_integer() else value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"Z must be an integer >= {Z_MIN} and <= {Z_MAX} (nuclear charge), got {text!r}"
        ) from None


def moment(text):
    """argparse type of --mu-nu: a positive number (Bohr magnetons)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"mu_nu must be a positive number (Bohr magnetons), got {text!r}")
    return value


def number(text):
    """argparse type of a finite number."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def kev(text, name):
    """A positive energy in keV from ``<x>keV`` (the detector commands)."""
    if not str(text).endswith("keV"):
        raise ValueError(f"{name} must be in keV, e.g. 1keV; got {text!r}")
    value = parse_energy(text, 1)
    if value <= 0:
        raise ValueError(f"{name} must be > 0 keV, got {value:g}")
    return value


def entry(value, units, **extra):
    """One answer: {value, units, ...}; non-finite values become None (refused by :func:`print_result`)."""
    # JSON has no NaN: the ratios are 0/0 at T = E
    if isinstance(value, list | tuple | np.ndarray):
        value = [finite(v) for v in value]
    elif isinstance(value, dict):  # one value per atomic model
        value = {k: [finite(x) for x in v] if isinstance(v, list | tuple) else finite(v) for k, v in value.items()}
    elif not isinstance(value, str | bool):  # labels and yes/no stay as they are
        value = finite(value)
    return {"value": value, "units": units, **extra}


def quantity(name, value, note=None):
    """:func:`entry` of a name declared in :mod:`nuion.io.schema` (VARIABLES or CLI_ONLY): its units from
    there, its long_name as the note unless ``note`` is given; the key it is printed under means that name."""
    units, long_name = declared(name)
    return entry(value, units, note=long_name if note is None else note)


def finite(value):
    """A JSON-able number: int, finite float, or None."""
    if isinstance(value, int | np.integer):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None


def print_result(result, as_json):
    """Print ``result`` ({name: {value, units, note}}) as an aligned table or one JSON object."""
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


def validity_entries(T, Z):
    """Entries alpha_Z, v_ejected (a list for several T), valid (all of them); a warning on stderr outside
    the comfort zone."""
    v = validity(np.atleast_1d(np.asarray(T, dtype=float)), Z)
    alpha_Z, speeds, valid = float(np.max(v["alpha_Z"])), v["v_over_c"], bool(np.all(v["valid"]))
    v_over_c = float(speeds.max())
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
        "alpha_Z": quantity("alpha_Z", alpha_Z),
        "v_ejected": quantity("v_ejected", float(speeds[0]) if speeds.size == 1 else speeds.tolist()),
        "valid": quantity("valid", valid, note=f"both speeds below {COMFORT_SPEED}"),
    }


def channel_options(p, default="magnetic"):
    """--channel and the couplings of the channels (nuion.cross_sections.channels; docs/channels.md)."""
    from nuion.cross_sections.channels import CHANNELS, FLAVOURS

    g = p.add_argument_group("channel (docs/channels.md)")
    g.add_argument("--channel", choices=CHANNELS, default=default, help=f"interaction channel ({default})")
    g.add_argument("--flavour", choices=FLAVOURS, default="nuebar", help="weak, charge-radius: neutrino flavour (nuebar)")
    g.add_argument("--q-nu", type=moment, default=1e-12, metavar="DQ", help="millicharge q_nu/e (1e-12)")
    g.add_argument("--r2", type=moment, default=1e-32, metavar="CM2", help="charge-radius: <r^2> in cm^2 (1e-32)")
    g.add_argument("--m-nu", type=moment, default=0.05, metavar="EV", help="millicharge: neutrino mass in eV, the photon-pole cut (0.05)")


def channel_from_args(args):
    """The channel of the parsed options, with its coupling and a {name: entry} of what was chosen."""
    from nuion.cross_sections import channels

    mu_nu = getattr(args, "mu_nu", 1e-11)
    c = channels.get(args.channel, flavour=args.flavour, mu_nu=mu_nu, delta_q=args.q_nu, r2_cm2=args.r2,
                     m_nu=args.m_nu * 1e-3)
    chosen = {"channel": quantity("channel", args.channel, note="interaction channel (docs/channels.md)")}
    if args.channel == "magnetic":
        chosen["mu_nu"] = quantity("mu_nu", mu_nu)
    if args.channel in ("weak", "charge-radius"):
        chosen["flavour"] = quantity("flavour", args.flavour)
    if args.channel == "charge-radius":
        chosen["r2"] = quantity("r2", args.r2)
    if args.channel == "millicharge":
        chosen["q_nu"] = quantity("q_nu", args.q_nu)
        chosen["m_nu"] = quantity("m_nu", args.m_nu)
    return c, chosen
