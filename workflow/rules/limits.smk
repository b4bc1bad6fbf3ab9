# Limits stage (issue 17, docs/releases.md): observed and expected 90 % CL limits on mu_nu (and q_nu,
# <r^2>: datasets.channels) from data releases (unbinned or binned), per atomic model, and the figures a
# collaboration shows.
# Config key `datasets:` (schema: workflow/schemas/config.schema.yaml).


include: "limits_common.smk"


rule limits:
    wildcard_constraints:
        release=r"[a-z0-9][a-z0-9_-]*",
    input:
        response=limits_response,
    output:
        nc=out("limits/{release}.nc"),
    log:
        out("logs/limits/{release}.log"),
    benchmark:
        out("benchmarks/limits/{release}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        limits=limits_params,
        code=source_hash("limits.py"),
    script:
        "../scripts/limits.py"


rule limits_figures:
    wildcard_constraints:
        release=r"[a-z0-9][a-z0-9_-]*",
    input:
        nc=out("limits/{release}.nc"),
    output:
        limit_spectrum_pdf=out("figures/limit_spectrum_{release}.pdf"),
        limit_spectrum_png=report(
            out("figures/limit_spectrum_{release}.png"),
            caption="../report/limits_release.rst",
            category="Limits",
            labels={"release": "{release}", "figure": "data, background, signal at the limit"},
        ),
        limit_scan_pdf=out("figures/limit_scan_{release}.pdf"),
        limit_scan_png=report(
            out("figures/limit_scan_{release}.png"),
            caption="../report/limits_release.rst",
            category="Limits",
            labels={"release": "{release}", "figure": "likelihood scan"},
        ),
        limit_summary_pdf=out("figures/limit_summary_{release}.pdf"),
        limit_summary_png=report(
            out("figures/limit_summary_{release}.png"),
            caption="../report/limits_release.rst",
            category="Limits",
            labels={"release": "{release}", "figure": "observed, expected, published"},
        ),
    log:
        out("logs/limits_figures/{release}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        code=source_hash("limits_figures.py"),
    script:
        "../scripts/limits_figures.py"
