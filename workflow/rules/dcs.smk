# Stage 2: DCS per (target, E), per shell and summed, integrated over Q from the stored response
# grid; ratios to free electrons and to the stepping approximation; for a hydrogen-like ion also
# the approximations of the paper and the discrete lines.


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


# Stage 2b (atoms): every channel (weak per flavour, millicharge, charge radius, magnetic) per
# (target, E) from the same response grid (docs/channels.md).
rule channels:
    input:
        response=out("response/{target}.nc"),
    output:
        out("channels/{target}/E{label}.nc"),
    log:
        out("logs/channels/{target}/E{label}.log"),
    conda:
        "../envs/nuion.yaml"
    params:
        job=channels_params,
        code=source_hash("channels.py"),
    script:
        "../scripts/channels.py"
