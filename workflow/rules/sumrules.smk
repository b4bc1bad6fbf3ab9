# Stage 3: the sum rules and limits that apply to each target (docs/physics.md, sec. 'Sum rules
# and limits'; docs/atoms.md), on its stored grid: the closed-form identities of a hydrogen-like
# ion, the per-shell strengths and limits of an atom. Fails the workflow on a violated enforced
# check.


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
        checks=sumrule_params,
        code=source_hash("sumrules.py"),
    script:
        "../scripts/sumrules.py"


# Targets with a radial engine (the atoms): photoabsorption of every shell on its own
# photon-energy grid (atoms.photo, up to 100 keV, beyond the stored T range), against the Elam
# and Chantler tables.


rule photo:
    wildcard_constraints:
        target=ATOM,
    output:
        nc=out("photo/{target}.nc"),
        md=out("photo/{target}.md"),
    log:
        out("logs/photo/{target}.log"),
    benchmark:
        out("benchmarks/photo/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        job=photo_params,
        code=source_hash("photo.py"),
    script:
        "../scripts/photo.py"
