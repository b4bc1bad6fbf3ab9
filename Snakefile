# nuion: reproduce Kouzakov & Studenikin, PLB 696 (2011) 252, Figs. 1 and 2.
# Table of contents; each stage lives in workflow/rules/<stage>.smk.
from snakemake.utils import min_version

min_version("8.0")


include: "workflow/rules/configfile.smk"


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"


wildcard_constraints:
    target=r"Z[1-9]\d*|[A-Z][a-z]?[a-z]?",
    label=r"[0-9.eE+-]+(eb|keV|MeV)",
    shell=r"[1-9][spdfg]([1-9]_2)?",


include: "workflow/rules/response.smk"
include: "workflow/rules/dcs.smk"
include: "workflow/rules/sumrules.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/rates.smk"
include: "workflow/rules/limits.smk"


rule all:
    default_target: True
    input:
        all_targets(),
        rates_targets(),
        limits_targets(),
