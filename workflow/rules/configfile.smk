# Before Snakemake reads config/config.yaml: a YAML syntax error there is reported in one
# line with its file, line and column (Snakemake's own message names neither). A file given
# with --configfile is read by Snakemake before this runs (docs/usage.md, sec. 'Sweeps over ions and energies').
import sys

import yaml


def check_yaml(path):
    """Exit with one line ``config error: <path>, line L, column C: <problem>`` if ``path``
    exists and is not valid YAML."""
    try:
        with open(path) as f:
            yaml.safe_load(f)
    except FileNotFoundError:
        return
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        print(f"config error: {path}{where}: {problem} (YAML syntax)", file=sys.stderr)
        sys.exit(1)


check_yaml("config/config.yaml")
