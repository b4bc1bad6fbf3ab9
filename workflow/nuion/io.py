"""Datasets and files: the only module that knows xarray metadata and NetCDF.

Builds the xarray Datasets of docs/workflow.md, sec. 'Datasets', with CF-style ``units`` and
``long_name`` on every variable and coordinate, adds provenance attributes,
and writes and reads NetCDF4 files deterministically (no timestamps, fixed
encoding, atomic replace) so that two runs of one configuration give
byte-identical files.
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
from nuion.integrals.grids import POWERS, cumulative_name
from nuion.kinematics import COMFORT_SPEED, fe_endpoint
from nuion.targets import as_target

__all__ = [
    "VARIABLES",
    "REQUIRED",
    "config_hash",
    "provenance",
    "tidy",
    "grid_attrs",
    "validity_data",
    "annotate",
    "dcs_dataset",
    "response_dataset",
    "sumrules_dataset",
    "sumrules_markdown",
    "write_text",
    "script_errors",
    "write_netcdf",
    "read_dataset",
    "read_cumulative",
    "rates_dataset",
    "sensitivity_dataset",
    "shell_dataset",
    "atom_response_dataset",
    "atom_dcs_dataset",
    "atom_sumrules_dataset",
    "atom_sumrules_markdown",
    "atom_photo_dataset",
    "atom_photo_markdown",
    "limits_dataset",
]

#: CF metadata (units, long_name) of every variable and coordinate nuion writes.
VARIABLES = {
    "T": ("keV", "energy transfer T"),
    "T_over_eb": ("1", "energy transfer in units of the binding energy, T/eps_b"),
    "Q": ("keV2", "squared momentum transfer Q = q^2"),
    "K": ("1", "momentum transfer in units of alpha Z m_e"),
    "S": ("keV-1", "longitudinal response S(T,Q), dynamical structure factor, eq. (11)"),
    "R": ("keV-1", "transverse response R(T,Q), current response, eq. (20)"),
    "S_cum_0": ("keV-1", "cumulative Int_{Q_0}^{Q} S dQ'/Q' (ln S linear in ln Q per cell)"),
    "S_cum_m1": ("keV-3", "cumulative Int_{Q_0}^{Q} S dQ'/Q'^2 (ln S linear in ln Q per cell)"),
    "R_cum_0": ("keV-1", "cumulative Int_{Q_0}^{Q} R dQ'/Q' (ln R linear in ln Q per cell)"),
    "R_cum_p1": ("keV", "cumulative Int_{Q_0}^{Q} R dQ' (ln R linear in ln Q per cell)"),
    "dcs_par": ("cm2 keV-1", "longitudinal DCS, eq. (5) integrated over Q"),
    "dcs_perp": ("cm2 keV-1", "transverse DCS, eq. (6) integrated over Q"),
    "dcs_total": ("cm2 keV-1", "total DCS, eq. (9) = dcs_par + dcs_perp"),
    "dcs_fe": ("cm2 keV-1", "free-electron DCS, eq. (1)"),
    "dcs_par_simplified": ("cm2 keV-1", "longitudinal DCS, simplified form eq. (10)"),
    "dcs_perp_simplified": ("cm2 keV-1", "transverse DCS, simplified form eq. (19)"),
    "ratio_total": ("1", "dcs_total / dcs_fe, eq. (9) over eq. (1)"),
    "ratio_par": ("1", "dcs_par / dcs_fe, eq. (5) over eq. (1)"),
    "ratio_perp": ("1", "dcs_perp / dcs_fe, eq. (6) over eq. (1)"),
    "ratio_simplified": ("1", "(eq. (10) + eq. (19)) / eq. (1), simplified kinematics"),
    "dcs_fe_model": ("cm2 keV-1", "model's free-electron limit: eq. (5) with S = delta(T - Q/2m_e), R = 0"),
    "dcs_epa": ("cm2 keV-1", "real-photon approximation (Wong, Li, Lin 2010 as in sec. 2.3): R/Q frozen at Q = T^2, eq. (23)"),
    "dcs_epa_frozen_R": ("cm2 keV-1", "milder real-photon variant: R frozen at Q = T^2, R(T,T^2) ln(4E^2/T^2)"),
    "dcs_voloshin": ("cm2 keV-1", "Voloshin 2010 sum-rule estimate, eq. (18) per electron: P/T"),
    "dcs_voloshin_exact": ("cm2 keV-1", "eq. (18) with the exact one-electron T Int_0^inf S dQ/Q"),
    "dcs_stepping": ("cm2 keV-1", "stepping approximation: eq. (1) above eps_b, zero below"),
    "ratio_fe_model": ("1", "model's free-electron limit (S = delta(T - Q/2m_e), R = 0) / eq. (1)"),
    "ratio_epa": ("1", "real-photon approximation of Wong, Li, Lin (2010) as described in sec. 2.3 / eq. (1)"),
    "ratio_epa_frozen_R": ("1", "real-photon variant with R (not R/Q) frozen at Q = T^2 / eq. (1)"),
    "ratio_voloshin": ("1", "Voloshin (2010) eq. (18) per electron, P/T / eq. (1)"),
    "ratio_voloshin_exact": ("1", "eq. (18) with the exact one-electron momentum-transfer integral / eq. (1)"),
    "ratio_stepping": ("1", "stepping approximation (eq. (1) above threshold, 0 below) / eq. (1)"),
    "n": ("1", "principal quantum number of the excited level 1s -> n"),
    "line_T": ("keV", "excitation energy of the line 1s -> n, (1 - 1/n^2) eps_b"),
    "line_sigma": ("cm2", "integrated cross section of the line 1s -> n, eqs. (5) + (6) with f_n, R_n"),
    "line_ratio_density": ("1", "line cross section / (eq. (1) x level spacing 2 eps_b/n^3): continues ratio_total below threshold"),
    "line_sigma_rest": ("cm2", "summed cross section of the lines n > 10"),
    "line_ratio_density_rest": ("1", "lines n > 10: summed cross section / (eq. (1) at eps_b x eps_b/10.5^2)"),
    "perp_over_par": ("1", "dcs_perp / dcs_par, transverse over longitudinal (Fig. 2)"),
    "v_ejected": ("1", "ejected-electron speed v/c, nonrelativistic (validity indicator; > 1 is unphysical)"),
    "valid": ("1", "1 where the point is inside the model's comfort zone (alpha Z and v_ejected below comfort_speed), else 0"),
    "Q_check": ("keV2", "squared momentum transfer of the sum-rule checks"),
    "K_check": ("1", "momentum transfer of the sum-rule checks in units of alpha Z m_e"),
    "bethe_grid": ("1", "Bethe sum rule: continuum strength inside the stored T range (grid)"),
    "bethe_outside": ("1", "Bethe sum rule: continuum strength outside the stored T range (closed form)"),
    "bethe_discrete": ("1", "Bethe sum rule: discrete 1s->n strength, all n (closed form)"),
    "bethe_total": ("1", "Bethe sum rule, eq. (15): total oscillator strength (exact: 1)"),
    "closure_grid": ("1", "transverse closure / (alpha Z)^2: continuum inside the stored T range (grid)"),
    "closure_outside": ("1", "transverse closure / (alpha Z)^2: continuum outside the T range (closed form)"),
    "closure_discrete": ("1", "transverse closure / (alpha Z)^2: discrete lines, all n (closed form)"),
    "closure_total": ("1", "transverse closure / (alpha Z)^2: total (exact: 1/3)"),
    "momentum_transfer_grid": ("1", "T Int S dQ/Q over the stored Q range (grid)"),
    "momentum_transfer_outside": ("1", "T Int S dQ/Q outside the stored Q range (closed form)"),
    "momentum_transfer_total": ("1", "momentum-transfer sum rule, eq. (17): T Int_0^inf S dQ/Q (compare with 1)"),
    "dipole_ratio": ("1", "R Q / (S T^2) at the smallest stored Q (eq. (22): tends to 1)"),
    "stobbe_ratio": ("1", "4 pi^2 alpha R(T, Q_min)/T over Stobbe's cross section (eq. (23) dipole limit: 1)"),
    "retardation_factor": ("1", "photoionization cross section with retardation over Stobbe's, R(T,T^2)/R(T,0)"),
    "model": ("1", "atomic model: fe (free electrons), stepping, atom (docs/rates.md)"),
    "rate_magnetic": ("kg-1 d-1 keV-1", "observed dR/dT, magnetic nu-e scattering (resolution, threshold)"),
    "rate_weak": ("kg-1 d-1 keV-1", "observed dR/dT, Standard-Model weak nu-e scattering (resolution, threshold)"),
    "rate_magnetic_true": ("kg-1 d-1 keV-1", "true dR/dT, magnetic nu-e scattering"),
    "rate_weak_true": ("kg-1 d-1 keV-1", "true dR/dT, Standard-Model weak nu-e scattering"),
    "ratio_to_fe": ("1", "true magnetic dR/dT of the model / free electrons"),
    "atom_in_grid": ("1", "1 where T lies in the T range of the atom's response grid; 0: the atom model is the stepping approximation there"),
    "n_electrons": ("1", "electrons per atom that count at T in the model"),
    "threshold": ("keV", "analysis threshold (start of the window)"),
    "mu_nu_limit": ("Bohr magneton", "expected (median) 90 % CL upper limit on mu_nu, pyhf CLs on Asimov data"),
    "mu_nu_limit_analytic": ("Bohr magneton", "expected 90 % CL limit, analytic Asimov estimate (Fisher width)"),
    "mu_nu_limit_vs_threshold": ("Bohr magneton", "expected 90 % CL upper limit on mu_nu against the threshold"),
    "signal_counts": ("1", "expected magnetic counts in the window at mu_nu = mu_ref"),
    "weak_counts": ("1", "expected weak counts in the window"),
    "background_counts": ("1", "expected background counts in the window (ON exposure)"),
    # neutral atoms (docs/atoms.md, sec. 'Workflow'): per-shell variables over the dimension `shell`
    "shell": ("1", "atomic shell nl (label)"),
    "binding": ("keV", "shell threshold -eps_nl used (model or measured, attribute thresholds)"),
    "occupancy": ("1", "electrons in the shell"),
    "S_shell": ("keV-1", "longitudinal response of one shell S_nl(T,Q), summed over its electrons; 0 below its threshold"),
    "R_shell": ("keV-1", "transverse response of one shell R_nl(T,Q), summed over its electrons; 0 below its threshold"),
    "dcs_par_shell": ("cm2 keV-1", "longitudinal DCS of one shell, eq. (5) with S_nl"),
    "dcs_perp_shell": ("cm2 keV-1", "transverse DCS of one shell, eq. (6) with R_nl"),
    "dcs_total_shell": ("cm2 keV-1", "total DCS of one shell, eq. (9) with S_nl and R_nl"),
    "ratio_fe_atom": ("1", "atom over free electrons: dcs_total / (Z x eq. (1))"),
    "ratio_stepping_atom": ("1", "atom over the stepping approximation: dcs_total / dcs_stepping"),
    "n_open": ("1", "electrons with binding below T (the stepping approximation's count)"),
    "bethe_grid_shell": ("1", "continuum oscillator strength of one shell inside the stored T range, over N_nl (lower bound of the Bethe sum 1)"),
    "bethe_sum_shell": ("1", "Bethe sum of one shell over all final states (nuion.targets.atom.atom.Atom.bethe_sum), over N_nl (exact: 1)"),
    "Q_bethe": ("keV2", "squared momentum transfer of the full Bethe sums"),
    "dipole_ratio_shell": ("1", "R_nl Q / (S_nl T^2) at the smallest stored Q (eq. (22): tends to 1); 0 below the shell's threshold"),
    "sigma_gamma_shell": ("barn", "photoabsorption cross section of one shell, 4 pi^2 alpha R_nl(T,T^2)/T (eq. (23)), from the stored grid"),
    "sigma_gamma": ("barn", "photoabsorption cross section of the atom, sum over shells of sigma_gamma_shell"),
    "sigma_table_elam": ("barn", "tabulated photoeffect cross section per atom, Elam et al. 2002 (xraydb)"),
    "photo_ratio": ("1", "sigma_gamma (model) / sigma_table_elam"),
    "omega": ("keV", "photon energy of the photoabsorption stage"),
    "sigma_photo_shell": ("barn", "photoabsorption cross section of one shell, 4 pi^2 alpha R_nl(omega,omega^2)/omega, radial engine at q = omega"),
    "sigma_photo": ("barn", "photoabsorption cross section of the atom, sum over shells of sigma_photo_shell"),
    "sigma_table_chantler": ("barn", "tabulated photoeffect cross section per atom, Chantler 1995/2000 (xraydb)"),
    # limits from data releases (docs/releases.md): results/limits/<release>.nc (limits_dataset)
    "mu_nu_limit_observed": ("Bohr magneton", "observed 90 % CL upper limit on mu_nu from the release's data (CLs, q~ asymptotics)"),
    "mu_nu_limit_expected": ("Bohr magneton", "expected (median) 90 % CL upper limit on mu_nu, background-only Asimov data of the release"),
    "mu_nu_limit_band": ("Bohr magneton", "expected 90 % CL upper limit at N standard deviations of the background-only band (N = 0: median)"),
    "band": ("1", "expected-band level N in standard deviations (-2 ... 2; positive: weaker limits)"),
    "mu_nu_scan": ("Bohr magneton", "mu_nu of the likelihood scan"),
    "q_scan": ("1", "-2 ln profile likelihood ratio against the best fit (signal strength >= 0, background profiled)"),
    "mu_nu_best_fit": ("Bohr magneton", "best-fit mu_nu = mu_ref sqrt(signal_strength_best_fit)"),
    "signal_strength_best_fit": ("1", "best-fit signal strength (mu_nu/mu_ref)^2, bounded below by 0"),
    "background_norm_best_fit": ("1", "best-fit normalization of the release's background model"),
    "energy": ("keV", "reconstructed energy of the release (its energy scale)"),
    "signal_density": ("keV-1", "expected magnetic events per keV at mu_nu = mu_ref (resolution, efficiency, exposure)"),
    "background_density": ("keV-1", "expected background events per keV of the release's model (normalization 1)"),
    "weak_density": ("keV-1", "expected Standard-Model weak events per keV added to the background (0: the model contains them)"),
    "bin": ("keV", "centre of a display bin of the observed events"),
    "bin_low": ("keV", "lower edge of the display bin"),
    "bin_high": ("keV", "upper edge of the display bin"),
    "observed_counts": ("1", "observed events in the display bin"),
}


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
        data[f"rate_{interaction}"] = (("model", "T"), np.array([spectra[(m, interaction)][1] for m in models]))
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


def sensitivity_dataset(preset, models, limits, analytic, thresholds, vs_threshold, counts, config, mu_ref):
    """Dataset of expected limits per model (results/sensitivity/{preset}.nc)."""
    ds = xr.Dataset(
        {
            "mu_nu_limit": ("model", np.asarray(limits, float)),
            "mu_nu_limit_analytic": ("model", np.asarray(analytic, float)),
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
    return annotate(ds)


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
    return {
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
    ``valid`` variables, ``alpha_Z``/``comfort_speed``/``n_invalid`` attributes.

    A nonrelativistic v_ejected above 1 (possible for alpha Z near 1) is stored with
    ``valid = 0`` and counted in ``n_superluminal``, never silently.
    """
    v = as_target(target).validity(T)
    data = {"v_ejected": ("T", v["v_over_c"]), "valid": ("T", v["valid"].astype(np.int8))}
    attrs = {
        "alpha_Z": tidy(v["alpha_Z"]),
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


def _add_ratios(data, c, fe):
    """ratio_X = dcs_X / eq. (1) for every component; perp/par; simplified eqs. (10) + (19)."""
    for name, values in c.items():
        if name.startswith("dcs_") and name not in ("dcs_fe", "dcs_par_simplified", "dcs_perp_simplified"):
            data["ratio_" + name[4:]] = ("T", values / fe)
    data["perp_over_par"] = ("T", c["dcs_perp"] / c["dcs_par"])
    if "dcs_par_simplified" in c:
        data["ratio_simplified"] = ("T", (c["dcs_par_simplified"] + c["dcs_perp_simplified"]) / fe)


def dcs_dataset(T, E, target, mu_nu, components, method, config=None, lines=None, grid=None):
    """Dataset of DCS components over T at one (target, E), docs/workflow.md, sec. 'Datasets'.

    Parameters
    ----------
    T : ndarray
        Energy transfers in keV.
    E : float
        Neutrino energy in keV.
    target : Target, str or int
        The target (an integer is the Z of a hydrogen-like ion).
    mu_nu : float
        Magnetic moment in Bohr magnetons.
    components : dict of ndarray
        Output of :func:`nuion.cross_sections.dcs_components` (or its grid twin).
    method : str
        How the components were computed (provenance).
    config : dict, optional
        The configuration that made the dataset; defaults to the call arguments.
    lines : dict, optional
        Discrete lines below threshold (:func:`nuion.cross_sections.approximations.line_cross_sections`).
    grid : dict, optional
        ``grid_*`` attributes of the response grid the components come from
        (:func:`grid_attrs`), stored with the numbers.

    Returns
    -------
    xarray.Dataset
    """
    target = as_target(target)
    eps_b = target.unit
    c = components
    data = {name: ("T", np.asarray(c[name], dtype=float)) for name in c}
    fe = c["dcs_fe"]
    # at T = E both eq. (1) and eq. (9) vanish: the ratios are 0/0 there and stored as NaN
    with np.errstate(invalid="ignore", divide="ignore"):
        _add_ratios(data, c, fe)
    valid_data, valid_attrs = validity_data(T, target)
    data.update(valid_data)
    if config is None:
        config = {"target": target.name, "E": float(E), "mu_nu": float(mu_nu), "T": np.asarray(T).tolist()}
    coords = {"T": ("T", np.asarray(T, float)), "T_over_eb": ("T", np.asarray(T, float) / eps_b)}
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
    ds.attrs.update(
        E_nu=float(E),
        E_nu_units="keV",
        E_over_eb=tidy(float(E) / eps_b),
        T_max_fe=float(fe_endpoint(E)),
        T_max_fe_units="keV",
        mu_nu=float(mu_nu),
        mu_nu_units="Bohr magneton",
    )
    return annotate(ds)


def response_dataset(T, Q, S, R, target, config, cumulative=None):
    """Dataset of the response grids S(T, Q), R(T, Q) of one target (docs/workflow.md, sec. 'Stages', stage 1).

    ``cumulative`` ({"S": {p: C_p}, "R": {...}}, :func:`nuion.integrals.grids.cumulative_integrals`)
    is stored beside them, so that the DCS stage integrates each (T, E) in O(1).
    """
    target = as_target(target)
    eps_b = target.unit
    data = {"S": (("T", "Q"), S), "R": (("T", "Q"), R)}
    valid_data, valid_attrs = validity_data(T, target)
    data.update(valid_data)
    for name, by_power in (cumulative or {}).items():
        for p, C in by_power.items():
            data[cumulative_name(name, p)] = (("T", "Q"), C)
    ds = xr.Dataset(
        data,
        coords={
            "T": ("T", T),
            "Q": ("Q", Q),
            "T_over_eb": ("T", T / eps_b),
            "K": ("Q", np.sqrt(Q) / target.momentum_unit),
        },
    )
    ds.attrs.update(provenance(target, config, "closed forms of docs/physics.md (nuion.targets.ion.hydrogenic)"))
    ds.attrs.update(valid_attrs)
    ds.attrs.update(grid_attrs(T, Q, target))
    return annotate(ds)


def read_cumulative(ds, rows=slice(None)):
    """{"S": {p: C_p}, "R": {p: C_p}} from a response dataset (rows of T selectable),
    the inverse of the ``cumulative`` argument of :func:`response_dataset`."""
    return {name: {p: ds[cumulative_name(name, p)].values[rows] for p in powers} for name, powers in POWERS.items()}


#: Variables each stage's dataset must carry (checked on read).
REQUIRED = {
    "response": ("S", "R", "S_cum_0", "S_cum_m1", "R_cum_0", "R_cum_p1"),
    "dcs": ("dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "ratio_total", "ratio_par", "perp_over_par"),
    "rates": ("rate_magnetic", "rate_weak", "rate_magnetic_true", "rate_weak_true", "n_electrons"),
    "sensitivity": ("mu_nu_limit", "mu_nu_limit_analytic", "mu_nu_limit_vs_threshold"),
    "shell_response": ("S", "R"),
    "atom_response": ("S", "R", "S_shell", "R_shell"),
    "atom_dcs": ("dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "dcs_total_shell", "ratio_fe_atom", "ratio_stepping_atom"),
    "atom_sumrules": ("sigma_gamma_shell", "sigma_gamma", "sigma_table_elam", "dipole_ratio", "bethe_grid_shell"),
    "atom_photo": ("sigma_photo_shell", "sigma_photo", "sigma_table_elam", "photo_ratio"),
    "limits": ("mu_nu_limit_observed", "mu_nu_limit_expected", "mu_nu_limit_band", "q_scan", "observed_counts"),
}


def write_netcdf(ds, path):
    """Write ``ds`` to NetCDF4 deterministically and atomically.

    Encoding is fixed (float64, no fill value on coordinates, no compression),
    nothing time-dependent is stored, and the file appears under its final
    name only when complete (write to a sibling temporary file, then rename), so
    an interrupted run never leaves a truncated dataset behind.

    Raises
    ------
    ValueError
        If a float variable holds NaN or inf: no result is stored as NaN.
    """
    path = Path(path)
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
    kind : {"response", "dcs", "rates", "sensitivity"}
        Which variables must be present (:data:`REQUIRED`); response grids must
        also be finite and positive.

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
    missing = [v for v in REQUIRED[kind] if v not in ds]
    if missing:
        raise ValueError(f"{path}: variables {missing} missing (expected {list(REQUIRED[kind])})")
    if kind == "response":
        for v in ("S", "R"):
            bad = ~np.isfinite(ds[v].values) | (ds[v].values <= 0)
            if bad.any():
                raise ValueError(f"{path}: {v} has {int(bad.sum())} non-finite or non-positive values")
    if kind in ("shell_response", "atom_response"):  # zero below a shell's threshold is allowed
        for v in REQUIRED[kind]:
            bad = ~np.isfinite(ds[v].values) | (ds[v].values < 0)
            if bad.any():
                raise ValueError(f"{path}: {v} has {int(bad.sum())} non-finite or negative values")
    return ds


def sumrules_dataset(T, result, target, config):
    """Dataset of the sum-rule stage (docs/workflow.md, sec. 'Stages', stage 3) from
    :func:`nuion.integrals.grids.sum_rule_checks`; pass/fail and tolerances in the attributes."""
    target = as_target(target)
    eps_b = target.unit
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
    ds = xr.Dataset(
        data,
        coords={
            "T": ("T", T),
            "T_over_eb": ("T", T / eps_b),
            "Q_check": ("Q_check", Qc),
            "K_check": ("Q_check", np.sqrt(Qc) / target.momentum_unit),
        },
    )
    ds.attrs.update(provenance(target, config, "sum rules on the stored response grid (nuion.integrals.grids.sum_rule_checks)"))
    ds.attrs.update(valid_attrs)
    return _record_checks(ds, result["checks"], every_tolerance=False)


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


_RULE_TEXT = {
    "cumulative": "stored cumulative Q integrals agree with S and R (they feed the DCS stage)",
    "bethe": "Bethe sum rule, eq. (15): sum f_n + Int df/dT dT = 1, per Q",
    "closure": "transverse closure: sum R_n + Int R dT = (alpha Z)^2/3, per Q",
    "dipole": "dipole limit, eq. (22): R Q/(S T^2) -> 1 at the smallest stored Q",
    "stobbe": "real-photon limit, eq. (23): 4 pi^2 alpha R(T, Q -> 0)/T = Stobbe",
    "momentum_transfer": "momentum-transfer rule, eq. (17): T Int S dQ/Q vs 1 (reported, not enforced)",
}


def sumrules_markdown(ds, source):
    """Human-readable report of a sum-rule dataset: value, tolerance, pass/fail per rule."""
    Z = int(ds.attrs["Z"])
    lines = [
        f"# Sum rules and limits, {ds.attrs['target']}: Z = {Z} (eps_b = {ds.attrs['eps_b']:.6g} keV)",
        "",
        f"Evaluated on the stored grid `{source}`; the continuum outside its T range and the",
        "discrete lines come from the closed forms and are stored separately (`*_outside`,",
        "`*_discrete`). Deviations are maxima over the checked Q columns or T rows.",
        "",
        "| rule | max deviation | tolerance | result |",
        "|---|---|---|---|",
    ]
    for name, text in _RULE_TEXT.items():
        dev = ds.attrs[f"{name}_max_deviation"]
        if f"{name}_pass" in ds.attrs:
            tol = f"{ds.attrs[f'{name}_tolerance']:.1e}"
            verdict = "pass" if ds.attrs[f"{name}_pass"] else "**FAIL**"
        else:
            tol, verdict = "—", "reported"
        lines.append(f"| {text} | {dev:.3e} | {tol} | {verdict} |")
    mt = ds["momentum_transfer_total"]
    lines += [
        "",
        "Momentum-transfer rule T Int_0^inf S dQ/Q (eq. 17) at selected T/eps_b:",
        "",
        "| T/eps_b | value | from grid | outside grid (closed form) |",
        "|---|---|---|---|",
    ]
    for i in np.unique(np.linspace(0, ds.sizes["T"] - 1, 6).astype(int)):
        lines.append(
            f"| {float(ds['T_over_eb'][i]):.4g} | {float(mt[i]):.6f} | "
            f"{float(ds['momentum_transfer_grid'][i]):.6f} | {float(ds['momentum_transfer_outside'][i]):.2e} |"
        )
    ret = ds["retardation_factor"]
    lines += [
        "",
        f"Retardation factor sigma_gamma/sigma_Stobbe = R(T, T^2)/R(T, 0): {float(ret[0]):.5f} at "
        f"T/eps_b = {float(ds['T_over_eb'][0]):.4g}, {float(ret[-1]):.5f} at {float(ds['T_over_eb'][-1]):.4g}.",
        "",
    ]
    return "\n".join(lines)


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


# -- neutral atoms (docs/atoms.md, sec. 'Workflow') ---------------------------------------------


def _atom_attrs(target):
    """Provenance of an atom's model beyond :func:`provenance`: continuum model and threshold set."""
    return {"continuum": getattr(target, "continuum", ""), "thresholds": getattr(target, "thresholds", "")}


def shell_dataset(T, Q, S, R, target, shell, config):
    """Dataset of one shell's response grids S_nl(T, Q), R_nl(T, Q) (keV^-1) of an atom.

    Attributes: :func:`provenance`, ``continuum``, ``thresholds``, ``shell``, ``binding`` (keV),
    ``occupancy`` and the grid parameters of ``config`` (as JSON, ``grid``).
    """
    target = as_target(target)
    sh = target.shell(shell)
    ds = xr.Dataset({"S": (("T", "Q"), S), "R": (("T", "Q"), R)}, coords={"T": ("T", T), "Q": ("Q", Q)})
    ds.attrs.update(provenance(target, config, "radial engine, one shell (nuion.targets.atom.atom.Atom.shell_responses)"))
    ds.attrs.update(_atom_attrs(target))
    ds.attrs.update(
        shell=sh.label, binding=float(sh.binding), binding_units="keV", occupancy=np.int32(sh.occupancy),
        grid=json.dumps(config, sort_keys=True, default=float),
    )
    return annotate(ds)


def atom_response_dataset(shells):
    """The atom's response dataset from its shell datasets (:func:`shell_dataset`), in shell order.

    Variables ``S_shell``, ``R_shell`` over (shell, T, Q) and their sums ``S``, ``R`` over (T, Q);
    coordinates ``shell`` (labels), ``binding`` (keV) and ``occupancy`` over ``shell``.
    Provenance from the shells, which must share T, Q and the job configuration.

    Raises
    ------
    ValueError
        If the shells come from different grids, targets or models.
    """
    first = shells[0]
    for ds in shells[1:]:
        for key in ("target", "continuum", "thresholds", "grid"):
            if ds.attrs[key] != first.attrs[key]:
                raise ValueError(
                    f"shell {ds.attrs['shell']} has {key} = {ds.attrs[key]!r}, shell {first.attrs['shell']} "
                    f"{first.attrs[key]!r}: rerun the shells of one configuration"
                )
        if not (np.array_equal(ds["T"], first["T"]) and np.array_equal(ds["Q"], first["Q"])):
            raise ValueError(f"shell {ds.attrs['shell']} is on another (T, Q) grid than {first.attrs['shell']}")
    S = np.stack([ds["S"].values for ds in shells])
    R = np.stack([ds["R"].values for ds in shells])
    out = xr.Dataset(
        {
            "S_shell": (("shell", "T", "Q"), S),
            "R_shell": (("shell", "T", "Q"), R),
            "S": (("T", "Q"), S.sum(axis=0)),
            "R": (("T", "Q"), R.sum(axis=0)),
        },
        coords={
            "T": ("T", first["T"].values),
            "Q": ("Q", first["Q"].values),
            "shell": ("shell", [ds.attrs["shell"] for ds in shells]),
            "binding": ("shell", [float(ds.attrs["binding"]) for ds in shells]),
            "occupancy": ("shell", np.array([int(ds.attrs["occupancy"]) for ds in shells], dtype=np.int32)),
        },
    )
    out.attrs.update({k: v for k, v in first.attrs.items() if k not in ("shell", "binding", "binding_units", "occupancy")})
    out.attrs["method"] = "sum of the per-shell grids (nuion.targets.atom.atom.Atom.shell_responses), one job per shell"
    out.attrs["n_electrons"] = np.int32(sum(int(ds.attrs["occupancy"]) for ds in shells))
    return annotate(out)


def _shell_coords(grid):
    return {name: ("shell", grid[name].values) for name in ("shell", "binding", "occupancy")}


def atom_dcs_dataset(T, E, grid, components, job):
    """Dataset of an atom's DCS at one neutrino energy, per shell and summed.

    Parameters
    ----------
    T : ndarray
        keV (rows of the response grid with T < E).
    E : float
        keV.
    grid : xarray.Dataset
        The atom's response dataset (:func:`atom_response_dataset`): shells and provenance.
    components : dict
        :func:`nuion.integrals.grids.atom_dcs_from_grid`.
    job : dict
        The job's parameters (config hash).
    """
    c = components
    data = {
        name: ("T", np.asarray(c[name], dtype=float))
        for name in ("dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "dcs_stepping", "ratio_fe_atom",
                     "ratio_stepping_atom", "perp_over_par")
    }
    data["dcs_par_shell"] = (("shell", "T"), c["dcs_par_shell"])
    data["dcs_perp_shell"] = (("shell", "T"), c["dcs_perp_shell"])
    data["dcs_total_shell"] = (("shell", "T"), c["dcs_par_shell"] + c["dcs_perp_shell"])
    data["n_open"] = ("T", np.rint(c["dcs_stepping"] / c["dcs_fe"]).astype(np.int32))
    data["v_ejected"] = ("T", np.asarray(c["v_ejected"], dtype=float))
    ds = xr.Dataset(data, coords={"T": ("T", np.asarray(T, float)), **_shell_coords(grid)})
    keep = ("target", "Z", "energy_unit", "energy_unit_units", "nuion_version", "constants", "model",
            "references", "Conventions", "continuum", "thresholds", "n_electrons")
    ds.attrs.update({k: grid.attrs[k] for k in keep if k in grid.attrs})
    ds.attrs.update(
        config_hash=config_hash(job),
        method="Q integrals of the stored per-shell grids (nuion.integrals.grids.atom_dcs_from_grid)",
        E_nu=float(E),
        E_nu_units="keV",
        T_max_fe=float(fe_endpoint(E)),
        T_max_fe_units="keV",
        mu_nu=float(job["mu_nu"]),
        mu_nu_units="Bohr magneton",
    )
    return annotate(ds)


def atom_sumrules_dataset(T, grid, result, checks, bethe=None):
    """Dataset of an atom's sum-rule stage (:func:`nuion.integrals.grids.atom_sum_rules`), pass/fail in attributes.

    ``bethe``: optional {"Q": array, "total": (shell, Q) array over N_nl} of the full Bethe sums.
    Enforced: no NaN or negative value in the stored grid; the dipole limit of the summed
    response at the smallest Q within ``checks["limit_tolerance"]`` and the full Bethe sums within
    ``checks["tolerance"]`` when computed, both for ``mean-field`` with model thresholds only:
    the Coulomb models are not eigenstates of one Hamiltonian, and with measured thresholds
    T differs from the model's energy difference E_f - eps_nl, so R Q/(S T^2) tends to
    ((E_f - eps_nl)/T)^2 instead of 1 (Xe: 0.27 off at the 5p edge). Reported otherwise.
    """
    mean_field = grid.attrs["continuum"] == "mean-field"
    exact = mean_field and grid.attrs["thresholds"] == "model"
    data = {
        "bethe_grid_shell": (("shell", "Q_check"), result["bethe_grid_shell"]),
        "dipole_ratio_shell": (("shell", "T"), result["dipole_shell"]),
        "dipole_ratio": ("T", result["dipole"]),
        "sigma_gamma_shell": (("shell", "T"), result["sigma_gamma_shell"]),
        "sigma_gamma": ("T", result["sigma_gamma_shell"].sum(axis=0)),
        "sigma_table_elam": ("T", result["sigma_table"]),
        "photo_ratio": ("T", result["sigma_gamma_shell"].sum(axis=0) / result["sigma_table"]),
    }
    coords = {"T": ("T", T), "Q_check": ("Q_check", result["Q_check"]), **_shell_coords(grid)}
    if bethe is not None:
        data["bethe_sum_shell"] = (("shell", "Q_bethe"), bethe["total"])
        coords["Q_bethe"] = ("Q_bethe", np.asarray(bethe["Q"], dtype=float))
    ds = xr.Dataset(data, coords=coords)
    keep = ("target", "Z", "energy_unit", "energy_unit_units", "nuion_version", "constants", "model",
            "references", "Conventions", "continuum", "thresholds", "n_electrons")
    ds.attrs.update({k: grid.attrs[k] for k in keep if k in grid.attrs})
    ds.attrs.update(config_hash=config_hash(checks), method="checks on the stored per-shell grids (nuion.integrals.grids.atom_sum_rules)")
    deviation = {"finite": (float(result["n_bad"]), 0.0, True)}
    deviation["dipole"] = (float(np.max(np.abs(result["dipole"] - 1))), checks["limit_tolerance"], exact)
    if bethe is not None:
        deviation["bethe"] = (float(np.max(np.abs(bethe["total"] - 1))), checks["tolerance"], exact)
    return _record_checks(ds, deviation, every_tolerance=True)


_ATOM_RULE_TEXT = {
    "finite": "stored S_nl and R_nl finite and non-negative (count of bad values)",
    "dipole": "dipole limit, eq. (22): R Q/(S T^2) -> 1 at the smallest stored Q, summed over shells",
    "bethe": "Bethe sum per shell over all final states (nuion.targets.atom.atom.Atom.bethe_sum) / N_nl - 1",
}


def _shell_table(title, shells, Q, values, fmt, binding=None):
    """Markdown lines: ``title``, then one row per shell of ``values`` (shell, Q) over the Q columns."""
    extra = binding is not None
    lines = ["", *title.split("\n"), ""]
    lines.append("| shell | " + ("binding (keV) | " if extra else "") + " | ".join(f"Q = {q:.3g} keV^2" for q in Q) + " |")
    lines.append("|---|" + ("---|" if extra else "") + "---|" * Q.size)
    for k, label in enumerate(shells):
        cells = ([f"{float(binding[k]):.4g}"] if extra else []) + [fmt.format(v) for v in values[k]]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def atom_sumrules_markdown(ds, source):
    """Human-readable report of an atom's sum-rule dataset: checks, per-shell sums, photoabsorption."""
    lines = [
        f"# Sum rules and limits, {ds.attrs['target']} atom (continuum '{ds.attrs['continuum']}', "
        f"thresholds '{ds.attrs['thresholds']}')",
        "",
        f"Evaluated on the stored per-shell grid `{source}`.",
        "",
        "| check | max deviation | tolerance | result |",
        "|---|---|---|---|",
    ]
    for name, text in _ATOM_RULE_TEXT.items():
        if f"{name}_max_deviation" not in ds.attrs:
            continue
        dev, tol = ds.attrs[f"{name}_max_deviation"], ds.attrs[f"{name}_tolerance"]
        if f"{name}_pass" in ds.attrs:
            verdict = "pass" if ds.attrs[f"{name}_pass"] else "**FAIL**"
        else:
            verdict = "reported (not exact in this model)"
        lines.append(f"| {text} | {dev:.3e} | {tol:.1e} | {verdict} |")
    lines += _shell_table(
        "Continuum oscillator strength inside the stored T range, per shell, over N_nl (a lower bound\n"
        "of the Bethe sum: bound final states and T outside the grid are not on the grid):",
        ds["shell"].values, ds["Q_check"].values, ds["bethe_grid_shell"].values, "{:.4f}",
        binding=ds["binding"].values,
    )
    if "bethe_sum_shell" in ds:
        lines += _shell_table(
            "Full Bethe sums (all final states, nuion.targets.atom.atom.Atom.bethe_sum) over N_nl:",
            ds["shell"].values, ds["Q_bethe"].values, ds["bethe_sum_shell"].values, "{:.5f}",
        )
    T = ds["T"].values
    lines += [
        "",
        "Photoabsorption from the stored grid (real-photon limit) over the Elam table, and the",
        "dipole ratio R Q/(S T^2) at the smallest Q:",
        "",
        "| T (keV) | sigma_gamma (barn) | Elam (barn) | model / table | dipole ratio |",
        "|---|---|---|---|---|",
    ]
    for t in (0.2, 0.5, 1, 2, 5, 10, 20, 30):
        if T[0] <= t <= T[-1]:
            i = int(np.argmin(np.abs(np.log(T / t))))
            lines.append(
                f"| {T[i]:.4g} | {float(ds['sigma_gamma'][i]):.4g} | {float(ds['sigma_table_elam'][i]):.4g} | "
                f"{float(ds['photo_ratio'][i]):.4f} | {float(ds['dipole_ratio'][i]):.5f} |"
            )
    lines.append("")
    return "\n".join(lines)


def atom_photo_dataset(omega, sigma_shell, tables, target, config):
    """Dataset of an atom's photoabsorption on a photon-energy grid (the photo stage).

    ``sigma_shell`` (shell, omega) in barn from :meth:`nuion.targets.atom.atom.Atom.photoabsorption` per
    shell; ``tables``: {"elam": array, "chantler": array} in barn
    (:func:`nuion.targets.atom.thresholds.photoabsorption_table`).
    """
    target = as_target(target)
    total = sigma_shell.sum(axis=0)
    data = {
        "sigma_photo_shell": (("shell", "omega"), sigma_shell),
        "sigma_photo": ("omega", total),
        "sigma_table_elam": ("omega", tables["elam"]),
        "sigma_table_chantler": ("omega", tables["chantler"]),
        "photo_ratio": ("omega", total / tables["elam"]),
        "v_ejected": ("omega", target.validity(omega)["v_over_c"]),
    }
    coords = {
        "omega": ("omega", omega),
        "shell": ("shell", [s.label for s in target.shells]),
        "binding": ("shell", [float(s.binding) for s in target.shells]),
        "occupancy": ("shell", np.array([s.occupancy for s in target.shells], dtype=np.int32)),
    }
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(provenance(target, config, "real-photon limit of the radial engine at q = omega (nuion.targets.atom.atom.Atom.photoabsorption)"))
    ds.attrs.update(_atom_attrs(target))
    ds.attrs.update(validity="nonrelativistic: v_ejected of the fastest electron above 0.3 (and the Xe K shell, alpha Z = 0.39) outside the comfort zone")
    return annotate(ds)


#: Shell groups of the photoabsorption report, by principal quantum number.
_GROUPS = {1: "K", 2: "L", 3: "M", 4: "N", 5: "O"}


def atom_photo_markdown(ds, tables, offsets=(0.02, 0.1, 0.3)):
    """Report of the photo stage: model over the Elam and Chantler tables just above each shell group's edge.

    For each group (K: n = 1, L: n = 2, ...) whose deepest edge B lies on the omega grid, the
    ratios at omega = B (1 + offset) (while below the next edge): the model interpolated in
    ln omega between its grid points above B, the tables evaluated there by ``tables(omega)``
    -> (Elam, Chantler) in barn (their measured edges need not coincide with the model's).
    """
    w = ds["omega"].values
    binding = ds["binding"].values
    n_of = {str(s): int(str(s)[0]) for s in ds["shell"].values}
    edges = np.sort(binding)
    lines = [
        f"# Photoabsorption, {ds.attrs['target']} atom (continuum '{ds.attrs['continuum']}', thresholds '{ds.attrs['thresholds']}')",
        "",
        "Real-photon limit sigma = 4 pi^2 alpha R(omega, omega^2)/omega of every shell (radial engine at q = omega)",
        "over the photoeffect tables of Elam et al. 2002 and Chantler 1995/2000 (xraydb), just above the",
        "deepest edge B of each shell group:",
        "",
        "| group | B (keV) | omega / B | model (barn) | model / Elam | model / Chantler | share of the group |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, name in _GROUPS.items():
        members = [k for k, s in enumerate(ds["shell"].values) if n_of[str(s)] == n]
        if not members:
            continue
        B = float(binding[members].max())
        higher = edges[edges > B * (1 + 1e-9)]
        for off in offsets:
            x = B * (1 + off)
            if not (w[0] <= x <= w[-1]) or (higher.size and x >= higher[0]):
                continue
            above = w > B
            at = lambda y: float(np.exp(np.interp(np.log(x), np.log(w[above]), np.log(y[above]))))  # noqa: E731
            model = at(ds["sigma_photo"].values)
            group = sum(at(np.maximum(ds["sigma_photo_shell"].values[k], 1e-300)) for k in members)
            elam, chantler = tables(x)
            lines.append(
                f"| {name} | {B:.4g} | {1 + off:.2f} | {model:.4g} | {model / elam:.3f} | "
                f"{model / chantler:.3f} | {group / model:.3f} |"
            )
    lines += ["", "| omega (keV) | model (barn) | Elam (barn) | model / Elam |", "|---|---|---|---|"]
    for x in (0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 50, 100):
        if w[0] <= x <= w[-1]:
            i = int(np.argmin(np.abs(np.log(w / x))))
            lines.append(f"| {w[i]:.4g} | {float(ds['sigma_photo'][i]):.4g} | {float(ds['sigma_table_elam'][i]):.4g} | {float(ds['photo_ratio'][i]):.4f} |")
    lines.append("")
    return "\n".join(lines)


# -- limits from data releases (docs/releases.md) -------------------------------------------


def limits_dataset(release, results, specs, config, display_edges, atom=None):
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
    """
    models = [r.model for r in results]
    edges = np.asarray(display_edges, float)
    if release.kind == "unbinned":
        observed = np.histogram(release.events, bins=edges)[0].astype(float)
    else:
        observed = np.asarray(release.counts, float)
    data = {
        "mu_nu_limit_observed": ("model", np.array([r.observed for r in results])),
        "mu_nu_limit_expected": ("model", np.array([r.expected for r in results])),
        "mu_nu_limit_band": (("model", "band"), np.array([r.band for r in results])),
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
    if atom is not None:
        ds.attrs.update({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in atom.attrs.items()})
    return annotate(ds)
