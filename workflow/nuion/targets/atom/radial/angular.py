r"""Angular algebra of the multipole expansion: Gaunt and Clebsch-Gordan coefficients (docs/atoms.md, sec. 'Angular algebra').

Hartree atomic units inside (docs/atoms.md, sec. 'Radial engine'; references in :mod:`nuion.targets.atom.radial`).
"""

from functools import lru_cache

import numpy as np
from scipy.special import sph_legendre_p_all

__all__ = ["angular_matrices"]


#: Largest |m| of the Legendre tables: shells up to d (l = 2) and one unit of p (m + mu).
_M_MAX = 3


@lru_cache(maxsize=2)
def _legendre_rule(n):
    """Gauss-Legendre weights (numpy.polynomial.legendre.leggauss) and Theta_lm at the n nodes, l < 2n, |m| <= _M_MAX.

    Theta_lm(cos theta) e^{i m phi} = Y_lm (:func:`scipy.special.sph_legendre_p_all`, one
    recurrence for every degree and order); table shape (2n, 2 _M_MAX + 1, n), m indexed mod
    2 _M_MAX + 1 as scipy returns it.
    """
    x, w = np.polynomial.legendre.leggauss(n)  # Newton-polished: rounding 1e-14 at n = 512 (roots_legendre: 1e-13)
    return w, sph_legendre_p_all(2 * n - 1, _M_MAX, np.arccos(x))[0]


def _gaunt(l1, m, Ls, lam):
    r"""Gaunt coefficients <l1 m| Y_L0 |lam m> = int Y*_{l1 m} Y_{L 0} Y_{lam m} dOmega for every L in Ls.

    .. math:: 2\pi \int_{-1}^{1} \Theta_{l_1 m}(x)\, \Theta_{L 0}(x)\, \Theta_{\lambda m}(x)\, dx

    with Theta_lm(cos theta) e^{i m phi} = Y_lm (Condon-Shortley phase; :func:`_legendre_rule`).
    The integrand is a polynomial of degree l1 + L + lam in x (the two (1 - x^2)^{|m|/2}
    factors multiply to a polynomial), so Gauss-Legendre with (l1 + max L + lam)/2 + 1 nodes is
    exact up to rounding (1.2e-12 at l = 400, 1e-14 below l = 300; agrees with :func:`sympy.physics.wigner.gaunt`,
    tests/test_radial.py). |m| <= 3.

    Returns
    -------
    ndarray, shape (len(Ls),)
    """
    Ls = np.asarray(Ls, dtype=int)
    if abs(m) > l1 or abs(m) > lam:
        return np.zeros(Ls.size)
    n = 128 * ((l1 + int(Ls.max()) + lam) // 256 + 1)  # rules in steps of 128 nodes: few tables
    w, P = _legendre_rule(n)
    return 2.0 * np.pi * P[Ls, 0] @ (P[l1, m] * P[lam, m] * w)


def _cg(l, m, mu, lf):
    r"""Clebsch-Gordan <l m 1 mu | lf m+mu>, closed form (Condon-Shortley phase).

    The table for j_2 = 1 (Condon and Shortley 1935, table 2^3; Edmonds 1957, table 2), with
    M = m + mu, as sign x sqrt(numerator / denominator):

    * lf = l + 1: (l+M)(l+M+1), (l-M+1)(l+M+1), (l-M)(l-M+1) over (2l+1)(2l+2), (2l+1)(l+1),
      (2l+1)(2l+2) for mu = +1, 0, -1; all positive;
    * lf = l: (l+M)(l-M+1), M^2, (l-M)(l+M+1) over 2l(l+1), l(l+1), 2l(l+1); signs -, sign(M), +;
    * lf = l - 1: (l-M)(l-M+1), (l-M)(l+M), (l+M+1)(l+M) over 2l(2l+1), l(2l+1), 2l(2l+1);
      signs +, -, +.

    Zero unless |M| <= lf and |lf - l| <= 1 (tests/test_radial.py compares every entry up to l = 7
    with :func:`sympy.physics.wigner.clebsch_gordan`).
    """
    M = m + mu
    if abs(M) > lf or abs(m) > l or abs(lf - l) > 1 or lf < 0:
        return 0.0
    i = 1 - mu  # column mu = +1, 0, -1
    if lf == l + 1:
        sign = 1.0
        num = ((l + M) * (l + M + 1), (l - M + 1) * (l + M + 1), (l - M) * (l - M + 1))[i]
        den = ((2 * l + 1) * (2 * l + 2), (2 * l + 1) * (l + 1), (2 * l + 1) * (2 * l + 2))[i]
    elif lf == l:
        if l == 0:
            return 0.0
        sign = (-1.0, float(np.sign(M)), 1.0)[i]
        num = ((l + M) * (l - M + 1), M * M, (l - M) * (l + M + 1))[i]
        den = (2 * l * (l + 1), l * (l + 1), 2 * l * (l + 1))[i]
    else:
        sign = (1.0, -1.0, 1.0)[i]
        num = ((l - M) * (l - M + 1), (l - M) * (l + M), (l + M + 1) * (l + M))[i]
        den = (2 * l * (2 * l + 1), l * (2 * l + 1), 2 * l * (2 * l + 1))[i]
    return sign * float(np.sqrt(num / den))


@lru_cache(maxsize=None)
def angular_matrices(l, lf):
    r"""Angular weights of the radial integrals for a shell l and final partial wave l'.

    With e^{iqz} = sum_L i^L sqrt(4 pi (2L+1)) j_L(qr) Y_L0 (q along z), the shell-summed
    strengths of one final partial wave l' are quadratic forms in the radial integrals,

    .. math::
        S_{l'} = \sum_{L,L'} B^S_{LL'} I_L I_{L'}, \quad
        I_L = \int u_{El'}\, j_L(qr)\, u_{nl}\, dr

    .. math::
        R_{l'} = \sum_{\kappa,\kappa'} B^R_{\kappa\kappa'} J_\kappa J_{\kappa'}, \quad
        J_{\pm,L} = \int u_{El'}\, j_L(qr)\, w_\pm\, dr, \quad
        w_+ = u' - (l+1)u/r,\ w_- = u' + l u/r

    per electron of the shell (multiply by the occupancy N); kappa = (s, L) with s = +1
    (final orbital l+1 of p u) or -1 (l-1). B^S = (1/(2l+1)) sum_m Re(c_L^* c_L'),
    c_L = i^L sqrt(4 pi (2L+1)) <l' m|Y_L0|l m>; B^R the same with the gradient formula [4]

    .. math::
        \nabla_\mu [R\,Y_{lm}] = \sqrt{\tfrac{l+1}{2l+3}}\,\langle l m 1\mu|l{+}1\,m{+}\mu\rangle
        (R' - \tfrac{l}{r}R)\,Y_{l+1,m+\mu}
        - \sqrt{\tfrac{l}{2l-1}}\,\langle l m 1\mu|l{-}1\,m{+}\mu\rangle
        (R' + \tfrac{l+1}{r}R)\,Y_{l-1,m+\mu}

    (p_mu = -i nabla_mu) averaged over mu = +-1, the two polarizations perpendicular to q
    (docs/atoms.md, sec. 'Angular algebra').

    Parameters
    ----------
    l, lf : int
        Orbital momentum of the shell and of the final partial wave.

    Returns
    -------
    keys_S : tuple of int
        Multipoles L of I_L (|l - l'| <= L <= l + l', L + l + l' even).
    B_S : ndarray, shape (len(keys_S),) * 2
    keys_R : tuple of (s, L)
    B_R : ndarray, shape (len(keys_R),) * 2

    Examples
    --------
    The m-sum makes B^S diagonal: B^S_LL = (2l'+1)(2L+1) (l' L l; 0 0 0)^2.

    >>> from sympy.physics.wigner import wigner_3j
    >>> keys, B, _, _ = angular_matrices(1, 2)
    >>> ref = [5 * (2 * L + 1) * float(wigner_3j(2, L, 1, 0, 0, 0)) ** 2 for L in keys]
    >>> bool(np.allclose(B, np.diag(ref)))
    True
    """
    keys_S = tuple(L for L in range(abs(l - lf), l + lf + 1) if (L + l + lf) % 2 == 0)
    Ls = np.array(keys_S)
    phase = 1j**Ls * np.sqrt(4 * np.pi * (2 * Ls + 1))
    c = np.array([phase * _gaunt(lf, m, Ls, l) for m in range(-l, l + 1)]).reshape(2 * l + 1, len(keys_S))
    B_S = (c.conj().T @ c).real / (2 * l + 1)
    keys_R = []
    for s, ls in ((1, l + 1), (-1, l - 1)):
        if ls < 0:
            continue
        keys_R += [(s, L) for L in range(abs(ls - lf), ls + lf + 1) if (L + ls + lf) % 2 == 0]
    rows = []
    for m in range(-l, l + 1):
        for mu in (1, -1):
            row = []
            for s, ls in ((1, l + 1), (-1, l - 1)):
                Ls = np.array([L for s2, L in keys_R if s2 == s], dtype=int)
                if Ls.size == 0:
                    continue
                a = np.sqrt((l + 1) / (2 * l + 3)) if s == 1 else -np.sqrt(l / (2 * l - 1))
                a *= _cg(l, m, mu, ls)
                row.append(-1j * a * 1j**Ls * np.sqrt(4 * np.pi * (2 * Ls + 1)) * _gaunt(lf, m + mu, Ls, ls))
            rows.append(np.concatenate(row))
    A = np.array(rows, dtype=complex).reshape(len(rows), len(keys_R))
    B_R = 0.5 * (A.conj().T @ A).real / (2 * l + 1)
    return keys_S, B_S, tuple(keys_R), B_R
