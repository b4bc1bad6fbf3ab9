# Stage 3: sum rules and limits (docs/physics.md, sec. 'Sum rules and limits') on the stored
# grids, per target.
# Fails the workflow when the Bethe rule, the closure rule or a limit is violated.


rule sumrules:
    wildcard_constraints:
        target=ION,
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


# Atoms: NaN check, per-shell continuum strengths on the grid, dipole and photon limits, and
# (optionally, atoms.sumrules.bethe_Q) the full per-shell Bethe sums. Fails on a NaN or a
# violated enforced limit.


rule sumrules_atom:
    wildcard_constraints:
        target=ATOM,
    input:
        response=out("response/{target}.nc"),
    output:
        nc=out("sumrules/{target}.nc"),
        md=out("sumrules/{target}.md"),
    log:
        out("logs/sumrules_atom/{target}.log"),
    benchmark:
        out("benchmarks/sumrules_atom/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        checks=lambda wildcards: dict(ATOMS["sumrules"]),
        code=source_hash("sumrules_atom.py"),
    script:
        "../scripts/sumrules_atom.py"


# Atoms: photoabsorption of every shell on its own photon-energy grid (atoms.photo, up to
# 100 keV, beyond the stored T range), against the Elam and Chantler tables.


rule photo_atom:
    wildcard_constraints:
        target=ATOM,
    output:
        nc=out("photo/{target}.nc"),
        md=out("photo/{target}.md"),
    log:
        out("logs/photo_atom/{target}.log"),
    benchmark:
        out("benchmarks/photo_atom/{target}.tsv")
    conda:
        "../envs/nuion.yaml"
    params:
        job=photo_params,
        code=source_hash("photo_atom.py"),
    script:
        "../scripts/photo_atom.py"
