"""`python -m nuion.validation` prints every row of the validation table of docs/validation.md (issue 10 item 8).

The table "What is validated, and how well" is parsed as it stands: each row's first
column must be a line of the command's output, and the numbers the row quotes (scientific
notation, parenthesized remarks dropped) must be what the command measures: within 6 %
(two printed digits) for deviations above 1e-10, within a factor 10 for roundoff-level
ones (which vary with the platform's floating point).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

VALIDATION = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text()

pytestmark = pytest.mark.slow


def readme_rows():
    section = VALIDATION.split("## What is validated", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and not set(cells[0]) <= set("-") and cells[1] != "measured":
            rows.append(cells)
    return rows


def quoted_numbers(cell):
    while re.search(r"\([^()]*\)", cell):
        cell = re.sub(r"\([^()]*\)", "", cell)
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?e-\d+", cell)]


def test_readme_table_parsed():
    assert len(readme_rows()) >= 9


@pytest.fixture(scope="module")
def output():
    proc = subprocess.run([sys.executable, "-m", "nuion.validation"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("check, measured", readme_rows(), ids=[r[0][:40] for r in readme_rows()])
def test_every_row_is_printed_with_its_number(output, check, measured):
    lines = [line for line in output.splitlines() if line.startswith(check + ": ")]
    assert len(lines) == 1, f"`python -m nuion.validation` prints no line for the docs/validation.md row {check!r}"
    printed = [float(x) for x in re.findall(r"\d+(?:\.\d+)?e[-+]\d+|\d+\.\d+", lines[0][len(check) + 2:])]
    quoted = quoted_numbers(measured)
    assert quoted and len(printed) == len(quoted), (measured, lines[0])
    for got, want in zip(printed, quoted, strict=True):
        if want > 1e-10:
            assert got == pytest.approx(want, rel=0.06), (check, got, want)
        else:
            assert want / 10 < got < want * 10, (check, got, want)

