# Stage 2: DCS components per (Z, E), integrated over Q from the stored response grid.


rule dcs:
    input:
        response="results/response/Z{Z}.nc",
    output:
        "results/dcs/Z{Z}/E{label}.nc",
    log:
        "results/logs/dcs/Z{Z}/E{label}.log",
    benchmark:
        "results/benchmarks/dcs/Z{Z}/E{label}.tsv"
    conda:
        "../envs/nuion.yaml"
    params:
        job=dcs_params,
        code=source_hash("dcs.py"),
    script:
        "../scripts/dcs.py"
