"""Every command the README and docs/ show runs as shown (issue 10 item 1, issue 20 item 3).

README.md and docs/*.md are parsed as they stand, so a command added later is tested too: each
fenced ``sh`` block is split into commands (comments dropped, ``\\`` continuations joined), and

* ``snakemake`` and ``nuion run`` commands are dry-run (``-n``) in a temporary copy of the checkout;
* ``nuion`` and ``python -m ...`` commands are run (they are point queries, cheap);
* ``make <target>`` is checked with ``make -n`` (the target exists and would run);

a command of any other kind fails the test until this module learns to run it. A block whose
info string says ``template`` (```` ```sh template ````) shows commands with placeholders to
fill in (``PATH``, your own file) and is not run. Each
``python`` block is executed, and where a line ends in a comment that starts with a number
or ``array([...])``, the expression is evaluated and compared at the printed precision.
"""

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEXT = "\n".join(path.read_text() for path in DOCS)

pytestmark = [pytest.mark.slow, pytest.mark.heavy]


def fenced_blocks(text, languages):
    """Bodies of the fenced code blocks whose info string is one of ``languages``."""
    return [m.group(3) for m in re.finditer(r"^```(\w*)([^\n]*)\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
            if m.group(1) in languages and "template" not in m.group(2)]


def shell_commands(text):
    commands = []
    for block in fenced_blocks(text, ("sh", "bash", "shell", "console")):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line.removeprefix("$ "), comments=True)
            if words and words not in commands:
                commands.append(words)
    return commands


COMMANDS = shell_commands(TEXT)


def kind(words):
    program = Path(words[0]).name
    if program == "snakemake" or (program == "nuion" and words[1:2] == ["run"]):  # nuion run: snakemake, checked
        return "snakemake"
    if program == "nuion":
        return "nuion"
    if program.startswith("python") and words[1:2] == ["-m"]:
        return "python"
    if program == "make":
        return "make"
    return "unknown"


def test_readme_has_commands():
    kinds = {kind(w) for w in COMMANDS}
    assert {"snakemake", "nuion", "make"} <= kinds, COMMANDS


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """What a fresh clone has, in a temporary directory (results/ empty)."""
    dest = tmp_path_factory.mktemp("readme")
    shutil.copy(ROOT / "Snakefile", dest)
    for name in ("workflow", "config", "profiles"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return dest


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(w)[:80] for w in COMMANDS])
def test_readme_command_runs_as_shown(words, checkout):
    env = {**os.environ, "PYTHONPATH": str(checkout / "workflow")}
    what = kind(words)
    if what == "snakemake":
        for flag in ("--configfile", "--workflow-profile"):
            if flag in words:
                path = checkout / words[words.index(flag) + 1]
                assert path.exists(), f"README command names {path.relative_to(checkout)}, which a clone lacks"
        if "--workflow-profile" in words and "slurm" in words[words.index("--workflow-profile") + 1]:
            pytest.importorskip("snakemake_executor_plugin_slurm")
        front = ["nuion", "run"] if words[1:2] == ["run"] else ["snakemake"]
        argv, cwd = [sys.executable, "-m", *front, *words[len(front):], "-n"], checkout
    elif what == "nuion":
        argv, cwd = [sys.executable, "-m", "nuion", *words[1:]], checkout
    elif what == "python":
        argv, cwd = [sys.executable, *words[1:]], checkout
    elif what == "make":
        if not shutil.which("make"):
            pytest.skip("make not installed")
        argv, cwd = ["make", "-n", *words[1:]], ROOT
    else:
        pytest.fail(f"README shows a command this test cannot run: {' '.join(words)} (teach tests/test_readme.py)")
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{' '.join(words)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    if what == "nuion":
        assert "nan" not in proc.stdout.lower().split() and "warning" not in proc.stderr


def shown_numbers(comment):
    """Numbers a comment shows as a value: '13.93 keV' -> [13.93], 'array([0.95, 0.9])' -> [0.95, 0.9]."""
    m = re.match(r"\s*(array\(\[[^\]]*\]\)|[-+]?\d[\d.eE+-]*)", comment)
    if not m:
        return None
    return [float(x) for x in re.findall(r"[-+]?\d+\.?\d*(?:[eE][-+]?\d+)?", m.group(1))]


@pytest.mark.parametrize("block", fenced_blocks(TEXT, ("python",)))
def test_readme_python_block(block):
    namespace = {}
    for line in block.splitlines():
        code, _, comment = line.partition("#")
        if not code.strip():
            continue
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
        expected = shown_numbers(comment) if comment else None
        if expected is None:
            continue
        tree = ast.parse(code.strip())
        node = tree.body[0]
        expr = node.value if isinstance(node, ast.Assign | ast.Expr) else None
        value = np.atleast_1d(eval(compile(ast.Expression(expr), "README.md", "eval"), namespace))  # noqa: S307
        # compared at the precision printed: half a unit of the last digit shown
        digits = [len(t.split(".")[1]) if "." in t else 0
                  for t in re.findall(r"\d+\.?\d*", comment.split(")")[0] if "array" in comment else comment)]
        for got, want, d in zip(value, expected, digits, strict=False):
            assert abs(float(got) - want) <= 0.5 * 10.0**-d + 1e-12, (line, float(got))
