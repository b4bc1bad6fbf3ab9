# Stage 2: DCS components per (target, E), integrated over Q from the stored response grid.


rule dcs:
    input:
        response=out("response/{target}.nc"),
    output:
        out("dcs/{target}/E{label}.nc"),
    log:
        out("logs/dcs/{target}/E{label}.log"),
    benchmark:
        out("benchmarks/dcs/{target}/E{label}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        job=dcs_params,
        code=source_hash("dcs.py"),
    script:
        "../scripts/dcs.py"
