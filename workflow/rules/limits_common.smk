# Python of the limits stage (limits.smk): releases, params and targets, beside the stage (its own
# config key `datasets:`), like rates_common.smk.
from nuion.detectors import releases as _releases

DATASETS = config["datasets"]
# a release is a shipped name or a YAML file; its `name` field names results/limits/<name>.nc
LIMIT_RELEASES = {}
for _i, _spec in enumerate(DATASETS["releases"]):
    _spec_path = _spec  # a relative path: in the working directory, else beside the Snakefile
    if _spec not in _releases.SHIPPED and not Path(_spec).exists() and (Path(workflow.basedir) / _spec).exists():
        _spec_path = str(Path(workflow.basedir) / _spec)
    try:
        _rel = _releases.load(_spec_path)
    except ValueError as _err:
        _config_error(f"datasets.releases[{_i}]: {_err}")
    if _rel.name in LIMIT_RELEASES:
        _config_error(f"datasets.releases[{_i}]: a second release named {_rel.name!r} (allowed: each name once)")
    # the spec as given (a shipped name, or the path as configured), so that the job parameters and
    # the datasets' config_hash do not depend on where the checkout lies
    LIMIT_RELEASES[_rel.name] = {"spec": _spec_path, "material": _rel.material}

# the atom model reads the response grid of the release's material from the atoms stage
if "atom" in DATASETS["models"]:
    for _r in LIMIT_RELEASES.values():
        _mat = _r["material"]
        if _mat not in SHELLS:
            SHELLS[_mat] = atom_shells(_mat)


def limits_response(wildcards):
    """The atom's response grid when the atom model is requested, else nothing."""
    if "atom" not in DATASETS["models"]:
        return []
    return out(f"response/{LIMIT_RELEASES[wildcards.release]['material']}.nc")


def limits_params(wildcards):
    params = {"release": LIMIT_RELEASES[wildcards.release]["spec"], "models": list(DATASETS["models"])}
    # channels beside the magnetic one only when asked for: the magnetic-only job's params (and so its
    # dataset's config_hash) stay those of before datasets.channels existed
    if set(DATASETS["channels"]) - {"magnetic"}:
        params["channels"] = list(DATASETS["channels"])
    return params


LIMIT_FIGURES = ["limit_spectrum", "limit_scan", "limit_summary"]


def limits_targets():
    files = []
    for name in LIMIT_RELEASES:
        files.append(out(f"limits/{name}.nc"))
        files += expand(out("figures/{fig}_{release}.{ext}"), fig=LIMIT_FIGURES, release=name, ext=["pdf", "png"])
    return files
