r"""Independent route to S and R: partial waves with Coulomb radial functions.

Shares no formula with :mod:`nuion.targets.ion.hydrogenic` (docs/validation.md, sec. 'Partial-wave route'). In scaled units
(hbar = m_e = 1, alpha Z m_e = 1), with the energy-normalized continuum radial
functions R_El(r) = sqrt(2/(pi k)) F_l(eta, k r)/r, eta = -1/k, the plane wave
expanded in spherical Bessel functions, and psi_1s = exp(-r)/sqrt(pi):

.. math::
    S_{sc}(k, K) = \frac{8}{\pi k}\sum_l (2l+1)\, I_l^2, \qquad
    I_l = \int_0^\infty F_l(\eta, kr)\, j_l(Kr)\, e^{-r}\, r\, dr

.. math::
    R_{sc}(k, K) = \frac{4}{\pi k}\sum_l (2l+1)\, l(l+1)\, J_l^2, \qquad
    J_l = \int_0^\infty F_l(\eta, kr)\, \frac{j_l(Kr)}{Kr}\, e^{-r}\, r\, dr

The transverse sum follows from p psi_1s = i r_hat psi_1s and
sin(theta) e^{i phi} e^{i x cos(theta)} = (i/x) d/d(theta) e^{i x cos(theta)} e^{i phi},
which maps each Legendre order L to the single final orbital momentum l = L with
|m| = 1, of weight 4 pi (2l+1) l(l+1) j_l(x)^2 / x^2.

Both are per unit energy (alpha Z)^2 m_e; S_sc = 2 K^2 (df/dW) / W and R_sc is the
quantity of :func:`nuion.targets.ion.hydrogenic.transverse_density`.

The regular Coulomb functions F_l come from Miller's backward recurrence in l
(Abramowitz & Stegun 14.2.3), stable for the minimal solution F, normalized at
every radius to F_0 and F_1 from :func:`mpmath.coulombf`. The radial integrals
use composite Gauss-Legendre quadrature on [0, r_max].

This route is slow (about a second per k, dominated by mpmath) and exists for
validation; the package evaluates the closed forms.

References
----------
.. [1] M. Abramowitz, I. A. Stegun, Handbook of Mathematical Functions, ch. 14.
.. [2] J. C. P. Miller, in British Association Mathematical Tables, vol. X (1952).
"""

import mpmath
import numpy as np
from scipy.special import spherical_jn

from nuion._quadrature import panel_rule

__all__ = ["coulomb_f", "radial_nodes", "partial_wave_responses"]

#: Outer radius of the radial integrals (units of a_0/Z): exp(-r) < 1e-26 beyond it.
R_MAX = 60.0


def radial_nodes(r_max=R_MAX, panels=40, n=20):
    """Composite Gauss-Legendre nodes and weights on [0, r_max]."""
    return panel_rule(np.linspace(0.0, r_max, panels + 1), n)


def coulomb_f(l_max, eta, rho, extra=60):
    """Regular Coulomb functions F_l(eta, rho) for l = 0 ... l_max.

    Parameters
    ----------
    l_max : int
        Highest orbital momentum returned.
    eta : float
        Sommerfeld parameter (negative for attraction).
    rho : ndarray, shape (N,)
        Radii k r, rho > 0.
    extra : int
        Start of the backward recurrence beyond max(l_max, max(rho)).

    Returns
    -------
    ndarray, shape (l_max + 1, N)
        F_l(eta, rho) in the normalization of Abramowitz & Stegun 14.1 (amplitude 1
        as rho -> inf), the same as :func:`mpmath.coulombf`.
    """
    rho = np.asarray(rho, dtype=float)
    l_top = int(max(l_max, rho.max())) + extra
    u = np.zeros((l_top + 2, rho.size))
    u[l_top] = 1.0
    for l in range(l_top, 0, -1):
        # A&S 14.2.3 solved for u_{l-1}
        u[l - 1] = (
            (2 * l + 1) * (eta + l * (l + 1) / rho) * u[l]
            - l * np.sqrt((l + 1) ** 2 + eta**2) * u[l + 1]
        ) / ((l + 1) * np.sqrt(l**2 + eta**2))
        big = np.abs(u[l - 1]) > 1e250
        if big.any():
            u[:, big] *= 1e-250
    with mpmath.workdps(25):
        f0 = np.array([float(mpmath.coulombf(0, eta, x)) for x in rho])
        f1 = np.array([float(mpmath.coulombf(1, eta, x)) for x in rho])
    # least-squares scale on (F_0, F_1), which never vanish together
    m = np.maximum(np.abs(u[0]), np.abs(u[1]))
    a, b = u[0] / m, u[1] / m
    scale = (f0 * a + f1 * b) / (a**2 + b**2) / m
    return u[: l_max + 1] * scale


def partial_wave_responses(k, K, l_max=120, r_max=R_MAX, panels=40, n=20):
    """Scaled S_sc and R_sc at one k and several K by the partial-wave sums.

    Parameters
    ----------
    k : float
        Ejected-electron momentum (units alpha Z m_e), k > 0; W = 1 + k^2.
    K : array_like, shape (M,)
        Momentum transfers (units alpha Z m_e), K > 0.
    l_max : int
        Highest partial wave.
    r_max, panels, n : float, int, int
        Radial quadrature (convergence studies).

    Returns
    -------
    S_sc, R_sc : ndarray, shape (M,)
        Per unit energy (alpha Z)^2 m_e.
    last_terms : ndarray, shape (M,)
        Largest relative contribution of the last 5 partial waves (truncation check).
    """
    K = np.atleast_1d(np.asarray(K, dtype=float))
    r, w = radial_nodes(r_max, panels, n)
    F = coulomb_f(l_max, -1.0 / k, k * r)
    l = np.arange(l_max + 1)[:, None, None]
    x = K[None, :, None] * r[None, None, :]
    jl = spherical_jn(l, x)
    base = F[:, None, :] * np.exp(-r) * r * w  # (l, 1, r)
    I = np.sum(base * jl, axis=-1)  # (l, M)
    J = np.sum(base * jl / x, axis=-1)
    s_terms = (2 * l[:, :, 0] + 1) * I**2
    r_terms = (2 * l[:, :, 0] + 1) * l[:, :, 0] * (l[:, :, 0] + 1) * J**2
    S_sc = 8.0 / (np.pi * k) * s_terms.sum(axis=0)
    R_sc = 4.0 / (np.pi * k) * r_terms.sum(axis=0)
    last = np.maximum(
        s_terms[-5:].max(axis=0) / s_terms.sum(axis=0), r_terms[-5:].max(axis=0) / r_terms.sum(axis=0)
    )
    return S_sc, R_sc, last
