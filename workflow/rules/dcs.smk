# Stage 2: DCS components per (target, E), integrated over Q from the stored response grid.


rule dcs:
    wildcard_constraints:
        target=ION,
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


# Atoms: per shell and summed, ratios to Z x eq. (1) and to the stepping approximation.


rule dcs_atom:
    wildcard_constraints:
        target=ATOM,
    input:
        response=out("response/{target}.nc"),
    output:
        out("dcs/{target}/E{label}.nc"),
    log:
        out("logs/dcs_atom/{target}/E{label}.log"),
    benchmark:
        out("benchmarks/dcs_atom/{target}/E{label}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        job=dcs_params,
        code=source_hash("dcs_atom.py"),
    script:
        "../scripts/dcs_atom.py"
