# Stage 4: figures per Z, PDF and PNG, registered for the report: the paper's Figs. 1 and 2
# (rule figures) and the comparison beyond it (rule comparison: approximations, E dependence,
# (T, E) map), two jobs so that they draw in parallel.


rule figures:
    input:
        dcs=dcs_files,
    output:
        fig1_pdf=report(
            "results/figures/fig1_Z{Z}.pdf",
            caption="../report/fig1.rst",
            category="Figures",
            labels={"Z": "{Z}", "figure": "Fig. 1 (PDF)"},
        ),
        fig1_png=report(
            "results/figures/fig1_Z{Z}.png",
            caption="../report/fig1.rst",
            category="Figures",
            labels={"Z": "{Z}", "figure": "Fig. 1"},
        ),
        fig2_pdf=report(
            "results/figures/fig2_Z{Z}.pdf",
            caption="../report/fig2.rst",
            category="Figures",
            labels={"Z": "{Z}", "figure": "Fig. 2 (PDF)"},
        ),
        fig2_png=report(
            "results/figures/fig2_Z{Z}.png",
            caption="../report/fig2.rst",
            category="Figures",
            labels={"Z": "{Z}", "figure": "Fig. 2"},
        ),
    log:
        "results/logs/figures/Z{Z}.log",
    conda:
        "../envs/nuion.yaml"
    params:
        Z=lambda wildcards: int(wildcards.Z),
        labels=E_LABELS,
        figures=["fig1", "fig2"],
        code=source_hash("figures.py"),
    script:
        "../scripts/figures.py"


rule comparison:
    input:
        dcs=dcs_files,
    output:
        approximations_pdf="results/figures/approximations_Z{Z}.pdf",
        approximations_png=report(
            "results/figures/approximations_Z{Z}.png",
            caption="../report/approximations.rst",
            category="Figures",
            labels={"Z": "{Z}", "figure": "approximations"},
        ),
        energy_pdf="results/figures/energy_Z{Z}.pdf",
        energy_png=report(
            "results/figures/energy_Z{Z}.png",
            caption="../report/energy.rst",
            category="Sweeps",
            labels={"Z": "{Z}", "figure": "ratio vs E"},
        ),
        map_pdf="results/figures/map_Z{Z}.pdf",
        map_png=report(
            "results/figures/map_Z{Z}.png",
            caption="../report/map.rst",
            category="Sweeps",
            labels={"Z": "{Z}", "figure": "(T, E) map"},
        ),
    log:
        "results/logs/comparison/Z{Z}.log",
    conda:
        "../envs/nuion.yaml"
    params:
        Z=lambda wildcards: int(wildcards.Z),
        labels=E_LABELS,
        figures=["approximations", "energy", "map"],
        code=source_hash("figures.py"),
    script:
        "../scripts/figures.py"


rule summary:
    input:
        dcs=dcs_files,
    output:
        "results/tables/summary_Z{Z}.csv",
    log:
        "results/logs/summary/Z{Z}.log",
    conda:
        "../envs/nuion.yaml"
    params:
        code=source_hash("summary.py"),
    script:
        "../scripts/summary.py"


rule sweep:
    input:
        dcs=lambda wildcards: expand(
            "results/dcs/Z{Z}/E{label}.nc", Z=ZS, label=wildcards.label
        ),
    output:
        pdf="results/figures/ratio_vs_Z_E{label}.pdf",
        png=report(
            "results/figures/ratio_vs_Z_E{label}.png",
            caption="../report/sweep.rst",
            category="Sweeps",
            labels={"figure": "ratio vs Z", "E": "{label}"},
        ),
    log:
        "results/logs/sweep/E{label}.log",
    conda:
        "../envs/nuion.yaml"
    params:
        Z=ZS,
        code=source_hash("sweep.py"),
    script:
        "../scripts/sweep.py"
