"""Vectorized composite Gauss-Legendre quadrature (private helper).

Every integral of the package runs through :func:`panel_rule`: breakpoints are
arrays (one row of panel edges per outer point), so whole grids of integrals are
evaluated with one array expression and no Python loop over grid points.
"""

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=None)
def _legendre(n):
    x, w = np.polynomial.legendre.leggauss(n)
    x.flags.writeable = False
    w.flags.writeable = False
    return x, w


def gauss_legendre(a, b, n):
    """Nodes and weights of the n-point Gauss-Legendre rule on [a, b].

    ``a`` and ``b`` broadcast; the results have shape ``broadcast(a, b).shape + (n,)``.
    """
    x, w = _legendre(n)
    a = np.asarray(a, dtype=float)[..., None]
    b = np.asarray(b, dtype=float)[..., None]
    half = 0.5 * (b - a)
    return a + half * (x + 1.0), half * w


def subdivide(knots, n_sub):
    """Panel edges: each interval between consecutive ``knots`` split into ``n_sub`` equal parts."""
    knots = np.asarray(knots, dtype=float)
    inner = np.linspace(knots[:-1], knots[1:], n_sub + 1)[:-1].T.ravel()
    return np.append(inner, knots[-1])


def panel_rule(breaks, n):
    """Composite Gauss-Legendre rule over consecutive panels.

    Parameters
    ----------
    breaks : array_like, shape (..., m + 1)
        Non-decreasing panel edges along the last axis; empty panels are allowed
        (they carry zero weight), which keeps the shapes rectangular.
    n : int
        Nodes per panel.

    Returns
    -------
    x, w : ndarray, shape (..., m * n)
        Nodes and weights; sum(w * f(x), axis=-1) is the integral.
    """
    breaks = np.asarray(breaks, dtype=float)
    x, w = gauss_legendre(breaks[..., :-1], breaks[..., 1:], n)
    shape = breaks.shape[:-1] + (-1,)
    return x.reshape(shape), w.reshape(shape)


#: Offsets (in units of the 1s momentum alpha Z m_e) of the panel edges around a
#: Bethe ridge, whose width in k or K is about 1.
_RIDGE_OFFSETS = np.array([-4.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 4.0])
#: Edges far below the ridge (fractions of its position), for integrals in ln K.
_RIDGE_FRACTIONS = np.array([2.0**-12, 2.0**-8, 2.0**-5, 2.0**-3, 0.25, 0.5, 2.0, 3.0])


def ridge_rule(center, lo, hi, n, log=False):
    """Quadrature rule on [lo, hi] with panels refined around a ridge at ``center``.

    The integrands of the package (GOS and transverse densities in k or K) peak
    at the Bethe ridge k ~ K, with width ~1 in scaled units, and fall as powers
    beyond it; panel edges sit at ``center`` + (-4, ..., 4), at fractions and
    multiples of ``center``, and at 2 center + 8.

    Parameters
    ----------
    center, lo, hi : array_like
        Ridge position and integration limits (broadcast); ``hi`` may be inf,
        in which case the last panel [2 center + 8, inf) is mapped by t = 1/x.
    n : int
        Gauss-Legendre nodes per panel.
    log : bool
        Integrate in ln x (for lo > 0 and integrands spanning decades).

    Returns
    -------
    x, w : ndarray, shape broadcast(center, lo, hi).shape + (m,)
        Nodes and weights such that sum(w * f(x), -1) = integral of f(x) dx.
    """
    center, lo, hi = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (center, lo, hi)))
    c = center[..., None]
    far = 2.0 * c + 8.0
    top = np.where(np.isinf(hi), np.maximum(far[..., 0], lo), hi)[..., None]
    edges = np.concatenate(
        [lo[..., None], c + _RIDGE_OFFSETS, c * _RIDGE_FRACTIONS, far, top], axis=-1
    )
    edges = np.sort(np.clip(edges, lo[..., None], top), axis=-1)
    if log:
        u, wu = panel_rule(np.log(edges), n)
        x = np.exp(u)
        w = wu * x
    else:
        x, w = panel_rule(edges, n)
    if np.any(np.isinf(hi)):
        # tail [top, inf): x = 1/t, dx = dt / t^2, t in (0, 1/top]
        t, wt = gauss_legendre(0.0, 1.0 / top[..., 0], n)
        xt = 1.0 / t
        wt = np.where(np.isinf(hi)[..., None], wt * xt**2, 0.0)
        x = np.concatenate([x, xt], axis=-1)
        w = np.concatenate([w, wt], axis=-1)
    return x, w
