r"""Response functions on stored (T, Q) grids, and the integrals the workflow takes of them.

The workflow's first stage tabulates S and R of the closed forms on a grid; the
later stages integrate those tables, not the closed forms, so that every number
downstream is traceable to a stored dataset. This module holds the grids and the
grid integrals; :mod:`nuion.io` writes them.

Q integrals (eqs. (5), (6), (10), (19) of [1]) run over u = ln Q. On every grid
cell clipped to the kinematic range [Q_lo(T), Q_hi(T)] the response is
interpolated linearly in ln F (exact for the power laws S ~ K^2 and R ~ const
below the ridge) and integrated exactly against the kinematic weight; the error
is O(h^2) in the step h of ln Q (measured against :func:`nuion.dcs` in
tests/test_grids.py).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np
from scipy.special import exprel

from nuion.cross_sections import approximations
from nuion.targets.ion import hydrogenic
from nuion.targets.ion import sum_rules as sr
from nuion._quadrature import gauss_legendre
from nuion.constants import ALPHA, HBAR_C_CM_KEV, M_E
from nuion.cross_sections import dcs_fe, prefactor, q_weights
from nuion.kinematics import binding_energy, momentum_unit
from nuion.targets import as_target, require_ion

__all__ = [
    "energy_grid",
    "momentum_grid",
    "response_grid",
    "POWERS",
    "cumulative_name",
    "cumulative_integrals",
    "all_cumulative",
    "q_integral",
    "atom_ratio_table",
    "U_NODES",
    "dcs_from_grid",
    "bethe_on_grid",
    "closure_on_grid",
    "momentum_transfer_on_grid",
    "dipole_on_grid",
    "photon_limit_on_grid",
    "interpolate_q",
    "approximations_from_grid",
    "atom_energy_grid",
    "atom_momentum_grid",
    "shell_response_grid",
    "atom_dcs_from_grid",
    "atom_sum_rules",
]


def energy_grid(target, w_min, w_max, n):
    """Geometric grid of T in keV from w_min to w_max in the target's energy unit
    (eps_b for a hydrogen-like ion), n points.

    ``target``: a Target, its name, or the integer Z of a hydrogen-like ion
    (:func:`nuion.targets.as_target`), here and in every function of this module.
    """
    return np.geomspace(w_min, w_max, n) * as_target(target).unit


def momentum_grid(target, k_min, k_max, n):
    """Geometric grid of Q = |q|^2 in keV^2 for K = q / (the target's momentum unit,
    alpha Z m_e) from k_min to k_max."""
    return (np.geomspace(k_min, k_max, n) * as_target(target).momentum_unit) ** 2


def response_grid(T, Q, target):
    """S(T, Q) and R(T, Q) of a target in keV^-1 (summed over its shells) on the outer
    product of T (keV) and Q (keV^2)."""
    target = as_target(target)
    T = np.asarray(T, dtype=float)[:, None]
    Q = np.asarray(Q, dtype=float)[None, :]
    return target.S(T, Q), target.R(T, Q)


#: Powers p of Q whose integrals Int F Q^p dlnQ the later stages take of each response:
#: S with Q^0 and Q^-1 (eqs. (5), (10), (17)), R with Q^0 and Q^1 (eqs. (6), (19)).
POWERS = {"S": (0, -1), "R": (0, 1)}


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


def all_cumulative(Q, S, R):
    """{"S": {p: C_p}, "R": {p: C_p}} for every power of :data:`POWERS` (the response stage's extra tables)."""
    return {name: {p: cumulative_integrals(Q, F, p) for p in POWERS[name]} for name, F in (("S", S), ("R", R))}


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
    weight : nuion.cross_sections.QWeight
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


def dcs_from_grid(T, Q, S, R, E, target, mu_nu, cumulative=None):
    """DCS components from stored S and R grids (the workflow's DCS stage).

    Same quantities and units as :func:`nuion.cross_sections.dcs_components`
    (eqs. (1), (5), (6), (9), (10), (19) of [1]) for the rows of T with T < E.

    Parameters
    ----------
    T : ndarray, shape (n,)
        Energy transfers in keV (grid rows), all < E.
    Q : ndarray, shape (m,)
        Grid of Q in keV^2.
    S, R : ndarray, shape (n, m)
        Stored responses in keV^-1.
    E : float
        Neutrino energy in keV.
    target : Target, str or int
        The target of the grid (the Q integrals need nothing of it but its grid).
    mu_nu : float
        Magnetic moment in Bohr magnetons.
    cumulative : dict, optional
        {"S": {p: C_p}, "R": {p: C_p}} as stored by the response stage
        (:func:`cumulative_integrals`); computed from S and R when absent.

    Returns
    -------
    dict of ndarray
        In cm^2/keV.
    """
    T = np.asarray(T, dtype=float)
    P = prefactor(mu_nu)
    out = {}
    cumulative = cumulative or {}
    for kind, name, F in (("par", "S", S), ("perp", "R", R), ("par_simple", "S", S), ("perp_simple", "R", R)):
        out[kind] = P * q_integral(Q, F, T**2, q_weights(T[:, None], E, kind), cumulative.get(name))
    return {
        "dcs_par": out["par"],
        "dcs_perp": out["perp"],
        "dcs_total": out["par"] + out["perp"],
        "dcs_fe": dcs_fe(T, E, mu_nu),
        "dcs_par_simplified": out["par_simple"],
        "dcs_perp_simplified": out["perp_simple"],
    }


def approximations_from_grid(T, Q, S, R, E, target, mu_nu, cumulative=None):
    """The approximations of :mod:`nuion.cross_sections.approximations` from stored grids.

    R(T, T^2) is interpolated from the grid (:func:`interpolate_q`); the
    momentum-transfer integral comes from :func:`momentum_transfer_on_grid`.
    Returns DCS in cm^2/keV, keys as :func:`nuion.cross_sections.approximations.approximation_components`.
    """
    S_cum_0 = (cumulative or {}).get("S", {}).get(0)
    R_photon = interpolate_q(Q, R, T**2)
    rule = momentum_transfer_on_grid(T, Q, S, target, S_cum_0)["total"]
    return approximations.approximation_components(T, E, target, R_photon, rule, mu_nu)


def _over_T(T, F):
    """Trapezoidal integral over the stored T rows (axis 0) in ln T."""
    return np.trapezoid(F * T[:, None], np.log(T), axis=0)


def _outside_W(density, K, W_lo, W_hi, weight):
    """Closed-form continuum integral over W outside [W_lo, W_hi], per K."""
    k_lo, k_hi = np.sqrt(W_lo - 1.0), np.sqrt(W_hi - 1.0)
    return sr.continuum_integral(density, K, weight, 0.0, k_lo) + sr.continuum_integral(
        density, K, weight, k_hi, np.inf
    )


def bethe_on_grid(T, Q, S, target):
    r"""Bethe sum rule (eq. (15) of [1]) per Q column of a stored S grid.

    .. math:: \sum_n f_n(Q) + \int \frac{2 m_e T}{Q} S(T, Q)\, dT = 1

    The integral over the grid's T range uses the stored S; the continuum
    outside it and the discrete lines come from the closed forms.

    Returns
    -------
    dict of ndarray over Q
        ``grid``, ``outside``, ``discrete``, ``total``.
    """
    Z = require_ion(target, "the Bethe rule on a grid").Z
    eps_b = binding_energy(Z)
    K = np.sqrt(Q) / momentum_unit(Z)
    grid = _over_T(T, 2 * M_E * T[:, None] * S / Q[None, :])
    outside = _outside_W(hydrogenic.gos_density, K, T[0] / eps_b, T[-1] / eps_b, lambda k: 2.0 * k)
    discrete = hydrogenic.discrete_sum(hydrogenic.gos_discrete, K)
    return {"grid": grid, "outside": outside, "discrete": discrete, "total": grid + outside + discrete}


def closure_on_grid(T, Q, R, target):
    r"""Transverse closure rule per Q column of a stored R grid, in units of (alpha Z)^2.

    .. math:: \sum_n R_n + \frac{1}{(\alpha Z)^2}\int R(T, Q)\, dT = \frac{1}{3}

    Returns
    -------
    dict of ndarray over Q
        ``grid``, ``outside``, ``discrete``, ``total`` (exact total: 1/3).
    """
    Z = require_ion(target, "the closure rule on a grid").Z
    eps_b = binding_energy(Z)
    K = np.sqrt(Q) / momentum_unit(Z)
    grid = _over_T(T, R) / (ALPHA * Z) ** 2
    outside = _outside_W(hydrogenic.transverse_density, K, T[0] / eps_b, T[-1] / eps_b, lambda k: k)
    discrete = hydrogenic.discrete_sum(hydrogenic.transverse_discrete, K)
    return {"grid": grid, "outside": outside, "discrete": discrete, "total": grid + outside + discrete}


def momentum_transfer_on_grid(T, Q, S, target, S_cum_0=None):
    r"""Momentum-transfer sum rule (eq. (17) of [1]) per T row of a stored S grid.

    .. math:: T\int_0^\infty S(T, Q)\,\frac{dQ}{Q}

    The grid's Q range from the stored S (its cumulative integral ``S_cum_0`` when
    given); Q outside it from the closed form.

    Returns
    -------
    dict of ndarray over T
        ``grid``, ``outside``, ``total`` (compared with 1, not enforced).
    """
    Z = require_ion(target, "the momentum-transfer rule on a grid").Z
    eps_b = binding_energy(Z)
    W = T / eps_b
    C = cumulative_integrals(Q, S, 0) if S_cum_0 is None else S_cum_0
    grid = T * C[:, -1]
    K_lo, K_hi = np.sqrt(Q[0]) / momentum_unit(Z), np.sqrt(Q[-1]) / momentum_unit(Z)
    outside = sr.momentum_transfer_rule(W, 0.0, K_lo) + sr.momentum_transfer_rule(W, K_hi, np.inf)
    return {"grid": grid, "outside": outside, "total": grid + outside}


def dipole_on_grid(T, Q, S, R):
    """R Q / (S T^2) on the smallest stored Q (eq. (22) of [1]: tends to 1 as Q -> 0)."""
    return R[:, 0] * Q[0] / (S[:, 0] * T**2)


def photon_limit_on_grid(T, Q, R, target):
    r"""Real-photon limit from the stored R (eq. (23) of [1]).

    Returns the ratio of 4 pi^2 alpha R(T, Q_min)/T (Q_min the smallest stored Q,
    the dipole limit) to Stobbe's cross section (exact value 1 + O(Q_min)), and
    the retardation factor R(T, T^2)/R(T, Q_min) with R(T, T^2) interpolated
    log-linearly in ln Q from the grid.
    """
    Z = require_ion(target, "the Stobbe limit on a grid").Z
    sigma0 = 4 * np.pi**2 * ALPHA * R[:, 0] / T * HBAR_C_CM_KEV**2
    stobbe = sigma0 / sr.stobbe_cross_section(T, Z)
    return {"stobbe_ratio": stobbe, "retardation": interpolate_q(Q, R, T**2) / R[:, 0]}


def interpolate_q(Q, F, q):
    """F(T_i, q_i) per grid row i, interpolated linearly in ln F against ln Q (as the
    Q integrals assume); q inside the grid's range."""
    u = np.log(Q)
    x = np.log(np.asarray(q, dtype=float))
    idx = np.clip(np.searchsorted(u, x) - 1, 0, Q.size - 2)
    rows = np.arange(F.shape[0])
    lnF0, lnF1 = np.log(F[rows, idx]), np.log(F[rows, idx + 1])
    return np.exp(lnF0 + (x - u[idx]) / (u[idx + 1] - u[idx]) * (lnF1 - lnF0))


#: Checks of :func:`sum_rule_checks` that fail the workflow; the momentum-transfer
#: rule (eq. (17)) is reported only: whether it holds is a question of the paper.
ENFORCED = ("cumulative", "bethe", "closure", "dipole", "stobbe")


def sum_rule_checks(T, Q, S, R, target, tolerance, limit_tolerance, n_check, cumulative=None):
    """Every rule and limit of docs/physics.md, sec. 'Sum rules and limits', on a stored grid of one target.

    Parameters
    ----------
    T, Q : ndarray
        Grid coordinates in keV and keV^2.
    S, R : ndarray, shape (T.size, Q.size)
        Stored responses in keV^-1.
    target : Target, str or int
        The target of the grid (a hydrogen-like ion: the parts outside the grid and
        the discrete lines come from its closed forms).
    tolerance : float
        Largest accepted |sum/exact - 1| for the Bethe and closure rules.
    limit_tolerance : float
        Largest accepted deviation of the dipole and Stobbe limits (smallest Q).
    n_check : int
        Number of Q columns (evenly strided) on which Bethe and closure are checked.
    cumulative : dict, optional
        Stored cumulative integrals ({"S": {p: C_p}, ...}); checked against S and R
        (they feed the DCS stage, so a damaged one must not pass unnoticed).

    Returns
    -------
    dict
        ``Q_check``, the per-part results of every rule, and ``checks``: name ->
        (max deviation, tolerance, enforced).
    """
    cols = slice(None, None, max(1, Q.size // n_check))
    Qc = Q[cols]
    target = require_ion(target, "sum_rule_checks")
    bethe = bethe_on_grid(T, Qc, S[:, cols], target)
    closure = closure_on_grid(T, Qc, R[:, cols], target)
    mt = momentum_transfer_on_grid(T, Q, S, target, (cumulative or {}).get("S", {}).get(0))
    dipole = dipole_on_grid(T, Q, S, R)
    photon = photon_limit_on_grid(T, Q, R, target)
    stored_vs_recomputed = 0.0
    for name, F in (("S", S), ("R", R)):
        for p, C in (cumulative or {}).get(name, {}).items():
            fresh = cumulative_integrals(Q, F, p)
            stored_vs_recomputed = max(stored_vs_recomputed, np.max(np.abs(C - fresh)) / np.max(np.abs(fresh)))
    deviation = {
        "cumulative": (stored_vs_recomputed, 1e-12),
        "bethe": (np.max(np.abs(bethe["total"] - 1)), tolerance),
        "closure": (np.max(np.abs(3 * closure["total"] - 1)), tolerance),
        "dipole": (np.max(np.abs(dipole - 1)), limit_tolerance),
        "stobbe": (np.max(np.abs(photon["stobbe_ratio"] - 1)), limit_tolerance),
        "momentum_transfer": (np.max(np.abs(mt["total"] - 1)), np.nan),
    }
    checks = {name: (float(dev), float(tol), name in ENFORCED) for name, (dev, tol) in deviation.items()}
    return {
        "Q_check": Qc,
        "bethe": bethe,
        "closure": closure,
        "momentum_transfer": mt,
        "dipole": dipole,
        "photon": photon,
        "checks": checks,
    }


# -- neutral atoms: every shell on one (T, Q) grid ----------------------------------------------


def atom_energy_grid(target, T_min, T_max, per_decade, edge_points, edge_offset):
    r"""Energy-transfer grid of an atom in keV: geometric between edges, dense just above each.

    The shell thresholds B_nl inside (T_min, T_max) cut [T_min, T_max] into intervals.
    Each interval [a, b) gets ceil(per_decade log10(b/a)) geometric points (at least 2), its
    first point moved to a (1 + edge_offset[0]) when a is a threshold (the response vanishes
    at B_nl itself); each threshold a gets ``edge_points`` more points

    .. math:: T_k = a\,(1 + \delta_k), \qquad \delta_k \text{ geometric from edge\_offset[0] to edge\_offset[1]},

    where the response rises steeply (docs/atoms.md, sec. 'Workflow').

    Parameters
    ----------
    target : Target
        The atom (its shells' ``binding``, model or measured).
    T_min, T_max : float
        keV, T_max > T_min > the atom's lowest threshold.
    per_decade : int
        Geometric points per decade of T between edges.
    edge_points : int
        Extra points just above each threshold inside the range.
    edge_offset : sequence of two floats
        Smallest and largest relative offset delta above a threshold.

    Returns
    -------
    ndarray
        Increasing T in keV, none at a threshold.

    Examples
    --------
    >>> from nuion.targets import Shell, Target
    >>> class Two(Target):
    ...     shells = (Shell("1s", 1, 0, 2, 10.0), Shell("2s", 2, 0, 2, 1.0))
    ...     threshold, unit = 1.0, 1.0
    >>> T = atom_energy_grid(Two(), 2.0, 20.0, 4, 2, (1e-3, 1e-2))
    >>> bool(np.isclose(T[0], 2.0) and np.isclose(T[-1], 20.0)), bool(np.any(np.isclose(T, 10.01)))
    (True, True)
    >>> T[(T > 10) & (T < 10.2)].round(4).tolist()  # the interval's first point is the first edge point
    [10.01, 10.1]
    """
    target = as_target(target)
    if not T_max > T_min > target.threshold:
        raise ValueError(
            f"atom T range [{T_min:g}, {T_max:g}] keV of {target.name} must be increasing and start above "
            f"its lowest threshold {target.threshold:.4g} keV"
        )
    edges = sorted({s.binding for s in target.shells if T_min < s.binding < T_max})
    starts = [T_min, *edges]
    ends = [*edges, T_max]
    lo, hi = edge_offset
    points = [np.array([T_max])]
    for i, (a, b) in enumerate(zip(starts, ends)):
        n = max(2, int(np.ceil(per_decade * np.log10(b / a))))
        seg = np.geomspace(a, b, n + 1)[:-1]
        if i > 0:  # a is a threshold
            seg[0] = a * (1.0 + lo)
            points.append(a * (1.0 + np.geomspace(lo, hi, edge_points)) if edge_points else seg[:0])
        points.append(seg)
    T = np.unique(np.concatenate(points))
    return T[(T >= T_min) & (T <= T_max)]


def atom_momentum_grid(Q_min, Q_max, per_decade, ridge_per_decade, T_min, T_max):
    r"""Q grid of an atom in keV^2: geometric, denser in the band of the Bethe ridges.

    ``per_decade`` points per decade of Q, and ``ridge_per_decade`` inside the band

    .. math:: m_e T_{min} \le Q \le 4 m_e T_{max}

    (a factor 2 either side of the ridges Q = 2 m_e T of the T range). A valence shell's ridge
    is about 2 p_0 / q wide in ln Q (p_0 ~ 1 a.u. its momentum spread, q = sqrt(2 m_e T)):
    0.043 at T = 30 keV, where 80 points per decade (step 0.029 in ln Q) put about 1.5 steps
    across it (enough for the cubic rule: 3.4e-3 from a 960-point grid there); below and above
    the band the responses are smooth power laws of Q (docs/atoms.md, sec. 'Workflow').

    Parameters
    ----------
    Q_min, Q_max : float
        Ends in keV^2, 0 < Q_min < Q_max.
    per_decade, ridge_per_decade : int
        Points per decade outside and inside the band (>= 1).
    T_min, T_max : float
        The T range of the grid in keV (sets the band).

    Returns
    -------
    ndarray
        Increasing Q in keV^2, from Q_min to Q_max, each piece geometric.

    Examples
    --------
    >>> Q = atom_momentum_grid(1e-3, 3e5, 8, 80, 0.1, 30.0)
    >>> Q.size, bool(np.isclose(Q[0], 1e-3) and np.isclose(Q[-1], 3e5))
    (292, True)
    """
    if not (0 < Q_min < Q_max and per_decade >= 1 and ridge_per_decade >= 1):
        raise ValueError(f"need 0 < Q_min < Q_max and points per decade >= 1, got {Q_min}, {Q_max}, {per_decade}, {ridge_per_decade}")
    a, b = np.clip([M_E * T_min, 4.0 * M_E * T_max], Q_min, Q_max)
    pieces = []
    for lo, hi, density in ((Q_min, a, per_decade), (a, b, ridge_per_decade), (b, Q_max, per_decade)):
        if hi > lo * (1 + 1e-12):
            pieces.append(np.geomspace(lo, hi, max(1, int(np.ceil(density * np.log10(hi / lo)))) + 1)[:-1])
    return np.concatenate([*pieces, [Q_max]])


def shell_response_grid(target, shell, T, Q):
    """S and R of one shell of an atom on the outer product of T (keV) and Q (keV^2), keV^-1.

    Zero at and below the shell's threshold. The whole grid is one call of the radial engine
    (``Atom.shell_responses``; each continuum function reused across all q).

    Raises
    ------
    FloatingPointError
        When the engine fails (partial waves not converged, overflow) or returns a value that
        is not finite or is negative: the message names the target, the shell and the energy
        transfer, so that no NaN reaches a stored grid.
    """
    target = as_target(target)
    sh = target.shell(shell)
    T = np.asarray(T, dtype=float)
    Q = np.asarray(Q, dtype=float)
    try:
        if hasattr(target, "shell_responses"):
            S, R = target.shell_responses(sh, T, np.sqrt(Q))
        else:
            S, R = target.S(T[:, None], Q[None, :], sh), target.R(T[:, None], Q[None, :], sh)
    except (FloatingPointError, OverflowError, ArithmeticError) as err:
        raise FloatingPointError(
            f"response of {target.name} shell {sh.label} failed at T = {T.min():.4g}..{T.max():.4g} keV: {err}"
        ) from None
    for name, F in (("S", S), ("R", R)):
        bad = ~np.isfinite(F) | (F < 0)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise FloatingPointError(
                f"response of {target.name} shell {sh.label}: {name} = {float(F[i, j])!r} at T = {T[i]:.6g} keV, "
                f"Q = {Q[j]:.6g} keV^2 ({int(bad.sum())} bad values); nothing was stored"
            )
    below = T <= sh.binding
    S[below] = 0.0
    R[below] = 0.0
    return S, R


def _shell_q_integral(Q, F, T, binding, E, kind):
    """Q integral (:func:`q_integral`) of one shell's response on its rows above threshold; 0 below."""
    out = np.zeros(T.size)
    rows = T > binding
    E = np.broadcast_to(np.asarray(E, dtype=float), T.shape)
    if rows.any():
        Fr = F[rows]
        if np.any(Fr <= 0):
            i, j = np.argwhere(Fr <= 0)[0]
            raise ValueError(
                f"stored response is not positive above the threshold {binding:.4g} keV "
                f"(T = {T[rows][i]:.6g} keV, Q = {Q[j]:.6g} keV^2): lower atoms.Q.max or check the grid"
            )
        out[rows] = q_integral(Q, Fr, T[rows] ** 2, q_weights(T[rows][:, None], E[rows][:, None], kind), order=3)
    return out


def atom_dcs_from_grid(T, Q, S_shell, R_shell, bindings, occupancies, E, mu_nu):
    r"""DCS of an atom per shell and summed, from stored per-shell grids.

    .. math::
        \frac{d\sigma_{nl}}{dT} = \text{eqs. (5) + (6) of [1] with } S_{nl}, R_{nl},
        \qquad \frac{d\sigma}{dT} = \sum_{nl} \frac{d\sigma_{nl}}{dT}

    compared with Z times eq. (1) (``ratio_fe_atom``) and with the stepping approximation
    sum_nl N_nl theta(T - B_nl) eq. (1) (``ratio_stepping_atom``; :func:`nuion.cross_sections.approximations.dcs_stepping`).

    Parameters
    ----------
    T : ndarray, shape (n,)
        keV, T < E.
    Q : ndarray, shape (m,)
        keV^2, containing every T^2.
    S_shell, R_shell : ndarray, shape (k, n, m)
        Per-shell responses in keV^-1 (0 at and below each threshold).
    bindings : sequence of float, shape (k,)
        Shell thresholds in keV.
    occupancies : sequence of int, shape (k,)
        Electrons per shell.
    E : float or ndarray, shape (n,)
        Neutrino energy in keV (one per T row when an array: :func:`atom_ratio_table`).
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    dict of ndarray
        ``dcs_par_shell``, ``dcs_perp_shell`` (k, n); ``dcs_par``, ``dcs_perp``, ``dcs_total``,
        ``dcs_fe`` (per electron), ``dcs_stepping``, ``ratio_fe_atom``, ``ratio_stepping_atom``,
        ``perp_over_par`` (n,); cm^2/keV or 1.
    """
    T = np.asarray(T, dtype=float)
    P = prefactor(mu_nu)
    par = np.array([P * _shell_q_integral(Q, S, T, b, E, "par") for S, b in zip(S_shell, bindings)])
    perp = np.array([P * _shell_q_integral(Q, R, T, b, E, "perp") for R, b in zip(R_shell, bindings)])
    fe = dcs_fe(T, E, mu_nu)
    electrons = np.sum([n * (T > b) for b, n in zip(bindings, occupancies)], axis=0)
    total = par.sum(axis=0) + perp.sum(axis=0)
    stepping = electrons * fe
    with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 only below every threshold given
        ratios = {"ratio_stepping_atom": total / stepping, "perp_over_par": perp.sum(axis=0) / par.sum(axis=0)}
    return {
        "dcs_par_shell": par,
        "dcs_perp_shell": perp,
        "dcs_par": par.sum(axis=0),
        "dcs_perp": perp.sum(axis=0),
        "dcs_total": total,
        "dcs_fe": fe,
        "dcs_stepping": stepping,
        "ratio_fe_atom": total / (np.sum(occupancies) * fe),
        **ratios,
        "v_ejected": np.sqrt(2.0 * np.clip(T - np.min(bindings), 0.0, None) / M_E),
    }


#: Nodes u = T/E of the rate tables (:func:`atom_ratio_table`): geometric from 1e-5 (E = 1e5 T,
#: beyond every source at T >= 0.1 keV) to 0.9; 49 nodes (tests/test_rates.py, docs/rates.md,
#: sec. "The atom model": doubling them moves the rates by < 2.5e-3).
U_NODES = np.geomspace(1e-5, 0.9, 49)


def atom_ratio_table(T, Q, S_shell, R_shell, bindings, occupancies, u=U_NODES):
    r"""Per-shell magnetic DCS of an atom over eq. (1), on (T, u = T/E), for the rates stage.

    .. math:: r_{nl}(T, u) = \frac{d\sigma_{nl}/dT\,(T, E = T/u)}{d\sigma_{\rm FE}/dT\,(T, E)}

    with the shell DCS of :func:`atom_dcs_from_grid` (eqs. (5) + (6) of [1], Q integrals of the
    stored grid) and eq. (1) per electron without the free-electron endpoint; the atom's DCS
    is sum_nl r_nl x eq. (1) (:class:`nuion.detectors.rates.ShellRatios`, docs/rates.md, sec. "The atom
    model"). The ratio is independent of mu_nu.

    Parameters
    ----------
    T : ndarray, shape (n,)
        keV, the stored grid.
    Q : ndarray, shape (m,)
        keV^2, containing every T^2.
    S_shell, R_shell : ndarray, shape (k, n, m)
        Per-shell responses in keV^-1.
    bindings, occupancies : sequence, shape (k,)
        keV and electrons.
    u : ndarray, shape (p,)
        Increasing nodes of T/E in (0, 1).

    Returns
    -------
    ndarray, shape (k, n, p)
        Dimensionless; 0 at and below each shell's threshold.

    Examples
    --------
    >>> from nuion import targets
    >>> ion = targets.get("Z1")
    >>> T, Q = np.geomspace(0.02, 1.0, 6), np.geomspace(1e-4, 1e4, 400)
    >>> S, R = ion.S(T[:, None], Q[None, :]), ion.R(T[:, None], Q[None, :])
    >>> r = atom_ratio_table(T, Q, S[None], R[None], [ion.threshold], [1], u=np.array([0.01]))
    >>> d = atom_dcs_from_grid(T, Q, S[None], R[None], [ion.threshold], [1], T / 0.01, 1e-11)
    >>> bool(np.allclose(r[0, :, 0], d["dcs_total"] / d["dcs_fe"], rtol=1e-12))
    True
    """
    T = np.asarray(T, dtype=float)
    u = np.asarray(u, dtype=float)
    if np.any(u <= 0) or np.any(u >= 1) or np.any(np.diff(u) <= 0):
        raise ValueError(f"u = T/E must increase inside (0, 1), got {u[0]:.3g}..{u[-1]:.3g}")
    out = np.zeros((len(bindings), T.size, u.size))
    with np.errstate(divide="ignore", invalid="ignore"):  # ratio_stepping_atom is 0/0 below every edge
        for j, uj in enumerate(u):
            c = atom_dcs_from_grid(T, Q, S_shell, R_shell, bindings, occupancies, T / uj, 1.0)
            out[:, :, j] = (c["dcs_par_shell"] + c["dcs_perp_shell"]) / c["dcs_fe"]
    return out


def atom_sum_rules(T, Q, S_shell, R_shell, element, occupancies, Q_check):
    r"""Checks of an atom's stored per-shell grids: finiteness, partial Bethe sums, dipole and photon limits.

    * NaN / negative check of every stored value (enforced by the workflow);
    * per shell, the continuum oscillator strength inside the stored T range,

      .. math:: f_{nl}^{grid}(Q) = \int_{T_{min}}^{T_{max}} \frac{2 m_e T}{Q} S_{nl}(T, Q)\, dT

      (trapezoid in ln T) at the grid columns nearest to ``Q_check``, over N_nl: a lower bound
      of the Bethe sum (bound final states and T outside the grid are missing; the full sum is
      :meth:`nuion.targets.atom.atom.Atom.bethe_sum`);
    * the dipole limit R Q / (S T^2) at the smallest stored Q per shell and summed (eq. (22)
      of [1]: tends to 1 when initial and final states are eigenstates of one Hamiltonian,
      i.e. ``mean-field``);
    * the real-photon limit sigma_gamma = 4 pi^2 alpha R(T, T^2)/T per shell (eq. (23) of [1]),
      R interpolated in ln Q, against the Elam photoabsorption table (xraydb).

    Parameters
    ----------
    T, Q : ndarray
        Grid coordinates, keV and keV^2.
    S_shell, R_shell : ndarray, shape (k, n_T, n_Q)
        Stored per-shell responses, keV^-1.
    element : str
        Element symbol (the photoabsorption table).
    occupancies : sequence of int, shape (k,)
    Q_check : sequence of float
        keV^2; the nearest grid columns are used.

    Returns
    -------
    dict
        ``Q_check`` (keV^2, grid columns), ``bethe_grid_shell`` (k, n_check), ``dipole_shell`` (k, n),
        ``dipole`` (n), ``sigma_gamma_shell`` (k, n) and ``sigma_table`` (n) in barn, ``n_bad`` (int).
    """
    from nuion.targets.atom.thresholds import BARN_CM2, photoabsorption_table

    n_bad = int(np.sum(~np.isfinite(S_shell) | (S_shell < 0)) + np.sum(~np.isfinite(R_shell) | (R_shell < 0)))
    cols = np.unique([int(np.argmin(np.abs(np.log(Q / qc)))) for qc in Q_check])
    Qc = Q[cols]
    occ = np.asarray(occupancies, dtype=float)
    bethe = np.array([_over_T(T, 2 * M_E * T[:, None] * S[:, cols] / Qc[None, :]) for S in S_shell]) / occ[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        S0 = S_shell[:, :, 0]
        dipole_shell = np.where(S0 > 0, R_shell[:, :, 0] * Q[0] / (S0 * T**2), 0.0)  # 0 below threshold
        dipole = R_shell[:, :, 0].sum(axis=0) * Q[0] / (S0.sum(axis=0) * T**2)
    R_photon = np.zeros(R_shell.shape[:2])
    for k, R in enumerate(R_shell):
        rows = np.all(R > 0, axis=1)
        if rows.any():
            R_photon[k, rows] = interpolate_q(Q, R[rows], T[rows] ** 2)
    sigma = 4 * np.pi**2 * ALPHA * R_photon / T * HBAR_C_CM_KEV**2 / BARN_CM2
    table = photoabsorption_table(element, np.clip(T, 0.1, None))
    return {
        "Q_check": Qc,
        "bethe_grid_shell": bethe,
        "dipole_shell": dipole_shell,
        "dipole": dipole,
        "sigma_gamma_shell": sigma,
        "sigma_table": table,
        "n_bad": n_bad,
    }
