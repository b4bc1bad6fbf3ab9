"""Differential cross sections of magnetic neutrino scattering (docs/physics.md, sec. 'Cross sections').

Eqs. (1), (5), (6), (9), (10) and (19) of [1], for arrays of energy transfer T
at one neutrino energy E, by direct quadrature of the closed-form responses.

The Q integrals run in ln Q (dQ/Q = 2 dK/K), with Gauss-Legendre panels refined
around the Bethe ridge Q ~ 2 m_e T (K^2 ~ W) by :func:`nuion._quadrature.ridge_rule`.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

from typing import NamedTuple

import numpy as np

from nuion._quadrature import ridge_rule
from nuion.constants import MU_NU_DEFAULT, PI_ALPHA2_OVER_ME2_CM2
from nuion.kinematics import binding_energy, check_E, momentum_unit
from nuion.targets.ion.responses import check_continuum, longitudinal_response, transverse_response

__all__ = [
    "QWeight",
    "prefactor",
    "dcs_fe",
    "q_weights",
    "dcs_components",
    "check_T_E",
]

#: Gauss-Legendre nodes per panel of the ln Q integrals: agrees with scipy quad
#: (epsrel 1e-12) to 7e-15 (python -m nuion.validation); tests assert 1e-8.
N_NODES = 16


def prefactor(mu_nu=MU_NU_DEFAULT):
    r"""Common prefactor P = pi alpha^2 mu_nu^2 / m_e^2 of eqs. (1), (5), (6) of [1].

    Converted with (hbar c)^2: P = pi r_e^2 mu_nu^2 (docs/physics.md, sec. 'Units and conventions').

    Parameters
    ----------
    mu_nu : float
        Neutrino magnetic moment in Bohr magnetons.

    Returns
    -------
    float
        P in cm^2 (= pi r_e^2 mu_nu^2); P / T is in cm^2/keV with T in keV.
    """
    return PI_ALPHA2_OVER_ME2_CM2 * mu_nu**2


def dcs_fe(T, E, mu_nu=MU_NU_DEFAULT):
    r"""Free-electron magnetic DCS, eq. (1) of [1].

    .. math:: \frac{d\sigma_{FE}}{dT} = P\left(\frac{1}{T} - \frac{1}{E}\right)

    Parameters
    ----------
    T, E : array_like
        Energy transfer and neutrino energy in keV, 0 < T <= E.
    mu_nu : float
        Neutrino magnetic moment in Bohr magnetons.

    Returns
    -------
    ndarray
        In cm^2/keV.

    Notes
    -----
    Magnetic scattering on a free electron at rest (Domogatskii & Nadezhin 1971;
    Vogel & Engel 1989), the description of atomic electrons for T >> eps_b. Eq. (1)
    neglects the electron recoil endpoint T_max = 2E^2/(m_e + 2E)
    (:func:`nuion.kinematics.fe_endpoint`); it is the normalization of every ratio.

    Examples
    --------
    >>> bool(np.isclose(dcs_fe(1.0, np.inf) / 2.4947e-47, 1.0, rtol=1e-4, atol=0))
    True
    """
    T = np.asarray(T, dtype=float)
    return prefactor(mu_nu) * (1.0 / T - 1.0 / np.asarray(E, dtype=float))


class QWeight(NamedTuple):
    """Kinematic weight alpha + beta Q^power of a Q integral and its upper limit (keV^2)."""

    alpha: np.ndarray
    beta: np.ndarray
    power: int
    q_max: np.ndarray

    def __call__(self, Q):
        return self.alpha + self.beta * Q**self.power


def q_weights(T, E, kind):
    r"""Kinematic weights of the Q integrals, eqs. (5), (6), (10), (19) of [1].

    The DCS components are P * integral of weight(Q) * response(T, Q) dQ / Q from
    Q = T^2 to ``q_max``, with

    =========== =================================== ============ ============ ========
    kind        weight                              response     q_max        equation
    =========== =================================== ============ ============ ========
    par         (2E-T)^2/(4E^2) (1 - T^2/Q)         S            (2E-T)^2     (5)
    perp        (2E-T)^2/(4E^2) (1 - Q/(2E-T)^2)    R            (2E-T)^2     (6)
    par_simple  1                                   S            4E^2         (10)
    perp_simple 1                                   R            4E^2         (19)
    =========== =================================== ============ ============ ========

    Every weight has the form alpha + beta Q^power, which lets the grid stage
    integrate it exactly against a log-linear response (:mod:`nuion.integrals.grids`).

    Returns
    -------
    QWeight
        Callable on Q (keV^2), broadcasting against T.
    """
    T = np.asarray(T, dtype=float)
    E = np.asarray(E, dtype=float)
    front = (2.0 * E - T) ** 2 / (4.0 * E**2)
    top = (2.0 * E - T) ** 2
    if kind == "par":
        return QWeight(front, -front * T**2, -1, top)
    if kind == "perp":
        return QWeight(front, -front / top, 1, top)
    if kind in ("par_simple", "perp_simple"):
        one = np.ones_like(T * E)
        return QWeight(one, 0.0 * one, 0, 4.0 * E**2 * one)
    raise ValueError(f"kind must be one of par, perp, par_simple, perp_simple; got {kind!r}")


def q_integral(T, E, Z, kind, strength, center, mu_nu=MU_NU_DEFAULT, n_nodes=N_NODES):
    r"""P times the Q integral of one DCS component, per T, by Gauss-Legendre panels in ln Q.

    .. math:: P \int_{T^2}^{Q_{max}} w(Q)\, F(K, Q)\, \frac{dQ}{Q}, \qquad \frac{dQ}{Q} = 2\,\frac{dK}{K}

    with the weight and range of ``kind`` (:func:`q_weights`) and panels refined
    around the ridge at K = ``center`` (:func:`nuion._quadrature.ridge_rule`).

    Parameters
    ----------
    T : ndarray, shape (n,)
        Energy transfers in keV.
    E : float
        Neutrino energy in keV.
    Z : int
        Nuclear charge.
    kind : str
        par, perp, par_simple or perp_simple.
    strength : callable
        F(K, Q) on the nodes (shape (n, m)): a response in keV^-1 (continuum, result
        in cm^2/keV) or a dimensionless line strength (result in cm^2).
    center : array_like, shape (n,)
        Ridge position in K = q/(alpha Z m_e).
    mu_nu : float
        Bohr magnetons.
    n_nodes : int
        Nodes per panel.

    Returns
    -------
    ndarray, shape (n,)
    """
    p_unit = momentum_unit(Z)
    weight = q_weights(T[:, None], E, kind)
    K, w = ridge_rule(center, T / p_unit, np.sqrt(weight.q_max[:, 0]) / p_unit, n_nodes, log=True)
    Q = (K * p_unit) ** 2
    return prefactor(mu_nu) * np.sum(w * 2.0 / K * weight(Q) * strength(K, Q), axis=-1)


def check_T_E(T, E, Z):
    """(T, E) as a 1-d array and a float after the checks of the public API (ValueError naming T or E)."""
    T = np.atleast_1d(np.asarray(T, dtype=float))
    E = check_E(E)
    eps_b = check_continuum(T, Z)
    if np.any(T > E):
        raise ValueError(
            f"T must be <= E = {E:.6g} keV (energy transfer cannot exceed the neutrino "
            f"energy), got max(T) = {np.max(T):.6g} keV; allowed: {eps_b:.6g} < T <= {E:.6g} keV"
        )
    return T, E


def dcs_components(T, E, Z, mu_nu=MU_NU_DEFAULT, n_nodes=N_NODES):
    r"""All DCS components at energies T for neutrino energy E, by direct quadrature.

    .. math::
        \frac{d\sigma_{\parallel}}{dT} = P\int_{T^2}^{(2E-T)^2}
            \frac{(2E-T)^2}{4E^2 Q}\left(1-\frac{T^2}{Q}\right) S(T,Q)\,dQ
        \qquad
        \frac{d\sigma_{\perp}}{dT} = P\int_{T^2}^{(2E-T)^2}
            \frac{(2E-T)^2}{4E^2 Q}\left(1-\frac{Q}{(2E-T)^2}\right) R(T,Q)\,dQ

    eqs. (5), (6), (9) of [1], and the simplified forms (10), (19),
    P * integral from T^2 to 4E^2 of S dQ/Q and of R dQ/Q.

    Parameters
    ----------
    T : array_like
        Energy transfers in keV, eps_b < T <= E.
    E : float
        Neutrino energy in keV.
    Z : int
        Nuclear charge.
    mu_nu : float
        Neutrino magnetic moment in Bohr magnetons.
    n_nodes : int
        Gauss-Legendre nodes per panel (convergence studies only).

    Returns
    -------
    dict of ndarray
        ``dcs_par``, ``dcs_perp``, ``dcs_total``, ``dcs_fe``, ``dcs_par_simplified``,
        ``dcs_perp_simplified``, all in cm^2/keV.

    Notes
    -----
    Nonrelativistic hydrogenic 1s electron ([1] sec. 2); the simplified forms drop
    the kinematic factors and extend Q to 4E^2 ([1] eqs. (10), (19), E >> T).
    """
    T, E = check_T_E(T, E, Z)
    center = np.sqrt(T / binding_energy(Z))  # Bethe ridge K^2 = W
    out = {}
    for kind, response in (
        ("par", longitudinal_response),
        ("perp", transverse_response),
        ("par_simple", longitudinal_response),
        ("perp_simple", transverse_response),
    ):
        out[kind] = q_integral(T, E, Z, kind, lambda K, Q, f=response: f(T[:, None], Q, Z), center, mu_nu, n_nodes)
    fe = dcs_fe(T, E, mu_nu)
    return {
        "dcs_par": out["par"],
        "dcs_perp": out["perp"],
        "dcs_total": out["par"] + out["perp"],
        "dcs_fe": fe,
        "dcs_par_simplified": out["par_simple"],
        "dcs_perp_simplified": out["perp_simple"],
    }
