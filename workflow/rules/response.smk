# Stage 1: S(T, Q) and R(T, Q) of the closed forms on the configured grid, per target.


rule response:
    wildcard_constraints:
        target=ION,
    output:
        out("response/{target}.nc"),
    log:
        out("logs/response/{target}.log"),
    benchmark:
        out("benchmarks/response/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        job=grid_params,
        code=source_hash("response.py"),
    script:
        "../scripts/response.py"


# Atoms: one job per shell (results/response/<atom>/<shell>.nc), so that a cluster runs the
# shells side by side, then a light job sums them into results/response/<atom>.nc with a
# `shell` dimension (docs/atoms.md, sec. 'Workflow').


rule response_shell:
    wildcard_constraints:
        target=ATOM,
    output:
        out("response/{target}/{shell}.nc"),
    log:
        out("logs/response_shell/{target}/{shell}.log"),
    benchmark:
        out("benchmarks/response_shell/{target}/{shell}.tsv")
    priority: shell_priority
    conda:
        "../envs/nuion.yaml"
    params:
        job=atom_grid_params,
        code=source_hash("response_shell.py"),
    script:
        "../scripts/response_shell.py"


rule response_atom:
    wildcard_constraints:
        target=ATOM,
    input:
        shells=shell_files,
    output:
        out("response/{target}.nc"),
    log:
        out("logs/response_atom/{target}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        code=source_hash("response_atom.py"),
    script:
        "../scripts/response_atom.py"
