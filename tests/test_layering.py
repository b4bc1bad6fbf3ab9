"""Module layering of nuion (docs/layout.md): the import-linter contracts of pyproject.toml hold.

The contracts: a layers contract over every module and one per subpackage (no module imports from a layer
above its own, so there are no import cycles; function-level imports count), and
"only nuion.io imports xarray/netCDF4", "only nuion.plotting imports matplotlib".
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(root, package_dir):
    """Run import-linter on the contracts of ``root``/pyproject.toml for the nuion under ``package_dir``."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(package_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_contracts_kept():
    proc = lint_imports(ROOT, ROOT / "workflow")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "13 kept, 0 broken" in proc.stdout


def copy_package(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "workflow" / "nuion", tmp_path / "pkg" / "nuion", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "pkg" / "nuion"


def test_the_old_cycle_would_fail(tmp_path):
    # cross_sections -> io (a function-level import, as nuion.dcs once had) closes a cycle
    nuion_dir = copy_package(tmp_path)
    with open(nuion_dir / "cross_sections" / "magnetic.py", "a") as f:
        f.write("\n\ndef _dataset():\n    from nuion.io import dcs_dataset\n\n    return dcs_dataset\n")
    proc = lint_imports(tmp_path, nuion_dir.parent)
    assert proc.returncode != 0
    assert "nuion.cross_sections.magnetic -> nuion.io" in proc.stdout, proc.stdout


def test_xarray_outside_io_would_fail(tmp_path):
    nuion_dir = copy_package(tmp_path)
    with open(nuion_dir / "integrals" / "grids.py", "a") as f:
        f.write("\nimport xarray  # noqa: E402,F401\n")
    proc = lint_imports(tmp_path, nuion_dir.parent)
    assert proc.returncode != 0 and "nuion.integrals.grids -> xarray" in proc.stdout, proc.stdout


def test_new_module_must_be_placed(tmp_path):
    # exhaustive: a module the contract does not name fails until it is given a layer
    nuion_dir = copy_package(tmp_path)
    (nuion_dir / "stray.py").write_text('"""A module without a layer."""\n')
    proc = lint_imports(tmp_path, nuion_dir.parent)
    assert proc.returncode != 0 and "nuion.stray" in proc.stdout, proc.stdout


def test_ion_must_not_import_atom(tmp_path):
    # the two kinds of target are independent implementations of nuion.targets.base
    nuion_dir = copy_package(tmp_path)
    with open(nuion_dir / "targets" / "ion" / "target.py", "a") as f:
        f.write("\nfrom nuion.targets.atom import orbitals  # noqa: E402,F401\n")
    proc = lint_imports(tmp_path, nuion_dir.parent)
    assert proc.returncode != 0 and "nuion.targets.ion is not allowed to import nuion.targets.atom" in proc.stdout, proc.stdout
