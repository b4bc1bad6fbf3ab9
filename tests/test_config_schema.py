"""Property tests of the config schema (workflow/schemas/config.schema.yaml;
docs/workflow.md, sec. 'Configuration').

Invalid configs are built by mutating the valid default config (config/config.yaml) in
one place; the schema must reject each one, and its best_match error (the one
workflow/rules/common.smk prints) must point at the mutated key. Valid configs are
accepted, and a few of them plan without error in a dry run of the workflow.

Mutations avoid what common.smk repairs before validating: numeric strings (it parses
them, for --config) and a scalar Z or E (it makes a list of one), and the CLI aliases
``charges`` and ``energies``.
"""

import copy
import math
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from nuion import binding_energy
from nuion.targets.atom.atom import OMEGA_MAX_KEV, T_MAX_KEV
from xraydb import atomic_symbol

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text())
# as workflow/rules/common.smk does: the atoms' design range comes from nuion.targets.atom.atom
SCHEMA["properties"]["atoms"]["properties"]["T"]["properties"]["max"]["maximum"] = T_MAX_KEV
SCHEMA["properties"]["atoms"]["properties"]["photo"]["properties"]["max"]["maximum"] = OMEGA_MAX_KEV
VALIDATOR = Draft202012Validator(SCHEMA)
DEFAULT = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
E_PATTERN = SCHEMA["properties"]["E"]["items"]["anyOf"][1]["pattern"]
CLI_ALIASES = {"charges", "energies"}


def numeric(text):
    """True if common.smk would turn the string into a number (int() or float() parses it)."""
    for parse in (int, float):
        try:
            parse(text)
            return True
        except ValueError:
            pass
    return False


def node_at(path):
    node = SCHEMA
    for key in path:
        node = node["properties"][key]
    return node


def scalar_leaves(node=SCHEMA, path=()):
    """(path, schema node) of every integer or number property, nested objects included."""
    for key, sub in node.get("properties", {}).items():
        if sub.get("type") == "object":
            yield from scalar_leaves(sub, (*path, key))
        elif sub.get("type") in ("integer", "number"):
            yield (*path, key), sub


LEAVES = list(scalar_leaves())
SECTIONS = [()] + [(key,) for key, sub in SCHEMA["properties"].items() if sub.get("type") == "object"]

FINITE = {"allow_nan": False, "allow_infinity": False}
TEXT = st.text(max_size=10).filter(lambda s: not numeric(s))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(**FINITE), TEXT)
JUNK = {
    "none": st.none(),
    "bool": st.booleans(),
    "text": TEXT,
    "list": st.lists(st.integers(), max_size=3),
    "dict": st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    "number": st.one_of(st.integers(), st.floats(**FINITE)),
}
NON_INTEGRAL = st.floats(**FINITE).filter(lambda x: not x.is_integer())


def wrong_type(kind):
    """Values that are not of JSON Schema type ``kind`` (and stay so in common.smk)."""
    if kind in ("integer", "number"):
        return st.one_of(JUNK["none"], JUNK["bool"], JUNK["text"], JUNK["list"], JUNK["dict"])
    if kind == "object":
        return st.one_of(JUNK["none"], JUNK["bool"], JUNK["text"], JUNK["list"], JUNK["number"])
    raise AssertionError(kind)


def out_of_range(node):
    """Values of the right type that break the node's minimum, exclusiveMinimum or maximum."""
    integer = node["type"] == "integer"
    options = []
    if "minimum" in node:
        m = node["minimum"]
        options.append(
            st.integers(max_value=math.ceil(m) - 1) if integer else st.floats(max_value=m, exclude_max=True, **FINITE)
        )
    if "exclusiveMinimum" in node:
        m = node["exclusiveMinimum"]
        options.append(st.integers(max_value=math.floor(m)))
        if not integer:
            options.append(st.floats(max_value=m, **FINITE))
    if "maximum" in node:
        M = node["maximum"]
        options.append(
            st.integers(min_value=math.floor(M) + 1) if integer else st.floats(min_value=M, exclude_min=True, **FINITE)
        )
    assert options, node
    return st.one_of(options)


def put(config, path, value):
    target = config
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


# Each mutation returns (config, path of the expected error, key the message must name or None).


@st.composite
def unknown_key(draw):
    section = draw(st.sampled_from(SECTIONS))
    known = set(node_at(section)["properties"]) | (CLI_ALIASES if section == () else set())
    names = st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=12)
    key = draw(names.filter(lambda k: k not in known))
    config = copy.deepcopy(DEFAULT)
    target = config
    for part in section:
        target = target[part]
    target[key] = draw(SCALARS)
    return config, section, key


@st.composite
def bad_leaf(draw, kind):
    """A scalar setting out of its range (``kind="range"``) or of the wrong type."""
    path, node = draw(st.sampled_from(LEAVES))
    if kind == "range":
        value = draw(out_of_range(node) if node["type"] == "number" else st.one_of(out_of_range(node), NON_INTEGRAL))
    else:
        value = draw(wrong_type(node["type"]))
    config = copy.deepcopy(DEFAULT)
    put(config, path, value)
    return config, path, None


@st.composite
def bad_section(draw):
    section = draw(st.sampled_from(SECTIONS[1:]))
    config = copy.deepcopy(DEFAULT)
    put(config, section, draw(wrong_type("object")))
    return config, section, None


def bad_e_item():
    string_item = st.one_of(
        st.sampled_from(["12parsecs", "700 keV", "700kev", "700KeV", "-5keV", "keV", "eb", "1.keV", ".5keV", "2 eb",
                         "+5keV", "0x10keV", "700keVs", "1e3", "5 ", "1,5eb", "\u0667keV"]),
        st.text(max_size=10),
    ).filter(lambda s: not re.search(E_PATTERN, s) and not numeric(s))
    non_positive = st.one_of(st.integers(max_value=0), st.floats(max_value=0, **FINITE))
    junk = st.one_of(JUNK["none"], JUNK["bool"], JUNK["list"], JUNK["dict"])
    return st.one_of(string_item, non_positive, junk)


def base_config(key):
    """The default config; with `Z: [32]` in place of `targets` when ``key`` is Z (config files may say Z:)."""
    config = copy.deepcopy(DEFAULT)
    if key == "Z":
        del config["targets"]
        config["Z"] = [32]
    return config


@st.composite
def bad_item(draw, key):
    """One entry of Z (<= 0, > 137, not an integer, wrong type), of targets (not a non-empty
    string) or of E (<= 0, bad string, wrong type)."""
    if key == "Z":
        items = node_at(("Z",))["items"]
        value = draw(st.one_of(out_of_range(items), NON_INTEGRAL, wrong_type("integer")))
    elif key == "targets":
        value = draw(st.one_of(st.just(""), JUNK["none"], JUNK["bool"], JUNK["list"], JUNK["dict"], JUNK["number"]))
    else:
        value = draw(bad_e_item())
    config = base_config(key)
    config[key] = list(config[key])
    i = draw(st.integers(0, len(config[key])))
    if i == len(config[key]):
        config[key].append(value)
    else:
        config[key][i] = value
    return config, (key, i), None


@st.composite
def bad_array(draw):
    key = draw(st.sampled_from(["targets", "Z", "E"]))
    config = base_config(key)
    if draw(st.booleans()):
        config[key] = []
    else:
        items = list(config[key])
        items.insert(draw(st.integers(0, len(items))), draw(st.sampled_from(items)))
        config[key] = items
    return config, (key,), None


@st.composite
def missing_required(draw):
    key = draw(st.sampled_from(SCHEMA["required"]))
    config = copy.deepcopy(DEFAULT)
    del config[key]
    return config, (), key


INVALID = st.one_of(
    unknown_key(),
    bad_leaf("range"),
    bad_leaf("type"),
    bad_section(),
    bad_item("Z"),
    bad_item("targets"),
    bad_item("E"),
    bad_array(),
    missing_required(),
)


def test_default_config_is_valid():
    VALIDATOR.validate(DEFAULT)
    assert {path for path, _ in LEAVES} >= {("T_over_eb", "n"), ("grid", "n_Q"), ("mu_nu",)}


def test_documented_bounds():
    # the mutations below take their bounds from the schema; these pin the documented ones
    assert node_at(("Z",))["items"] == {"type": "integer", "minimum": 1, "maximum": 137}
    assert node_at(("E",))["items"]["anyOf"][0] == {"type": "number", "exclusiveMinimum": 0}
    assert node_at(("T_over_eb", "min"))["exclusiveMinimum"] == 1
    assert node_at(("T_over_eb", "n"))["minimum"] == 2
    assert node_at(("mu_nu",))["exclusiveMinimum"] == 0
    assert all(node_at(path).get("additionalProperties") is False for path in SECTIONS)


@settings(max_examples=1000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(INVALID)
def test_invalid_config_is_rejected_naming_the_key(mutation):
    config, path, key = mutation
    errors = list(VALIDATOR.iter_errors(config))
    assert errors, (config, path)
    best = best_match(errors)
    assert tuple(best.absolute_path) == path, (best.message, list(best.absolute_path), path)
    if key is not None:
        # additionalProperties and required errors sit on the parent: the message names the key
        assert repr(key) in best.message, (best.message, key)
    elif path:
        assert path[0] in SCHEMA["properties"]


def e_label(value):
    """File label of an E entry, as common.smk makes it (2 -> '2eb')."""
    return f"{value:g}eb" if isinstance(value, int | float) else value


def e_kev_or_label(value):
    """keV of an absolute energy ('1MeV' and '1000keV' are one energy), else the label."""
    label = e_label(value)
    m = re.fullmatch(r"(.*)(keV|MeV)", label)
    return float(m.group(1)) * (1000 if m.group(2) == "MeV" else 1) if m else label


@st.composite
def valid_configs(draw, small=False):
    """Configs the schema and the checks of common.smk accept; optional sections may be absent.

    E > T_over_eb.min * eps_b(Z) for every Z: numbers are >= 1.5 (eps_b units) with
    T_over_eb.min < 1.5, energies in keV exceed 1.5 eps_b of the largest Z.
    """
    Z = draw(st.lists(st.integers(1, 137), min_size=1, max_size=3, unique=True))
    kev_floor = math.ceil(1.5 * binding_energy(max(Z))) + 1
    mev_floor = math.ceil(kev_floor / 1000) + 1
    energy = st.one_of(
        st.integers(2, 10**4),
        st.floats(1.5, 1e4),
        st.integers(2, 1000).map(lambda n: f"{n}eb"),
        st.integers(kev_floor, 10**5).map(lambda n: f"{n}keV"),
        st.tuples(st.integers(kev_floor, 10**5), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]}keV"),
        st.integers(mev_floor, 100).map(lambda n: f"{n}MeV"),
    )
    # the same energy twice (1MeV and 1000keV) is refused by common.smk: keep them distinct in keV
    energies = draw(st.lists(energy, min_size=1, max_size=4, unique_by=lambda e: e_kev_or_label(e)))
    # hydrogen-like ions by targets (canonical or element alias) or by Z (config files)
    if draw(st.booleans()):
        config = {"Z": Z, "E": energies}
    else:
        names = [draw(st.sampled_from([f"Z{z}", f"{atomic_symbol(z)}{z - 1}+"])) if z <= 98 else f"Z{z}" for z in Z]
        config = {"targets": names, "E": energies}
    t_min = draw(st.floats(1.0, 1.49, exclude_min=True))
    sections = {
        "T_over_eb": {
            "min": t_min,
            "max": t_min + draw(st.floats(0.01, 50.0)),
            "n": 10 if small else draw(st.integers(2, 100_000)),
        },
        "grid": {
            "K_min": draw(st.floats(0.0, 0.003, exclude_min=True)),
            "K_max": draw(st.floats(10.0, 1e4)),
            "n_Q": 100 if small else draw(st.integers(10, 1_000_000)),
        },
        "sumrules": {
            "tolerance": draw(st.floats(1e-8, 1.0, exclude_min=True)),
            "limit_tolerance": draw(st.floats(1e-8, 1.0, exclude_min=True)),
            "n_check": draw(st.integers(1, 1000)),
        },
    }
    for name, section in sections.items():
        keep = draw(st.sets(st.sampled_from(sorted(section))))
        if not keep and not small and draw(st.booleans()):
            continue  # section absent: the schema's defaults apply
        config[name] = {k: v for k, v in section.items() if k in keep or (small and k in ("n", "n_Q"))}
    if draw(st.booleans()):
        config["mu_nu"] = draw(st.floats(1e-15, 1e-8))
    return config


@settings(max_examples=300, deadline=None, database=None)
@given(valid_configs())
def test_valid_config_is_accepted(config):
    errors = list(VALIDATOR.iter_errors(config))
    assert not errors, best_match(errors).message


@pytest.fixture(scope="module")
def workflow_copy(tmp_path_factory):
    """Snakefile, workflow/ and config/ of this checkout in a temporary directory."""
    dest = tmp_path_factory.mktemp("schema_wf")
    shutil.copy(ROOT / "Snakefile", dest)
    shutil.copytree(ROOT / "workflow", dest / "workflow", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "config", dest / "config")
    return dest


def job_counts(output):
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)$", output, re.MULTILINE)}


@pytest.mark.heavy
@settings(max_examples=10, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_configs(small=True))
def test_valid_config_plans_in_dry_run(workflow_copy, config):
    (workflow_copy / "config" / "config.yaml").write_text(yaml.safe_dump(config))
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "1", "-n"],
        cwd=workflow_copy,
        env={**os.environ, "PYTHONPATH": str(workflow_copy / "workflow")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"{config}\n{proc.stdout}\n{proc.stderr}"
    jobs = job_counts(proc.stdout + proc.stderr)
    n_targets = len(config.get("Z", config.get("targets")))
    assert jobs.get("response") == n_targets, jobs
    assert jobs.get("dcs") == n_targets * len(config["E"]), jobs
    assert jobs.get("sumrules") == n_targets, jobs


def test_atoms_design_range_has_one_source():
    # issue 20, item 5: the schema file states no bound of its own; common.smk takes them from the package
    raw = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text())["properties"]["atoms"]
    assert "maximum" not in raw["properties"]["T"]["properties"]["max"]
    assert "maximum" not in raw["properties"]["photo"]["properties"]["max"]
    assert (T_MAX_KEV, OMEGA_MAX_KEV) == (30.0, 200.0)  # docs/atoms.md, sec. 'Workflow'
    smk = (ROOT / "workflow" / "rules" / "common.smk").read_text()
    assert "nuion.targets.atom.atom.T_MAX_KEV" in smk and "nuion.targets.atom.atom.OMEGA_MAX_KEV" in smk


MY_GE = (ROOT / "config" / "my_detector.yaml").read_text()


@pytest.mark.parametrize(
    ("args", "presets", "message"),
    [
        # issue 20, item 5: each passed validation and failed minutes later in a job (or never)
        (["--configfile", "config/atoms.yaml", "--config", "energies=[1keV]"], None,
         "E[0] = 1keV (1 keV) lies below the K shell of Ge"),
        (["--configfile", "config/atoms.yaml", "--config", "atoms={'T': {'max': 100}}"], None,
         "atoms.T.max: 100 is greater than the maximum of 30.0"),
        (["--configfile", "config/atoms.yaml", "--config", "atoms={'photo': {'max': 300}}"], None,
         "atoms.photo.max: 300 is greater than the maximum of 200.0"),
        # preset files: one config error line, not a Snakemake traceback
        ([], MY_GE.replace("      # fractions: {U235: 0.58, U238: 0.07, Pu239: 0.30, Pu241: 0.05}",
                           "      fractions: {U235: 0.58, U238: 0.07, Pu239: 0.30}"),
         "rates.presets_file: {path}: presets.my_ge.reactor.fractions: fission fractions must sum to 1"),
        ([], MY_GE.replace("      mass_kg: 1.0", "      mass_kg: [1.0"), "rates.presets_file: {path}, line"),
        ([], MY_GE.replace("      mass_kg: 1.0", "      mass_kilo: 1.0"), "('mass_kilo' was unexpected)"),
    ],
)
def test_bad_input_refused_before_any_job(workflow_copy, tmp_path, args, presets, message):
    (workflow_copy / "config" / "config.yaml").write_text((ROOT / "config" / "config.yaml").read_text())
    if presets is not None:
        path = tmp_path / "mine.yaml"  # a file outside the checkout
        path.write_text(presets)
        args = ["--config", f"rates={{presets: [my_ge], presets_file: {path}, models: [fe]}}"]
        message = message.format(path=path)
    proc = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "1", "-n", *args], cwd=workflow_copy,
                          env={**os.environ, "PYTHONPATH": str(workflow_copy / "workflow")}, capture_output=True,
                          text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    errors = [line for line in out.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and errors[0].startswith("config error:") and message in errors[0], out
    assert "Traceback" not in out and 'File "' not in out
