# Stage 4: figures per target, PDF and PNG, registered for the report: the paper's Figs. 1 and 2
# (rule figures) and the comparison beyond it (rule comparison: approximations, E dependence,
# (T, E) map), two jobs so that they draw in parallel.


rule figures:
    input:
        dcs=dcs_files,
    output:
        fig1_pdf=report(
            out("figures/fig1_{target}.pdf"),
            caption="../report/fig1.rst",
            category="Figures",
            labels={"target": "{target}", "figure": "Fig. 1 (PDF)"},
        ),
        fig1_png=report(
            out("figures/fig1_{target}.png"),
            caption="../report/fig1.rst",
            category="Figures",
            labels={"target": "{target}", "figure": "Fig. 1"},
        ),
        fig2_pdf=report(
            out("figures/fig2_{target}.pdf"),
            caption="../report/fig2.rst",
            category="Figures",
            labels={"target": "{target}", "figure": "Fig. 2 (PDF)"},
        ),
        fig2_png=report(
            out("figures/fig2_{target}.png"),
            caption="../report/fig2.rst",
            category="Figures",
            labels={"target": "{target}", "figure": "Fig. 2"},
        ),
    log:
        out("logs/figures/{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        target=lambda wildcards: wildcards.target,
        labels=E_LABELS,
        figures=["fig1", "fig2"],
        code=source_hash("figures.py"),
    script:
        "../scripts/figures.py"


rule comparison:
    input:
        dcs=dcs_files,
    output:
        approximations_pdf=out("figures/approximations_{target}.pdf"),
        approximations_png=report(
            out("figures/approximations_{target}.png"),
            caption="../report/approximations.rst",
            category="Figures",
            labels={"target": "{target}", "figure": "approximations"},
        ),
        energy_pdf=out("figures/energy_{target}.pdf"),
        energy_png=report(
            out("figures/energy_{target}.png"),
            caption="../report/energy.rst",
            category="Sweeps",
            labels={"target": "{target}", "figure": "ratio vs E"},
        ),
        map_pdf=out("figures/map_{target}.pdf"),
        map_png=report(
            out("figures/map_{target}.png"),
            caption="../report/map.rst",
            category="Sweeps",
            labels={"target": "{target}", "figure": "(T, E) map"},
        ),
    log:
        out("logs/comparison/{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        target=lambda wildcards: wildcards.target,
        labels=E_LABELS,
        figures=["approximations", "energy", "map"],
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
