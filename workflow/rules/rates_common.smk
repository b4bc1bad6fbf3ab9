# Python of the rates stage (rates.smk): presets, params and targets. Kept beside the stage, not in
# common.smk, so that the stage stays self-contained (its own config key `rates:`).
from nuion.detectors import presets as _presets

RATES = config["rates"]
# an empty rates.presets (e.g. .test/config) switches the stage off without reading the file
# a relative presets_file is looked up in the working directory, then beside this Snakefile
_PRESETS_FILE = Path(RATES["presets_file"])
if not _PRESETS_FILE.is_absolute() and not _PRESETS_FILE.exists():
    _PRESETS_FILE = Path(workflow.basedir) / _PRESETS_FILE
if RATES["presets"] and not _PRESETS_FILE.exists():
    _config_error(f"rates.presets_file: {RATES['presets_file']} does not exist (allowed: a YAML file of detector presets)")
try:
    RATE_PRESETS = _presets.load(_PRESETS_FILE) if RATES["presets"] else {}
except ValueError as _err:  # the file's name, line or key, in one line
    _config_error(f"rates.presets_file: {_err}")
# An input of the rates and sensitivity jobs, so that editing a preset reruns them also when
# Snakemake's metadata (.snakemake/, which make clean removes) no longer records their params.
PRESETS_FILE = str(_PRESETS_FILE)
for _name in RATES["presets"]:
    if _name not in RATE_PRESETS:
        _config_error(
            f"rates.presets: {_name!r} is not in {RATES['presets_file']} (known: {', '.join(RATE_PRESETS)})"
        )


# The atom model reads the response grid of each preset's material from the atoms stage (the
# atoms section of the config sets its grid), also when the material is not in `targets`.
if "atom" in RATES["models"]:
    for _name in RATES["presets"]:
        _mat = RATE_PRESETS[_name]["material"]
        if _mat not in SHELLS:
            SHELLS[_mat] = atom_shells(_mat)


def rates_response(wildcards):
    """The atom's response grid when the atom model is requested, else nothing."""
    if "atom" not in RATES["models"]:
        return []
    return out(f"response/{RATE_PRESETS[wildcards.preset]['material']}.nc")


def rates_params(wildcards):
    params = {k: RATES[k] for k in ("models", "mu_nu", "T", "n_bins", "threshold_factors")}
    return {**params, "preset": {"name": wildcards.preset, **RATE_PRESETS[wildcards.preset]}}


def sensitivity_params(wildcards):
    """rates_params and, when channels beside the magnetic one are asked for, rates.channels (absent
    otherwise, so that the magnetic-only job's params and config_hash stay those of before the key)."""
    params = rates_params(wildcards)
    if set(RATES["channels"]) - {"magnetic"}:
        params["channels"] = list(RATES["channels"])
    return params


def rates_targets():
    files = []
    for name in RATES["presets"]:
        target = RATE_PRESETS[name]["material"]
        files += [out(f"rates/{name}/{target}.nc"), out(f"sensitivity/{name}.nc")]
        files += expand(
            out("figures/{fig}_{preset}.{ext}"),
            fig=["rate_spectra", "rate_ratio", "limit_threshold"],
            preset=name,
            ext=["pdf", "png"],
        )
    return files


def rates_file(wildcards):
    return out(f"rates/{wildcards.preset}/{RATE_PRESETS[wildcards.preset]['material']}.nc")
