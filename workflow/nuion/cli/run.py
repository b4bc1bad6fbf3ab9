"""``nuion run``: the workflow, with its config files checked before Snakemake reads them.

``nuion run ARGS`` is ``python -m snakemake ARGS`` (the same Python, so the same environment)
after one check that Snakemake cannot make itself: every file named by ``--configfile`` (or
``--configfiles``) exists and is valid YAML. Snakemake reads those files before the workflow's
own validation runs (workflow/rules/common.smk), and reports a missing one with a 27-line
traceback and a syntax error without its line; here either is one line,
``config error: <file>: no such file`` or ``config error: <file>, line L, column C: ...``,
and exit status 1 (as the workflow's own config errors). Everything else is Snakemake's.
"""

import os
import sys

from nuion.io import read_yaml

__all__ = ["add", "main", "config_files"]

HELP = "the workflow: snakemake with its --configfile files checked first (docs/usage.md)"

EPILOG = """\
Example:
  nuion run --cores all --configfile config/atoms.yaml
  nuion run -n --configfile config/sweep.yaml

Every argument goes to snakemake; a --configfile that is missing or not YAML is one line."""


def add(sub):
    """The ``run`` subcommand, listed in ``nuion --help``; :func:`main` handles it before argparse
    (its arguments are Snakemake's)."""
    sub.add_parser("run", help=HELP, description=__doc__.splitlines()[0], epilog=EPILOG, add_help=False)


def config_files(argv):
    """The files given with ``--configfile``/``--configfiles`` (several may follow one flag, or ``=``)."""
    files, taking = [], False
    for arg in argv:
        flag, eq, value = arg.partition("=")
        if flag in ("--configfile", "--configfiles"):
            taking = not eq
            if eq:
                files.append(value)
        elif taking and not arg.startswith("-"):
            files.append(arg)
        else:
            taking = False
    return files


def main(argv):
    """Check the config files of ``argv``, then replace this process by Snakemake with ``argv``.

    Returns
    -------
    int
        1 after a config error (one line on stderr); otherwise this function does not return.
    """
    if argv in (["-h"], ["--help"]):
        print(f"usage: nuion run [snakemake arguments]\n\n{__doc__}\n{EPILOG}")
        return 0
    for path in config_files(argv):
        try:
            read_yaml(path)
        except ValueError as err:
            print(f"config error: {err}", file=sys.stderr)
            return 1
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "snakemake", *argv])
