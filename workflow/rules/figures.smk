# Stage 4: figures, PDF and PNG, registered for the report: one job per (figure, target). Which
# figures a target gets depends on what it is (figure_names in common.smk): the paper's Figs. 1
# and 2 and the comparisons beyond it (approximations, E dependence, (T, E) map) for a
# hydrogen-like ion; DCS over FE x Z and stepping with the shells stacked, perp/par,
# photoabsorption and the K shell against the ion of the same Z for an atom.


rule figure:
    wildcard_constraints:
        figure="|".join(FIGURES),
    input:
        unpack(figure_inputs),
    output:
        pdf=out("figures/{figure}_{target}.pdf"),
        png=report(
            out("figures/{figure}_{target}.png"),
            caption="../report/figure.rst",
            category="Figures",
            labels={"target": "{target}", "figure": "{figure}"},
        ),
    log:
        out("logs/figure/{figure}_{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        labels=E_LABELS,
        continuum=lambda wildcards: ATOMS["continuum"],
        thresholds=lambda wildcards: ATOMS["thresholds"],
        n_T=80,
        code=source_hash("figures.py"),
    script:
        "../scripts/figures.py"


rule summary:
    input:
        dcs=dcs_files,
    output:
        out("tables/summary_{target}.csv"),
    log:
        out("logs/summary/{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        code=source_hash("summary.py"),
    script:
        "../scripts/summary.py"


rule sweep:
    input:
        dcs=lambda wildcards: expand(
            out("dcs/{target}/E{label}.nc"), target=IONS, label=wildcards.label
        ),
    output:
        pdf=out("figures/ratio_vs_Z_E{label}.pdf"),
        png=report(
            out("figures/ratio_vs_Z_E{label}.png"),
            caption="../report/sweep.rst",
            category="Sweeps",
            labels={"figure": "ratio vs Z", "E": "{label}"},
        ),
    log:
        out("logs/sweep/E{label}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        targets=IONS,
        code=source_hash("sweep.py"),
    script:
        "../scripts/sweep.py"
