r"""The competing approximations the paper discusses, each as its own DCS.

Every function returns a DCS in cm^2/keV (or a cross section in cm^2 for the
discrete lines), to be divided by eq. (1) like the full result. Functions that
need a response value take it as an argument, so that the closed-form route
(:func:`nuion.dcs`) and the grid route (:mod:`nuion.integrals.grids`) share them.

================== ============================================================
name               prescription
================== ============================================================
fe                 eq. (1): P (1/T - 1/E), endpoint ignored
fe_model           the model's own free-electron limit: S = delta(T - Q/2m_e), R = 0
epa                Wong, Li, Lin PRL 105 (2010) 061801 as [1] sec. 2.3 describes it:
                   R/Q frozen at its Q = T^2 value over T^2 <= Q <= 4E^2
epa_frozen_R       milder variant: R frozen at Q = T^2, R(T, T^2) ln(4E^2/T^2)
voloshin           Voloshin PRL 105 (2010) 201801, eq. (18) per electron: P/T
voloshin_exact     P/T times the exact one-electron T Int S dQ/Q (eq. (17) evaluated)
stepping           eq. (1) above the binding threshold, zero below
================== ============================================================

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
.. [2] H. T. Wong, H.-B. Li, S.-T. Lin, Phys. Rev. Lett. 105 (2010) 061801.
.. [3] M. B. Voloshin, Phys. Rev. Lett. 105 (2010) 201801.
"""

import numpy as np

from nuion.targets.ion import hydrogenic
from nuion.constants import ALPHA, M_E, MU_NU_DEFAULT
from nuion.cross_sections import dcs_fe, prefactor, q_integral
from nuion.kinematics import binding_energy, check_E
from nuion.targets import as_target, require_ion

__all__ = [
    "dcs_fe_model",
    "dcs_epa",
    "dcs_epa_frozen_R",
    "dcs_voloshin",
    "dcs_voloshin_exact",
    "dcs_stepping",
    "approximation_components",
    "line_cross_sections",
]


def dcs_fe_model(T, E, mu_nu=MU_NU_DEFAULT):
    r"""Free-electron limit of the model itself: eqs. (5), (6) for an electron at rest.

    For a free electron at rest S(T, Q) = delta(T - Q/(2 m_e)) and R = 0 (the
    transverse current e_perp.(p' + p)/2m_e vanishes for p = 0, p' = q). Eq. (5) then gives

    .. math::
        \frac{d\sigma}{dT} = \frac{P}{T}\frac{(2E-T)^2}{4E^2}\left(1 - \frac{T}{2m_e}\right),
        \qquad \frac{d\sigma}{dT}\Big/\text{eq. (1)}
        = \left(1 - \frac{T}{2m_e}\right)\left(1 + \frac{T^2}{4E(E-T)}\right)

    while 2 m_e T <= (2E - T)^2 (nonrelativistic kinematic endpoint), zero above.
    It agrees with eq. (1) up to terms of order T/m_e and (T/E)^2; the first-order
    T/E terms cancel.

    Parameters
    ----------
    T, E : array_like
        Energy transfer and neutrino energy in keV, 0 < T < E.
    mu_nu : float
        Magnetic moment in Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV.

    Examples
    --------
    >>> T, E = 1.0, 1e4
    >>> ratio = dcs_fe_model(T, E) / dcs_fe(T, E)
    >>> bool(np.isclose(ratio, (1 - T / (2 * M_E)) * (1 + T**2 / (4 * E * (E - T))), rtol=1e-14))
    True
    """
    T = np.asarray(T, dtype=float)
    E = np.asarray(E, dtype=float)
    allowed = 2.0 * M_E * T <= (2.0 * E - T) ** 2
    value = prefactor(mu_nu) / T * (2.0 * E - T) ** 2 / (4.0 * E**2) * (1.0 - T / (2.0 * M_E))
    return np.where(allowed, value, 0.0)


def dcs_epa(T, E, R_photon, mu_nu=MU_NU_DEFAULT):
    r"""Real-photon (equivalent-photon) approximation of [2] as [1] sec. 2.3 describes it.

    The limiting form eq. (23), R(T, Q)/Q = sigma_gamma(T)/(4 pi^2 alpha T), used over
    the whole interval T^2 <= Q <= 4E^2 of eq. (19):

    .. math::
        \frac{d\sigma}{dT} = P\,\sigma_\gamma(T)\,\frac{4E^2 - T^2}{4\pi^2\alpha T}
                           = P\,R(T, T^2)\,\frac{4E^2 - T^2}{T^2}

    [1] calls the resulting enhancement spurious: the integrand falls steeply once
    Q exceeds the inverse atomic size squared. Validity: only where the whole range
    T^2 <= Q <= (2E - T)^2 stays near the real-photon point, i.e. T close to E
    ([1] sec. 3, last paragraph).

    Parameters
    ----------
    T, E : array_like
        keV.
    R_photon : array_like
        R(T, Q = T^2) in keV^-1 (the real-photon point, eq. (23)).
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV.
    """
    T = np.asarray(T, dtype=float)
    return prefactor(mu_nu) * np.asarray(R_photon) * (4.0 * np.asarray(E) ** 2 - T**2) / T**2


def dcs_epa_frozen_R(T, E, R_photon, mu_nu=MU_NU_DEFAULT):
    r"""Milder real-photon variant: R itself frozen at Q = T^2 in eq. (19).

    .. math:: \frac{d\sigma}{dT} = P\,R(T, T^2)\,\ln\frac{4E^2}{T^2}

    Not in [2]; shown so that readers see that freezing R/Q (:func:`dcs_epa`),
    not the real-photon point itself, makes the enhancement. Same validity as
    :func:`dcs_epa`.

    Parameters
    ----------
    T, E : array_like
        keV.
    R_photon : array_like
        R(T, Q = T^2) in keV^-1.
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV.
    """
    T = np.asarray(T, dtype=float)
    return prefactor(mu_nu) * np.asarray(R_photon) * np.log(4.0 * np.asarray(E) ** 2 / T**2)


def dcs_voloshin(T, mu_nu=MU_NU_DEFAULT):
    r"""Voloshin's sum-rule estimate, eq. (18) of [1] applied per electron ([3]).

    .. math:: \frac{d\sigma_\parallel}{dT} \simeq \frac{P}{T}

    Eq. (10) with the momentum-transfer sum rule (17) for one electron, assuming
    E >> T and the whole Q range open.

    Parameters
    ----------
    T : array_like
        keV.
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV.
    """
    return prefactor(mu_nu) / np.asarray(T, dtype=float)


def dcs_voloshin_exact(T, momentum_rule, mu_nu=MU_NU_DEFAULT):
    r"""Voloshin's estimate with the exact one-electron momentum-transfer integral.

    .. math:: \frac{d\sigma_\parallel}{dT} = \frac{P}{T}\; T\int_0^\infty S(T,Q)\frac{dQ}{Q}

    i.e. eq. (10) with Q from 0 to infinity, where eq. (18) assumes the value 1 for
    T Int S dQ/Q (:func:`nuion.targets.ion.sum_rules.momentum_transfer_rule`).

    Parameters
    ----------
    T : array_like
        keV.
    momentum_rule : array_like
        T Int_0^inf S dQ/Q at each T (dimensionless).
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV.
    """
    return dcs_voloshin(T, mu_nu) * np.asarray(momentum_rule)


def dcs_stepping(T, E, target, mu_nu=MU_NU_DEFAULT):
    r"""Stepping approximation: eq. (1) per electron whose shell threshold lies below T.

    .. math:: \frac{d\sigma}{dT} = P\left(\frac1T - \frac1E\right)\sum_{nl} N_{nl}\,\theta(T - |\varepsilon_{nl}|)

    The usual treatment of atomic binding in reactor analyses; for a hydrogen-like
    ion one 1s electron, theta(T - eps_b).

    Parameters
    ----------
    T, E : array_like
        keV.
    target : Target, str or int
        The target (:func:`nuion.targets.as_target`; an integer is the charge of a
        hydrogen-like ion).
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV.
    """
    T = np.asarray(T, dtype=float)
    fe = dcs_fe(T, E, mu_nu)
    total = None
    for shell in as_target(target).shells:
        value = np.where(T > shell.binding, fe, 0.0)
        value = value if shell.occupancy == 1 else shell.occupancy * value
        total = value if total is None else total + value
    return total


def approximation_components(T, E, target, R_photon, momentum_rule, mu_nu=MU_NU_DEFAULT):
    """Every approximation of this module at energies T, as DCS in cm^2/keV.

    Parameters
    ----------
    T : ndarray
        keV, eps_b < T < E.
    E : float
        keV.
    target : Target, str or int
        The target (only the stepping approximation uses its shells).
    R_photon : ndarray
        R(T, T^2) in keV^-1.
    momentum_rule : ndarray
        T Int_0^inf S dQ/Q.
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    dict of ndarray
        ``dcs_fe_model``, ``dcs_epa``, ``dcs_epa_frozen_R``, ``dcs_voloshin``,
        ``dcs_voloshin_exact``, ``dcs_stepping``.
    """
    return {
        "dcs_fe_model": dcs_fe_model(T, E, mu_nu),
        "dcs_epa": dcs_epa(T, E, R_photon, mu_nu),
        "dcs_epa_frozen_R": dcs_epa_frozen_R(T, E, R_photon, mu_nu),
        "dcs_voloshin": dcs_voloshin(T, mu_nu),
        "dcs_voloshin_exact": dcs_voloshin_exact(T, momentum_rule, mu_nu),
        "dcs_stepping": dcs_stepping(T, E, target, mu_nu),
    }


def _line_sigma(n, E, Z, mu_nu):
    """Integrated cross sections (cm^2) of the lines 1s -> n (array n), eqs. (5), (6)."""
    n = np.asarray(n, dtype=float)
    Wn = 1.0 - 1.0 / n**2
    Tn = Wn * binding_energy(Z)
    out = np.zeros(n.shape)
    open_ = Tn < E
    nc, Wc = n[open_][:, None], Wn[open_][:, None]
    strengths = {
        "par": lambda K, Q: K**2 * hydrogenic.gos_discrete(nc, K) / Wc,  # |<n|e^{iqr}|1s>|^2
        "perp": lambda K, Q: (ALPHA * Z) ** 2 * hydrogenic.transverse_discrete(nc, K),  # |<n|e.j|1s>|^2
    }
    for kind, strength in strengths.items():
        out[open_] += q_integral(Tn[open_], E, Z, kind, strength, np.ones(nc.shape[0]), mu_nu)
    return out


def line_cross_sections(E, target, mu_nu=MU_NU_DEFAULT, n_lines=10, n_sum=400):
    r"""Discrete excitations 1s -> n below threshold as integrated cross sections.

    .. math::
        \sigma_n = P\int_{T_n^2}^{(2E-T_n)^2} \frac{(2E-T_n)^2}{4E^2 Q}
          \left[\left(1-\frac{T_n^2}{Q}\right) S_n(Q)
              + \left(1-\frac{Q}{(2E-T_n)^2}\right) R_n(Q)\right] dQ

    eqs. (5), (6) of [1] with S(T, Q) = S_n(Q) delta(T - T_n), T_n = (1 - 1/n^2) eps_b,
    S_n = K^2 f_n / W_n (Inokuti's f_n) and R_n = (alpha Z)^2 R_n,sc
    (:func:`nuion.targets.ion.hydrogenic.transverse_discrete`).

    ``ratio_density`` divides sigma_n by eq. (1) times the level spacing
    dT/dn = 2 eps_b / n^3: it continues ratio_total below threshold, which shows
    the continuity of discrete and continuum strength ([1] sec. 3).

    Parameters
    ----------
    E : float
        Neutrino energy in keV.
    target : HydrogenLikeIon, str or int
        A hydrogen-like ion (NotImplementedError for other targets).
    mu_nu : float
        Bohr magnetons.
    n_lines : int
        Lines reported one by one (n = 2 ... n_lines); the rest are summed.
    n_sum : int
        Lines summed explicitly in the rest; beyond, sigma_n ~ n^-3 (midpoint tail).

    Returns
    -------
    dict
        ``n``, ``T`` (keV), ``sigma`` (cm^2) and ``ratio_density`` per line, and
        ``sigma_rest`` (cm^2, n > n_lines) with ``ratio_density_rest`` (spread over
        T from T_{n_lines + 1/2} to eps_b).
    """
    ion = require_ion(target, "line_cross_sections (discrete lines 1s -> n)")
    Z = ion.Z
    E = check_E(E)
    eps_b = ion.eps_b
    n = np.arange(2, n_lines + 1)
    sigma = _line_sigma(n, E, Z, mu_nu)
    Tn = (1.0 - 1.0 / n**2) * eps_b
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(sigma > 0, sigma / (dcs_fe(Tn, E, mu_nu) * 2.0 * eps_b / n**3), 0.0)
    rest_n = np.arange(n_lines + 1, n_sum + 1)
    rest = _line_sigma(rest_n, E, Z, mu_nu)
    # sigma_n n^3 tends to a constant: midpoint tail of sum n^-3 beyond n_sum
    tail = rest[-1] * n_sum**3 / (2.0 * (n_sum + 0.5) ** 2)
    sigma_rest = rest.sum() + tail
    span = eps_b / (n_lines + 0.5) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        density_rest = sigma_rest / (dcs_fe(eps_b, E, mu_nu) * span) if eps_b < E else 0.0
    return {
        "n": n,
        "T": Tn,
        "sigma": sigma,
        "ratio_density": density,
        "sigma_rest": float(sigma_rest),
        "ratio_density_rest": float(density_rest),
    }
