"""Command-line point queries: ``nuion dcs``, ``response``, ``sumrules``, ``rate``, ``limit``; and ``nuion run``, the workflow.

A thin layer over the public API (docs/workflow.md, sec. 'Python API') for one-off numbers, without the
workflow: parse the arguments, call :mod:`nuion`, print a table or a JSON
object. Energies carry a unit: ``<x>eb`` (multiples of eps_b(Z)) or ``<x>keV``.

Bad input gives one line ``nuion: error: ...`` on stderr naming the argument and
its allowed range, and exit status 2. Every answer carries the validity indicators
of :func:`nuion.kinematics.validity` (alpha Z, v/c of the ejected electron, ``valid``);
outside the model's comfort zone a ``nuion: warning: ...`` line goes to stderr.
"""

import re
import sys

import nuion
from nuion.cli import dcs, rates, response, run
from nuion.cli.common import FMT, Parser, one_line, parse_energy

__all__ = ["parse_energy", "build_parser", "main"]

EPILOG_MAIN = f"""\
Examples:
  nuion dcs --Z 32 --E 100eb --T 1.5eb        DCS components and ratios at one (T, E)
  nuion response --Z 32 --T 1.5eb --Q 1000    S and R at one (T, Q)
  nuion sumrules --Z 32                       sum rules and the retardation factor
  nuion rate --preset gemma --T 1keV --model fe   event rates dR/dT of a detector preset
  nuion limit --preset gemma                  expected 90 % CL limit on mu_nu per atomic model
  nuion photo --target Ge --omega 15keV       photoabsorption of an atom, per shell
  nuion run --cores all --configfile config/atoms.yaml   the workflow (snakemake), config files checked first

Run 'nuion <command> --help' for the options of a command. nuion {nuion.__version__}."""


def build_parser():
    """The argument parser of ``nuion`` and its subcommands (one module of :mod:`nuion.cli` per command group).

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = Parser(
        prog="nuion",
        description="Neutrino-impact ionization of hydrogen-like ions and atoms: point queries, and the workflow (run).",
        epilog=EPILOG_MAIN,
        formatter_class=FMT,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"nuion {nuion.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{dcs,response,photo,sumrules,rate,limit,run}")
    dcs.add(sub)
    response.add(sub)
    rates.add(sub)
    run.add(sub)
    return parser


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
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["run"]:  # Snakemake's arguments, not ours
        return run.main(argv[1:])
    parser = build_parser()
    argv = _negative_values(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and argparse's errors
        return exit_.code
    try:
        args.run(args)
    except ValueError as err:
        # nuion's ValueErrors name the argument and its allowed range
        print(f"nuion: error: {one_line(err)}", file=sys.stderr)
        return 2
    return 0
