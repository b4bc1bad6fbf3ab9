"""NetCDF files and provenance: deterministic, atomic writes; checked reads; the attributes every dataset carries.

No timestamps, fixed encoding, atomic replace: two runs of one configuration give byte-identical
files. Every variable is declared in :mod:`nuion.io.schema` (units, long name), checked on write
and on read.
"""

import hashlib
import json
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import xarray as xr

from nuion._version import __version__
from nuion.constants import CODATA
from nuion.integrals.qintegrals import POWERS, cumulative_name
from nuion.io.schema import ATTRIBUTES, DATASETS, NONNEGATIVE, VARIABLES
from nuion.kinematics import COMFORT_SPEED
from nuion.targets import Shell, StoredTarget, as_target, get

__all__ = [
    "read_yaml",
    "config_hash",
    "provenance",
    "tidy",
    "grid_attrs",
    "validity_data",
    "annotate",
    "write_netcdf",
    "read_dataset",
    "read_cumulative",
    "read_target",
    "write_text",
    "script_errors",
]


def config_hash(config):
    """Short SHA-256 of a JSON-serializable configuration (sorted keys)."""
    blob = json.dumps(config, sort_keys=True, default=float).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def provenance(target, config, method):
    """Global attributes shared by every dataset (docs/workflow.md, sec. 'Datasets'): no timestamps.

    ``target`` is a Target, its name or the Z of a hydrogen-like ion; the dataset
    carries its canonical name (``target``), ``Z`` and its energy unit (``eps_b``
    for an ion, ``energy_unit`` otherwise).
    """
    target = as_target(target)
    unit = "eps_b" if target.unit_name == "eps_b" else "energy_unit"
    attrs = {
        "target": target.name,
        "Z": np.int32(target.Z),
        unit: target.unit,
        f"{unit}_units": "keV",
        "nuion_version": __version__,
        "config_hash": config_hash(config),
        "constants": CODATA + " (scipy.constants)",
        "method": method,
        "model": target.model,
        "references": "K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252; nuion docs/physics.md",
        "Conventions": "CF-1.10",
    }
    if hasattr(target, "continuum"):  # an atom's model: final states and thresholds
        attrs.update(continuum=target.continuum, thresholds=target.thresholds)
    return attrs


def tidy(x):
    """A float rounded to 12 significant digits: 5.0, not 5.000000000000001 from 5 eps_b / eps_b."""
    return float(f"{float(x):.12g}")


def grid_attrs(T, Q, target):
    """Attributes recording the (T, Q) grid a dataset was computed on (its accuracy depends on it).

    T/eps_b and K = q/(alpha Z m_e) ranges, point counts and spacing, read from the arrays
    themselves (``grid_*`` attributes; the DCS stage copies them from the response grid).
    """
    target = as_target(target)
    T, Q = np.asarray(T, float), np.asarray(Q, float)
    W, K = T / target.unit, np.sqrt(Q) / target.momentum_unit
    return {
        "grid_T_over_eb_min": tidy(W[0]),
        "grid_T_over_eb_max": tidy(W[-1]),
        "grid_n_T": np.int32(T.size),
        "grid_K_min": tidy(K[0]),
        "grid_K_max": tidy(K[-1]),
        "grid_n_Q": np.int32(Q.size),
        "grid_spacing": "geometric in T and in Q",
    }


def validity_data(T, target):
    """Validity indicators over T (:func:`nuion.kinematics.validity`): ``v_ejected`` and
    ``valid`` variables, ``alpha_Z`` (the largest bound speed over T)/``comfort_speed``/``n_invalid`` attributes.

    A nonrelativistic v_ejected above 1 (possible for alpha Z near 1) is stored with
    ``valid = 0`` and counted in ``n_superluminal``, never silently.
    """
    v = as_target(target).validity(T)
    data = {"v_ejected": ("T", v["v_over_c"]), "valid": ("T", v["valid"].astype(np.int8))}
    attrs = {
        "alpha_Z": tidy(np.max(v["alpha_Z"])),
        "comfort_speed": COMFORT_SPEED,
        "n_invalid": np.int32(np.count_nonzero(~v["valid"])),
        "n_superluminal": np.int32(np.count_nonzero(v["v_over_c"] >= 1)),
    }
    return data, attrs


def annotate(ds):
    """Attach ``units`` and ``long_name`` from :data:`VARIABLES` to every known name."""
    for name in list(ds.variables):
        if name in VARIABLES:
            units, long_name = VARIABLES[name]
            ds[name].attrs.update(units=units, long_name=long_name)
    return ds


def write_netcdf(ds, path, kind=None):
    """Write ``ds`` to NetCDF4 deterministically and atomically.

    Encoding is fixed (float64, no fill value on coordinates, no compression),
    nothing time-dependent is stored, and the file appears under its final
    name only when complete (write to a sibling temporary file, then rename), so
    an interrupted run never leaves a truncated dataset behind.

    Parameters
    ----------
    ds : xarray.Dataset
    path : path-like
    kind : str, optional
        A kind of :data:`nuion.io.schema.DATASETS`: its required variables and attributes
        (:data:`nuion.io.schema.ATTRIBUTES`) must be present.

    Raises
    ------
    ValueError
        If a float variable holds NaN or inf (no result is stored as NaN), a variable is not
        declared in :data:`nuion.io.schema.VARIABLES` (no units or long name), or a required
        variable of ``kind`` is missing.
    """
    path = Path(path)
    undeclared = sorted(str(name) for name in ds.variables if name not in VARIABLES)
    if undeclared:
        raise ValueError(f"{path}: variables {undeclared} are not declared in nuion.io.schema.VARIABLES (units, long_name)")
    missing = [v for v in DATASETS.get(kind, ()) if v not in ds] + [a for a in ATTRIBUTES.get(kind, ()) if a not in ds.attrs]
    if missing:
        raise ValueError(f"{path}: a {kind} dataset needs {missing}")
    for name, var in ds.variables.items():
        if var.dtype.kind == "f" and not np.isfinite(var.values).all():
            bad = int(np.count_nonzero(~np.isfinite(var.values)))
            raise ValueError(f"{path}: {name} has {bad} non-finite values (NaN or inf); a result is never stored as NaN")
    path.parent.mkdir(parents=True, exist_ok=True)
    encoding = {name: {"_FillValue": None} for name in ds.variables}
    tmp = path.with_name(f".{path.name}.tmp")
    ds.to_netcdf(tmp, format="NETCDF4", engine="netcdf4", encoding=encoding)
    os.replace(tmp, path)


def read_dataset(path, kind):
    """Open a dataset written by the workflow and check it before use.

    Parameters
    ----------
    path : path-like
    kind : str
        A kind of :data:`nuion.io.schema.DATASETS`: which variables and attributes must be
        present; response grids must also be finite and non-negative.

    Raises
    ------
    ValueError
        Naming the file and what is wrong (unreadable, truncated, variable
        missing, non-finite or non-positive values), instead of a traceback
        from deep inside numpy.
    """
    try:
        with xr.open_dataset(path, engine="netcdf4") as ds:
            ds = ds.load()
    except Exception as err:  # noqa: BLE001 - any failure to parse means a corrupt file
        raise ValueError(f"{path}: not a readable NetCDF dataset ({type(err).__name__}: {err})") from None
    missing = [v for v in DATASETS[kind] if v not in ds]
    if missing:
        raise ValueError(f"{path}: variables {missing} missing (expected {list(DATASETS[kind])})")
    missing = [a for a in ATTRIBUTES[kind] if a not in ds.attrs]
    if missing:
        raise ValueError(f"{path}: attributes {missing} missing (a {kind} dataset of nuion carries {list(ATTRIBUTES[kind])})")
    for v in NONNEGATIVE.get(kind, ()):  # zero below a shell's threshold is allowed
        bad = ~np.isfinite(ds[v].values) | (ds[v].values < 0)
        if bad.any():
            raise ValueError(f"{path}: {v} has {int(bad.sum())} non-finite or negative values")
    if kind == "response":  # the stages read the shells; the totals must still be their sums
        for v in ("S", "R"):
            if not np.allclose(ds[v].values, ds[f"{v}_shell"].values.sum(axis=0), rtol=1e-12, atol=0):
                raise ValueError(f"{path}: {v} is not the sum of {v}_shell over the shells (a damaged grid)")
    return ds


def read_cumulative(ds, rows=slice(None)):
    """{"S": {p: C_p}, "R": {p: C_p}} per shell, (shell, T, Q), from a response dataset (rows of T
    selectable): the stored tables of :func:`nuion.integrals.qintegrals.shell_cumulative`; powers a dataset
    lacks (written before they were added to POWERS) are left out, for
    :func:`nuion.integrals.qintegrals.complete_cumulative` to compute."""
    return {name: {p: ds[cumulative_name(name, p)].values[:, rows] for p in powers if cumulative_name(name, p) in ds}
            for name, powers in POWERS.items()}


def read_target(ds):
    """The target a dataset was computed for, from its attributes and shell coordinates.

    A hydrogen-like ion is rebuilt (its closed forms are cheap); an atom becomes a
    :class:`nuion.targets.StoredTarget` with the stored shells (building its mean field would take
    seconds, and the grid already holds its responses).
    """
    name = str(ds.attrs["target"])
    if "eps_b" in ds.attrs:
        return get(name)
    shells = tuple(
        Shell.from_label(str(label), n, b)
        for label, b, n in zip(ds["shell"].values, ds["binding"].values, ds["occupancy"].values, strict=True)
    )
    return StoredTarget(name, int(ds.attrs["Z"]), shells, continuum=str(ds.attrs.get("continuum", "")),
                        thresholds=str(ds.attrs.get("thresholds", "")), model=str(ds.attrs.get("model", "")))


def read_yaml(path):
    """The content of a YAML file, or one ValueError: ``<path>: no such file`` or
    ``<path>, line L, column C: <problem> (YAML syntax)``.

    The one reader of the config, preset and release files, so that every syntax error is
    reported the same way, with its place.
    """
    import yaml

    try:
        text = Path(path).read_text()
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except OSError as err:
        raise ValueError(f"{path}: {err.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ValueError(f"{path}{where}: {problem} (YAML syntax)") from None


def write_text(text, path):
    """Write a text report atomically (same policy as :func:`write_netcdf`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


@contextmanager
def script_errors():
    """Turn an error of a workflow script into one line on the console, the traceback in the log.

    Scripts send stderr to their log file; Snakemake then only says "check log
    file(s)". A failed job deserves its message where the user looks: the line
    ``nuion error: ...`` goes to the console, and the log keeps the full traceback
    followed by the same line. Any exception counts, not only nuion's ValueErrors.
    """
    try:
        yield
    except Exception as err:  # noqa: BLE001 - reported, then the job fails
        line = f"nuion error: {_one_line(err) or type(err).__name__}"
        traceback.print_exc(file=sys.stderr)
        print(line, file=sys.stderr)
        if sys.stderr is not sys.__stderr__:
            sys.stderr.flush()
            print(line, file=sys.__stderr__)
        raise SystemExit(1) from None


def _one_line(err):
    return " ".join(str(err).split())

