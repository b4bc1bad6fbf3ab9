"""Sum rules and limits of the 1s response functions (docs/physics.md, sec. 'Sum rules and limits').

Every function takes scaled arguments (W = T/eps_b, K = q/(alpha Z m_e)) as
arrays and returns arrays; integrals use :func:`nuion._quadrature.ridge_rule`.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
.. [2] M. Inokuti, Rev. Mod. Phys. 43 (1971) 297.
.. [3] H. A. Bethe, E. E. Salpeter, Quantum Mechanics of One- and Two-Electron
   Atoms (1957), sec. 71.
.. [4] M. Stobbe, Ann. Physik 7 (1930) 661.
"""

import numpy as np

from nuion.targets.ion import hydrogenic
from nuion._quadrature import ridge_rule
from nuion.constants import ALPHA, HBAR_C_CM_KEV, M_E, R_E_CM
from nuion.kinematics import check_Z
from nuion.targets.ion.responses import transverse_response

__all__ = [
    "continuum_integral",
    "bethe_sum",
    "continuum_bethe",
    "closure_sum",
    "continuum_closure",
    "momentum_transfer_rule",
    "dipole_ratio",
    "stobbe_cross_section",
    "photoionization_cross_section",
    "retardation_factor",
]

#: Gauss-Legendre nodes per panel for the sum-rule integrals (converged to
#: < 1e-13 relative: doubling it changes no result by more than that).
N_NODES = 24


def continuum_integral(density, K, weight, k_lo=0.0, k_hi=np.inf):
    """Integral over k_lo <= k <= k_hi of density(1 + k^2, K) * weight(k) dk, per K.

    ``density`` is a scaled continuum density of :mod:`nuion.targets.ion.hydrogenic`; k_hi may be inf.
    """
    K = np.asarray(K, dtype=float)
    k, w = ridge_rule(K, k_lo, k_hi, N_NODES)
    return np.sum(w * density(1.0 + k**2, K[..., None]) * weight(k), axis=-1)


def continuum_bethe(K):
    r"""Continuum part of the Bethe sum rule, integral of df/dW over W >= 1.

    .. math:: \int_1^\infty \frac{df}{dW} dW = \int_0^\infty \frac{df}{dW}\,2k\,dk

    Parameters
    ----------
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        Continuum oscillator strength (dimensionless).
    """
    return continuum_integral(hydrogenic.gos_density, K, lambda k: 2.0 * k)


def bethe_sum(K):
    r"""Bethe sum rule, eq. (15) of [1]: sum_n f_n(K) + integral df/dW dW (= 1).

    .. math:: \sum_{n\ge2} f_n(K) + \int_1^\infty \frac{df}{dW}\,dW = 1

    One electron (Z/m_e in eq. (15) counts the Z electrons of a neutral atom).

    Parameters
    ----------
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        The sum; the exact value is 1 at every K.

    Examples
    --------
    >>> bool(np.allclose(bethe_sum([0.1, 1.0, 10.0]), 1.0, rtol=1e-10, atol=0))
    True
    """
    return hydrogenic.discrete_sum(hydrogenic.gos_discrete, K) + continuum_bethe(K)


def continuum_closure(K):
    r"""Continuum part of the transverse closure rule: integral of R_sc dE_sc.

    .. math:: \int R_{sc}\, dE_{sc} = \int_0^\infty R_{sc}(1 + k^2, K)\, k\, dk

    with E_sc = W/2 the energy in units of (alpha Z)^2 m_e.
    """
    return continuum_integral(hydrogenic.transverse_density, K, lambda k: k)


def closure_sum(K):
    r"""Transverse closure rule (docs/physics.md, sec. 'Transverse closure'), scaled units.

    .. math::
        \sum_n R_n(K) + \int R(T, Q)\,dT
          = \langle 0|(\hat{\mathbf e}_\perp\cdot\mathbf p)^2|0\rangle / m_e^2
          = (\alpha Z)^2 / 3

    Completeness of the final states; in scaled units the right side is 1/3.

    Parameters
    ----------
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        The sum (exact value 1/3 at every K).

    Examples
    --------
    >>> bool(np.allclose(closure_sum([0.1, 1.0, 10.0]), 1 / 3, rtol=1e-10, atol=0))
    True
    """
    return hydrogenic.discrete_sum(hydrogenic.transverse_discrete, K) + continuum_closure(K)


def momentum_transfer_rule(W, K_lo=0.0, K_hi=np.inf):
    r"""Momentum-transfer sum rule of Voloshin, eq. (17) of [1], one electron.

    .. math::
        T \int_0^\infty S(T, Q)\,\frac{dQ}{Q} = 2\int_0^\infty K \frac{df}{dW}(W, K)\,dK

    Eq. (17) asserts the value 1 (Z^2 / T with Z -> 1 for one electron). Whether
    it holds for the bound 1s electron is one of the paper's questions: this
    function computes it, nothing assumes it.

    Parameters
    ----------
    W : array_like
        Energy transfer T / eps_b, W >= 1.
    K_lo, K_hi : float
        Integration range in K (default: all K; a sub-range serves the workflow,
        which takes the rest from a stored grid).

    Returns
    -------
    ndarray
        The left side (dimensionless).

    Examples
    --------
    >>> bool(abs(momentum_transfer_rule(20.0) - 1.0) < 0.1)  # close to 1 far above threshold
    True
    """
    W = np.asarray(W, dtype=float)
    k = np.sqrt(np.maximum(W - 1.0, 0.0))
    K, w = ridge_rule(np.maximum(k, 1.0), K_lo, K_hi, N_NODES)
    return np.sum(w * 2.0 * K * hydrogenic.gos_density(W[..., None], K), axis=-1)


def dipole_ratio(W, K):
    r"""R/S in units of T^2/Q: tends to 1 as K -> 0 (eq. (22) of [1]).

    .. math:: \frac{R}{S}\,\frac{Q}{T^2} = \frac{R_{sc}}{2K^2 (df/dW)/W}\,\frac{4K^2}{W^2}

    Parameters
    ----------
    W, K : array_like
        Scaled energy and momentum transfer.

    Returns
    -------
    ndarray
        Dimensionless; 1 + O(K^2), i.e. valid for Q << 2 m_e eps_b.

    Examples
    --------
    >>> bool(np.isclose(dipole_ratio(4.0, 1e-5), 1.0, rtol=1e-9))
    True
    """
    W = np.asarray(W, dtype=float)
    K = np.asarray(K, dtype=float)
    return 2.0 * hydrogenic.transverse_density(W, K) / (W * hydrogenic.gos_density(W, K))


def stobbe_cross_section(T, Z):
    r"""Stobbe's nonrelativistic dipole K-shell photoionization cross section, one electron.

    .. math::
        \sigma_{Stobbe} = \frac{2^9\pi^2\alpha a_Z^2}{3}\left(\frac{I}{\hbar\omega}\right)^4
            \frac{e^{-4 n' \operatorname{arccot} n'}}{1 - e^{-2\pi n'}},
        \qquad n' = \sqrt{I/(\hbar\omega - I)}

    Stobbe [4]; Bethe-Salpeter [3] sec. 71, with I = eps_b and a_Z = 1/(alpha Z m_e),
    for one 1s electron (twice this for a filled K shell). Coded from that form,
    independently of :mod:`nuion.targets.ion.hydrogenic`.

    Parameters
    ----------
    T : array_like
        Photon energy in keV, T > eps_b.
    Z : int
        Nuclear charge.

    Returns
    -------
    ndarray
        Cross section in cm^2.

    Examples
    --------
    Hydrogen at threshold: 6.3e-18 cm^2 (Bethe-Salpeter sec. 71, per electron).

    >>> eps = 0.5 * ALPHA**2 * M_E
    >>> round(float(stobbe_cross_section(eps * (1 + 1e-9), 1)) * 1e18, 1)
    6.3
    """
    Z = check_Z(Z)
    T = np.asarray(T, dtype=float)
    eps_b = 0.5 * (ALPHA * Z) ** 2 * M_E
    a_Z_cm = R_E_CM / (ALPHA**2 * Z)  # a_0 / Z, a_0 = r_e / alpha^2
    n_prime = np.sqrt(eps_b / (T - eps_b))
    arccot = np.arctan2(1.0, n_prime)
    return (
        2**9 * np.pi**2 * ALPHA * a_Z_cm**2 / 3.0
        * (eps_b / T) ** 4
        * np.exp(-4.0 * n_prime * arccot)
        / -np.expm1(-2.0 * np.pi * n_prime)
    )


def photoionization_cross_section(T, Z):
    r"""Photoionization cross section from the transverse response, eq. (23) of [1].

    .. math:: \sigma_\gamma(T) = 4\pi^2\alpha\, R(T, Q = T^2) / T

    Nonrelativistic, with retardation (the photon momentum q = T is kept in R).

    Parameters
    ----------
    T : array_like
        Photon energy in keV, T > eps_b.
    Z : int
        Nuclear charge.

    Returns
    -------
    ndarray
        Cross section in cm^2 (one electron).

    Examples
    --------
    Tends to Stobbe's dipole formula as alpha Z -> 0 (retardation vanishes):

    >>> T = 3 * 0.5 * ALPHA**2 * M_E
    >>> ratio = photoionization_cross_section(T, 1) / stobbe_cross_section(T, 1)
    >>> bool(np.isclose(ratio, 1 + 2 * ALPHA**2, rtol=0, atol=1e-6))  # 1 + (alpha Z)^2 (W - 1)
    True
    """
    T = np.asarray(T, dtype=float)
    return 4 * np.pi**2 * ALPHA * transverse_response(T, T**2, Z) / T * HBAR_C_CM_KEV**2


def retardation_factor(T, Z):
    r"""Ratio of the retarded photoionization cross section to Stobbe's dipole one.

    .. math:: \sigma_\gamma(T) / \sigma_{Stobbe}(T) = R(T, T^2) / R(T, 0)

    Reported, not hidden (docs/physics.md, sec. 'Real-photon limit'); it grows with Z and T.

    Parameters
    ----------
    T : array_like
        Photon energy in keV, T > eps_b.
    Z : int
        Nuclear charge.

    Returns
    -------
    ndarray
        Dimensionless; 1 + (alpha Z)^2 (W - 1) + O((alpha Z)^4) (from the K^2 term of
        R_sc at K = W alpha Z / 2). For heavy ions just above threshold the
        O((alpha Z)^4) terms make it dip slightly below 1 (Z = 54: 0.9986 at W = 1.01).
        Nonrelativistic: the relativistic corrections to sigma_gamma are of the same
        order (alpha Z)^2 and are not included.
    """
    return photoionization_cross_section(T, Z) / stobbe_cross_section(T, Z)
