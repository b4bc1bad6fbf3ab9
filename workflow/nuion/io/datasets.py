"""Builders of every dataset the workflow writes, one per kind, for every target.

Each returns an xarray Dataset annotated from :mod:`nuion.io.schema` with the provenance of
:mod:`nuion.io.netcdf`; a hydrogen-like ion and an atom go through the same builder (an ion is a
target with one shell), which adds what only one kind has (the ion's eps_b coordinates and
discrete lines, an atom's model labels) from the target itself.
"""

import json

import numpy as np
import xarray as xr

from nuion._version import __version__
from nuion.constants import CODATA
from nuion.integrals.qintegrals import cumulative_name, shell_cumulative
from nuion.io.netcdf import annotate, config_hash, grid_attrs, provenance, tidy, validity_data
from nuion.io.schema import CHANNEL_LIMITS
from nuion.kinematics import fe_endpoint
from nuion.targets import HydrogenLikeIon, Shell, StoredTarget, get

__all__ = [
    "shell_dataset",
    "response_dataset",
    "dcs_dataset",
    "shell_table_dataset",
    "channels_dataset",
    "sumrules_dataset",
    "photo_dataset",
    "rates_dataset",
    "sensitivity_dataset",
    "limits_dataset",
    "expected_limit_variables",
    "release_limit_variables",
]


def _shell_coords(target):
    return {
        "shell": ("shell", [s.label for s in target.shells]),
        "binding": ("shell", [float(s.binding) for s in target.shells]),
        "occupancy": ("shell", np.array([s.occupancy for s in target.shells], dtype=np.int32)),
    }


def _eps_b_coords(T, target, Q=None):
    """T/eps_b (and K = q/(alpha Z m_e)) coordinates of a target whose energy unit is eps_b."""
    if target.unit_name != "eps_b":
        return {}
    coords = {"T_over_eb": ("T", np.asarray(T, float) / target.unit)}
    if Q is not None:
        coords["K"] = ("Q", np.sqrt(Q) / target.momentum_unit)
    return coords


def shell_dataset(T, Q, S, R, target, shell, config):
    """Dataset of one shell's response grids S_nl(T, Q), R_nl(T, Q) (keV^-1) of any target.

    Attributes: :func:`nuion.io.netcdf.provenance`, ``shell``, ``binding`` (keV), ``occupancy``
    and the grid parameters of ``config`` (as JSON, ``grid``).
    """
    sh = target.shell(shell)
    ds = xr.Dataset({"S": (("T", "Q"), S), "R": (("T", "Q"), R)}, coords={"T": ("T", T), "Q": ("Q", Q)})
    ds.attrs.update(provenance(target, config, target.method))
    ds.attrs.update(
        shell=sh.label, binding=float(sh.binding), binding_units="keV", occupancy=np.int32(sh.occupancy),
        grid=json.dumps(config, sort_keys=True, default=float),
    )
    return annotate(ds)


def _target_of(shells):
    """The target of shell datasets: the ion rebuilt, an atom as a StoredTarget of the shells."""
    first = shells[0]
    if "eps_b" in first.attrs:
        return get(str(first.attrs["target"]))
    stored = tuple(
        Shell.from_label(str(ds.attrs["shell"]), ds.attrs["occupancy"], ds.attrs["binding"])
        for ds in shells
    )
    return StoredTarget(str(first.attrs["target"]), int(first.attrs["Z"]), stored, continuum=first.attrs.get("continuum", ""),
                        thresholds=first.attrs.get("thresholds", ""), model=first.attrs.get("model", ""))


def response_dataset(shells):
    """The response dataset of a target from its shell datasets (:func:`shell_dataset`), in shell order.

    Variables ``S_shell``, ``R_shell`` over (shell, T, Q), their sums ``S``, ``R`` over (T, Q), and
    the cumulative Q integrals of every shell (``S_cum_0``, ...: :func:`nuion.integrals.qintegrals.shell_cumulative`
    with the target's Q rule, attribute ``q_rule``), so that the DCS stage integrates each (T, E)
    in O(1); coordinates ``shell`` (labels), ``binding`` (keV) and ``occupancy`` over ``shell``,
    and T/eps_b, K for a hydrogen-like ion; validity over T. Provenance from the shells, which
    must share T, Q and the job configuration.

    Raises
    ------
    ValueError
        If the shells come from different grids, targets or models.
    """
    first = shells[0]
    for ds in shells[1:]:
        for key in ("target", "continuum", "thresholds", "grid"):
            if ds.attrs.get(key) != first.attrs.get(key):
                raise ValueError(
                    f"shell {ds.attrs['shell']} has {key} = {ds.attrs.get(key)!r}, shell {first.attrs['shell']} "
                    f"{first.attrs.get(key)!r}: rerun the shells of one configuration"
                )
        if not (np.array_equal(ds["T"], first["T"]) and np.array_equal(ds["Q"], first["Q"])):
            raise ValueError(f"shell {ds.attrs['shell']} is on another (T, Q) grid than {first.attrs['shell']}")
    target = _target_of(shells)
    T, Q = first["T"].values, first["Q"].values
    S = np.stack([ds["S"].values for ds in shells])
    R = np.stack([ds["R"].values for ds in shells])
    data = {"S_shell": (("shell", "T", "Q"), S), "R_shell": (("shell", "T", "Q"), R),
            "S": (("T", "Q"), S.sum(axis=0)), "R": (("T", "Q"), R.sum(axis=0))}
    for name, by_power in shell_cumulative(Q, S, R, target.q_order).items():
        for p, C in by_power.items():
            data[cumulative_name(name, p)] = (("shell", "T", "Q"), C)
    valid_data, valid_attrs = validity_data(T, target)
    data.update(valid_data)
    coords = {"T": ("T", T), "Q": ("Q", Q), **_shell_coords(target), **_eps_b_coords(T, target, Q)}
    out = xr.Dataset(data, coords=coords)
    out.attrs.update({k: v for k, v in first.attrs.items() if k not in ("shell", "binding", "binding_units", "occupancy")})
    out.attrs["method"] = f"{first.attrs['method']}; one job per shell, summed"
    out.attrs["n_electrons"] = np.int32(target.n_electrons)
    out.attrs["q_rule"] = {1: "ln F linear in ln Q", 3: "ln F cubic in ln Q"}[target.q_order]
    out.attrs.update(valid_attrs)
    if target.unit_name == "eps_b":
        out.attrs.update(grid_attrs(T, Q, target))
    return annotate(out)


def shell_table_dataset(T, shells, values, attrs):
    """Dataset over ``T`` (keV) and ``shell`` of arrays shaped (n,) or (k, n), units and long_name from
    :data:`VARIABLES` (:func:`nuion.dcs_at`)."""
    data = {name: (("shell", "T") if np.ndim(v) == 2 else ("T",), np.asarray(v)) for name, v in values.items()}
    return annotate(xr.Dataset(data, coords={"T": np.asarray(T, dtype=float), "shell": np.asarray(shells)}, attrs=attrs))


def dcs_dataset(T, E, target, mu_nu, components, method, config=None, lines=None, grid=None):
    """Dataset of DCS components over T at one (target, E), per shell and summed (docs/workflow.md, sec. 'Datasets').

    Parameters
    ----------
    T : ndarray
        Energy transfers in keV.
    E : float
        Neutrino energy in keV.
    target : Target
        Its shells (the ``shell`` coordinates), energy unit and validity.
    mu_nu : float
        Magnetic moment in Bohr magnetons.
    components : dict of ndarray
        :func:`nuion.integrals.dcs.components` (or, for a hydrogen-like ion, the direct
        integration of :func:`nuion.cross_sections.dcs_components` and its ratios): arrays over T,
        and over (shell, T) for the ``*_shell`` ones.
    method : str
        How the components were computed (provenance).
    config : dict, optional
        The configuration that made the dataset; defaults to the call arguments.
    lines : dict, optional
        Discrete lines below threshold (:func:`nuion.cross_sections.approximations.line_cross_sections`).
    grid : dict, optional
        ``grid_*`` attributes of the response grid the components come from
        (:func:`nuion.io.netcdf.grid_attrs`), stored with the numbers.

    Returns
    -------
    xarray.Dataset
    """
    T = np.asarray(T, float)
    c = dict(components)
    if "dcs_par_shell" in c:
        c["dcs_total_shell"] = c["dcs_par_shell"] + c["dcs_perp_shell"]
    data = {name: (("shell", "T") if np.ndim(v) == 2 else "T", np.asarray(v, dtype=float)) for name, v in c.items()}
    data["n_open"] = ("T", np.sum([s.occupancy * (T > s.binding) for s in target.shells], axis=0, dtype=np.int32))
    valid_data, valid_attrs = validity_data(T, target)
    data.update(valid_data)
    if config is None:
        config = {"target": target.name, "E": float(E), "mu_nu": float(mu_nu), "T": T.tolist()}
    coords = {"T": ("T", T), **_eps_b_coords(T, target)}
    if "dcs_par_shell" in c:
        coords.update(_shell_coords(target))
    if lines is not None:
        coords.update(n=("n", lines["n"].astype(np.int32)), line_T=("n", lines["T"]))
        data.update(
            line_sigma=("n", lines["sigma"]),
            line_ratio_density=("n", lines["ratio_density"]),
            line_sigma_rest=((), lines["sigma_rest"]),
            line_ratio_density_rest=((), lines["ratio_density_rest"]),
        )
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(provenance(target, config, method))
    ds.attrs.update(valid_attrs)
    ds.attrs.update(grid or {})
    ds.attrs.update(E_nu=float(E), E_nu_units="keV")
    if target.unit_name == "eps_b":
        ds.attrs["E_over_eb"] = tidy(float(E) / target.unit)
    ds.attrs.update(
        T_max_fe=float(fe_endpoint(E)),
        T_max_fe_units="keV",
        mu_nu=float(mu_nu),
        mu_nu_units="Bohr magneton",
        n_electrons=np.int32(target.n_electrons),
    )
    return annotate(ds)


def channels_dataset(T, E, target, by_channel, couplings, method, config):
    """Dataset of every channel's DCS over T at one (target, E) (docs/channels.md, sec. 'Grid route').

    ``by_channel``: {label: :func:`nuion.integrals.dcs.channel_dcs_from_grid` output}; variables over
    (channel, T) and (channel, shell, T); ratios with a zero denominator are stored as 0 (no NaN).
    ``couplings``: attributes (mu_nu, q_nu, m_nu_eV, r2_cm2) of the reference couplings.
    """
    T = np.asarray(T, float)
    labels = list(by_channel)

    def stack(key):
        return np.array([np.asarray(by_channel[k][key], dtype=float) for k in labels])

    data = {f"{key}_channel": (("channel", "T"), stack(key)) for key in ("dcs_S", "dcs_R", "dcs_fe", "dcs_stepping")}
    data["dcs_channel"] = (("channel", "T"), stack("dcs_total"))
    data["dcs_shell_channel"] = (("channel", "shell", "T"), stack("dcs_shell"))
    for key in ("ratio_fe_atom", "ratio_stepping"):
        data[f"{key}_channel"] = (("channel", "T"), np.nan_to_num(stack(key), nan=0.0, posinf=0.0))
    coords = {"channel": ("channel", labels), "T": ("T", T), **_eps_b_coords(T, target), **_shell_coords(target)}
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(provenance(target, config, method))
    ds.attrs.update(E_nu=float(E), E_nu_units="keV", n_electrons=np.int32(target.n_electrons))
    ds.attrs.update(couplings)
    return annotate(ds)


def _record_checks(ds, checks, *, every_tolerance):
    """Attributes ``<rule>_max_deviation``, ``_tolerance``, ``_pass`` and ``enforced`` of a
    sum-rule dataset from {rule: (deviation, tolerance, enforced)}; returns it annotated."""
    enforced = []
    for name, (dev, tol, is_enforced) in checks.items():
        ds.attrs[f"{name}_max_deviation"] = dev
        if every_tolerance or is_enforced:
            ds.attrs[f"{name}_tolerance"] = tol
        if is_enforced:
            enforced.append(name)
            ds.attrs[f"{name}_pass"] = np.int8(dev <= tol)
    ds.attrs["enforced"] = " ".join(enforced)
    return annotate(ds)


def sumrules_dataset(T, result, target, config):
    """Dataset of the sum-rule stage from :func:`nuion.integrals.checks.sum_rule_checks`; the checks
    that apply to the target (the ion's closed-form identities, the atom's per-shell strengths and
    limits), pass/fail and tolerances in the attributes."""
    if isinstance(target, HydrogenLikeIon):
        ds = _ion_sumrules(T, result, target)
    else:
        ds = _atom_sumrules(T, result, target)
    ds.attrs.update(provenance(target, config, "sum rules and limits on the stored response grid (nuion.integrals.checks.sum_rule_checks)"))
    ds.attrs.update(n_electrons=np.int32(target.n_electrons))
    return _record_checks(ds, result["checks"], every_tolerance=not isinstance(target, HydrogenLikeIon))


def _ion_sumrules(T, result, target):
    Qc = result["Q_check"]
    data = {}
    for rule in ("bethe", "closure"):
        for part, values in result[rule].items():
            data[f"{rule}_{part}"] = ("Q_check", values)
    for part, values in result["momentum_transfer"].items():
        data[f"momentum_transfer_{part}"] = ("T", values)
    data["dipole_ratio"] = ("T", result["dipole"])
    valid_data, valid_attrs = validity_data(T, target)
    data.update(valid_data)
    data["stobbe_ratio"] = ("T", result["photon"]["stobbe_ratio"])
    data["retardation_factor"] = ("T", result["photon"]["retardation"])
    coords = {"T": ("T", T), "T_over_eb": ("T", T / target.unit), "Q_check": ("Q_check", Qc),
              "K_check": ("Q_check", np.sqrt(Qc) / target.momentum_unit)}
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(valid_attrs)
    return ds


def _atom_sumrules(T, result, target):
    sigma = result["sigma_gamma_shell"]
    data = {
        "bethe_grid_shell": (("shell", "Q_check"), result["bethe_grid_shell"]),
        "dipole_ratio_shell": (("shell", "T"), result["dipole_shell"]),
        "dipole_ratio": ("T", result["dipole"]),
        "sigma_gamma_shell": (("shell", "T"), sigma),
        "sigma_gamma": ("T", sigma.sum(axis=0)),
        "sigma_table_elam": ("T", result["sigma_table"]),
        "photo_ratio": ("T", sigma.sum(axis=0) / result["sigma_table"]),
    }
    coords = {"T": ("T", T), "Q_check": ("Q_check", result["Q_check"]), **_shell_coords(target)}
    if "bethe" in result:
        data["bethe_sum_shell"] = (("shell", "Q_bethe"), result["bethe"]["total"])
        coords["Q_bethe"] = ("Q_bethe", np.asarray(result["bethe"]["Q"], dtype=float))
    return xr.Dataset(data, coords=coords)


def photo_dataset(omega, sigma_shell, tables, target, config):
    """Dataset of an atom's photoabsorption on a photon-energy grid (the photo stage).

    ``sigma_shell`` (shell, omega) in barn from :meth:`nuion.targets.atom.Atom.photoabsorption` per
    shell; ``tables``: {"elam": array, "chantler": array} in barn
    (:func:`nuion.targets.atom.thresholds.photoabsorption_table`).
    """
    total = sigma_shell.sum(axis=0)
    data = {
        "sigma_photo_shell": (("shell", "omega"), sigma_shell),
        "sigma_photo": ("omega", total),
        "sigma_table_elam": ("omega", tables["elam"]),
        "sigma_table_chantler": ("omega", tables["chantler"]),
        "photo_ratio": ("omega", total / tables["elam"]),
        "v_ejected": ("omega", target.validity(omega)["v_over_c"]),
    }
    ds = xr.Dataset(data, coords={"omega": ("omega", omega), **_shell_coords(target)})
    ds.attrs.update(provenance(target, config, "real-photon limit of the radial engine at q = omega (nuion.targets.atom.Atom.photoabsorption)"))
    ds.attrs.update(validity="nonrelativistic: v_ejected of the fastest electron above 0.3 (and the Xe K shell, alpha Z = 0.39) outside the comfort zone")
    return annotate(ds)


def _rates_attrs(preset, config, method):
    """Global attributes of the rates and sensitivity datasets (no timestamps)."""
    attrs = {
        "preset": preset["name"],
        "preset_description": preset["description"],
        "source": preset["source"],
        "material": preset["material"],
        "threshold_keV": float(preset["detector"]["threshold_keV"]),
        "nuion_version": __version__,
        "config_hash": config_hash(config),
        "constants": CODATA + " (scipy.constants)",
        "method": method,
        "references": "docs/rates.md; K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252",
        "Conventions": "CF-1.10",
    }
    for key, value in preset.get("published", {}).items():
        attrs[f"published_{key}"] = float(value)
    return attrs


def rates_dataset(T, spectra, preset, mu_nu, flux_total, n_electrons, config, atom=None):
    """Dataset of dR/dT per atomic model and interaction on T (results/rates/{preset}/{target}.nc).

    ``spectra``: {(model, interaction): (true, observed)} of :func:`nuion.detectors.rates.observed_rates`;
    ``n_electrons``: {model: array over T}; ``atom``: the atom model (:func:`nuion.detectors.presets.atom_model`),
    whose grid range gives ``atom_in_grid`` over T and whose labels go to the attributes.
    """
    models = list(dict.fromkeys(m for m, _ in spectra))
    data = {}
    for interaction in ("magnetic", "weak"):
        data[f"rate_{interaction}_true"] = (("model", "T"), np.array([spectra[(m, interaction)][0] for m in models]))
        data[f"rate_{interaction}_observed"] = (("model", "T"), np.array([spectra[(m, interaction)][1] for m in models]))
    fe = data["rate_magnetic_true"][1][models.index("fe")] if "fe" in models else None
    if fe is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            data["ratio_to_fe"] = (("model", "T"), data["rate_magnetic_true"][1] / fe)
    data["n_electrons"] = (("model", "T"), np.array([n_electrons[m] for m in models], dtype=float))
    if atom is not None:
        data["atom_in_grid"] = ("T", np.asarray(atom.in_grid(np.asarray(T, float)), dtype=np.int8))
    ds = xr.Dataset(data, coords={"model": ("model", np.array(models, dtype=object)), "T": ("T", np.asarray(T, float))})
    ds.attrs.update(_rates_attrs(preset, config, "flux-averaged DCS, Gauss-Legendre panels (nuion.detectors.rates)"))
    if atom is not None:
        ds.attrs.update({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in atom.attrs.items()})
    ds.attrs.update(mu_nu=float(mu_nu), mu_nu_units="Bohr magneton", flux_total=float(flux_total),
                    flux_total_units="cm-2 s-1")
    return annotate(ds)


def expected_limit_variables(channel, limits, method="pyhf"):
    """Expected limits of a preset on the coupling of ``channel``, per model, under their names.

    Parameters
    ----------
    channel : str
        A key of :data:`nuion.io.schema.CHANNEL_LIMITS` (magnetic, millicharge, charge-radius).
    limits : sequence
        Per model, :func:`nuion.detectors.presets.limit`: one value (Bohr magnetons, q_nu/e), or for the
        charge radius the pair (lower, upper) in cm^2 (docs/channels.md, sec. 'Rates and limits').
    method : {"pyhf", "analytic"}
        "analytic" appends ``_analytic`` to the name.

    Returns
    -------
    dict
        {name: ("model", values)}: ``<stem>[_analytic]``, and for the charge radius ``<stem>[_analytic]_lower``
        (the limit on <r^2> < 0) before ``<stem>[_analytic]`` (the upper); the names of the sensitivity
        dataset and of ``nuion limit --preset``.
    """
    name = CHANNEL_LIMITS[channel] + ("_analytic" if method == "analytic" else "")
    values = np.asarray(limits, float)
    if channel == "charge-radius":
        return {f"{name}_lower": ("model", values[:, 0]), name: ("model", values[:, 1])}
    return {name: ("model", values)}


def release_limit_variables(channel, results):
    """Observed and expected limits of a release on the coupling of ``channel``, per model, under their names.

    Parameters
    ----------
    channel : str
        A key of :data:`nuion.io.schema.CHANNEL_LIMITS`.
    results : sequence
        Per model, :class:`nuion.detectors.likelihood.LimitResult` (magnetic, millicharge) or
        :class:`nuion.detectors.likelihood.RadiusLimits` (charge radius).

    Returns
    -------
    dict
        {name: (dims, values)}: ``<stem>_observed`` and ``<stem>_expected`` over ``model`` and
        ``<stem>_band`` over (``model``, ``band`` = -2 ... 2); for the charge radius ``<stem>_observed`` and
        ``<stem>_expected`` over (``model``, ``sign`` = -1, +1: the lower and the upper limit) and
        ``<stem>_band_lower``, ``<stem>_band_upper`` over (``model``, ``band``). The names of the limits
        dataset and of ``nuion limit --data``.
    """
    stem = CHANNEL_LIMITS[channel]

    def stack(key):
        return np.array([getattr(r, key) for r in results], float)

    if channel == "charge-radius":
        return {f"{stem}_observed": (("model", "sign"), stack("observed")),
                f"{stem}_expected": (("model", "sign"), stack("expected")),
                f"{stem}_band_lower": (("model", "band"), stack("band_lower")),
                f"{stem}_band_upper": (("model", "band"), stack("band_upper"))}
    return {f"{stem}_observed": ("model", stack("observed")), f"{stem}_expected": ("model", stack("expected")),
            f"{stem}_band": (("model", "band"), stack("band"))}


def _channels_attrs(channels):
    """Attributes of the channels of a limits or sensitivity dataset beside the magnetic one: their names
    (``channels``) and, with the millicharge, the neutrino mass that cuts its photon pole (``m_nu``, eV)."""
    attrs = {"channels": ", ".join(["magnetic", *(c.name for c in channels)])}
    for c in channels:
        if c.name == "millicharge":
            attrs.update(m_nu=float(c.m_nu) * 1e3, m_nu_units="eV")
    return attrs


def sensitivity_dataset(preset, models, limits, analytic, thresholds, vs_threshold, counts, config, mu_ref, channels=()):
    """Dataset of expected limits per model (results/sensitivity/{preset}.nc).

    ``channels``: (channel, limits, analytic) of the channels beside the magnetic one
    (:mod:`nuion.cross_sections.channels`, with their couplings; :func:`expected_limit_variables`), and
    their names in the attribute ``channels``; without them the dataset is the magnetic one alone.
    """
    extra = {}
    for c, pyhf_limits, analytic_limits in channels:
        extra.update(expected_limit_variables(c.name, pyhf_limits))
        extra.update(expected_limit_variables(c.name, analytic_limits, "analytic"))
    ds = xr.Dataset(
        {
            **expected_limit_variables("magnetic", limits),
            **expected_limit_variables("magnetic", analytic, "analytic"),
            **extra,
            "mu_nu_limit_vs_threshold": (("model", "threshold"), np.asarray(vs_threshold, float)),
            "signal_counts": ("model", np.asarray([c["signal"].sum() for c in counts], float)),
            "weak_counts": ("model", np.asarray([c["weak"].sum() for c in counts], float)),
            "background_counts": ("model", np.asarray([c["background"].sum() for c in counts], float)),
        },
        coords={"model": ("model", np.array(models, dtype=object)), "threshold": ("threshold", np.asarray(thresholds, float))},
    )
    ds.attrs.update(_rates_attrs(preset, config, "pyhf CLs (qtilde, asymptotics) on Asimov data (nuion.detectors.sensitivity)"))
    exp = preset["exposure"]
    ds.attrs.update(mu_ref=float(mu_ref), exposure_on_kg_day=float(exp["on_kg_day"]),
                    exposure_off_kg_day=float(exp.get("off_kg_day", 0.0)),
                    background_level=float(preset["background"]["level"]),
                    background_model=str(preset["background"].get("model", "per-bin")) if exp.get("off_kg_day") else "free normalization",
                    confidence_level=0.9)
    if channels:
        ds.attrs.update(_channels_attrs([c for c, _, _ in channels]))
    return annotate(ds)


def limits_dataset(release, results, specs, config, display_edges, atom=None, channels=()):
    """Dataset of observed and expected limits of one release (results/limits/<release>.nc).

    Parameters
    ----------
    release : nuion.detectors.releases.Release
    results : list of nuion.detectors.likelihood.LimitResult
        One per atomic model, with their likelihood scans on one mu_nu grid.
    specs : list of nuion.detectors.likelihood.Spectra
        Expected densities per model on one energy grid (figures).
    config : dict
        The job's parameters (config_hash).
    display_edges : ndarray
        Bins (keV) of ``observed_counts`` for the figures (the release's own when binned).
    atom : nuion.detectors.rates.Atom, optional
        Its labels (response grid, continuum, ...) go to the attributes.
    channels : sequence of (channel, results), optional
        The channels beside the magnetic one (:mod:`nuion.cross_sections.channels`, with their couplings)
        and their limits per model (:func:`nuion.detectors.likelihood.channel_limits`), written by
        :func:`release_limit_variables`; their names go to the attribute ``channels``. Without them the
        dataset is the magnetic one alone.
    """
    models = [r.model for r in results]
    edges = np.asarray(display_edges, float)
    if release.kind == "unbinned":
        observed = np.histogram(release.events, bins=edges)[0].astype(float)
    else:
        observed = np.asarray(release.counts, float)
    data = {
        **release_limit_variables("magnetic", results),
        **{k: v for c, res in channels for k, v in release_limit_variables(c.name, res).items()},
        "q_scan": (("model", "mu_nu_scan"), np.array([r.scan_q for r in results])),
        "mu_nu_best_fit": ("model", np.array([r.mu_nu_hat for r in results])),
        "signal_strength_best_fit": ("model", np.array([r.strength_hat for r in results])),
        "background_norm_best_fit": ("model", np.array([r.background_norm_hat for r in results])),
        "signal_counts": ("model", np.array([r.signal_counts for r in results])),
        "background_counts": ("model", np.array([r.background_counts for r in results])),
        "weak_counts": ("model", np.array([r.weak_counts for r in results])),
        "signal_density": (("model", "energy"), np.array([s.signal_grid for s in specs])),
        "weak_density": (("model", "energy"), np.array([s.weak_grid for s in specs])),
        "background_density": ("energy", np.asarray(specs[0].background_grid, float)),
        "bin_low": ("bin", edges[:-1]),
        "bin_high": ("bin", edges[1:]),
        "observed_counts": ("bin", observed),
    }
    coords = {
        "model": ("model", np.array(models, dtype=object)),
        "band": ("band", np.array([-2, -1, 0, 1, 2], dtype=np.int32)),
        "mu_nu_scan": ("mu_nu_scan", np.asarray(results[0].scan_mu_nu, float)),
        "energy": ("energy", np.asarray(specs[0].grid, float)),
        "bin": ("bin", 0.5 * (edges[:-1] + edges[1:])),
    }
    if any(c.name == "charge-radius" for c, _ in channels):
        coords["sign"] = ("sign", np.array([-1, 1], dtype=np.int32))
    ds = xr.Dataset(data, coords=coords)
    meta = release.meta
    ds.attrs.update({
        "release": release.name,
        "release_description": meta.get("description", ""),
        "experiment": meta.get("experiment", ""),
        "material": release.material,
        "energy_scale": meta.get("energy_scale", ""),
        "window_keV": np.asarray(release.window, float),
        "exposure_kg_day": float(release.exposure_kg_day),
        "kind": release.kind,
        "n_observed": np.int32(release.n_observed),
        "background_model": ("free normalization" if release.background_sigma is None else
                             f"normalization constrained, relative sigma {release.background_sigma:g}"),
        "background_contains": ", ".join(sorted(release.contains)) or "nothing",
        "efficiency_applies_to": release.efficiency_applies_to,
        "resolution_keV": np.asarray(release.resolution, float),
        "mu_ref": float(results[0].mu_ref),
        "confidence_level": 0.9,
        "statistics": results[0].method,
        "citation": meta.get("citation", ""),
        "licence": meta.get("licence", ""),
        "origin": meta.get("origin", ""),
        "nuion_version": __version__,
        "config_hash": config_hash(config),
        "constants": CODATA + " (scipy.constants)",
        "references": "docs/releases.md; docs/rates.md; K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252",
        "Conventions": "CF-1.10",
    })
    if release.published_limit is not None:
        ds.attrs.update(published_mu_nu_limit=float(release.published_limit),
                        published_confidence_level=float(release.published_cl))
    if channels:
        ds.attrs.update(_channels_attrs([c for c, _ in channels]))
    if atom is not None:
        ds.attrs.update({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in atom.attrs.items()})
    return annotate(ds)
