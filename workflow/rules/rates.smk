# Rates stage (issue 12, docs/rates.md): event rates dR/dT per detector preset and atomic model,
# expected 90 % CL limits on mu_nu (and on q_nu, <r^2>: rates.channels), and their figures.
# Self-contained: its own config key `rates:` (schema: workflow/schemas/config.schema.yaml),
# presets file (config/presets.yaml) and helpers (rates_common.smk).


include: "rates_common.smk"


rule rates:
    wildcard_constraints:
        preset=r"[a-z0-9_]+",
        target=r"[A-Z][a-z]?",
    input:
        response=rates_response,
        presets=PRESETS_FILE,
    output:
        nc=out("rates/{preset}/{target}.nc"),
    log:
        out("logs/rates/{preset}/{target}.log"),
    benchmark:
        out("benchmarks/rates/{preset}/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        rates=rates_params,
        code=source_hash("rates.py"),
    script:
        "../scripts/rates.py"


rule sensitivity:
    wildcard_constraints:
        preset=r"[a-z0-9_]+",
    input:
        response=rates_response,
        presets=PRESETS_FILE,
    output:
        nc=out("sensitivity/{preset}.nc"),
    log:
        out("logs/sensitivity/{preset}.log"),
    benchmark:
        out("benchmarks/sensitivity/{preset}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        rates=sensitivity_params,
        code=source_hash("sensitivity.py"),
    script:
        "../scripts/sensitivity.py"


rule rates_figures:
    wildcard_constraints:
        preset=r"[a-z0-9_]+",
    input:
        rates=rates_file,
        sensitivity=out("sensitivity/{preset}.nc"),
    output:
        rate_spectra_pdf=out("figures/rate_spectra_{preset}.pdf"),
        rate_spectra_png=report(
            out("figures/rate_spectra_{preset}.png"),
            caption="../report/rates.rst",
            category="Rates",
            labels={"preset": "{preset}", "figure": "rate spectra"},
        ),
        rate_ratio_pdf=out("figures/rate_ratio_{preset}.pdf"),
        rate_ratio_png=report(
            out("figures/rate_ratio_{preset}.png"),
            caption="../report/rates.rst",
            category="Rates",
            labels={"preset": "{preset}", "figure": "model / FE"},
        ),
        limit_threshold_pdf=out("figures/limit_threshold_{preset}.pdf"),
        limit_threshold_png=report(
            out("figures/limit_threshold_{preset}.png"),
            caption="../report/limits.rst",
            category="Rates",
            labels={"preset": "{preset}", "figure": "limit vs threshold"},
        ),
    log:
        out("logs/rates_figures/{preset}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        code=source_hash("rates_figures.py"),
    script:
        "../scripts/rates_figures.py"
