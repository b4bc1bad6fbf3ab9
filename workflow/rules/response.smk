# Stage 1: S(T, Q) and R(T, Q) of the closed forms on the configured grid, per Z.


rule response:
    output:
        "results/response/Z{Z}.nc",
    log:
        "results/logs/response/Z{Z}.log",
    benchmark:
        "results/benchmarks/response/Z{Z}.tsv"
    params:
        job=grid_params,
        code=source_hash("response.py"),
    conda:
        "../envs/nuion.yaml"
    script:
        "../scripts/response.py"
