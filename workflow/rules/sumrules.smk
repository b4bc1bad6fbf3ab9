# Stage 3: sum rules and limits (docs/physics.md, sec. 'Sum rules and limits') on the stored
# grids, per target.
# Fails the workflow when the Bethe rule, the closure rule or a limit is violated.


rule sumrules:
    input:
        response=out("response/{target}.nc"),
    output:
        nc=out("sumrules/{target}.nc"),
        md=out("sumrules/{target}.md"),
    log:
        out("logs/sumrules/{target}.log"),
    benchmark:
        out("benchmarks/sumrules/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        checks=lambda wildcards: dict(config["sumrules"]),
        target=lambda wildcards: wildcards.target,
        code=source_hash("sumrules.py"),
    script:
        "../scripts/sumrules.py"
