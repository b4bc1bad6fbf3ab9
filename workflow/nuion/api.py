"""The public entry point that returns a dataset: :func:`dcs` (closed forms, direct quadrature).

Composes the computation modules (:mod:`nuion.cross_sections`,
:mod:`nuion.approximations`, :mod:`nuion.sum_rules`), which return arrays, with
:mod:`nuion.io`, which builds the dataset; it sits above both in the layering
(README, Layout).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

from nuion import approximations
from nuion.constants import MU_NU_DEFAULT
from nuion.cross_sections import check_T_E, dcs_components
from nuion.io import dcs_dataset
from nuion.kinematics import binding_energy, check_Z
from nuion.responses import transverse_response
from nuion.sum_rules import momentum_transfer_rule
from nuion.targets import HydrogenLikeIon

__all__ = ["dcs"]


def dcs(T, E, Z, mu_nu=MU_NU_DEFAULT):
    r"""DCS of magnetic neutrino-impact ionization of a hydrogen-like ion (SPEC.md 3).

    Eq. (9) of [1] and its components (5), (6), normalized to the free-electron
    eq. (1), computed by direct quadrature of the closed forms
    (:func:`nuion.cross_sections.dcs_components`). It is the reference for the grid-based workflow.

    Parameters
    ----------
    T : array_like
        Energy transfers in keV, eps_b < T <= E.
    E : float
        Neutrino energy in keV.
    Z : int
        Nuclear charge, Z >= 1.
    mu_nu : float
        Neutrino magnetic moment in Bohr magnetons (default 1e-11).

    Returns
    -------
    xarray.Dataset
        Over coordinate ``T`` (keV, with ``T_over_eb``): ``dcs_par``, ``dcs_perp``,
        ``dcs_total``, ``dcs_fe`` (cm^2/keV), ``ratio_total``, ``ratio_par``,
        ``perp_over_par``, the simplified forms and every approximation of
        :mod:`nuion.approximations` (``ratio_epa``, ...); over ``n``, the discrete
        lines below threshold; attributes ``Z``, ``eps_b``, ``E_nu``, ``E_over_eb``,
        ``T_max_fe``, ``mu_nu``.

    Raises
    ------
    ValueError
        For Z < 1 or not an integer, T <= eps_b, T > E, E <= 0.

    Examples
    --------
    >>> eb = binding_energy(32)
    >>> ds = dcs([1.5 * eb, 3 * eb], 100 * eb, 32)
    >>> bool(((ds.ratio_total > 0.5) & (ds.ratio_total < 1)).all())
    True
    """
    target = HydrogenLikeIon(check_Z(Z))
    T, E = check_T_E(T, E, target.Z)
    comps = dcs_components(T, E, target.Z, mu_nu)
    rule = momentum_transfer_rule(T / target.eps_b)
    R_photon = transverse_response(T, T**2, target.Z)
    comps.update(approximations.approximation_components(T, E, target, R_photon, rule, mu_nu))
    lines = approximations.line_cross_sections(E, target, mu_nu)
    return dcs_dataset(T, E, target, mu_nu, comps, method="closed-form quadrature", lines=lines)
