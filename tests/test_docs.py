"""Every repository path and docs section named in a tracked text file exists (issue 9).

The checker scans the files of ``git ls-files`` that a reader reads (Markdown, Python source
and docstrings, Snakemake rules, report captions, YAML, TOML, the Snakefile, the Makefile
and the CI script) for two kinds of reference:

* **Paths.** A token such as ``workflow/nuion/targets/ion/hydrogenic.py`` counts as a repository path when
  its first component is a top-level directory of the repository (``docs``, ``tests``,
  ``workflow``, ``config``, ``.test``, ...), or when it starts with ``./`` or ``../``
  (resolved against the directory of the file that names it, as Snakemake resolves
  ``script:`` paths), or when it has a directory part and ends in a source or documentation
  extension (``.py``, ``.md``, ``.smk``, ...; then some tracked path must end with it, e.g.
  ``scripts/dcs.py``). It must name a tracked file or a directory holding one. Wildcards of
  the workflow (``{Z}``, ``<rule>``, ``*``) match any name. Bare file names without a
  directory are not checked: they are relative to the reader's context (``Z32.md`` in a list
  of outputs, a user's own config file). Paths under ``results/``, ``.venv/`` and
  ``.snakemake/`` are written by the workflow or ``make`` and never tracked: they are allowed.
  URLs are ignored.
* **Sections.** A reference "<file>.md, sec. '<heading>'" (also "secs. 'A' and 'B'") must name
  a heading of that Markdown file; inside ``docs/*.md`` a bare "sec. '<heading>'" refers to the
  file itself. Headings are the ``#`` lines outside fenced code.
"""

import fnmatch
import posixpath
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Suffixes of the scanned files; plus the names below (files without a suffix).
TEXT_SUFFIXES = {".md", ".py", ".smk", ".rst", ".yaml", ".yml", ".toml", ".cfg", ".txt"}
TEXT_NAMES = {"Snakefile", "Makefile", "run"}
#: Extensions that make a token with a directory part a path even without a known top level.
PATH_EXTENSIONS = (".py", ".md", ".smk", ".rst", ".yaml", ".yml", ".toml", ".cfg", ".txt", ".json")
#: First components of paths that the workflow or make create and git never tracks.
GENERATED = {"results", ".venv", ".snakemake"}
#: The same outputs named relative to the run's output directory (``out("dcs/...")`` in the rules).
GENERATED |= {"response", "dcs", "sumrules", "figures", "tables", "logs", "benchmarks", "rates", "sensitivity", "photo"}

_COMPONENT = r"(?:[\w.*+-]|<[\w-]+>|\{[^{}\s/]*\})+"
_PATH = re.compile(rf"(?<![\w/.~:<>{{}}*+-])(?:{_COMPONENT})(?:/{_COMPONENT})+/?")
_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|github:|www\.)\S+")
#: Near a path, the marks of a citation of another repository's file (its host, a commit, or
#: an owner/name pair followed by a file), e.g. "github.com/temken/DarkARC src/wave_functions.py".
_EXTERNAL = re.compile(r"github\.com/|\(commit [0-9a-f]{7,40}\)|\b[\w.-]+/[\w.-]+ (?=src/)")
_WILDCARD = re.compile(r"\{[^{}]*\}|<[\w-]+>")
_SECTION_REF = re.compile(
    r"(?P<file>(?<![\w/.-])(?:docs/[\w./-]+?\.md|README\.md))`?,? secs?\. "
    r"(?P<names>'[^']+'(?:(?:,| and|, and| to) '[^']+')*)"
)
_BARE_SECTION_REF = re.compile(r"\bsecs?\. (?P<names>'[^']+'(?:(?:,| and|, and| to) '[^']+')*)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def tracked_files(root=ROOT):
    """Paths of every file git tracks under ``root`` (POSIX, relative)."""
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=False)
    if out.returncode != 0:
        pytest.skip("not a git checkout: no list of tracked files")
    return [p for p in out.stdout.decode().split("\0") if p]


def is_text(path):
    """Whether ``path`` is one of the scanned text files."""
    name = posixpath.basename(path)
    return posixpath.splitext(name)[1] in TEXT_SUFFIXES or name in TEXT_NAMES


def headings(text):
    """Markdown headings of ``text`` (outside fenced code), in order."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            out.append(m.group(1))
    return out


def _flatten(text):
    """Text with line breaks, indentation and comment markers collapsed to one space, so
    that a reference wrapped over two comment or docstring lines reads as one."""
    return re.sub(r"[ \t]*\n[ \t]*(?:#+[ \t]*)?", " ", text)


def _exists(path, files, dirs):
    if any(c in path for c in "{}<>*"):
        pattern = _WILDCARD.sub("*", path)
        return any(fnmatch.fnmatchcase(p, pattern) for p in files | dirs)
    return path in files or path in dirs


def dangling_paths(relpath, text, files):
    """Repository paths named in ``text`` (the file ``relpath``) that do not exist.

    ``files``: set of tracked paths. Returns a list of (token, resolved path).
    """
    dirs = {posixpath.dirname(p) for p in files}
    dirs |= {d for p in dirs for d in _parents(p)}
    top = {p.split("/", 1)[0] for p in files if "/" in p}
    here = posixpath.dirname(relpath)
    bad = []
    text = _URL.sub(" ", text)
    for match in _PATH.finditer(text):
        token = match.group(0).rstrip(".,:;")
        if _EXTERNAL.search(text[max(0, match.start() - 160) : match.end() + 60]):
            continue  # a file of another repository, cited with its host or commit
        if token.startswith(("./", "../")):
            path = posixpath.normpath(posixpath.join(here, token))
            if path.startswith("../"):
                bad.append((token, path))
                continue
        else:
            path = token.rstrip("/")
        first = path.split("/", 1)[0]
        if first in GENERATED or not path:
            continue
        if first in top or token.startswith(("./", "../")):
            ok = _exists(path, files, dirs)
        elif path.endswith(PATH_EXTENSIONS):
            ok = any(fnmatch.fnmatchcase(p, "*" + _WILDCARD.sub("*", path)) for p in files if "/" in p) or (
                _exists(path, files, dirs)
            )
        else:
            continue
        if not ok:
            bad.append((token, path))
    return bad


def _parents(path):
    while path:
        yield path
        path = posixpath.dirname(path)


def dangling_sections(relpath, text, heading_of):
    """Section references in ``text`` whose heading does not exist.

    ``heading_of(path)`` returns the headings of a tracked Markdown file (None if absent).
    Returns a list of (file, heading).
    """
    flat = _flatten(text)
    bad = []
    spans = []
    for m in _SECTION_REF.finditer(flat):
        spans.append(m.span())
        target = m.group("file")
        known = heading_of(target)
        for name in re.findall(r"'([^']+)'", m.group("names")):
            if known is None or name not in known:
                bad.append((target, name))
    if relpath.startswith("docs/") and relpath.endswith(".md"):
        known = heading_of(relpath) or []
        for m in _BARE_SECTION_REF.finditer(flat):
            if any(a <= m.start() < b for a, b in spans):
                continue
            for name in re.findall(r"'([^']+)'", m.group("names")):
                if name not in known:
                    bad.append((relpath, name))
    return bad


def check_repository(root, files):
    """Every dangling path and section reference in the text files among ``files``.

    Returns a list of human-readable problems, ``<file>: <what>``.
    """
    root = Path(root)
    fileset = set(files)
    cache = {}

    def heading_of(path):
        if path not in fileset:
            return None
        if path not in cache:
            cache[path] = headings((root / path).read_text(encoding="utf-8"))
        return cache[path]

    problems = []
    for rel in sorted(fileset):
        if not is_text(rel) or not (root / rel).is_file():
            continue
        text = (root / rel).read_text(encoding="utf-8")
        for token, path in dangling_paths(rel, text, fileset):
            problems.append(f"{rel}: path {token!r} ({path}) does not exist")
        for target, name in dangling_sections(rel, text, heading_of):
            problems.append(f"{rel}: section {name!r} of {target} does not exist")
    return problems


def test_repository_has_no_dangling_references():
    problems = check_repository(ROOT, tracked_files())
    assert not problems, "\n".join(problems)


def test_docs_headings_unique_and_quotable():
    # references name headings: they must be unique per page and quotable in '...'
    for rel in tracked_files():
        if rel.startswith("docs/") and rel.endswith(".md"):
            names = headings((ROOT / rel).read_text(encoding="utf-8"))
            assert len(names) == len(set(names)), rel
            assert not [n for n in names if "'" in n], rel


def test_no_reference_to_unshipped_spec():
    # issue 9: the physics contract file is not shipped; nothing may point to it
    needle = "SPEC" + ".md"
    hits = [rel for rel in tracked_files() if is_text(rel) and needle in (ROOT / rel).read_text(encoding="utf-8")]
    assert not hits


class TestChecker:
    """The checker itself, on a small tree in a temporary directory: it must report the
    dangling references and pass the valid ones."""

    # Names that do not exist in the repository are built at run time, so that this file
    # itself holds no dangling reference; the others are real names of the repository.
    PAGE = "docs/physics.md"
    MISSING_PAGE = "docs/" + "no_such_page.md"
    MISSING_MODULE = "workflow/nuion/" + "no_such_module.py"
    MISSING_ENV = ".." + "/envs/" + "missing.yaml"
    MISSING_ENV_RESOLVED = "workflow/envs/" + "missing.yaml"  # seen from workflow/rules/
    UP_SCRIPT = ".." + "/scripts/dcs.py"
    LOST, MISSING = "Lost" + " heading", "Missing" + " heading"

    @pytest.fixture
    def tree(self, tmp_path):
        files = {
            self.PAGE: (
                "# Notes\n\n## Real heading\n\n"
                f"See sec. 'Real heading' and sec. '{self.LOST}'.\n```\n# not a heading\n```\n"
            ),
            "workflow/nuion/targets/ion/hydrogenic.py": (
                f'"""Implements {self.PAGE}, sec. \'Real heading\'; tested in tests/test_hydrogenic.py.\n\n'
                f"Derivation: {self.MISSING_PAGE}; helper in {self.MISSING_MODULE};\n"
                "output results/x/Z{Z}.nc; rules in workflow/rules/; scripts/dcs.py.\n"
                '"""\n'
                f"# {self.PAGE}, sec. '{self.MISSING.split()[0]}\n# {self.MISSING.split()[1]}' (wrapped)\n"
                "# https://example.org/docs/none.md is a URL; ratio df/dW is not a path\n"
            ),
            "workflow/rules/dcs.smk": f'script: "{self.UP_SCRIPT}"\nconda: "{self.MISSING_ENV}"\n',
            "workflow/scripts/dcs.py": "",
            "tests/test_hydrogenic.py": "",
        }
        for rel, text in files.items():
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text(text)
        return tmp_path, list(files)

    def test_reports_dangling_paths_and_sections(self, tree):
        root, files = tree
        module, env = "workflow/nuion/targets/ion/hydrogenic.py", self.MISSING_ENV_RESOLVED
        assert sorted(check_repository(root, files)) == sorted(
            [
                f"{module}: path {self.MISSING_PAGE!r} ({self.MISSING_PAGE}) does not exist",
                f"{module}: path {self.MISSING_MODULE!r} ({self.MISSING_MODULE}) does not exist",
                f"{module}: section {self.MISSING!r} of {self.PAGE} does not exist",
                f"workflow/rules/dcs.smk: path {self.MISSING_ENV!r} ({env}) does not exist",
                f"{self.PAGE}: section {self.LOST!r} of {self.PAGE} does not exist",
            ]
        )

    def test_passes_once_fixed(self, tree):
        root, files = tree
        added = [self.MISSING_PAGE, self.MISSING_MODULE, self.MISSING_ENV_RESOLVED]
        for rel in added:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text("")
        page = root / self.PAGE
        page.write_text(page.read_text() + f"\n## {self.LOST}\n\n## {self.MISSING}\n")
        assert check_repository(root, files + added) == []


def test_readme_is_short_with_two_commands_and_three_paths():
    """Issue 20 item 8: what the tool is for, the two commands, three short paths into docs/."""
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 120 and len(text) <= 9000, (len(text.splitlines()), len(text))
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    titles = [s.splitlines()[0] for s in sections]
    paths = [s for s in sections if s.startswith("Path ")]
    assert titles[0] == "Two commands" and len(paths) == 3, titles
    assert "make reproduce" in sections[0] and "make test" in sections[0]
    for section in paths:
        assert section.count("```sh") == 1, section.splitlines()[0]
        links = re.findall(r"docs/[\w-]+\.md", section)
        assert links and all((ROOT / link).is_file() for link in links), section.splitlines()[0]


def test_docs_state_the_default_models_of_the_config():
    # issue 20 item 7: docs/rates.md said the atom was a default model while the config said not
    import yaml

    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    text = " ".join((ROOT / "docs" / "rates.md").read_text().split())
    stated = re.search(r"The default `rates.models` of config/config.yaml is `\[([\w, ]+)\]`", text)
    assert stated and [m.strip() for m in stated.group(1).split(",")] == config["rates"]["models"]
    assert "(the default)" not in text.split("rates.models")[1][:40]
