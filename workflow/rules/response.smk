# Stage 1: S(T, Q) and R(T, Q) of the closed forms on the configured grid, per target.


rule response:
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
