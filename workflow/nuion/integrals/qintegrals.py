r"""Q integrals of stored responses: cumulative tables and integrals over the kinematic range.

The DCS and sum-rule stages integrate tabulated S and R, never the closed forms, so that every
number downstream is traceable to a stored dataset. Integrals run over u = ln Q: on every grid
cell clipped to the kinematic range [Q_lo(T), Q_hi(T)] the response is interpolated in ln F,
linearly (``order = 1``, the hydrogen-like ion: exact for the power laws S ~ K^2 and R ~ const
below the ridge; error O(h^2)) or by a cubic through four grid points (``order = 3``, the atoms,
whose valence shells' Bethe ridges are only a few grid steps wide; error O(h^4)), and integrated
exactly (linear) or by 8-point Gauss-Legendre (cubic) against the kinematic weight
(docs/physics.md; docs/atoms.md, sec. 'Workflow'). Every function takes one shell's table or
every shell's, whatever the target is.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np
from scipy.special import exprel

from nuion._quadrature import gauss_legendre

__all__ = [
    "POWERS",
    "cumulative_name",
    "cumulative_integrals",
    "shell_cumulative",
    "q_integral",
    "interpolate_q",
    "complete_cumulative",
    "power_integral",
    "interpolate_rows",
    "pole_integral",
]


#: Powers p of Q whose integrals Int F Q^p dlnQ the later stages take of each response:
#: S with Q^0 and Q^-1 (eqs. (5), (10), (17)), R with Q^0 and Q^1 (eqs. (6), (19)) for the
#: magnetic channel; S with Q^1, Q^2 (weak, charge radius) and R with Q^-1 (millicharge) for the
#: other channels (:mod:`nuion.cross_sections.channels`). Response datasets written before the
#: channels lack the last three; :func:`complete_cumulative` computes them when needed.
POWERS = {"S": (0, -1, 1, 2), "R": (0, 1, -1)}


def cumulative_name(response, p):
    """Dataset name of a cumulative integral: S_cum_0, S_cum_m1, R_cum_p1, ..."""
    return f"{response}_cum_{'m' if p < 0 else 'p' if p > 0 else ''}{abs(p)}"


def _cubic_cells(u, lnF, j, a, b, p, per_row=False):
    r"""Int_a^b F e^{p u} du on cell j of the grid, ln F cubic in u; 8-point Gauss-Legendre.

    The cubic is the Lagrange interpolant through the four grid points j-1 ... j+2 (shifted
    inward at the ends). ``j``, ``a``, ``b`` have shape (c,): every row of lnF (n, m) on the
    same c cells, result (n, c); with ``per_row``, shape (n,): row i on its cell j_i, result (n,).
    """
    if u.size < 4:
        raise ValueError(f"the cubic Q integrals need at least 4 grid points, got {u.size}")
    x, wx = gauss_legendre(a, b, 8)  # (c, 8)
    s = np.clip(j - 1, 0, u.size - 4)[:, None] + np.arange(4)[None, :]  # (c, 4)
    U = u[s]
    basis = np.ones(x.shape + (4,))
    for i in range(4):
        for k in range(4):
            if k != i:
                basis[..., i] *= (x - U[:, None, k]) / (U[:, None, i] - U[:, None, k])
    if per_row:
        lnF_s = np.take_along_axis(lnF, s, axis=1)  # (n, 4)
        return np.sum(np.exp(np.einsum("nd,nkd->nk", lnF_s, basis) + p * x) * wx, axis=-1)
    return np.sum(np.exp(np.einsum("ncd,ckd->nck", lnF[:, s], basis) + p * x[None]) * wx[None], axis=-1)


def cumulative_integrals(Q, F, p, order=1):
    r"""Cumulative integrals of a stored response against Q^p, from the grid's start.

    .. math:: C_p(T_i, Q_j) = \int_{Q_0}^{Q_j} F(T_i, Q)\, Q^p\, d\ln Q

    ``order = 1`` (the ions): ln F interpolated linearly in u = ln Q on each cell (exact for
    the power laws S ~ K^2 and R ~ const below the ridge); on a cell of width h with slope c,
    Int F e^{p u} du = F_j e^{p u_j} h exprel((c + p) h). The error is that of the
    interpolation, O(h^2 (ln F)''): it underestimates a ridge only a few steps wide, whose
    chords lie below it.

    ``order = 3`` (the atoms): ln F interpolated by the cubic through the four grid points
    around each cell (an interpolant exact for power laws and for a Gaussian ridge in ln Q,
    ln F quadratic), integrated by 8-point Gauss-Legendre per cell; error O(h^4) in the
    fourth derivative of ln F. The valence shells' Bethe ridge is about 2 p_0/q wide in ln Q
    (p_0 ~ 1 a.u., the orbital's momentum spread: 0.043 at T = 30 keV), a step or two of any
    affordable grid (docs/atoms.md, sec. 'Workflow'). Needs m >= 4.

    Parameters
    ----------
    Q : ndarray, shape (m,)
        Increasing grid of Q in keV^2 (m >= 4 for order 3).
    F : ndarray, shape (n, m)
        Positive tabulated response in keV^-1.
    p : int
        Power of Q.
    order : {1, 3}
        Interpolation of ln F in ln Q: linear or cubic.

    Returns
    -------
    ndarray, shape (n, m)
        In keV^-1 keV^(2p); zero in the first column.
    """
    u = np.log(Q)
    lnF = np.log(F)
    if order == 3:
        cell = _cubic_cells(u, lnF, np.arange(u.size - 1), u[:-1], u[1:], p)
    else:
        h = np.diff(u)
        c = np.diff(lnF, axis=-1) / h
        cell = np.exp(lnF[:, :-1] + p * u[:-1]) * h * exprel((c + p) * h)
    return np.concatenate([np.zeros((F.shape[0], 1)), np.cumsum(cell, axis=-1)], axis=-1)


def shell_cumulative(Q, S_shell, R_shell, order=1):
    """Cumulative integrals (:func:`cumulative_integrals`) of every shell's S and R for every power of :data:`POWERS`.

    Parameters
    ----------
    Q : ndarray, shape (m,)
        keV^2.
    S_shell, R_shell : ndarray, shape (k, n, m)
        Per-shell responses in keV^-1, zero on the rows at and below a shell's threshold.
    order : {1, 3}
        Interpolation of ln F in ln Q (the target's ``q_order``).

    Returns
    -------
    dict
        {"S": {p: C_p}, "R": {p: C_p}}, each C_p of shape (k, n, m) in keV^-1 keV^(2p); zero on
        the rows where a shell's response is not positive everywhere (below its threshold).
    """
    out = {}
    for name, F in (("S", np.asarray(S_shell, dtype=float)), ("R", np.asarray(R_shell, dtype=float))):
        out[name] = {}
        rows = np.all(F > 0, axis=2)  # (k, n): the rows above each shell's threshold
        for p in POWERS[name]:
            C = np.zeros(F.shape)
            for k in range(F.shape[0]):  # shells, each a whole (T, Q) table
                if rows[k].any():
                    C[k, rows[k]] = cumulative_integrals(Q, F[k, rows[k]], p, order)
            out[name][p] = C
    return out


def _cumulative_at(u, lnF, C, p, x, order=1):
    """Int from u_0 to x_i of F e^{p u} du per row, from C and the cell that holds x_i."""
    rows = np.arange(lnF.shape[0])
    j = np.clip(np.searchsorted(u, x, side="right") - 1, 0, u.size - 2)
    if order == 3:
        return C[rows, j] + _cubic_cells(u, lnF, j, u[j], x, p, per_row=True)
    lnF_j = lnF[rows, j]
    c = (lnF[rows, j + 1] - lnF_j) / (u[j + 1] - u[j])
    d = x - u[j]
    return C[rows, j] + np.exp(lnF_j + p * u[j]) * d * exprel((c + p) * d)


def q_integral(Q, F, q_lo, weight, cumulative=None, order=1):
    r"""Integral of weight(Q) F(T, Q) dQ/Q over [q_lo(T), weight.q_max(T)] from a stored grid.

    .. math:: \int_{Q_{lo}}^{Q_{hi}} [\alpha + \beta Q^p]\, F(T, Q)\, d\ln Q
              = \alpha\, [C_0]_{lo}^{hi} + \beta\, [C_p]_{lo}^{hi}

    with the cumulative integrals C of :func:`cumulative_integrals` evaluated at the
    limits inside their cells: the same interpolant of ln F (linear, or cubic with
    ``order = 3``) integrated over the partial cell, so the error does not grow as the
    kinematic range narrows (T -> E), and each (T, E) costs O(1) once C is stored.

    Parameters
    ----------
    Q : ndarray, shape (m,)
        Increasing grid of Q in keV^2.
    F : ndarray, shape (n, m)
        Positive tabulated response (keV^-1) on (T, Q).
    q_lo : ndarray, shape (n,)
        Lower limits per T, inside the grid.
    weight : nuion.cross_sections.magnetic.QWeight
        alpha + beta Q^power with arrays of shape (n, 1) and upper limits q_max;
        limits beyond the grid's end are clipped (the grid must reach far past
        the Bethe ridge, where the integrands fall as Q^-4).
    cumulative : dict, optional
        p -> C_p of this F (as stored by the response stage, order 1); computed when absent.
    order : {1, 3}
        Interpolation of ln F in ln Q (:func:`cumulative_integrals`): 1 for the ions, 3 for
        the atoms' narrow valence ridges.

    Returns
    -------
    ndarray, shape (n,)
    """
    u = np.log(Q)
    lo = np.log(np.asarray(q_lo, dtype=float))
    hi = np.minimum(np.log(np.broadcast_to(weight.q_max, (lo.size, 1))[:, 0]), u[-1])
    if np.any(lo < u[0] - 1e-12) or np.any(lo > u[-1]):
        raise ValueError(
            f"the Q grid [{Q[0]:.4g}, {Q[-1]:.4g}] keV^2 does not contain the lower limits "
            f"Q = T^2 in [{np.min(q_lo):.4g}, {np.max(q_lo):.4g}] keV^2: lower grid.K_min"
        )
    lnF = np.log(F)
    total = 0.0
    for coef, p in ((weight.alpha, 0), (weight.beta, weight.power)):
        coef = np.broadcast_to(coef, (lo.size, 1))[:, 0]
        if not np.any(coef):
            continue
        C = cumulative[p] if cumulative is not None and p in cumulative else cumulative_integrals(Q, F, p, order)
        total = total + coef * (_cumulative_at(u, lnF, C, p, hi, order) - _cumulative_at(u, lnF, C, p, lo, order))
    return total


def interpolate_q(Q, F, q):
    """F(T_i, q_i) per grid row i, interpolated linearly in ln F against ln Q (as the
    Q integrals assume); q inside the grid's range."""
    u = np.log(Q)
    x = np.log(np.asarray(q, dtype=float))
    idx = np.clip(np.searchsorted(u, x) - 1, 0, Q.size - 2)
    rows = np.arange(F.shape[0])
    lnF0, lnF1 = np.log(F[rows, idx]), np.log(F[rows, idx + 1])
    return np.exp(lnF0 + (x - u[idx]) / (u[idx + 1] - u[idx]) * (lnF1 - lnF0))


def complete_cumulative(Q, S_shell, R_shell, cumulative, order=1, needed=None):
    """``cumulative`` ({"S": {p: C_p}, "R": ...}, possibly missing powers) with every power of
    ``needed`` (default :data:`POWERS`) present: the missing tables computed as in
    :func:`shell_cumulative` (a response dataset written before a power was added lacks it)."""
    needed = POWERS if needed is None else needed
    cumulative = {name: dict((cumulative or {}).get(name, {})) for name in ("S", "R")}
    for name, F in (("S", np.asarray(S_shell, dtype=float)), ("R", np.asarray(R_shell, dtype=float))):
        rows = np.all(F > 0, axis=2)
        for p in needed.get(name, ()):
            if p in cumulative[name]:
                continue
            C = np.zeros(F.shape)
            for k in range(F.shape[0]):  # shells, each a whole (T, Q) table
                if rows[k].any():
                    C[k, rows[k]] = cumulative_integrals(Q, F[k, rows[k]], p, order)
            cumulative[name][p] = C
    return cumulative


def power_integral(Q, F, q_lo, q_hi, coefficients, cumulative=None, order=1):
    r"""Int_{q_lo}^{q_hi} [sum_p c_p Q^p] F(T, Q) d ln Q per row, from the cumulative tables.

    .. math:: \sum_p c_p\,[C_p]_{Q_{lo}}^{Q_{hi}}

    the generalization of :func:`q_integral` to any set of powers (each in :data:`POWERS`, or
    computed when ``cumulative`` lacks it), with the same partial-cell interpolant at the limits.

    Parameters
    ----------
    Q : ndarray, shape (m,)
        keV^2.
    F : ndarray, shape (n, m)
        Positive response, keV^-1.
    q_lo, q_hi : ndarray, shape (n,)
        Limits in keV^2; q_lo inside the grid, q_hi clipped to its end.
    coefficients : dict
        p -> c_p, arrays of shape (n,) (or scalars).
    cumulative : dict, optional
        p -> C_p of this F, shape (n, m).
    order : {1, 3}

    Returns
    -------
    ndarray, shape (n,)
    """
    u = np.log(Q)
    n = F.shape[0]
    lo = np.log(np.broadcast_to(np.asarray(q_lo, dtype=float), (n,)))
    hi = np.minimum(np.log(np.broadcast_to(np.asarray(q_hi, dtype=float), (n,))), u[-1])
    if np.any(lo < u[0] - 1e-12) or np.any(lo > u[-1]):
        raise ValueError(
            f"the Q grid [{Q[0]:.4g}, {Q[-1]:.4g}] keV^2 does not contain the lower limits "
            f"[{np.min(q_lo):.4g}, {np.max(q_lo):.4g}] keV^2: lower grid.K_min"
        )
    lnF = np.log(F)
    total = np.zeros(n)
    for p, coef in coefficients.items():
        coef = np.broadcast_to(np.asarray(coef, dtype=float), (n,))
        if not np.any(coef):
            continue
        C = cumulative[p] if cumulative is not None and p in cumulative else cumulative_integrals(Q, F, p, order)
        total = total + coef * (_cumulative_at(u, lnF, C, p, hi, order) - _cumulative_at(u, lnF, C, p, lo, order))
    return np.where(hi > lo, total, 0.0)


def interpolate_rows(Q, F, q, order=1):
    """F(T_i, q_ij) for points q of shape (n, k) per row i: ln F linear (``order = 1``) or cubic
    through four grid points (``order = 3``) in ln Q, the interpolant of the Q integrals."""
    u = np.log(Q)
    x = np.log(np.asarray(q, dtype=float))
    lnF = np.log(F)
    rows = np.arange(F.shape[0])[:, None]
    j = np.clip(np.searchsorted(u, x, side="right") - 1, 0, u.size - 2)
    if order == 3:
        s = np.clip(j - 1, 0, u.size - 4)[..., None] + np.arange(4)  # (n, k, 4)
        U = u[s]
        out = np.zeros(x.shape)
        for i in range(4):
            basis = np.ones(x.shape)
            for m in range(4):
                if m != i:
                    basis = basis * (x - U[..., m]) / (U[..., i] - U[..., m])
            out = out + basis * lnF[rows, s[..., i]]
        return np.exp(out)
    lnF0, lnF1 = lnF[rows, j], lnF[rows, j + 1]
    return np.exp(lnF0 + (x - u[j]) / (u[j + 1] - u[j]) * (lnF1 - lnF0))


def pole_integral(Q, F, T, q4_min, q_hi, order=1, n_panels=48, n_nodes=8):
    r"""The transverse photon pole: Int T^2 F(T, Q) / (Q (Q - T^2)) d ln Q from Q - T^2 = Q4_min.

    .. math:: \int_{\ln Q_{4,min}}^{\ln(Q_{hi} - T^2)} \frac{T^2 F(T, T^2 + Q_4)}{(T^2 + Q_4)^2}\, d\ln Q_4

    In v = ln Q4 the integrand is smooth: F(T, T^2)/T^2 for Q4 << T^2 (the logarithm of the
    pole) and T^2 F/Q^2 beyond. Gauss-Legendre: one panel from ln Q4_min to ln(T^2) - 4 (where
    F(T^2 + Q4) is constant to e^-4 of its slope), then ``n_panels`` equal panels up to
    min(Q_hi, grid end) - T^2 (width <= 0.5 for the grids of nuion), F interpolated as in the
    Q integrals (:func:`interpolate_rows`).

    Parameters
    ----------
    Q : ndarray, shape (m,)
    F : ndarray, shape (n, m)
        keV^-1, positive.
    T, q4_min, q_hi : ndarray, shape (n,)
        keV, keV^2, keV^2.

    Returns
    -------
    ndarray, shape (n,)
        keV^-1 keV^-2 x keV^2 = keV^-1 (the pole integral times T^2/T^2: in keV^-1).
    """
    T = np.asarray(T, dtype=float)
    t2 = T**2
    v0 = np.log(np.asarray(q4_min, dtype=float))
    vb = np.log(np.maximum(np.minimum(np.asarray(q_hi, dtype=float), Q[-1]) - t2, np.exp(v0)))
    va = np.clip(np.log(t2) - 4.0, v0, vb)
    edges = np.concatenate([v0[:, None], va[:, None] + (vb - va)[:, None] * np.linspace(0.0, 1.0, n_panels + 1)[None, :]], axis=1)
    x, w = gauss_legendre(edges[:, :-1], edges[:, 1:], n_nodes)  # (n, panels, nodes)
    x, w = x.reshape(T.size, -1), w.reshape(T.size, -1)
    q = np.clip(t2[:, None] + np.exp(x), Q[0], Q[-1])
    values = interpolate_rows(Q, F, q, order)
    return np.sum(w * t2[:, None] * values / q**2, axis=-1)
