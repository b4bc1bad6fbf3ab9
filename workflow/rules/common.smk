# Configuration checks and helpers shared by every rule.
import ast
import hashlib
import math
import os
import re
import sys
from pathlib import Path

import jsonschema
import yaml

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

import nuion
from nuion.kinematics import binding_energy


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _config_error(message):
    """Stop before any job with one line: no WorkflowError banner, no traceback lines."""
    print(f"config error: {message}", file=sys.stderr)
    sys.exit(1)


SCHEMA_PATH = Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"
SCHEMA = yaml.safe_load(SCHEMA_PATH.read_text())
# Snakemake >= 8.17 rejects one-letter keys on the command line (snakemake#3015), so
# --config Z=... cannot work; these aliases carry Z and E from the command line.
CLI_ALIASES = {"charges": "Z", "energies": "E"}

for _alias, _key in CLI_ALIASES.items():
    if _alias in config:
        config[_key] = config.pop(_alias)
# A single Z or E (e.g. --config charges=32) is a list of one.
for _key in ("Z", "E"):
    if _key in config:
        config[_key] = _as_list(config[_key])


def _explain(error):
    """One line for a jsonschema error: where, what, and what is allowed."""
    schema = SCHEMA
    path = list(error.absolute_path)
    where = (
        "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        or "top level"
    )
    node, described = schema, ""
    for p in path:
        if isinstance(p, str) and p in node.get("properties", {}):
            node = node["properties"][p]
        elif isinstance(p, int) and "items" in node:
            node = node["items"]
        described = node.get("description", described)
    if error.validator == "additionalProperties":
        spelled = {key: alias for alias, key in CLI_ALIASES.items()} if not path else {}
        allowed = "keys " + ", ".join(
            f"{key} (--config {spelled[key]}=)" if key in spelled else key
            for key in node.get("properties", {})
        )
    else:
        bounds = [
            f"{k} {node[k]}"
            for k in ("minimum", "exclusiveMinimum", "maximum")
            if k in node
        ]
        allowed = "; ".join(
            [described, *([node["type"]] if "type" in node and bounds else []), *bounds]
        )
    return f"{where}: {error.message} (allowed: {allowed})"


def _numbers(value):
    """Numbers from strings: Snakemake parses --config lists with YAML's BaseLoader,
    which leaves every item a string ('32'); a config file gives real numbers."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, str):
        for parse in (int, float):
            try:
                return parse(value)
            except ValueError:
                pass
    return value


config.update(_numbers(dict(config)))

try:
    validate(config, schema="../schemas/config.schema.yaml")
except WorkflowError:
    _config_error(
        _explain(
            jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(SCHEMA).iter_errors(config)
            )
        )
    )


def _finite(value, where):
    """Reject NaN and infinities anywhere (JSON Schema bounds let them through)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _finite(item, f"{where}.{key}".lstrip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _finite(item, f"{where}[{i}]")
    elif isinstance(value, float) and not math.isfinite(value):
        _config_error(f"{where}: {value} is not a finite number")


_finite(config, "")
# JSON Schema counts 32.0 as an integer: make counts and charges real ints for file names.
config["Z"] = [int(z) for z in config["Z"]]
for _section, _key in (("T_over_eb", "n"), ("grid", "n_Q"), ("sumrules", "n_check")):
    config[_section][_key] = int(config[_section][_key])
for _i, _e in enumerate(config["E"]):
    if isinstance(_e, str) and not re.fullmatch(
        r"[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?(keV|eb)", _e
    ):
        _config_error(f"E[{_i}]: {_e!r} is not an energy like '700keV' or '2eb'")

ZS = sorted(config["Z"])
T_RANGE = config["T_over_eb"]
GRID = config["grid"]

if T_RANGE["max"] <= T_RANGE["min"]:
    _config_error(
        f"T_over_eb.max = {T_RANGE['max']} must exceed T_over_eb.min = {T_RANGE['min']}"
    )

# A job holds about 16 float64 arrays of the grid's size at its peak (measured: 13.6 at
# 4.8e5 points, 12.1 at 4.8e6) on top of ~200 MB of interpreter and libraries.
_points = T_RANGE["n"] * GRID["n_Q"]
_need = 16 * 8 * _points + 200e6
_have = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
if _need > 0.8 * _have:
    _config_error(
        f"T_over_eb.n x grid.n_Q = {_points:.3g} grid points need about {_need / 1e9:.1f} GB per job, "
        f"more than this machine's {_have / 1e9:.1f} GB allows; lower T_over_eb.n or grid.n_Q"
    )


def e_label(value):
    """File label of a configured energy: 2 -> '2eb', '700keV' -> '700keV'."""
    return f"{value:g}eb" if isinstance(value, (int, float)) else value


def e_kev(label, Z):
    """Neutrino energy in keV of an E label for charge Z."""
    m = re.fullmatch(r"([0-9.eE+-]+)(eb|keV)", label)
    number = float(m.group(1))
    return number * binding_energy(int(Z)) if m.group(2) == "eb" else number


E_LABELS = [e_label(e) for e in config["E"]]

for _Z in ZS:
    for _label in E_LABELS:
        _tmin = T_RANGE["min"] * binding_energy(_Z)
        if e_kev(_label, _Z) <= _tmin:
            _config_error(
                f"E = {_label} ({e_kev(_label, _Z):.4g} keV for Z = {_Z}) leaves no kinematic room: "
                f"E must exceed T_over_eb.min * eps_b = {_tmin:.4g} keV"
            )


NUION_DIR = Path(nuion.__file__).parent
SCRIPTS_DIR = Path(workflow.basedir) / "workflow" / "scripts"


def _nuion_imports(path):
    """Modules of nuion that a Python file imports (``import nuion`` counts as __init__)."""
    found = set()
    for node in ast.walk(ast.parse(Path(path).read_text())):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0] == "nuion"
        ):
            parts = node.module.split(".")
            found.add(parts[1] if len(parts) > 1 else "__init__")
            if len(parts) == 1:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(
                "__init__"
                for alias in node.names
                if alias.name.split(".")[0] == "nuion"
            )
    return {name for name in found if (NUION_DIR / f"{name}.py").exists()}


def source_hash(script):
    """SHA-256 of the nuion modules that workflow/scripts/<script> imports, transitively.

    Passed to every job as a parameter; Snakemake does not track imported code, so without
    it an edit of the package would leave stale results; with it, an edit reruns
    exactly the stages whose scripts reach the edited module.
    """
    todo, seen = _nuion_imports(SCRIPTS_DIR / script) | {"__init__"}, set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= _nuion_imports(NUION_DIR / f"{name}.py") - seen
    h = hashlib.sha256()
    for name in sorted(seen):
        h.update(name.encode() + b"\0" + (NUION_DIR / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


def grid_params(wildcards):
    return {
        "Z": int(wildcards.Z),
        "T_over_eb": dict(T_RANGE),
        "grid": dict(GRID),
    }


def dcs_params(wildcards):
    return {
        "Z": int(wildcards.Z),
        "label": wildcards.label,
        "E_keV": e_kev(wildcards.label, wildcards.Z),
        "mu_nu": float(config["mu_nu"]),
    }


def dcs_files(wildcards):
    return expand("results/dcs/Z{Z}/E{label}.nc", Z=wildcards.Z, label=E_LABELS)


def all_targets():
    targets = []
    for Z in ZS:
        targets += expand("results/dcs/Z{Z}/E{label}.nc", Z=Z, label=E_LABELS)
        targets += [f"results/sumrules/Z{Z}.nc", f"results/sumrules/Z{Z}.md"]
        targets += expand(
            "results/figures/{fig}_Z{Z}.{ext}",
            fig=["fig1", "fig2", "approximations", "energy", "map"],
            Z=Z,
            ext=["pdf", "png"],
        )
        targets.append(f"results/tables/summary_Z{Z}.csv")
    if len(ZS) > 1:
        keV = [label for label in E_LABELS if label.endswith("keV")]
        targets += expand(
            "results/figures/ratio_vs_Z_E{label}.{ext}", label=keV, ext=["pdf", "png"]
        )
    return targets
