# Before Snakemake reads config/config.yaml: a YAML syntax error there is reported in one
# line with its file, line and column (Snakemake's own message names neither). A file given
# with --configfile is read by Snakemake before this runs; `nuion run` checks those first
# (docs/usage.md, sec. 'Sweeps over ions and energies').
import os
import sys

from nuion.io import read_yaml

if os.path.exists("config/config.yaml"):
    try:
        read_yaml("config/config.yaml")
    except ValueError as err:
        print(f"config error: {err}", file=sys.stderr)
        sys.exit(1)
