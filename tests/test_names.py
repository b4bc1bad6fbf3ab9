"""One name and one unit per quantity (issue 20, item 4): the command line, the datasets and docs/ agree.

nuion.io.schema declares every name once: VARIABLES (dataset variables) and CLI_ONLY (the other keys of
``nuion ... --json``). A key of the command line is a declared name, printed with that name's units;
every units string is spelled the UDUNITS way (``kg-1 d-1 keV-1``, ``cm2 keV-1``), as in docs/.
"""

import fnmatch
import json
import re
from pathlib import Path

import pytest

import nuion
from nuion.cli import main
from nuion.cross_sections import magnetic
from nuion.integrals import dcs as grid_dcs
from nuion.io.schema import CLI_ONLY, DATASETS, VARIABLES, declared

DOCS = sorted((Path(__file__).resolve().parents[1] / "docs").glob("*.md"))
#: A UDUNITS product of powers: "1", or symbols with integer exponents separated by spaces ("kg-1 d-1 keV-1").
UDUNITS = re.compile(r"1|[A-Za-z]+(-?[0-9]+)?( [A-Za-z]+(-?[0-9]+)?)*")
#: Spellings of units that are not UDUNITS: powers with ^, quotients with /, counts, day.
NOT_UDUNITS = re.compile(r"\^|/|\bcounts?\b|\bday\b")
#: Per-shell keys of the command line (CLI_ONLY "dcs_<shell>", "sigma_<shell>").
SHELL_KEY = re.compile(r"(dcs|sigma)_[1-9][spdf]")

#: The fastest case of every command and route (tests/test_cli*.py run the same in-process).
COMMANDS = {
    "dcs ion": ["dcs", "--Z", "1", "--E", "10eb", "--T", "2eb"],
    "dcs atom": ["dcs", "--target", "Ge", "--E", "1MeV", "--T", "2keV", "--n-Q", "16", "--continuum", "coulomb"],
    "dcs channel": ["dcs", "--channel", "millicharge", "--Z", "1", "--E", "100keV", "--T", "0.05keV", "--n-Q", "16"],
    "response ion": ["response", "--Z", "1", "--T", "2eb", "--K", "1"],
    "response atom": ["response", "--target", "Ge", "--shell", "2p", "--T", "3keV", "--q", "10keV", "--continuum", "coulomb"],
    "photo": ["photo", "--target", "Ge", "--omega", "15keV", "--continuum", "coulomb"],
    "sumrules": ["sumrules", "--Z", "1"],
    "rate": ["rate", "--preset", "gemma", "--T", "1keV", "--model", "fe"],
    "rate channel": ["rate", "--preset", "gemma", "--T", "1keV", "--model", "fe", "--channel", "millicharge"],
    "limit": ["limit", "--preset", "gemma", "--models", "fe", "--method", "analytic"],
    "limit channel": ["limit", "--preset", "gemma", "--models", "fe", "--method", "analytic", "--channel", "millicharge"],
}


def answer(capsys, argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def name_of(key):
    """The declared name a key of the command line stands for (``dcs_2p`` -> ``dcs_<shell>``)."""
    m = SHELL_KEY.fullmatch(key)
    return f"{m.group(1)}_<shell>" if m and key not in VARIABLES else key


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_keys_are_declared_with_their_units(capsys, command):
    result = answer(capsys, COMMANDS[command])
    for key, e in result.items():
        name = name_of(key)
        assert name in VARIABLES or name in CLI_ONLY, f"{command}: key {key!r} is not declared in nuion.io.schema"
        assert e["units"] == declared(name)[0], (command, key)
        assert UDUNITS.fullmatch(e["units"]) and not NOT_UDUNITS.search(e["units"]), (command, key, e["units"])


def test_one_name_one_meaning(capsys):
    # the names of the issue: ratio_stepping is the DCS over the stepping approximation, ratio_fe_atom over
    # Z free electrons, in nuion dcs and in the datasets; rate_*_true and rate_*_observed in both
    r = answer(capsys, COMMANDS["dcs atom"])
    assert r["ratio_stepping"]["value"] == pytest.approx(r["dcs_total"]["value"] / r["dcs_stepping"]["value"], rel=1e-12)
    assert r["ratio_fe_atom"]["value"] == pytest.approx(r["dcs_total"]["value"] / (32 * r["dcs_fe"]["value"]), rel=1e-12)
    assert "ratio_stepping" in DATASETS["dcs"] and "ratio_stepping_atom" not in VARIABLES
    eb = nuion.binding_energy(32)
    ds = nuion.dcs([2.0 * eb, 3.0 * eb], 10 * eb, 32)
    # an ion at T > eps_b: stepping = one free electron, so the DCS over stepping is ratio_total,
    # and the stepping approximation over free electrons (ratio_stepping_fe) is 1
    assert ds["ratio_stepping"].values == pytest.approx(ds["ratio_total"].values, rel=1e-12)
    assert ds["ratio_stepping_fe"].values == pytest.approx([1.0, 1.0], rel=1e-12)
    rate = answer(capsys, COMMANDS["rate"])
    assert {"rate_magnetic_true", "rate_magnetic_observed", "rate_weak_true", "rate_weak_observed"} <= set(rate)
    assert set(DATASETS["rates"]) >= {"rate_magnetic_true", "rate_magnetic_observed", "rate_weak_true", "rate_weak_observed"}
    assert "rate_magnetic" not in rate and "rate_magnetic" not in VARIABLES  # was true in one, observed in the other
    assert rate["rate_magnetic_true"]["value"] == pytest.approx(0.015493, rel=1e-4)  # docs/rates.md, GEMMA-like, 1 keV
    assert rate["rate_magnetic_observed"]["value"] == 0.0  # below the 2.8 keV threshold


def test_text_output_prints_the_schema_units(capsys):
    assert main(COMMANDS["rate"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^rate_magnetic_true +0\.01549\d* kg-1 d-1 keV-1 ", out, re.MULTILINE), out
    assert "counts" not in out


def test_schema_units_are_udunits():
    for table in (VARIABLES, CLI_ONLY):
        for name, (units, long_name) in table.items():
            assert UDUNITS.fullmatch(units) and not NOT_UDUNITS.search(units), (name, units)
            assert long_name, name
    assert not set(VARIABLES) & set(CLI_ONLY)  # one declaration per name


def test_dataset_attribute_units_are_declared():
    # a global attribute with a unit (<name>_units) is declared under its name with that unit
    eb = nuion.binding_energy(32)
    ds = nuion.dcs([2.0 * eb], 10 * eb, 32)
    with_units = [k[: -len("_units")] for k in ds.attrs if k.endswith("_units")]
    assert {"E_nu", "T_max_fe", "mu_nu"} <= set(with_units)
    for name in with_units:
        assert ds.attrs[f"{name}_units"] == declared(name)[0], name
    for name in ds.variables:
        assert ds[name].attrs["units"] == VARIABLES[name][0], name


def _prose(path):
    """The text of a docs page without its inline code spans (literal file formats, commands)."""
    return re.sub(r"`[^`\n]*`", "``", path.read_text())


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_spell_units_as_the_schema(path):
    # issue 20: keV^-1 in places and keV-1 in others, counts/(kg day keV) and kg-1 d-1 keV-1
    bad = re.compile(r"\b(?:keV|eV|cm|kg|barn)\^|\b[sd]\^-1|\bcounts?/\(|/\(kg|cm2/keV")
    lines = [f"{i}: {line}" for i, line in enumerate(_prose(path).splitlines(), 1) if bad.search(line)]
    assert not lines, f"{path.name}: units not in the schema's (UDUNITS) spelling:\n" + "\n".join(lines)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_name_declared_quantities(path):
    # every quantity docs/ names in code spans is declared (a retired name, e.g. ratio_stepping_atom, is not);
    # functions of the same prefix (dcs_from_grid) and patterns (ratio_*) are let through
    functions = {n for mod in (grid_dcs, magnetic) for n in dir(mod)}
    names = set(VARIABLES) | set(CLI_ONLY)
    found = re.findall(r"`((?:dcs|ratio|rate|sigma|mu_nu_limit|published)_[\w<>*]+)`", path.read_text())
    unknown = [n for n in found if n not in names and n not in functions and not fnmatch.filter(names, n)]
    assert not unknown, f"{path.name} names undeclared quantities: {unknown}"
