# Stage 1: S(T, Q) and R(T, Q) of the closed forms on the configured grid, per Z.


rule response:
    output:
        "results/response/Z{Z}.nc",
    log:
        "results/logs/response/Z{Z}.log",
    benchmark:
        "results/benchmarks/response/Z{Z}.tsv"
    conda:
        "../envs/nuion.yaml"
    params:
        job=grid_params,
        code=source_hash("response.py"),
    script:
        "../scripts/response.py"
