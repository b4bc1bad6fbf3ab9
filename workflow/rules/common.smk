# Configuration checks and helpers shared by every rule.
import ast
import functools
import hashlib
import importlib
import math
import os
import re
import signal
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import yaml

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

import nuion
import nuion.integrals.grids
import nuion.targets.atom.atom
import nuion.targets.atom.orbitals
import nuion.targets.atom.thresholds
import nuion.targets


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _config_error(message):
    """Stop before any job with one line: no WorkflowError banner, no traceback lines."""
    print(f"config error: {message}", file=sys.stderr)
    sys.exit(1)


# Ctrl-C (issue 20, item 10): one line saying what to rerun, nothing else. The terminal sends SIGINT
# to Snakemake and to every job; Snakemake would report each stopped job (RuleException, 'Error in
# rule' blocks, WorkflowError), and a job still in Snakemake's preamble (before its script sends
# stderr to its log) would print a KeyboardInterrupt traceback. So the jobs start with SIGINT ignored
# (the shell prefix below; Python keeps an inherited SIG_IGN) and each script turns it back on once
# stderr goes to its log; Snakemake's own log is silenced from the interrupt on.
def _on_interrupt(signum, frame):
    import logging
    import shlex

    if not getattr(_on_interrupt, "seen", False):
        _on_interrupt.seen = True
        logging.getLogger("snakemake.logging").addFilter(lambda record: False)
        argv = list(sys.argv)
        if argv and argv[0].endswith("__main__.py"):  # python -m snakemake
            argv[0:1] = [sys.executable, "-m", "snakemake"]
        if argv and os.path.isabs(argv[0]) and Path(argv[0]).is_relative_to(Path.cwd()):
            argv[0] = os.path.relpath(argv[0])
        print(
            f"interrupted: rerun `{shlex.join(argv)}` to finish (the jobs that were running start "
            f"again; finished ones are kept)",
            file=sys.stderr,
            flush=True,
        )
    signal.default_int_handler(signum, frame)


try:  # only the main thread may set a handler (not so under --gui or the API in a thread)
    signal.signal(signal.SIGINT, _on_interrupt)
    shell.prefix("set -euo pipefail; trap '' INT; ")
except ValueError:
    pass


SCHEMA_PATH = Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"
SCHEMA = yaml.safe_load(SCHEMA_PATH.read_text())
# The atoms' design range lives in one place, nuion.targets.atom.atom; the schema takes it from there.
_ATOM_KEYS = SCHEMA["properties"]["atoms"]["properties"]
_ATOM_KEYS["T"]["properties"]["max"]["maximum"] = nuion.targets.atom.atom.T_MAX_KEV
_ATOM_KEYS["photo"]["properties"]["max"]["maximum"] = nuion.targets.atom.atom.OMEGA_MAX_KEV
# Snakemake >= 8.17 rejects one-letter keys on the command line (snakemake#3015), so
# --config Z=... cannot work; `targets=` replaces it, and these aliases remain.
CLI_ALIASES = {"charges": "Z", "energies": "E"}
# Keys whose values stay strings (a target "Z32", a directory "2024").
TEXT_KEYS = ("targets", "output_dir")


def _aliased(layer):
    return {CLI_ALIASES.get(key, key): value for key, value in layer.items()}


for _alias, _key in CLI_ALIASES.items():
    if _alias in config:
        config[_key] = config.pop(_alias)


def _choose_targets_or_Z():
    """Keep whichever of `targets` and `Z` the most specific source names: --config
    beats --configfile beats config/config.yaml; both in one source is an error."""
    settings = workflow.config_settings
    for layer in (settings.config, settings.overwrite_config, config):
        named = [key for key in ("targets", "Z") if key in _aliased(layer)]
        if len(named) == 2:
            _config_error(
                "targets and Z are both given; give one of them "
                "(allowed: targets, a list of names like Z32 or Ge31+; Z, a list of nuclear charges)"
            )
        if named:
            config.pop("Z" if named[0] == "targets" else "targets", None)
            return


_choose_targets_or_Z()


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


config.update({k: _numbers(v) for k, v in config.items() if k not in TEXT_KEYS})
# A single target, Z or E (e.g. --config targets=Z32) is a list of one.
for _key in ("targets", "Z", "E"):
    if _key in config:
        config[_key] = _as_list(config[_key])

_errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(config))
if _errors:
    _config_error(_explain(jsonschema.exceptions.best_match(_errors)))
# `Z:` of a config file names hydrogen-like ions: the same as targets Z<k>.
if "Z" in config:
    config["targets"] = [f"Z{int(z)}" for z in config.pop("Z")]
validate(config, schema="../schemas/config.schema.yaml")  # fills the defaults


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
# JSON Schema counts 32.0 as an integer: make counts real ints.
for _section, _key in (("T_over_eb", "n"), ("grid", "n_Q"), ("sumrules", "n_check")):
    config[_section][_key] = int(config[_section][_key])

# Every target must be one nuion.targets.get can build. Atoms are not built here (their mean
# field takes seconds): the name, the module nuion.targets.atom.atom and the shells of the RHF table
# suffice, or with measured thresholds those of the X-ray edges (closed l > 0 shells split by j).
TARGETS = {}
SHELLS = {}  # target -> shell labels in (n, l, j) order, one response job each (an ion: 1s)
ATOMS = config["atoms"]


def atom_shells(name):
    """Shell labels of an atom in (n, l, j) order, as nuion.targets.atom.Atom builds them: one per RHF
    orbital (model thresholds), or the X-ray edges' subshells (measured: 2p1_2, 2p3_2, ...)."""
    if ATOMS["thresholds"] == "measured":
        return [s.label for s in nuion.targets.atom.thresholds.measured_shells(name)]
    rhf = nuion.targets.atom.orbitals.load_rhf(name)
    return [o.label for o in sorted(rhf.orbitals, key=lambda o: (o.n, o.l))]


for _i, _name in enumerate(config["targets"]):
    try:
        if _name in nuion.targets.ATOMS:
            _module = nuion.targets.ATOMS[_name].partition(":")[0]
            try:
                importlib.import_module(_module)
            except ImportError:
                nuion.targets.get(_name)  # raises the one-line NotImplementedError
            _rhf = nuion.targets.atom.orbitals.load_rhf(_name)
            _target = SimpleNamespace(
                name=_name, Z=_rhf.Z, unit=1.0, unit_name="keV", rhf=_rhf
            )
            SHELLS[_name] = atom_shells(_name)
        else:
            _target = nuion.targets.get(_name)
            SHELLS[_target.name] = [s.label for s in _target.shells]
    except (ValueError, NotImplementedError) as _err:
        _config_error(f"targets[{_i}]: {_err}")
    if _target.name in TARGETS:
        _config_error(
            f"targets[{_i}]: {_name!r} is {_target.name}, already listed (allowed: each target once)"
        )
    TARGETS[_target.name] = _target
ATOM_TARGETS = [name for name in TARGETS if name in nuion.targets.ATOMS]
if ATOM_TARGETS:
    _t, _q = ATOMS["T"], ATOMS["Q"]
    for _key in ("T", "photo"):  # the two energy grids between shell edges
        _g = ATOMS[_key]
        if not _g["max"] > _g["min"]:
            _config_error(f"atoms.{_key}.max = {_g['max']} keV must exceed atoms.{_key}.min = {_g['min']} keV")
        if not _g["edge_offset"][1] >= _g["edge_offset"][0]:
            _config_error(
                f"atoms.{_key}.edge_offset = {_g['edge_offset']}: give [smallest, largest] offset"
            )
    if _q["min"] > _t["min"] ** 2:
        _config_error(
            f"atoms.Q.min = {_q['min']} keV^2 exceeds atoms.T.min^2 = {_t['min'] ** 2:.4g} keV^2 "
            f"(the DCS integrates from Q = T^2; lower atoms.Q.min or raise atoms.T.min)"
        )
    if not _q["max"] > _t["max"] ** 2:
        _config_error(
            f"atoms.Q.max = {_q['max']} keV^2 must exceed atoms.T.max^2 = {_t['max'] ** 2:.4g} keV^2"
        )
    _n_Q = len(
        nuion.integrals.grids.atom_momentum_grid(
            _q["min"], _q["max"], _q["per_decade"], _q["ridge_per_decade"], _t["min"], _t["max"]
        )
    )
    if _n_Q < 4:
        _config_error(
            f"atoms.Q: {_n_Q} points; the cubic Q integrals need at least 4 "
            f"(raise atoms.Q.per_decade or atoms.Q.ridge_per_decade)"
        )
    for _name in ATOM_TARGETS:
        _lowest = min(-o.energy for o in TARGETS[_name].rhf.orbitals) * nuion.targets.atom.orbitals.HARTREE_KEV
        if _t["min"] <= 2 * _lowest:
            _config_error(
                f"atoms.T.min = {_t['min']} keV is at the outermost threshold of {_name} "
                f"(about {_lowest:.3g} keV): start the T grid above {2 * _lowest:.3g} keV"
            )
# Hydrogen-like ions: the cross-Z sweep figures compare these.
IONS = sorted(
    (name for name, t in TARGETS.items() if t.unit_name == "eps_b"),
    key=lambda name: TARGETS[name].Z,
)

T_RANGE = config["T_over_eb"]
GRID = config["grid"]
OUT = str(Path(config["output_dir"]))  # "results/" -> "results"

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


# Wildcard pattern of the atoms (the rules that only a target with a radial engine has).
ATOM = "|".join(nuion.targets.ATOMS)


def e_label(value):
    """File label of a configured energy: 2 -> '2eb', '700keV' -> '700keV', '1MeV' -> '1MeV'."""
    return f"{value:g}eb" if isinstance(value, (int, float)) else value


def e_kev(label, target):
    """Neutrino energy in keV of an E label for a target (canonical name; atoms: keV or MeV only)."""
    return nuion.targets.Target.energy_keV(TARGETS[target], label)


E_LABELS = [e_label(e) for e in config["E"]]

_seen = {}
for _i, _label in enumerate(E_LABELS):
    if not _label.endswith("eb"):
        _kev = nuion.targets.get("Z1").energy_keV(_label)
        if _kev in _seen:
            _config_error(
                f"E[{_i}]: {_label!r} is the same energy as {_seen[_kev]!r} (allowed: each energy once)"
            )
        _seen[_kev] = _label
    for _name, _target in TARGETS.items():
        try:
            _kev = e_kev(_label, _name)
        except ValueError as _err:
            _config_error(f"E[{_i}]: {_err}")
        if _name in nuion.targets.ATOMS:
            if _kev <= ATOMS["T"]["min"]:
                _config_error(
                    f"E = {_label} ({_kev:.4g} keV) leaves no kinematic room for {_name}: "
                    f"E must exceed atoms.T.min = {ATOMS['T']['min']:.4g} keV"
                )
            # the K-shell figure (when the 1s edge lies in the T grid) compares the atom's 1s with the
            # hydrogen-like ion of its Z from 1.001 eps_b up to 0.999 E (workflow/scripts/figures.py)
            _eps1s = -_target.rhf.orbital("1s").energy * nuion.targets.atom.orbitals.HARTREE_KEV
            _ion_min = 1.001 / 0.999 * nuion.binding_energy(_target.Z)
            if _eps1s < ATOMS["T"]["max"] and _kev <= _ion_min:
                _config_error(
                    f"E[{_i}] = {_label} ({_kev:.4g} keV) lies below the K shell of {_name}: its K-shell "
                    f"figure compares the 1s electrons with the hydrogen-like ion Z{_target.Z} above its "
                    f"threshold; E must exceed {_ion_min:.4g} keV (or atoms.T.max below the 1s edge, {_eps1s:.4g} keV)"
                )
            continue
        _tmin = T_RANGE["min"] * _target.unit
        if _kev <= _tmin:
            _config_error(
                f"E = {_label} ({_kev:.4g} keV for {_name}) leaves no kinematic room: "
                f"E must exceed T_over_eb.min x {_target.unit_name} = {_tmin:.4g} keV"
            )


NUION_DIR = Path(nuion.__file__).parent
SCRIPTS_DIR = Path(workflow.basedir) / "workflow" / "scripts"


def _module_file(name):
    """File of the nuion module ``name`` (dotted, relative to nuion: "" is the package), or None."""
    base = NUION_DIR.joinpath(*name.split(".")) if name else NUION_DIR
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file() and (name or path.name == "__init__.py"):
            return path
    return None


@functools.cache  # every stage's hash walks the same modules: parse each once per Snakemake start
def _nuion_imports(path):
    """nuion modules (dotted, relative to nuion) that a Python file imports, with their parent packages."""
    found = set()
    for node in ast.walk(ast.parse(Path(path).read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "nuion":
            name = node.module.partition(".")[2]
            found.add(name)
            found.update(f"{name}.{a.name}".lstrip(".") for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.partition(".")[2] for a in node.names if a.name.split(".")[0] == "nuion")
    parents = {".".join(n.split(".")[:k]) for n in found for k in range(n.count(".") + 1)}
    return {n for n in found | parents if _module_file(n) is not None}


def source_hash(script):
    """SHA-256 of the nuion modules that workflow/scripts/<script> imports, transitively.

    Passed to every job as a parameter; Snakemake does not track imported code, so without
    it an edit of the package would leave stale results; with it, an edit reruns
    exactly the stages whose scripts reach the edited module.
    """
    todo, seen = _nuion_imports(SCRIPTS_DIR / script) | {""}, set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= _nuion_imports(_module_file(name)) - seen
    h = hashlib.sha256()
    for name in sorted(seen):
        h.update(b"\0".join((name.encode(), _module_file(name).read_bytes())))
    return h.hexdigest()[:16]


def out(path):
    """A path under the run's output directory (config key output_dir, default results)."""
    return f"{OUT}/{path}"


def response_params(wildcards):
    """What every shell job of a target shares (the shell is the wildcard): its model and grid,
    by what the target is (nuion.integrals.grids.target_grid)."""
    if wildcards.target in nuion.targets.ATOMS:
        return {
            "target": wildcards.target,
            "model": {"continuum": ATOMS["continuum"], "thresholds": ATOMS["thresholds"]},
            "T": dict(ATOMS["T"]),
            "Q": dict(ATOMS["Q"]),
        }
    return {"target": wildcards.target, "T_over_eb": dict(T_RANGE), "grid": dict(GRID)}


def sumrule_params(wildcards):
    """The checks and tolerances that apply to the target (config sumrules for ions, atoms.sumrules for atoms)."""
    if wildcards.target in nuion.targets.ATOMS:
        return dict(ATOMS["sumrules"])
    return dict(config["sumrules"])


def dcs_params(wildcards):
    return {
        "target": wildcards.target,
        "label": wildcards.label,
        "E_keV": e_kev(wildcards.label, wildcards.target),
        "mu_nu": float(config["mu_nu"]),
    }


def channels_params(wildcards):
    """The channels stage's reference couplings (docs/channels.md): ratios do not depend on them, the millicharge's on m_nu."""
    return {**dcs_params(wildcards), "q_nu": 1e-12, "m_nu_eV": 0.05, "r2_cm2": 1e-32}


def dcs_files(wildcards):
    return expand(out("dcs/{target}/E{label}.nc"), target=wildcards.target, label=E_LABELS)


def shell_priority(wildcards):
    """Outer shells first: their partial-wave sums are the longest jobs (Ge 4p, Xe 5p), the critical path
    (the subshells nl_j of a shell nl share its priority)."""
    label = wildcards.shell
    return 10 * int(label[0]) + "spdf".index(label[1])


def photo_params(wildcards):
    """The photo stage of an atom: model and photon-energy grid."""
    return {
        "target": wildcards.target,
        "model": {"continuum": ATOMS["continuum"], "thresholds": ATOMS["thresholds"]},
        "photo": dict(ATOMS["photo"]),
    }


def shell_files(wildcards):
    return expand(
        out("response/{target}/{shell}.nc"),
        target=wildcards.target,
        shell=SHELLS[wildcards.target],
    )


def has_k_shell(target):
    """The atom's 1s threshold (RHF, about) lies inside the T grid: the K-shell figure is drawn."""
    eps = -TARGETS[target].rhf.orbital("1s").energy * nuion.targets.atom.orbitals.HARTREE_KEV
    return eps < ATOMS["T"]["max"]


#: Figures by kind of target (the figure rule; nuion.plotting): the paper's and its comparisons for
#: a hydrogen-like ion, the shells and photoabsorption for an atom.
ION_FIGURES = ["fig1", "fig2", "approximations", "energy", "map"]
ATOM_FIGURES = ["atom_dcs", "atom_perp_par", "photo", "kshell", "channels"]
FIGURES = ION_FIGURES + ATOM_FIGURES


def figure_names(target):
    """The figures of a target; an atom's K-shell figure only when its 1s threshold lies in the T grid."""
    if target not in nuion.targets.ATOMS:
        return ION_FIGURES
    return [f for f in ATOM_FIGURES if f != "kshell" or has_k_shell(target)]


def figure_inputs(wildcards):
    """The DCS files of the target, and its photo dataset for the photoabsorption figure."""
    if wildcards.figure not in figure_names(wildcards.target):
        raise WorkflowError(f"figure {wildcards.figure} is not drawn for target {wildcards.target}")
    inputs = {"dcs": dcs_files(wildcards)}
    if wildcards.figure == "channels":
        inputs["channels"] = expand(out("channels/{target}/E{label}.nc"), target=wildcards.target, label=E_LABELS)
    if wildcards.figure == "photo":
        inputs["photo"] = out(f"photo/{wildcards.target}.nc")
    return inputs


def target_files(target):
    """Every output of a target: DCS per E, sum rules, its figures (and an atom's photo report, an ion's summary)."""
    files = expand(out("dcs/{target}/E{label}.nc"), target=target, label=E_LABELS)
    files += [out(f"sumrules/{target}.nc"), out(f"sumrules/{target}.md")]
    files += expand(out("figures/{fig}_{target}.{ext}"), fig=figure_names(target), target=target, ext=["pdf", "png"])
    if target in nuion.targets.ATOMS:
        files.append(out(f"photo/{target}.md"))
        files += expand(out("channels/{target}/E{label}.nc"), target=target, label=E_LABELS)
    else:
        files.append(out(f"tables/summary_{target}.csv"))
    return files


def all_targets():
    files = []
    for target in TARGETS:  # (rates_common.smk adds preset materials' response grids)
        files += target_files(target)
    if len(IONS) > 1:
        absolute = [label for label in E_LABELS if not label.endswith("eb")]
        files += expand(
            out("figures/ratio_vs_Z_E{label}.{ext}"), label=absolute, ext=["pdf", "png"]
        )
    return files
