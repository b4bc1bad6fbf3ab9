"""Datasets and files: the only module that knows xarray metadata and NetCDF.

Builds the xarray Datasets of SPEC.md 2 with CF-style ``units`` and
``long_name`` on every variable and coordinate, adds provenance attributes,
and writes and reads NetCDF4 files deterministically (no timestamps, fixed
encoding, atomic replace) so that two runs of one configuration give
byte-identical files.
"""

import hashlib
import json

import numpy as np
import xarray as xr

import nuion
from nuion.constants import CODATA
from nuion.kinematics import binding_energy, fe_endpoint

__all__ = ["VARIABLES", "config_hash", "provenance", "dcs_dataset", "annotate"]

#: CF metadata (units, long_name) of every variable and coordinate nuion writes.
VARIABLES = {
    "T": ("keV", "energy transfer T"),
    "T_over_eb": ("1", "energy transfer in units of the binding energy, T/eps_b"),
    "Q": ("keV2", "squared momentum transfer Q = |q|^2"),
    "K": ("1", "momentum transfer in units of alpha Z m_e"),
    "S": ("keV-1", "longitudinal response S(T,Q), dynamical structure factor, eq. (11)"),
    "R": ("keV-1", "transverse response R(T,Q), current response, eq. (20)"),
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
    "perp_over_par": ("1", "dcs_perp / dcs_par, transverse over longitudinal (Fig. 2)"),
    "v_ejected": ("1", "ejected-electron speed v/c, nonrelativistic (validity indicator)"),
}


def config_hash(config):
    """Short SHA-256 of a JSON-serializable configuration (sorted keys)."""
    blob = json.dumps(config, sort_keys=True, default=float).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def provenance(Z, config, method):
    """Global attributes shared by every dataset (SPEC.md 2): no timestamps."""
    return {
        "Z": np.int32(Z),
        "eps_b": binding_energy(Z),
        "eps_b_units": "keV",
        "nuion_version": nuion.__version__,
        "config_hash": config_hash(config),
        "constants": CODATA + " (scipy.constants)",
        "method": method,
        "model": "nonrelativistic hydrogen-like 1s electron, infinitely heavy point nucleus",
        "references": "K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252; nuion SPEC.md",
        "Conventions": "CF-1.10",
    }


def annotate(ds):
    """Attach ``units`` and ``long_name`` from :data:`VARIABLES` to every known name."""
    for name in list(ds.variables):
        if name in VARIABLES:
            units, long_name = VARIABLES[name]
            ds[name].attrs.update(units=units, long_name=long_name)
    return ds


def _add_ratios(data, c, fe):
    data.update(
        ratio_total=("T", c["dcs_total"] / fe),
        ratio_par=("T", c["dcs_par"] / fe),
        ratio_perp=("T", c["dcs_perp"] / fe),
        perp_over_par=("T", c["dcs_perp"] / c["dcs_par"]),
    )
    if "dcs_par_simplified" in c:
        data["ratio_simplified"] = ("T", (c["dcs_par_simplified"] + c["dcs_perp_simplified"]) / fe)


def dcs_dataset(T, E, Z, mu_nu, components, method, config=None):
    """Dataset of DCS components over T at one (Z, E), SPEC.md 2.

    Parameters
    ----------
    T : ndarray
        Energy transfers in keV.
    E : float
        Neutrino energy in keV.
    Z : int
        Nuclear charge.
    mu_nu : float
        Magnetic moment in Bohr magnetons.
    components : dict of ndarray
        Output of :func:`nuion.cross_sections.dcs_components` (or its grid twin).
    method : str
        How the components were computed (provenance).
    config : dict, optional
        The configuration that made the dataset; defaults to the call arguments.

    Returns
    -------
    xarray.Dataset
    """
    eps_b = binding_energy(Z)
    c = components
    data = {name: ("T", np.asarray(c[name], dtype=float)) for name in c}
    fe = c["dcs_fe"]
    # at T = E both eq. (1) and eq. (9) vanish: the ratios are 0/0 there and stored as NaN
    with np.errstate(invalid="ignore", divide="ignore"):
        _add_ratios(data, c, fe)
    if config is None:
        config = {"Z": int(Z), "E": float(E), "mu_nu": float(mu_nu), "T": np.asarray(T).tolist()}
    ds = xr.Dataset(data, coords={"T": ("T", np.asarray(T, float)), "T_over_eb": ("T", np.asarray(T, float) / eps_b)})
    ds.attrs.update(provenance(Z, config, method))
    ds.attrs.update(
        E_nu=float(E),
        E_nu_units="keV",
        E_over_eb=float(E) / eps_b,
        T_max_fe=float(fe_endpoint(E)),
        T_max_fe_units="keV",
        mu_nu=float(mu_nu),
        mu_nu_units="Bohr magneton",
    )
    return annotate(ds)
