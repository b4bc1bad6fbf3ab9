r"""Differential cross sections of any target from its stored per-shell response grids.

One function per quantity, whatever the target is: a hydrogen-like ion is a target with one
shell, an atom one with many. Per shell, eqs. (5), (6) (and their simplified forms (10), (19))
of [1] with S_nl and R_nl, integrated over Q by :func:`nuion.integrals.qintegrals.q_integral`
with the target's rule (``q_order``); summed over shells; compared with free electrons (eq. (1)
times the number of electrons) and with the stepping approximation. Targets with closed forms
(the hydrogen-like ion) add the approximations of :mod:`nuion.cross_sections.approximations`.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np

from nuion.cross_sections import approximations, dcs_fe, prefactor, q_weights
from nuion.integrals.checks import momentum_transfer_on_grid
from nuion.integrals.qintegrals import (
    POWERS,
    complete_cumulative,
    interpolate_q,
    interpolate_rows,
    pole_integral,
    power_integral,
    q_integral,
    shell_cumulative,
)
from nuion.targets import HydrogenLikeIon

__all__ = ["KINDS", "channel_dcs_from_grid", "channel_ratio_table", "shell_ratios_at", "dcs_from_grid", "ratios", "approximations_from_grid", "has_closed_forms", "components", "U_NODES", "ratio_table"]

#: Q integrals per shell: name in the components, kind of weight (:func:`nuion.cross_sections.q_weights`), response.
KINDS = {
    "dcs_par_shell": ("par", "S"),
    "dcs_perp_shell": ("perp", "R"),
    "dcs_par_simplified_shell": ("par_simple", "S"),
    "dcs_perp_simplified_shell": ("perp_simple", "R"),
}


def _shell_integrals(T, Q, S_shell, R_shell, target, E, cumulative, kinds):
    """Q integrals of every shell (rows above its threshold; 0 below), per kind of :data:`KINDS`, keV^-1 x weight."""
    E = np.broadcast_to(np.asarray(E, dtype=float), T.shape)
    responses = {"S": S_shell, "R": R_shell}
    out = {name: np.zeros((len(target.shells), T.size)) for name in kinds}
    for k, shell in enumerate(target.shells):  # shells, each a whole (T, Q) table
        rows = T > shell.binding
        if not rows.any():
            continue
        for name in ("S", "R"):
            F = responses[name][k, rows]
            if np.any(F <= 0):
                i, j = np.argwhere(F <= 0)[0]
                raise ValueError(
                    f"stored response {name} of shell {shell.label} is not positive above its threshold "
                    f"{shell.binding:.4g} keV (T = {T[rows][i]:.6g} keV, Q = {Q[j]:.6g} keV^2): check the grid"
                )
        for name in kinds:
            kind, response = KINDS[name]
            C = {p: cumulative[response][p][k, rows] for p in POWERS[response] if p in cumulative[response]}
            weight = q_weights(T[rows][:, None], E[rows][:, None], kind)
            out[name][k, rows] = q_integral(Q, responses[response][k, rows], T[rows] ** 2, weight, C, target.q_order)
    return out


def dcs_from_grid(T, Q, S_shell, R_shell, target, E, mu_nu, cumulative=None, simplified=True):
    r"""DCS of a target per shell and summed, from stored per-shell grids.

    .. math::
        \frac{d\sigma_{nl}}{dT} = \text{eqs. (5) + (6) of [1] with } S_{nl}, R_{nl},
        \qquad \frac{d\sigma}{dT} = \sum_{nl} \frac{d\sigma_{nl}}{dT}

    compared with the free-electron formula eq. (1) per electron (``dcs_fe``) and with the
    stepping approximation sum_nl N_nl theta(T - B_nl) eq. (1)
    (:func:`nuion.cross_sections.approximations.dcs_stepping`). For a hydrogen-like ion (one
    shell, linear Q rule) the totals are those of :func:`nuion.cross_sections.dcs_components`
    on the grid (tests/test_grids.py: 1e-4 against direct integration).

    Parameters
    ----------
    T : ndarray, shape (n,)
        Energy transfers in keV, T < E.
    Q : ndarray, shape (m,)
        keV^2, containing every T^2.
    S_shell, R_shell : ndarray, shape (k, n, m)
        Per-shell responses in keV^-1 (0 at and below each shell's threshold).
    target : Target
        Its ``shells`` (thresholds and occupancies, in the order of the arrays), ``n_electrons``
        and ``q_order`` (1: ln F linear in ln Q, 3: cubic).
    E : float or ndarray, shape (n,)
        Neutrino energy in keV (one per T row when an array: :func:`ratio_table`).
    mu_nu : float
        Bohr magnetons.
    cumulative : dict, optional
        Stored cumulative tables {"S": {p: (k, n, m)}, "R": ...}
        (:func:`nuion.integrals.qintegrals.shell_cumulative`); computed when absent.
    simplified : bool
        Also the simplified kinematics, eqs. (10) and (19).

    Returns
    -------
    dict of ndarray
        ``dcs_par_shell``, ``dcs_perp_shell`` (k, n) and, with ``simplified``, their eq. (10), (19)
        twins; ``dcs_par``, ``dcs_perp``, ``dcs_total``, ``dcs_fe`` (per electron),
        ``dcs_stepping`` and ``dcs_par_simplified``, ``dcs_perp_simplified`` (n,); cm^2/keV.
    """
    T = np.asarray(T, dtype=float)
    if cumulative is None:
        cumulative = shell_cumulative(Q, S_shell, R_shell, target.q_order)
    kinds = [k for k in KINDS if simplified or "simplified" not in k]
    P = prefactor(mu_nu)
    out = {name: P * value for name, value in _shell_integrals(T, Q, S_shell, R_shell, target, E, cumulative, kinds).items()}
    for name in list(out):
        out[name.removesuffix("_shell")] = out[name].sum(axis=0)
    out["dcs_total"] = out["dcs_par"] + out["dcs_perp"]
    out["dcs_fe"] = dcs_fe(T, E, mu_nu)
    out["dcs_stepping"] = approximations.dcs_stepping(T, E, target, mu_nu)
    return out


def ratios(components, n_electrons):
    r"""Ratios of the DCS components: to free electrons, to stepping, transverse over longitudinal.

    .. math:: \text{ratio\_X} = \frac{d\sigma_X/dT}{N_e\, d\sigma_{FE}/dT}

    for every total component X (eq. (1) times the target's N_e electrons: for a hydrogen-like
    ion the paper's DCS/FE of Fig. 1; the stepping approximation's is ``ratio_stepping_fe``),
    ``ratio_simplified`` = (eq. (10) + eq. (19)) over the same, ``ratio_fe_atom`` =
    ``ratio_total``, ``ratio_stepping`` = dcs_total / dcs_stepping and ``perp_over_par``
    (Fig. 2). Dimensionless; 0/0 (T = E, or below every threshold for the stepping ratios)
    gives NaN.
    """
    c = components
    free = n_electrons * c["dcs_fe"]
    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for name, values in c.items():
            if name.startswith("dcs_") and not name.endswith("_shell") and name not in ("dcs_fe", "dcs_par_simplified", "dcs_perp_simplified"):
                # ratio_stepping is the DCS over the stepping approximation (below), as in nuion dcs
                out["ratio_stepping_fe" if name == "dcs_stepping" else "ratio_" + name[4:]] = values / free
        if "dcs_par_simplified" in c:
            out["ratio_simplified"] = (c["dcs_par_simplified"] + c["dcs_perp_simplified"]) / free
        out["ratio_fe_atom"] = c["dcs_total"] / free
        out["ratio_stepping"] = c["dcs_total"] / c["dcs_stepping"]
        out["perp_over_par"] = c["dcs_perp"] / c["dcs_par"]
    return out


def approximations_from_grid(T, Q, S, R, E, target, mu_nu, S_cum_0=None):
    """The approximations of :mod:`nuion.cross_sections.approximations` from a stored grid (targets with closed forms).

    R(T, T^2) is interpolated from the grid (:func:`nuion.integrals.qintegrals.interpolate_q`);
    the momentum-transfer integral comes from :func:`nuion.integrals.checks.momentum_transfer_on_grid`.
    ``S``, ``R``: the target's summed responses (n, m) in keV^-1; ``S_cum_0`` their stored
    cumulative integral against Q^0. Returns DCS in cm^2/keV, keys as
    :func:`nuion.cross_sections.approximations.approximation_components`.
    """
    R_photon = interpolate_q(Q, R, T**2)
    rule = momentum_transfer_on_grid(T, Q, S, target, S_cum_0)["total"]
    return approximations.approximation_components(T, E, target, R_photon, rule, mu_nu)


def has_closed_forms(target):
    """Whether a target has the closed forms behind the approximations and discrete lines (the hydrogen-like ion)."""
    return isinstance(target, HydrogenLikeIon)


def components(T, Q, S_shell, R_shell, target, E, mu_nu, cumulative=None):
    """Every DCS quantity of the DCS stage for one (target, E): :func:`dcs_from_grid`, the
    approximations where the target has closed forms (:func:`approximations_from_grid`, the
    hydrogen-like ion) and :func:`ratios`. Arguments as :func:`dcs_from_grid`; cm^2/keV and 1."""
    if cumulative is None:
        cumulative = shell_cumulative(Q, S_shell, R_shell, target.q_order)
    out = dcs_from_grid(T, Q, S_shell, R_shell, target, E, mu_nu, cumulative)
    if has_closed_forms(target):
        S, R = S_shell.sum(axis=0), R_shell.sum(axis=0)
        out.update(approximations_from_grid(T, Q, S, R, E, target, mu_nu, cumulative["S"][0].sum(axis=0)))
    out.update(ratios(out, target.n_electrons))
    return out


#: Nodes u = T/E of the rate tables (:func:`ratio_table`): geometric from 1e-5 (E = 1e5 T,
#: beyond every source at T >= 0.1 keV) to 0.9; 49 nodes (tests/test_rates.py, docs/rates.md,
#: sec. "The atom model": doubling them moves the rates by < 2.5e-3).
U_NODES = np.geomspace(1e-5, 0.9, 49)


def ratio_table(T, Q, S_shell, R_shell, target, u=U_NODES, cumulative=None):
    r"""Per-shell magnetic DCS of a target over eq. (1), on (T, u = T/E), for the rates stage.

    .. math:: r_{nl}(T, u) = \frac{d\sigma_{nl}/dT\,(T, E = T/u)}{d\sigma_{\rm FE}/dT\,(T, E)}

    with the shell DCS of :func:`dcs_from_grid` (eqs. (5) + (6) of [1], Q integrals of the
    stored grid) and eq. (1) per electron without the free-electron endpoint; the target's DCS
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
    target : Target
        Shells in the order of the arrays, and the Q rule (:func:`dcs_from_grid`).
    u : ndarray, shape (p,)
        Increasing nodes of T/E in (0, 1).
    cumulative : dict, optional
        Stored cumulative tables (:func:`nuion.integrals.qintegrals.shell_cumulative`), computed once when absent.

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
    >>> r = ratio_table(T, Q, S[None], R[None], ion, u=np.array([0.01]))
    >>> d = dcs_from_grid(T, Q, S[None], R[None], ion, T / 0.01, 1e-11)
    >>> bool(np.allclose(r[0, :, 0], d["dcs_total"] / d["dcs_fe"], rtol=1e-12))
    True
    """
    T = np.asarray(T, dtype=float)
    u = np.asarray(u, dtype=float)
    if np.any(u <= 0) or np.any(u >= 1) or np.any(np.diff(u) <= 0):
        raise ValueError(f"u = T/E must increase inside (0, 1), got {u[0]:.3g}..{u[-1]:.3g}")
    if cumulative is None:
        cumulative = shell_cumulative(Q, S_shell, R_shell, target.q_order)
    out = np.zeros((len(target.shells), T.size, u.size))
    for j, uj in enumerate(u):  # nodes of T/E, each a whole (T, Q) table
        c = dcs_from_grid(T, Q, S_shell, R_shell, target, T / uj, 1.0, cumulative, simplified=False)
        out[:, :, j] = (c["dcs_par_shell"] + c["dcs_perp_shell"]) / c["dcs_fe"]
    return out


def channel_dcs_from_grid(T, Q, S_shell, R_shell, target, E, channel, cumulative=None):
    r"""DCS of any target in any channel, per shell and summed, from stored per-shell grids.

    .. math::
        \frac{d\sigma_{nl}}{dT} = \sum_{F=S,R}\int \Big[\sum_p c_{F,p} Q^p\Big] F_{nl}\, d\ln Q
            + c_{\rm sing}\int \frac{T^2 R_{nl}}{Q^2}\, d\ln Q_4 + c_{\rm ph}\frac{R_{nl}(T, T^2)}{T^2}

    with the weights of ``channel`` (:mod:`nuion.cross_sections.channels`: every term a power
    of Q of :data:`nuion.integrals.qintegrals.POWERS`, integrated from the cumulative tables by
    :func:`nuion.integrals.qintegrals.power_integral`; the photon pole, millicharge only, by
    :func:`nuion.integrals.qintegrals.pole_integral`). One function for every target: a
    hydrogen-like ion is a target with one shell. For the magnetic channel it gives the numbers
    of :func:`dcs_from_grid` (tests/test_channels.py).

    Parameters
    ----------
    T : ndarray, shape (n,)
        keV, T < E.
    Q : ndarray, shape (m,)
        keV^2, containing every T^2.
    S_shell, R_shell : ndarray, shape (k, n, m)
        keV^-1, zero at and below each shell's threshold.
    target : Target
        Shells (thresholds, occupancies) and ``q_order``.
    E : float or ndarray, shape (n,)
        keV.
    channel : nuion.cross_sections.channels.Channel
    cumulative : dict, optional
        Stored cumulative tables; missing powers are computed
        (:func:`nuion.integrals.qintegrals.complete_cumulative`).

    Returns
    -------
    dict of ndarray
        ``dcs_shell``, ``dcs_S_shell``, ``dcs_R_shell`` (k, n); ``dcs_total``, ``dcs_S``,
        ``dcs_R``, ``dcs_fe`` (per electron, relativistic), ``dcs_fe_model`` (the channel's own
        free-electron limit), ``dcs_stepping`` (n,) in cm^2/keV; ``ratio_fe_atom`` (dcs_total
        over N_e dcs_fe) and ``ratio_stepping`` (dcs_total over dcs_stepping), NaN where 0/0.
    """
    T = np.asarray(T, dtype=float)
    E = np.broadcast_to(np.asarray(E, dtype=float), T.shape)
    cumulative = complete_cumulative(Q, S_shell, R_shell, cumulative, target.q_order)
    responses = {"S": S_shell, "R": R_shell}
    parts = {name: np.zeros((len(target.shells), T.size)) for name in ("S", "R")}
    for k, shell in enumerate(target.shells):  # shells, each a whole (T, Q) table
        rows = T > shell.binding
        if not rows.any():
            continue
        for term in channel.terms(T[rows], E[rows]):
            F = responses[term.response][k, rows]
            C = {p: cumulative[term.response][p][k, rows] for p in term.coefficients}
            parts[term.response][k, rows] += power_integral(Q, F, term.q_lo, term.q_hi, term.coefficients, C, target.q_order)
        pole = channel.pole(T[rows], E[rows])
        if pole is not None:
            c_sing, c_ph, q4_min = pole
            F = R_shell[k, rows]
            q_hi = (2.0 * E[rows] - T[rows]) ** 2
            t2 = T[rows] ** 2
            photon = interpolate_rows(Q, F, t2[:, None], target.q_order)[:, 0]
            parts["R"][k, rows] += c_sing * pole_integral(Q, F, T[rows], q4_min, q_hi, target.q_order) + c_ph * photon / t2
    out = {"dcs_S_shell": parts["S"], "dcs_R_shell": parts["R"], "dcs_shell": parts["S"] + parts["R"]}
    out["dcs_S"], out["dcs_R"] = parts["S"].sum(axis=0), parts["R"].sum(axis=0)
    out["dcs_total"] = out["dcs_S"] + out["dcs_R"]
    out["dcs_fe"] = channel.dcs_fe(T, E)
    out["dcs_fe_model"] = channel.dcs_fe_model(T, E)
    out["dcs_stepping"] = channel.dcs_stepping(T, E, target)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["ratio_fe_atom"] = out["dcs_total"] / (target.n_electrons * out["dcs_fe"])
        out["ratio_stepping"] = out["dcs_total"] / out["dcs_stepping"]
    return out


def channel_ratio_table(T, Q, S_shell, R_shell, target, channel, u=U_NODES, cumulative=None):
    r"""Per-shell DCS of a channel over the channel's free-electron DCS per electron, on (T, u = T/E).

    The :func:`ratio_table` of any channel (:func:`channel_dcs_from_grid`), for the rates stage:
    r_nl(T, u) = dsigma_nl/dT (T, T/u) / dsigma_FE/dT (T, T/u), with the channel's relativistic
    free-electron formula without its endpoint (``dcs_fe_formula``; a bound electron takes up
    any T < E; r_nl = 0 where the formula is not positive). Independent of the coupling.
    Shape (k, n, p), dimensionless.
    """
    T = np.asarray(T, dtype=float)
    u = np.asarray(u, dtype=float)
    if np.any(u <= 0) or np.any(u >= 1) or np.any(np.diff(u) <= 0):
        raise ValueError(f"u = T/E must increase inside (0, 1), got {u[0]:.3g}..{u[-1]:.3g}")
    cumulative = complete_cumulative(Q, S_shell, R_shell, cumulative, target.q_order)
    out = np.zeros((len(target.shells), T.size, u.size))
    for j, uj in enumerate(u):  # nodes of T/E, each a whole (T, Q) table
        c = channel_dcs_from_grid(T, Q, S_shell, R_shell, target, T / uj, channel, cumulative)
        fe = channel.dcs_fe_formula(T, T / uj)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, :, j] = np.where(fe > 0, c["dcs_shell"] / fe, 0.0)
    return out


def shell_ratios_at(T_grid, ratio_shell, target, T):
    r"""Per-shell ratios r_nl (DCS of the shell over the free-electron DCS per electron) at other T.

    Linear in ln T between the grid nodes above each shell's threshold B_nl (the nearest node
    between B_nl and the first one), zero at and below B_nl: the edge stays a step at B_nl, as in
    :class:`nuion.detectors.rates.ShellRatios`. ``ratio_shell`` (k, n) on ``T_grid`` (n,);
    returns (k, len(T)), dimensionless. Sum over shells / N_e: atom over free electrons.
    """
    T = np.atleast_1d(np.asarray(T, dtype=float))
    lnT, x = np.log(np.asarray(T_grid, dtype=float)), np.log(T)
    out = np.zeros((len(target.shells), T.size))
    for k, shell in enumerate(target.shells):  # shells
        rows = np.asarray(T_grid) > shell.binding
        if rows.any():
            out[k] = np.where(T > shell.binding, np.interp(x, lnT[rows], ratio_shell[k, rows]), 0.0)
    return out
