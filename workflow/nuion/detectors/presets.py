"""Detector presets (config/presets.yaml): fluxes, spectra and expected limits per preset.

A preset is a validated dict (workflow/schemas/presets.schema.yaml); this module turns
it into a :class:`nuion.detectors.sources.NeutrinoFlux`, atomic models, binned expectations and
the expected 90 % CL limit on mu_nu (docs/rates.md, sec. "Presets").
"""

from pathlib import Path

import numpy as np

from nuion.detectors import rates
from nuion.detectors import sensitivity
from nuion.detectors import sources
from nuion.constants import MU_NU_DEFAULT

__all__ = ["PRESETS_PATH", "SCHEMA_PATH", "WINDOW_HIGH_KEV", "RESOLUTION", "R2_REF_CM2", "load", "spectrum_grid", "get", "flux", "response_path", "make_grid_command", "atom_model", "atomic_models", "spectra", "binned", "limit",
           "limits_vs_threshold"]

_ROOT = Path(__file__).resolve().parents[3]
PRESETS_PATH = _ROOT / "config" / "presets.yaml"
SCHEMA_PATH = _ROOT / "workflow" / "schemas" / "presets.schema.yaml"

#: Observed-energy bins of the likelihood (geometric over the window); 8 bins keep
#: pyhf's ON/OFF fit fast and lose < 0.5 % of the limit against 16 (tests/test_presets.py).
N_BINS = 8
#: Fine grid points per bin for the bin integrals.
N_FINE = 40
#: Upper end of the analysis window of a preset that gives none (keV; the default rate grid ends at 60 keV).
WINDOW_HIGH_KEV = 60.0
#: <r^2> (cm^2) at which the charge radius's excess over the weak rate is taken, at +R2_REF and -R2_REF, for its
#: quadratic a lambda + b lambda^2 (:func:`_r2_limits`): g_V shifts of +-2.4, of the size of the limits', where
#: the square is as large as the interference. At 1e-32 cm^2 (+-0.024) b was 1 % of the excess, and the atom's
#: ratio tables, each interpolated at the 1e-4 level, left it wrong by up to 40 % in a bin (docs/channels.md).
R2_REF_CM2 = 1e-30
#: Resolution of a preset that gives none (assumed, keV; docs/rates.md, sec. "Your own detector"): Ge the
#: Fano term alone, sqrt(0.11 x 2.96 eV x T) (ideal electronics, optimistic); Xe the XENON1T low-energy fit.
RESOLUTION = {"Ge": {"s0": 0.0, "s1": 0.018, "s2": 0.0}, "Xe": {"s0": 0.0, "s1": 0.310, "s2": 0.0037}}


def load(path=None):
    """All presets of a YAML file, validated against the schema, optional fields filled in.

    Optional fields and what stands in for them (docs/rates.md, sec. "Your own detector"):
    ``description`` (the name), ``published`` (nothing to compare with), ``detector.window_keV``
    ([threshold, :data:`WINDOW_HIGH_KEV`]), ``detector.resolution`` (:data:`RESOLUTION`, assumed),
    ``exposure.off_kg_day`` (no OFF data: free background normalization), ``reactor.fractions`` and the
    rest of ``reactor`` (nuion.detectors.sources defaults). Each preset lists the fields filled in under
    ``defaults``.

    Raises
    ------
    ValueError
        One line naming the file and the key: not YAML, not in the schema, reactor without a
        ``reactor`` block, fission fractions that do not sum to 1, a window that is empty or below the threshold.
    """
    import jsonschema

    from nuion.io import read_yaml

    path = Path(path or PRESETS_PATH)
    data = read_yaml(path)
    schema = read_yaml(SCHEMA_PATH)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = ".".join(str(p) for p in e.absolute_path) or "top level"
        raise ValueError(f"{path}: {where}: {e.message}")
    for name, p in data["presets"].items():
        where = f"{path}: presets.{name}"
        if p["source"] == "reactor" and "reactor" not in p:
            raise ValueError(f"{where}: source reactor needs a 'reactor' block (power_GW, distance_m)")
        fractions = p.get("reactor", {}).get("fractions")
        if fractions is not None and abs(sum(fractions.values()) - 1) > 1e-6:
            raise ValueError(f"{where}.reactor.fractions: fission fractions must sum to 1, got {fractions} "
                             f"(sum {sum(fractions.values()):.6g})")
        det, filled = p["detector"], []
        if "description" not in p:
            p["description"], filled = name, [*filled, "description"]
        if "published" not in p:
            p["published"], filled = {}, [*filled, "published"]
        if "window_keV" not in det:
            if not det["threshold_keV"] < WINDOW_HIGH_KEV:
                raise ValueError(f"{where}.detector: threshold_keV {det['threshold_keV']} is not below "
                                 f"{WINDOW_HIGH_KEV:g} keV, the default window's end: give window_keV")
            det["window_keV"], filled = [det["threshold_keV"], WINDOW_HIGH_KEV], [*filled, "detector.window_keV"]
        if "resolution" not in det:
            det["resolution"], filled = dict(RESOLUTION[p["material"]]), [*filled, "detector.resolution"]
        lo, hi = det["window_keV"]
        if not lo < hi:
            raise ValueError(f"{where}.detector.window_keV: low {lo} must be below high {hi}")
        if not det["threshold_keV"] < hi:
            raise ValueError(f"{where}.detector: threshold_keV {det['threshold_keV']} must be below the window's end {hi}")
        if filled:
            p["defaults"] = filled
    return data["presets"]


def spectrum_grid(preset, T_min, T_max, n):
    """T grid of the rate spectra (keV, geometric): from min(T_min, half the preset's threshold), so that
    the spectrum starts below the threshold it is cut at, to T_max."""
    return np.geomspace(min(T_min, 0.5 * preset["detector"]["threshold_keV"]), T_max, int(n))


def get(name, path=None):
    """One preset by name (ValueError listing the known names)."""
    presets = load(path)
    if name not in presets:
        raise ValueError(f"preset must be one of {', '.join(presets)}, got {name!r}")
    return {"name": name, **presets[name]}


def flux(preset):
    """The preset's neutrino flux at the detector (:mod:`nuion.detectors.sources`)."""
    if preset["source"] == "reactor":
        r = preset["reactor"]
        return sources.reactor_flux(r["power_GW"], r["distance_m"], r.get("fractions"),
                                    r.get("captures_per_fission", sources.CAPTURES_PER_FISSION),
                                    r.get("low_energy", sources.LOW_ENERGY[0]), name=preset.get("name", "reactor"))
    s = preset.get("solar", {})
    return sources.solar_flux(s.get("fluxes"), s.get("p_ee"), name=preset.get("name", "solar"))


def response_path(preset, output_dir="results"):
    """Default response grid of the preset's material: <output_dir>/response/<material>.nc."""
    return Path(output_dir) / "response" / f"{preset['material']}.nc"


def _flavours(preset):
    return ("nuebar",) if preset["source"] == "reactor" else ("nue", "numu")


def make_grid_command(preset):
    """The command that makes the preset's response grid, with a snakemake that exists: on PATH, else beside
    this Python (``.venv/bin/snakemake``), else ``python -m snakemake``. Outside the checkout it names the
    checkout's Snakefile and config, so that the grid lands where ``--response`` looks by default."""
    import os
    import shutil
    import sys

    beside = Path(sys.executable).parent / "snakemake"
    if shutil.which("snakemake"):
        exe = "snakemake"
    elif beside.is_file():
        exe = os.path.relpath(beside) if beside.is_relative_to(Path.cwd()) else str(beside)
    else:
        exe = f"{sys.executable} -m snakemake"
    if Path.cwd().resolve() == _ROOT:
        return f"{exe} --cores 2 --configfile config/atoms.yaml {response_path(preset)}"
    return f"{exe} -s {_ROOT / 'Snakefile'} --configfile {_ROOT / 'config' / 'atoms.yaml'} --cores 2 {response_path(preset)}"


def atom_model(preset, response, channels=()):
    """The real atom of the preset's material from its stored response grid (docs/rates.md, "The atom model").

    The magnetic DCS is sum_nl r_nl(T, T/E) x eq. (1) (:func:`nuion.integrals.dcs.ratio_table`,
    :class:`nuion.detectors.rates.ShellRatios`); the weak DCS is the atom's own, the same sum with
    the weak channel's shell ratios per flavour arriving (:func:`nuion.integrals.dcs.channel_ratio_table`,
    docs/channels.md), and so is every channel of ``channels`` (names of
    :data:`nuion.cross_sections.channels.CHANNELS`, with the default couplings, or channels with
    their own: the millicharge's ratio tables depend on m_nu, the charge radius's on <r^2>, whose tables
    are made at <r^2> and, for the limits, at +-:data:`R2_REF_CM2`); outside the grid's T range the atom is replaced
    by the stepping model with the grid's own shell thresholds (``Atom.in_grid`` labels it).

    Raises
    ------
    ValueError
        One line naming the missing file and the command that makes it, or a grid of another atom.
    """
    from nuion import io
    from nuion.integrals import dcs

    path = Path(response)
    material = preset["material"]
    if not path.is_file():
        raise ValueError(
            f"response grid {path} not found (model 'atom' of {material}): make it with "
            f"`{make_grid_command(preset)}` or give --response PATH"
        )
    ds = io.read_dataset(path, "response")
    if ds.attrs.get("target") != material:
        raise ValueError(f"{path} is the response grid of {ds.attrs.get('target')!r}, the preset needs {material}")
    T, Q = ds["T"].values, ds["Q"].values
    b, occ = ds["binding"].values.astype(float), ds["occupancy"].values.astype(int)
    from nuion.cross_sections import channels as ch
    from nuion.integrals.qintegrals import complete_cumulative

    S, R, target = ds["S_shell"].values, ds["R_shell"].values, io.read_target(ds)
    cum = complete_cumulative(Q, S, R, io.read_cumulative(ds), target.q_order)
    ratios = dcs.ratio_table(T, Q, S, R, target, cumulative=cum)
    wanted = [ch.Weak(f) for f in _flavours(preset)]
    for c in channels:
        c = ch.get(c) if isinstance(c, str) else c
        if c.name in ("weak", "magnetic"):
            continue
        if c.name == "charge-radius":  # and at +-R2_REF_CM2: the two points of the limits' quadratic excess
            wanted += [ch.ChargeRadius(r, f) for r in (c.r2_cm2, R2_REF_CM2, -R2_REF_CM2) for f in _flavours(preset)]
        else:
            wanted += [c.with_flavour(f) for f in _flavours(preset)] if hasattr(c, "with_flavour") else [c]
    channel_ratios = {
        rates.channel_key(c): rates.ShellRatios(T, dcs.U_NODES, dcs.channel_ratio_table(T, Q, S, R, target, c, cumulative=cum),
                                                 ds["binding"].values.astype(float), int(ds["occupancy"].values.sum()))
        for c in wanted
    }
    Z = int(occ.sum())
    shells = tuple((str(s), float(e), int(n)) for s, e, n in zip(ds["shell"].values, b, occ, strict=True))
    attrs = {
        "atom_response": str(path),
        "atom_continuum": str(ds.attrs.get("continuum", "")),
        "atom_thresholds": str(ds.attrs.get("thresholds", "")),
        "atom_T_range_keV": [float(T[0]), float(T[-1])],
        "atom_weak": "the atom's own weak DCS (docs/channels.md, sec. 'Weak'); it replaced the stepping approximation",
        "atom_outside_grid": "stepping approximation (the grid's shells); flagged by atom_in_grid",
    }
    return rates.Atom(Z, shells, ratio=rates.ShellRatios(T, dcs.U_NODES, ratios, b, Z), T_range=(T[0], T[-1]),
                      outside="stepping", attrs=attrs, channel_ratios=channel_ratios)


def atomic_models(preset, names=("fe", "stepping"), atom=None, response=None, channels=()):
    """Atomic models of the preset's material (:func:`nuion.detectors.rates.model`).

    For "atom" without ``atom``, the atom is read from ``response`` (default
    :func:`response_path`) by :func:`atom_model`, with the ratio tables of ``channels``.
    """
    if "atom" in names and atom is None:
        atom = atom_model(preset, response if response is not None else response_path(preset), channels)
    return [rates.model(n, preset["material"], atom) for n in names]


def _sigma(preset):
    r = preset["detector"]["resolution"]
    return (r["s0"], r["s1"], r["s2"])


def spectra(preset, T, models, mu_nu=MU_NU_DEFAULT, channels=()):
    """{(model, interaction): (true, observed)} dR/dT on T in counts/(kg day keV); ``channels``
    (of :mod:`nuion.cross_sections.channels`, with couplings) keyed by name beside magnetic and weak."""
    return rates.observed_rates(T, flux(preset), models, preset["material"], mu_nu, _sigma(preset),
                                preset["detector"]["threshold_keV"], channels=channels)


def _fine(edges):
    return np.unique(np.concatenate([np.geomspace(a, b, N_FINE) for a, b in zip(edges[:-1], edges[1:], strict=True)]))


def binned(preset, model, threshold=None, n_bins=N_BINS, mu_ref=MU_NU_DEFAULT, spectrum=None, channel=None):
    """Expected counts per bin (signal at mu_ref, weak, background) and the OFF/ON ratio.

    Parameters
    ----------
    preset : dict
    model : atomic model
    threshold : float, optional
        keV, the start of the window; default max(preset threshold, window low).
    n_bins : int
    mu_ref : float
    spectrum : (T, magnetic, weak), optional
        Observed spectra (no threshold cut) on a fine grid covering the window, to reuse
        across thresholds.
    channel : nuion.cross_sections.channels.Channel, optional
        Signal of another channel at its own reference coupling instead of the magnetic one
        (the charge radius: its excess over the weak rate).

    Returns
    -------
    dict
        edges (keV), signal, weak, background (counts), off_ratio (None for solar).
    """
    det = preset["detector"]
    if threshold is None:
        lo = max(det["threshold_keV"], det["window_keV"][0])
    else:  # a threshold scan moves the start of the window
        lo = float(threshold)
    hi = det["window_keV"][1]
    if not lo < hi:
        raise ValueError(f"threshold {lo:g} keV must be below the end of the window, {hi:g} keV")
    edges = np.geomspace(lo, hi, n_bins + 1)
    if spectrum is None:
        T = _fine(edges)
        extra = () if channel is None else (channel,)
        obs = rates.observed_rates(T, flux(preset), [model], preset["material"], mu_ref, _sigma(preset), 0.0,
                                   channels=extra)
        weak_obs = obs[(model.name, "weak")][1]
        if channel is None:
            signal_obs = obs[(model.name, "magnetic")][1]
        elif channel.name == "charge-radius":
            signal_obs = obs[(model.name, channel.name)][1] - weak_obs
        else:
            signal_obs = obs[(model.name, channel.name)][1]
        spectrum = (T, signal_obs, weak_obs)
    T, mag, weak = spectrum
    exposure = preset["exposure"]["on_kg_day"]
    s = sensitivity.bin_counts(edges, T, mag, exposure)
    w = sensitivity.bin_counts(edges, T, weak, exposure)
    bkg = preset["background"]
    b = bkg["level"] * np.diff(edges) * exposure
    if bkg.get("includes_weak", False):
        b = np.maximum(b - w, 1e-3 * b)
    off = preset["exposure"].get("off_kg_day")
    off_ratio = off / exposure if (preset["source"] == "reactor" and off) else None
    return {"edges": edges, "signal": s, "weak": w, "background": b, "off_ratio": off_ratio,
            "background_model": bkg.get("model", "per-bin")}


def limit(preset, model, threshold=None, n_bins=N_BINS, mu_ref=MU_NU_DEFAULT, method="pyhf", spectrum=None,
          channel=None):
    """Expected 90 % CL upper limit on mu_nu (Bohr magnetons) of a preset and atomic model, or on the
    coupling of ``channel`` (docs/channels.md, sec. 'Rates and limits'): q_nu/e for the millicharge
    (signal quadratic in it, as mu_nu); for the charge radius the pair (lower, upper) of limits on
    <r^2> in cm^2, one per sign (signal = excess over the weak rate, interference plus square:
    :func:`_r2_limits`)."""
    if channel is not None and channel.name == "charge-radius":
        return _r2_limits(preset, model, threshold, n_bins, method, channel)
    c = binned(preset, model, threshold, n_bins, mu_ref, spectrum, channel)
    if channel is None or channel.name == "magnetic":
        ref = mu_ref if channel is None else channel.mu_nu
        return sensitivity.mu_nu_limit(c["signal"], c["weak"], c["background"], c["off_ratio"], ref, method=method,
                                       background_model=c["background_model"])
    if channel.name == "millicharge":
        return sensitivity.mu_nu_limit(c["signal"], c["weak"], c["background"], c["off_ratio"], channel.delta_q,
                                       method=method, background_model=c["background_model"])
    raise ValueError(f"no limit for channel {channel.name!r}: the weak channel is the background")


def _r2_limits(preset, model, threshold, n_bins, method, channel):
    """Limits on <r^2> < 0 and > 0 (cm^2), expected (median).

    The excess over the weak rate is a lambda + b lambda^2 per bin (the DCS is quadratic in g_V),
    a and b from <r^2> = +-:data:`R2_REF_CM2`; on each side the limit is the lambda whose excess has
    an upper strength limit of 1 (:func:`nuion.detectors.sensitivity.quadratic_coupling_limit`;
    docs/channels.md, sec. 'Rates and limits'). The flavours are those of the source, not
    ``channel``'s.

    Parameters
    ----------
    preset : dict
    model : nuion.detectors.models.FreeElectrons or nuion.detectors.models.Atom
        From :func:`atomic_models`.
    threshold : float or None
        keV; None for the preset's.
    n_bins : int
    method : {"pyhf", "analytic"}
        "pyhf": each step of the root search is one pyhf hypothesis test at strength 1 on the
        Asimov background-only data, the median of its expected CLs set
        (:func:`nuion.detectors.sensitivity.expected_cls`) through
        :func:`nuion.detectors.sensitivity.cls_test`, the test of the binned releases
        (:func:`nuion.detectors.likelihood.radius_limits`); m_up = 1 is CLs(1) = 1 - CL (CLs falls
        with m), so the limits are those of a root of ln m_up with
        :func:`nuion.detectors.sensitivity.upper_limit`'s scans, at a few percent of their cost.
        "analytic": ln m_up of :func:`nuion.detectors.sensitivity.analytic_limit`.
    channel : nuion.cross_sections.channels.ChargeRadius

    Returns
    -------
    tuple of float
        (lower, upper) in cm^2.
    """
    from nuion.cross_sections import channels as ch

    c, minus = (binned(preset, model, threshold, n_bins, channel=ch.ChargeRadius(r, channel.flavour))
                for r in (R2_REF_CM2, -R2_REF_CM2))
    a, b = sensitivity.quadratic_coefficients(c["signal"], minus["signal"], R2_REF_CM2)
    args = (c["weak"], c["background"], c["off_ratio"])
    if method == "pyhf":
        def test(sig):  # Gaussian units of the median CLs(1): 0 on the limit
            return float(sensitivity.cls_test(sensitivity.expected_cls(sig, *args, c["background_model"])))
    elif method == "analytic":
        def test(sig):  # ln of the upper limit on the strength: 0 on the limit
            return np.log(sensitivity.analytic_limit(sig, *args, background_model=c["background_model"]))
    else:
        raise ValueError(f"method must be 'pyhf' or 'analytic', got {method!r}")

    return tuple(sensitivity.quadratic_coupling_limit(test, a, b, R2_REF_CM2, side) for side in (-1, 1))


def limits_vs_threshold(preset, models, thresholds, n_bins=N_BINS, mu_ref=MU_NU_DEFAULT, method="pyhf"):
    """Expected limits, array of shape (len(models), len(thresholds)); spectra computed once per model."""
    det = preset["detector"]
    lo = min(min(thresholds), det["window_keV"][0])
    T = _fine(np.geomspace(lo, det["window_keV"][1], 4 * n_bins + 1))
    out = np.zeros((len(models), len(thresholds)))
    for i, m in enumerate(models):
        obs = rates.observed_rates(T, flux(preset), [m], preset["material"], mu_ref, _sigma(preset), 0.0)
        spec = (T, obs[(m.name, "magnetic")][1], obs[(m.name, "weak")][1])
        for j, thr in enumerate(thresholds):
            out[i, j] = limit(preset, m, thr, n_bins, mu_ref, method, spec)
    return out
