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


# Atoms: DCS over Z x eq. (1) and over stepping with the shells stacked, perp/par, and
# photoabsorption against the Elam table (rule figures_atom); the K shell against the paper's
# hydrogen-like ion of the same Z (rule kshell, when the 1s threshold lies inside the T grid).


rule figures_atom:
    wildcard_constraints:
        target=ATOM,
    input:
        dcs=dcs_files,
        photo=out("photo/{target}.nc"),
    output:
        atom_dcs_pdf=out("figures/atom_dcs_{target}.pdf"),
        atom_dcs_png=report(
            out("figures/atom_dcs_{target}.png"),
            caption="../report/atom_dcs.rst",
            category="Atoms",
            labels={"target": "{target}", "figure": "DCS over FE x Z and stepping"},
        ),
        atom_perp_par_pdf=out("figures/atom_perp_par_{target}.pdf"),
        atom_perp_par_png=report(
            out("figures/atom_perp_par_{target}.png"),
            caption="../report/atom_perp_par.rst",
            category="Atoms",
            labels={"target": "{target}", "figure": "perp/par"},
        ),
        photo_pdf=out("figures/photo_{target}.pdf"),
        photo_png=report(
            out("figures/photo_{target}.png"),
            caption="../report/photo.rst",
            category="Atoms",
            labels={"target": "{target}", "figure": "photoabsorption"},
        ),
    log:
        out("logs/figures_atom/{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        labels=E_LABELS,
        continuum=lambda wildcards: ATOMS["continuum"],
        thresholds=lambda wildcards: ATOMS["thresholds"],
        code=source_hash("figures_atom.py"),
    script:
        "../scripts/figures_atom.py"


rule kshell:
    wildcard_constraints:
        target=ATOM,
    input:
        dcs=dcs_files,
    output:
        pdf=out("figures/kshell_{target}.pdf"),
        png=report(
            out("figures/kshell_{target}.png"),
            caption="../report/kshell.rst",
            category="Atoms",
            labels={"target": "{target}", "figure": "K shell vs hydrogen-like ion"},
        ),
    log:
        out("logs/kshell/{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        labels=E_LABELS,
        n_T=80,
        code=source_hash("kshell.py"),
    script:
        "../scripts/kshell.py"
