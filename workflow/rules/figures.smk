# Stage 4: Figs. 1 and 2 of the paper per Z, PDF and PNG, registered for the report.


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
    params:
        Z=lambda wildcards: int(wildcards.Z),
        labels=E_LABELS,
        code=source_hash("figures.py"),
    conda:
        "../envs/nuion.yaml"
    script:
        "../scripts/figures.py"
