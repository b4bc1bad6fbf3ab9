r"""Data releases: measured spectra in the form the likelihood fits (docs/releases.md).

A release is a YAML file (schema ``nuion/data/releases/release.schema.yaml``) with CSV tables
beside it: observed events (unbinned energies, or binned counts with their edges), the
background model (a density in events/(exposure keV), or expected counts per bin), the
detection efficiency, the Gaussian resolution, exposure, target material, energy scale,
what the background model already contains, the neutrino source, citation and licence.

:func:`load` validates a release and converts it to keV and kg day:

- the schema (missing fields, unknown units or keys, values out of range);
- the tables: columns present and of equal length, energies and bin edges strictly
  increasing, bins contiguous, efficiencies in [0, 1], counts and background >= 0,
  observed counts whole numbers, events inside the window, tables covering the window.

Every refusal is one line, ``<file>: <field>: <problem>`` (ValueError).

Shipped releases (:data:`SHIPPED`): ``xenonnt-sr0``, the XENONnT first-science-run electron
recoils [1], 433 events in 1-30 keV, 1.16 t yr (unbinned); ``lz-ws2022`` and ``lz-ws2024``, the
LZ electron recoils of its first two science runs [2] in 1 keV bins over 1-20 keV, 471 events in
330 t day and 1787 events in 1210 t day (binned; numbers carried by SNuDD/SNuDD, not traced to
the paper's figures: docs/releases.md).

References
----------
.. [1] XENON Collaboration, E. Aprile et al., Phys. Rev. Lett. 129 (2022) 161805; data release
       "XENONnT_ER_v2" (Zenodo).
.. [2] LZ Collaboration, D. S. Akerib et al., arXiv:2511.17350 (electron recoils, 4.2 t yr).
"""

import csv
import io as _io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["DATA_DIR", "SCHEMA_PATH", "SHIPPED", "Release", "resolve", "load"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "releases"
SCHEMA_PATH = DATA_DIR / "release.schema.yaml"

#: Releases shipped with nuion, by name (files in :data:`DATA_DIR`).
SHIPPED = tuple(sorted(p.stem for p in DATA_DIR.glob("*.yaml") if p.name != SCHEMA_PATH.name))

#: kg day per unit of exposure (1 yr = 365.25 d).
EXPOSURE_KG_DAY = {"t yr": 1000.0 * 365.25, "kg yr": 365.25, "t day": 1000.0, "kg day": 1.0}
#: keV per unit of energy.
ENERGY_KEV = {"keV": 1.0, "eV": 1e-3}


@dataclass(frozen=True)
class Release:
    """A validated release, energies in keV, exposure in kg day.

    Attributes
    ----------
    name, path : str, Path
    material : {"Ge", "Xe"}
    window : (float, float)
        Analysis window in keV.
    exposure_kg_day : float
    kind : {"unbinned", "binned"}
    events : ndarray or None
        Unbinned: sorted event energies (keV).
    edges, counts : ndarray or None
        Binned: bin edges (keV, n + 1) and observed counts (n).
    background_kind : {"density", "binned"}
    background_energy, background_rate : ndarray or None
        Density: energies (keV) and rate in events/(kg day keV) (linear between rows, held
        constant beyond the ends).
    background_counts : ndarray or None
        Binned: expected background events per bin of ``edges`` over the whole exposure.
    background_sigma : float or None
        Relative 1-sigma uncertainty of the background normalization (None: free).
    contains : frozenset
        Subset of {"efficiency", "resolution", "neutrino-weak"} already in the background.
    efficiency_energy, efficiency_value : ndarray
        Efficiency table (a constant is stored as a flat two-point table).
    efficiency_applies_to : {"reconstructed", "true"}
    resolution : (s0, s1, s2)
        keV, keV^1/2, 1 (:func:`nuion.detectors.rates.resolution`).
    flux : dict
        {"source": "solar"} or {"source": "reactor", "power_GW", "distance_m"}.
    published_limit : float or None
        Bohr magnetons, at ``published_cl``.
    meta : dict
        description, experiment, energy scale, citation, licence, origin, notes, checks.
    """

    name: str
    path: Path
    material: str
    window: tuple
    exposure_kg_day: float
    kind: str
    background_kind: str
    contains: frozenset
    efficiency_energy: np.ndarray
    efficiency_value: np.ndarray
    efficiency_applies_to: str
    resolution: tuple
    flux: dict
    events: np.ndarray | None = None
    edges: np.ndarray | None = None
    counts: np.ndarray | None = None
    background_energy: np.ndarray | None = None
    background_rate: np.ndarray | None = None
    background_counts: np.ndarray | None = None
    background_sigma: float | None = None
    published_limit: float | None = None
    published_cl: float | None = None
    meta: dict = field(default_factory=dict)

    @property
    def n_observed(self):
        """Observed events in the window."""
        return int(self.events.size) if self.kind == "unbinned" else int(round(self.counts.sum()))

    def efficiency(self, T):
        """Efficiency at energies T (keV), linear between rows, constant beyond the ends."""
        return np.interp(np.asarray(T, dtype=float), self.efficiency_energy, self.efficiency_value)

    def background_density(self, T):
        """Background in events/keV over the whole exposure at T (keV); density releases only."""
        if self.background_kind != "density":
            raise ValueError(f"{self.path}: background: binned, it has no density")
        rate = np.interp(np.asarray(T, dtype=float), self.background_energy, self.background_rate)
        return rate * self.exposure_kg_day

    def background_total(self, n=20001):
        """Expected background events in the window over the whole exposure (trapezoid rule, n points)."""
        if self.background_kind == "binned":
            return float(self.background_counts.sum())
        T = np.linspace(*self.window, n)
        return float(np.trapezoid(self.background_density(T), T))


def resolve(name_or_path):
    """Path of a shipped release by name (``xenonnt-sr0``), or of a YAML file.

    Raises
    ------
    ValueError
        Neither a shipped name nor an existing file (one line naming both).
    """
    text = str(name_or_path)
    if text in SHIPPED:
        return DATA_DIR / f"{text}.yaml"
    path = Path(text)
    if path.is_file():
        return path
    raise ValueError(f"release {text!r}: no such file, and not a shipped release (shipped: {', '.join(SHIPPED)})")


def _fail(path, where, problem):
    raise ValueError(f"{path}: {where}: {problem}")


def _schema_errors(data, path):
    import jsonschema

    from nuion.io import read_yaml

    schema = read_yaml(SCHEMA_PATH)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = ".".join(str(p) for p in e.absolute_path) or "top level"
        message = e.message
        if e.validator == "oneOf" and list(e.absolute_path) == ["efficiency"]:
            message = "give exactly one of value (a constant) or table"
        _fail(path, where, message)


def _read_table(path, where, spec, columns):
    """Columns of a table (inline data or a CSV beside the YAML) as float arrays."""
    if "data" in spec:
        raw = {k: list(v) for k, v in spec["data"].items()}
        origin = where
    else:
        csv_path = path.parent / spec["file"]
        origin = f"{where} ({spec['file']})"
        if not csv_path.is_file():
            _fail(path, where, f"file {spec['file']} not found beside the release")
        lines = [ln for ln in csv_path.read_text().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        if not lines:
            _fail(path, origin, "empty table")
        rows = list(csv.reader(_io.StringIO("\n".join(lines))))
        header = [h.strip() for h in rows[0]]
        raw = {h: [] for h in header}
        for i, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                _fail(path, origin, f"data row {i - 1} has {len(row)} values, the header {len(header)}")
            for h, value in zip(header, row, strict=True):
                raw[h].append(value)
    missing = [c for c in columns if c not in raw]
    if missing:
        _fail(path, origin, f"column(s) {', '.join(missing)} missing (need {', '.join(columns)}; have {', '.join(raw)})")
    out = {}
    for c in columns:
        try:
            out[c] = np.array([float(v) for v in raw[c]], dtype=float)
        except (TypeError, ValueError):
            _fail(path, f"{origin}.{c}", "not a number in the column")
        if not np.all(np.isfinite(out[c])):
            _fail(path, f"{origin}.{c}", "NaN or infinite value")
    lengths = {len(v) for v in out.values()}
    if len(lengths) > 1:
        _fail(path, origin, f"columns of different lengths {sorted(lengths)}")
    return out


def _increasing(path, where, x):
    bad = np.flatnonzero(np.diff(x) <= 0)
    if bad.size:
        i = int(bad[0])
        _fail(path, where, f"energies not increasing (row {i + 2}: {x[i + 1]:g} after {x[i]:g})")


def _nonnegative(path, where, x, what):
    bad = np.flatnonzero(x < 0)
    if bad.size:
        _fail(path, where, f"negative {what} ({x[bad[0]]:g} in row {int(bad[0]) + 1})")


def _covers(path, where, x, window):
    step = float(np.max(np.diff(x))) if x.size > 1 else np.inf
    if x[0] > window[0] + step or x[-1] < window[1] - step:
        _fail(path, where, f"table spans {x[0]:g}-{x[-1]:g} keV, not the window {window[0]:g}-{window[1]:g} keV")


def _bins(path, where, table, scale):
    low, high = table["low"] * scale, table["high"] * scale
    _increasing(path, f"{where}.low", low)
    if np.any(high <= low):
        _fail(path, f"{where}.high", "a bin's high edge is not above its low edge")
    if not np.allclose(high[:-1], low[1:], rtol=1e-9, atol=0):
        i = int(np.flatnonzero(~np.isclose(high[:-1], low[1:], rtol=1e-9, atol=0))[0])
        _fail(path, where, f"bins not contiguous (bin {i + 1} ends at {high[i]:g}, bin {i + 2} starts at {low[i + 1]:g})")
    return np.append(low, high[-1])


def load(name_or_path):
    """Read and validate a release (a shipped name or a YAML path).

    Returns
    -------
    Release

    Raises
    ------
    ValueError
        One line ``<file>: <field>: <problem>`` for the first defect found.

    Examples
    --------
    >>> r = load("xenonnt-sr0")
    >>> r.n_observed, r.window, round(r.exposure_kg_day / 365250, 2)
    (433, (1.0, 30.0), 1.16)
    """
    from nuion.io import read_yaml

    path = resolve(name_or_path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        _fail(path, "top level", "not a mapping of fields")
    _schema_errors(data, path)

    kev = ENERGY_KEV[data["energy"]["unit"]]
    lo, hi = (float(w) * kev for w in data["energy"]["window"])
    if not lo < hi:
        _fail(path, "energy.window", f"low {lo:g} keV must be below high {hi:g} keV")
    window = (lo, hi)
    exposure = float(data["exposure"]["value"]) * EXPOSURE_KG_DAY[data["exposure"]["unit"]]

    obs = data["observed"]
    kwargs = {}
    if obs["kind"] == "unbinned":
        events = _read_table(path, "observed.table", obs["table"], ["energy"])["energy"] * kev
        outside = (events < lo) | (events > hi)
        if outside.any():
            _fail(path, "observed.table", f"{int(outside.sum())} event energies outside the window {lo:g}-{hi:g} keV")
        kwargs["events"] = np.sort(events)
    else:
        t = _read_table(path, "observed.table", obs["table"], ["low", "high", "counts"])
        edges = _bins(path, "observed.table", t, kev)
        _nonnegative(path, "observed.table.counts", t["counts"], "counts")
        if not np.allclose(t["counts"], np.round(t["counts"])):
            _fail(path, "observed.table.counts", "observed counts must be whole numbers")
        if edges[0] < lo - 1e-9 or edges[-1] > hi + 1e-9:
            _fail(path, "observed.table", f"bins {edges[0]:g}-{edges[-1]:g} keV reach outside the window {lo:g}-{hi:g} keV")
        kwargs.update(edges=edges, counts=np.round(t["counts"]))

    bkg = data["background"]
    if bkg["kind"] == "density":
        if bkg["unit"] == "events":
            _fail(path, "background.unit", "a density needs events/(<exposure> keV), not events")
        t = _read_table(path, "background.table", bkg["table"], ["energy", "rate"])
        energy = t["energy"] * kev
        _increasing(path, "background.table.energy", energy)
        _nonnegative(path, "background.table.rate", t["rate"], "background rate")
        _covers(path, "background.table", energy, window)
        per = bkg["unit"][len("events/("):-len(" keV)")]
        kwargs.update(background_energy=energy, background_rate=t["rate"] / EXPOSURE_KG_DAY[per])
    else:
        if obs["kind"] != "binned":
            _fail(path, "background.kind", "an unbinned release needs a background density, not binned counts")
        if bkg["unit"] != "events":
            _fail(path, "background.unit", f"binned background counts are in events, not {bkg['unit']}")
        t = _read_table(path, "background.table", bkg["table"], ["low", "high", "counts"])
        edges = _bins(path, "background.table", t, kev)
        if edges.size != kwargs["edges"].size or not np.allclose(edges, kwargs["edges"]):
            _fail(path, "background.table", "bins differ from those of observed")
        _nonnegative(path, "background.table.counts", t["counts"], "counts")
        kwargs["background_counts"] = t["counts"]

    eff = data["efficiency"]
    if "table" in eff:
        t = _read_table(path, "efficiency.table", eff["table"], ["energy", "efficiency"])
        e_energy, e_value = t["energy"] * kev, t["efficiency"]
        _increasing(path, "efficiency.table.energy", e_energy)
        bad = np.flatnonzero((e_value < 0) | (e_value > 1))
        if bad.size:
            _fail(path, "efficiency.table.efficiency", f"efficiency {e_value[bad[0]]:g} outside [0, 1] (row {int(bad[0]) + 1})")
        _covers(path, "efficiency.table", e_energy, window)
    else:
        e_energy, e_value = np.array([lo, hi]), np.full(2, float(eff["value"]))

    flux = dict(data["flux"])
    if flux["source"] == "reactor" and not {"power_GW", "distance_m"} <= set(flux):
        _fail(path, "flux", "a reactor source needs power_GW and distance_m")
    res = data["resolution"]
    published = data.get("published", {})
    meta = {k: data[k] for k in ("description", "experiment", "citation", "licence", "origin", "checks") if k in data}
    meta["energy_scale"] = data["energy"]["scale"]
    meta["notes"] = {k: data[k]["note"] for k in ("exposure", "observed", "background", "efficiency", "resolution")
                     if "note" in data[k]}
    return Release(
        name=data["name"], path=path, material=data["target"]["material"], window=window, exposure_kg_day=exposure,
        kind=obs["kind"], background_kind=bkg["kind"], contains=frozenset(bkg["contains"]),
        efficiency_energy=e_energy, efficiency_value=e_value, efficiency_applies_to=eff["applies_to"],
        resolution=(float(res["s0"]), float(res["s1"]), float(res["s2"])), flux=flux,
        background_sigma=bkg.get("normalization_uncertainty"), published_limit=published.get("mu_nu_limit"),
        published_cl=published.get("confidence_level"), meta=meta, **kwargs,
    )
