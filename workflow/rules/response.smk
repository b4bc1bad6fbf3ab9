# Stage 1: S_nl(T, Q) and R_nl(T, Q) of every target, one job per (target, shell): a hydrogen-like
# ion has one shell (the closed forms), an atom many (the radial engine), so that a cluster runs
# the shells side by side; then a light job gathers them into results/response/<target>.nc with
# a `shell` dimension and the cumulative Q integrals (docs/workflow.md, sec. 'Stages').


rule response:
    output:
        out("response/{target}/{shell}.nc"),
    log:
        out("logs/response/{target}/{shell}.log"),
    benchmark:
        out("benchmarks/response/{target}/{shell}.tsv")
    priority: shell_priority
    conda:
        "../envs/nuion.yaml"
    params:
        job=response_params,
        code=source_hash("response.py"),
    script:
        "../scripts/response.py"


rule response_gather:
    input:
        shells=shell_files,
    output:
        out("response/{target}.nc"),
    log:
        out("logs/response_gather/{target}.log"),
    benchmark:
        out("benchmarks/response_gather/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        code=source_hash("response_gather.py"),
    script:
        "../scripts/response_gather.py"
