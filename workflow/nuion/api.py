"""Public entry points: :func:`dcs` (closed forms, direct quadrature; a dataset),
:func:`atom_dcs` (an atom at one (T, E), per shell) and :func:`channel_dcs` (any target, any
channel of :mod:`nuion.cross_sections.channels`, at one (T, E)).

Composes the computation modules (:mod:`nuion.cross_sections`,
:mod:`nuion.cross_sections.approximations`, :mod:`nuion.targets.ion.sum_rules`), which return arrays, with
:mod:`nuion.io`, which builds the dataset; it sits above both in the layering
(README, Layout).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np

from nuion.cross_sections import approximations
from nuion.constants import MU_NU_DEFAULT
from nuion.integrals.dcs import channel_dcs_from_grid, dcs_from_grid, ratios
from nuion.integrals.grids import shell_response_grid
from nuion.cross_sections import check_T_E, dcs_components
from nuion.io import dcs_dataset
from nuion.kinematics import binding_energy, check_Z
from nuion.targets.ion.responses import transverse_response
from nuion.targets.ion.sum_rules import momentum_transfer_rule
from nuion.targets import HydrogenLikeIon, as_target

__all__ = ["dcs", "atom_dcs", "channel_dcs"]


def dcs(T, E, Z, mu_nu=MU_NU_DEFAULT):
    r"""DCS of magnetic neutrino-impact ionization of a hydrogen-like ion (docs/workflow.md, sec. 'Python API').

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
        :mod:`nuion.cross_sections.approximations` (``ratio_epa``, ...); over ``n``, the discrete
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
    comps.update(ratios(comps, target.n_electrons))
    lines = approximations.line_cross_sections(E, target, mu_nu)
    return dcs_dataset(T, E, target, mu_nu, comps, method="closed-form quadrature", lines=lines)


def _point_grid(T, E, target, n_Q, Q_max):
    """The target, T (shape (1,)), a geometric Q grid of n_Q points from T^2 to min((2E - T)^2, Q_max)
    (keV^2) and every shell's S, R there (keV^-1): the grid route of :func:`atom_dcs` and :func:`channel_dcs`."""
    target = as_target(target)
    T = float(T)
    if not target.threshold < T < E:
        raise ValueError(
            f"T must lie between the lowest threshold of {target.name} ({target.threshold:.4g} keV) and "
            f"E = {E:.6g} keV, got T = {T:.6g} keV"
        )
    Q = np.geomspace(T**2, max(min((2 * E - T) ** 2, Q_max), 4 * T**2), n_Q)
    S, R = zip(*(shell_response_grid(target, sh, np.array([T]), Q) for sh in target.shells))
    return target, np.array([T]), Q, np.array(S), np.array(R)


def atom_dcs(T, E, target, mu_nu=MU_NU_DEFAULT, n_Q=400, Q_max=3.0e5):
    r"""DCS of an atom at one (T, E), per shell and summed (docs/atoms.md, sec. 'Workflow').

    Eqs. (5), (6), (9) of [1] with the atom's S_nl and R_nl, integrated over
    T^2 <= Q <= min((2E - T)^2, Q_max) on a geometric Q grid of ``n_Q`` points
    (:func:`nuion.integrals.dcs.dcs_from_grid`, the workflow's grid route), with the ratios to
    Z x eq. (1) and to the stepping approximation.

    Parameters
    ----------
    T : float
        Energy transfer in keV, above the atom's lowest threshold and below E.
    E : float
        Neutrino energy in keV.
    target : Target or str
        A neutral atom (``"Ge"``, ``"Xe"`` or a :class:`nuion.targets.atom.atom.Atom`).
    mu_nu : float
        Bohr magnetons (default 1e-11).
    n_Q : int
        Q points; ln S and ln R cubic in ln Q (:func:`nuion.integrals.qintegrals.cumulative_integrals`,
        ``order=3``). Ge at E = 1 MeV, ratio_fe_atom: 400 points within 2e-5 of 800 at
        T = 2 keV and 5e-4 of the workflow's grid at 10 keV (docs/atoms.md, sec. 'Workflow').
    Q_max : float
        Largest Q in keV^2 (the workflow's default): beyond the Bethe ridge 2 m_e T and the
        K-shell momenta, where S and R have fallen by orders of magnitude.

    Returns
    -------
    dict
        Arrays of shape (1,) (``dcs_total``, ``dcs_par``, ``dcs_perp``, ``dcs_fe`` per
        electron, ``dcs_stepping``, ``ratio_fe_atom``, ``ratio_stepping``,
        ``perp_over_par``) and (k, 1) per shell (``dcs_par_shell``, ``dcs_perp_shell``);
        ``shells``, the shell labels. cm^2/keV or 1.
    """
    target, T, Q, S, R = _point_grid(T, E, target, n_Q, Q_max)
    out = dcs_from_grid(T, Q, S, R, target, E, mu_nu, simplified=False)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 below every threshold given
        out.update(ratios(out, target.n_electrons))
    out["shells"] = [sh.label for sh in target.shells]
    return out


def channel_dcs(T, E, target, channel, n_Q=400, Q_max=3.0e5):
    r"""DCS of any target in any channel at one (T, E), per shell and summed (docs/channels.md).

    The responses of every shell at this T on a geometric Q grid of ``n_Q`` points from T^2 to
    min((2E - T)^2, Q_max) (the radial engine for an atom, the closed forms for a hydrogen-like
    ion), integrated with the channel's Q weights by
    :func:`nuion.integrals.dcs.channel_dcs_from_grid` (the workflow's grid route), with the ratios
    to Z free electrons and to the stepping approximation of the same channel.

    Parameters
    ----------
    T, E : float
        keV; the target's lowest threshold < T < E.
    target : Target or str
        ``"Ge"``, ``"Xe"``, ``"Z32"``, ...
    channel : nuion.cross_sections.channels.Channel
        With its coupling (:func:`nuion.cross_sections.channels.get`).
    n_Q : int
        Q points (as :func:`atom_dcs`).
    Q_max : float
        keV^2.

    Returns
    -------
    dict
        As :func:`nuion.integrals.dcs.channel_dcs_from_grid` (arrays of shape (1,) and (k, 1)),
        plus ``shells``, the shell labels.
    """
    target, T, Q, S, R = _point_grid(T, E, target, n_Q, Q_max)
    out = channel_dcs_from_grid(T, Q, S, R, target, E, channel)
    out["shells"] = [sh.label for sh in target.shells]
    return out
