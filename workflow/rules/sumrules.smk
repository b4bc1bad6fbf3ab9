# Stage 3: sum rules and limits (docs/physics.md, sec. 'Sum rules and limits') on the stored grids,
# per Z.
# Fails the workflow when the Bethe rule, the closure rule or a limit is violated.


rule sumrules:
    input:
        response="results/response/Z{Z}.nc",
    output:
        nc="results/sumrules/Z{Z}.nc",
        md="results/sumrules/Z{Z}.md",
    log:
        "results/logs/sumrules/Z{Z}.log",
    benchmark:
        "results/benchmarks/sumrules/Z{Z}.tsv"
    conda:
        "../envs/nuion.yaml"
    params:
        checks=lambda wildcards: dict(config["sumrules"]),
        code=source_hash("sumrules.py"),
    script:
        "../scripts/sumrules.py"
