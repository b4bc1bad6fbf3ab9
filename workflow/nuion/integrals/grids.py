r"""Grids of the response stage: T and Q grids of every kind of target, and one shell's S and R on them.

A hydrogen-like ion's grids are geometric in its natural units (T/eps_b, K = q/(alpha Z m_e));
an atom's T grid is geometric between its shell edges with extra points just above each, its Q
grid denser in the band of the Bethe ridges (docs/atoms.md, sec. 'Workflow'). :func:`target_grid`
chooses the recipe by the kind of target; :func:`shell_response_grid` tabulates one shell of
any target.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np

from nuion.constants import M_E
from nuion.targets import HydrogenLikeIon, as_target

__all__ = [
    "energy_grid",
    "momentum_grid",
    "atom_energy_grid",
    "atom_momentum_grid",
    "target_grid",
    "shell_response_grid",
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
    >>> from nuion.targets.base import Shell, Target
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


def target_grid(target, job):
    """The (T, Q) grid of the response stage for ``target``: T in keV, Q in keV^2.

    Parameters
    ----------
    target : Target
    job : dict
        The configured grid of this kind of target: ``T_over_eb`` {min, max, n} and ``grid``
        {K_min, K_max, n_Q} for a hydrogen-like ion (:func:`energy_grid`, :func:`momentum_grid`);
        ``T`` {min, max, per_decade, edge_points, edge_offset} and ``Q`` {min, max, per_decade,
        ridge_per_decade} for an atom (:func:`atom_energy_grid`, :func:`atom_momentum_grid`).

    Returns
    -------
    T, Q : ndarray
    """
    if isinstance(target, HydrogenLikeIon):
        t, g = job["T_over_eb"], job["grid"]
        return energy_grid(target, t["min"], t["max"], t["n"]), momentum_grid(target, g["K_min"], g["K_max"], g["n_Q"])
    t, q = job["T"], job["Q"]
    T = atom_energy_grid(target, t["min"], t["max"], t["per_decade"], t["edge_points"], t["edge_offset"])
    Q = atom_momentum_grid(q["min"], q["max"], q["per_decade"], q["ridge_per_decade"], t["min"], t["max"])
    return T, Q


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
