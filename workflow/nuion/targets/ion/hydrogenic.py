"""Closed-form response of the hydrogen-like 1s state.

Derivations and sources: docs/physics.md, secs. 'Scaled units' to 'Discrete lines'.
All functions here work in the scaled units of docs/physics.md, sec. 'Scaled units':
hbar = m_e = 1 and alpha Z m_e = 1, so that

* W = T / eps_b is the energy transfer in units of the binding energy,
* k = sqrt(W - 1) the ejected-electron momentum,
* K = q / (alpha Z m_e) the momentum transfer,
* the energy unit of the transverse density is (alpha Z)^2 m_e = 2 eps_b.

They take and return ndarrays and broadcast like numpy ufuncs. The physical
responses in keV^-1 are :func:`nuion.longitudinal_response` and
:func:`nuion.transverse_response` (module :mod:`nuion.targets.ion.responses`).

Validity: nonrelativistic electron, infinitely heavy nucleus, point Coulomb
field (see :mod:`nuion.kinematics` for the speed checks).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
.. [2] M. Inokuti, Rev. Mod. Phys. 43 (1971) 297, sec. 4.2 (hydrogen GOS).
.. [3] H. Bethe, Ann. Physik 5 (1930) 325.
.. [4] H. A. Bethe, E. E. Salpeter, Quantum Mechanics of One- and Two-Electron
   Atoms (1957), secs. 69-71.
"""

import numpy as np

from nuion._quadrature import gauss_legendre

__all__ = [
    "coulomb_factor",
    "gos_density",
    "transverse_density",
    "gos_discrete",
    "transverse_discrete",
    "discrete_sum",
]


def _log_coulomb_factor(k, K):
    r"""Logarithm of the Coulomb factor C(k, K) of docs/physics.md, sec. 'Scaled units', for k >= 0.

    At k = 0 (threshold) the exponent takes its limit -4/(K^2+1) and the
    Sommerfeld denominator 1 - exp(-2 pi/k) its limit 1.
    """
    k = np.asarray(k, dtype=float)
    K = np.asarray(K, dtype=float)
    at_threshold = k == 0
    ks = np.where(at_threshold, 1.0, k)
    # atan2 in [0, pi]: the branch that keeps C continuous through K^2 + 1 = k^2.
    expo = -(2.0 / ks) * np.arctan2(2.0 * ks, K**2 - ks**2 + 1.0)
    expo = np.where(at_threshold, -4.0 / (K**2 + 1.0), expo)
    sommerfeld = np.where(at_threshold, 0.0, np.log(-np.expm1(-2.0 * np.pi / ks)))
    return expo - sommerfeld


def coulomb_factor(k, K):
    r"""Coulomb factor of the 1s -> continuum matrix element.

    .. math::
        C(k, K) = \frac{\exp[-(2/k)\,\mathrm{atan2}(2k, K^2 - k^2 + 1)]}
                       {1 - \exp(-2\pi/k)}

    (docs/physics.md, sec. 'Scaled units'; Inokuti [2] eq. 4.20 with the arctangent branch in [0, pi]).

    Parameters
    ----------
    k : array_like
        Ejected-electron momentum in units of alpha Z m_e, k >= 0.
    K : array_like
        Momentum transfer in units of alpha Z m_e, K >= 0.

    Returns
    -------
    ndarray
        C (dimensionless). Tends to exp(-4/(K^2+1)) at threshold (k -> 0).

    Examples
    --------
    >>> bool(np.isclose(coulomb_factor(1e-6, 0.0), np.exp(-4.0)))
    True
    """
    return np.exp(_log_coulomb_factor(k, K))


def _continuum_logs(W, K):
    """W, K as arrays, ln C(k, K) and the ridge denominators ln[(K+-k)^2 + 1], k = sqrt(W - 1)."""
    W = np.asarray(W, dtype=float)
    K = np.asarray(K, dtype=float)
    k = np.sqrt(np.maximum(W - 1.0, 0.0))
    return W, K, _log_coulomb_factor(k, K), np.log1p((K + k) ** 2) + np.log1p((K - k) ** 2)


def gos_density(W, K):
    r"""Continuum generalized-oscillator-strength density df/dW of the 1s state.

    .. math::
        \frac{df}{dW} = \frac{2^7 W [K^2 + (1 + k^2)/3]\, C(k, K)}
                             {[(K+k)^2 + 1]^3\,[(K-k)^2 + 1]^3}

    Bethe (1930) [3]; Inokuti [2] eq. 4.20; docs/physics.md, sec. 'Longitudinal response'.
    Related to the dynamical structure factor of eq. (11) of [1] through eq. (14): S = K^2 df/dW / (W eps_b).

    Parameters
    ----------
    W : array_like
        Energy transfer T / eps_b, W >= 1 (continuum).
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        df/dW per unit W (dimensionless), one electron.

    Notes
    -----
    Evaluated in logarithms, so it neither overflows at large K nor loses accuracy
    near threshold (W -> 1, handled by the limit of :func:`coulomb_factor`).
    Nonrelativistic: valid for alpha Z << 1 and T << m_e.

    Examples
    --------
    Bethe sum rule at K = 1 (discrete lines plus continuum; docs/physics.md, sec. 'Bethe sum rule'):

    >>> from nuion.targets.ion.sum_rules import bethe_sum
    >>> bool(np.isclose(bethe_sum(1.0), 1.0, rtol=1e-10, atol=0))
    True
    """
    W, K, log_c, log_d = _continuum_logs(W, K)
    return np.exp(7 * np.log(2.0) + np.log(W * (K**2 + W / 3.0)) + log_c - 3.0 * log_d)


def transverse_density(W, K):
    r"""Continuum transverse (current) response of the 1s state per unit (alpha Z)^2 m_e = 2 eps_b.

    (Unlike :func:`gos_density`, which is per unit W = T/eps_b: hence the level
    densities n^-3 and 2 n^-3 of the discrete continuations.)

    .. math::
        R_{sc} = 16 W C(k,K) \int_{-1}^{1}\frac{(1-\mu^2)\,d\mu}{(K^2+k^2+1-2kK\mu)^4}
               = \frac{64}{3}\,\frac{W\,C(k,K)}{[(K+k)^2+1]^2\,[(K-k)^2+1]^2}

    The first form is that of docs/physics.md, sec. 'Transverse response' (eq. (20)
    of [1] with the Nordsieck integral, averaged over the directions of k). The mu integral is elementary without
    cancellation: expanding (a - b mu)^-4 in b mu / a and integrating term by
    term gives 4/(3 a^4) sum_m (m+1)(b/a)^(2m) = 4/(3 (a^2 - b^2)^2), with
    a^2 - b^2 = [(K+k)^2+1][(K-k)^2+1] > 0, so no series is needed anywhere.

    Parameters
    ----------
    W : array_like
        Energy transfer T / eps_b, W >= 1.
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        R per unit energy (alpha Z)^2 m_e, with the current in units of alpha Z
        (momentum alpha Z m_e over m_e); the physical R in keV^-1 is R_sc / m_e.

    Notes
    -----
    Dipole limit (eq. (22) of [1]): R_sc / S_sc -> W^2 / (4 K^2) as K -> 0, i.e.
    R/S -> T^2/Q. Nonrelativistic; retardation is kept through K.

    Examples
    --------
    Dipole limit, eq. (22): R_sc / (2 K^2 df/dW / W) -> W^2 / (4 K^2).

    >>> W, K = 3.0, 1e-4
    >>> S_sc = 2 * K**2 * gos_density(W, K) / W
    >>> bool(np.isclose(transverse_density(W, K) / S_sc, W**2 / (4 * K**2), rtol=1e-7))
    True
    """
    W, K, log_c, log_d = _continuum_logs(W, K)
    return np.exp(np.log(64.0 / 3.0 * W) + log_c - 2.0 * log_d)


def _log_discrete_terms(n, K):
    """W_n, ln[(n-1)^2 + n^2K^2] - ln[(n+1)^2 + n^2K^2] and ln[(n+1)^2 + n^2K^2].

    The difference is formed with log1p: for large n both logarithms are large and
    nearly equal, and their difference is multiplied by n.
    """
    n = np.asarray(n, dtype=float)
    K = np.asarray(K, dtype=float)
    nK2 = (n * K) ** 2
    big = (n + 1.0) ** 2 + nK2
    return 1.0 - 1.0 / n**2, np.log1p(-4.0 * n / big), np.log(big)


def gos_discrete(n, K):
    r"""Discrete generalized oscillator strength f_n(K) for 1s -> n (summed over l).

    .. math::
        f_n(K) = \frac{2^8 n^7 W_n [(n^2-1)/3 + n^2K^2]\,[(n-1)^2+n^2K^2]^{n-3}}
                      {[(n+1)^2+n^2K^2]^{n+3}}, \qquad W_n = 1 - 1/n^2

    Inokuti [2] eq. 4.19; docs/physics.md, sec. 'Discrete lines'. Equal to 2 n^-3 times the analytic
    continuation k -> i/n of :func:`gos_density` without its Sommerfeld factor.

    Parameters
    ----------
    n : array_like
        Principal quantum number of the final state, n >= 2 (real n is allowed:
        it is the continuation used for the tail of the sum).
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        f_n (dimensionless); the excitation energy is W_n eps_b.

    Notes
    -----
    Nonrelativistic Schroedinger levels of a point nucleus (no fine structure,
    no Lamb shift): valid for alpha Z << 1.

    Examples
    --------
    Lyman-alpha optical oscillator strength, f_2(0) = 2^13 3 / 3^10:

    >>> bool(np.isclose(gos_discrete(2, 0.0), 24576 / 59049, rtol=1e-14))
    True
    """
    n = np.asarray(n, dtype=float)
    K = np.asarray(K, dtype=float)
    Wn, ldiff, lbig = _log_discrete_terms(n, K)
    return np.exp(
        8 * np.log(2.0)
        + 7 * np.log(n)
        + np.log(Wn * ((n**2 - 1.0) / 3.0 + (n * K) ** 2))
        + (n - 3.0) * ldiff
        - 6.0 * lbig
    )


def transverse_discrete(n, K):
    r"""Discrete transverse strength R_n(K) of 1s -> n, scaled units.

    .. math::
        R_n(K) = \frac{64}{3}\,\frac{n^5 W_n\,[(n-1)^2+n^2K^2]^{n-2}}{[(n+1)^2+n^2K^2]^{n+2}}

    The continuation k -> i/n of :func:`transverse_density` (Sommerfeld factor
    dropped) times the level density n^-3 per unit (alpha Z)^2 m_e (docs/physics.md, sec. 'Discrete lines').

    Parameters
    ----------
    n : array_like
        Principal quantum number, n >= 2 (real n allowed, see :func:`gos_discrete`).
    K : array_like
        Momentum transfer q / (alpha Z m_e), K >= 0.

    Returns
    -------
    ndarray
        |<n| e^{iq.r} e_perp.p |1s>|^2 summed over the n-shell, in units of
        (alpha Z m_e)^2; physical strength (in units of m_e^2) is (alpha Z)^2 R_n.

    Notes
    -----
    Nonrelativistic, point nucleus, as :func:`gos_discrete`.

    Examples
    --------
    Dipole limit: R_n(0) = W_n f_n(0) / 4 (velocity and length forms agree).

    >>> bool(np.isclose(transverse_discrete(3, 0.0), (8 / 9) * gos_discrete(3, 0.0) / 4))
    True
    """
    n = np.asarray(n, dtype=float)
    K = np.asarray(K, dtype=float)
    Wn, ldiff, lbig = _log_discrete_terms(n, K)
    return np.exp(
        np.log(64.0 / 3.0 * Wn) + 5 * np.log(n) + (n - 2.0) * ldiff - 4.0 * lbig
    )


def discrete_sum(strength, K, n_min=2, n_max=1000, n_tail=8):
    r"""Sum of a discrete strength over all n >= n_min, tail included.

    .. math::
        \sum_{n=n_{min}}^{\infty} g_n \approx \sum_{n=n_{min}}^{N} g_n
          + \int_{N+1/2}^{\infty} g(n)\,dn

    The tail integral uses the real-n continuation of g (which falls as n^-3) and
    Gauss-Legendre quadrature in x = 1/n; the midpoint-rule error is
    g'(N)/24 ~ N^-4, below 1e-12 at N = 1000.

    Parameters
    ----------
    strength : callable
        g(n, K), e.g. :func:`gos_discrete` or :func:`transverse_discrete`.
    K : array_like
        Momentum transfer q / (alpha Z m_e).
    n_min, n_max : int
        First and last explicitly summed n.
    n_tail : int
        Gauss-Legendre nodes of the tail integral.

    Returns
    -------
    ndarray
        The sum, shaped like K.

    Examples
    --------
    >>> total = discrete_sum(gos_discrete, 0.0)
    >>> round(float(total), 4)  # discrete part of the 1s optical strength (continuum: 0.4350)
    0.565
    """
    K = np.asarray(K, dtype=float)
    n = np.arange(n_min, n_max + 1, dtype=float).reshape((-1,) + (1,) * K.ndim)
    explicit = strength(n, K).sum(axis=0)
    x, w = gauss_legendre(0.0, 1.0 / (n_max + 0.5), n_tail)
    x = x.reshape((-1,) + (1,) * K.ndim)
    w = w.reshape((-1,) + (1,) * K.ndim)
    tail = (w * strength(1.0 / x, K) / x**2).sum(axis=0)
    return explicit + tail
