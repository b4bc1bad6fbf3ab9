"""The generated tables of the docs come from `make tables` (`python -m nuion.tables FILES`), never typed by hand."""

from pathlib import Path

from nuion import tables

ROOT = Path(__file__).resolve().parents[1]


def test_generated_tables_are_current():
    texts = {name: (ROOT / name).read_text() for name in tables.FILES}
    for name in tables.TABLES:
        assert sum(f"<!-- table:{name} -->" in text for text in texts.values()) == 1, name
    for path, text in texts.items():
        assert tables.update(text) == text, f"{path} is stale: regenerate with make tables"
