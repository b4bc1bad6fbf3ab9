"""Public entry points: :func:`dcs` (closed forms, direct quadrature; a dataset),
:func:`atom_dcs` (an atom at one (T, E), per shell), :func:`channel_dcs` (any target, any
channel of :mod:`nuion.cross_sections.channels`, at one (T, E)), :func:`stored_dcs` (the same
at many T from a stored response grid, in seconds) and :func:`dcs_at` (a DCS dataset read at
chosen T without interpolating across an edge).

Composes the computation modules (:mod:`nuion.cross_sections`,
:mod:`nuion.cross_sections.approximations`, :mod:`nuion.targets.ion.sum_rules`), which return arrays, with
:mod:`nuion.io`, which builds the dataset; it sits above both in the layering
(docs/layout.md).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np

from nuion.cross_sections import approximations
from nuion.constants import MU_NU_DEFAULT
from nuion.integrals.dcs import channel_dcs_from_grid, dcs_from_grid, ratios, shell_ratios_at
from nuion.integrals.grids import shell_response_grid
from nuion.cross_sections import check_T_E, dcs_components, dcs_fe
from nuion.io import dcs_dataset, read_cumulative, read_dataset, read_target, shell_table_dataset
from nuion.kinematics import binding_energy, check_Z
from nuion.targets.ion.responses import transverse_response
from nuion.targets.ion.sum_rules import momentum_transfer_rule
from nuion.targets import HydrogenLikeIon, as_target

__all__ = ["dcs", "atom_dcs", "channel_dcs", "stored_dcs", "dcs_at"]


def dcs(T, E, Z, mu_nu=MU_NU_DEFAULT):
    r"""DCS of magnetic neutrino-impact ionization of a hydrogen-like ion (docs/workflow.md, sec. 'Python API').

    Eq. (9) of [1] and its components (5), (6), normalized to the free-electron
    eq. (1), computed by direct quadrature of the closed forms
    (:func:`nuion.cross_sections.dcs_components`). It is the reference for the grid-based workflow.

    Parameters
    ----------
    T : array_like
        Energy transfers in keV, eps_b < T <= E.
    E : float
        Neutrino energy in keV.
    Z : int
        Nuclear charge, Z >= 1.
    mu_nu : float
        Neutrino magnetic moment in Bohr magnetons (default 1e-11).

    Returns
    -------
    xarray.Dataset
        Over coordinate ``T`` (keV, with ``T_over_eb``): ``dcs_par``, ``dcs_perp``,
        ``dcs_total``, ``dcs_fe`` (cm^2/keV), ``ratio_total``, ``ratio_par``,
        ``perp_over_par``, the simplified forms and every approximation of
        :mod:`nuion.cross_sections.approximations` (``ratio_epa``, ...); over ``n``, the discrete
        lines below threshold; attributes ``Z``, ``eps_b``, ``E_nu``, ``E_over_eb``,
        ``T_max_fe``, ``mu_nu``.

    Raises
    ------
    ValueError
        For Z < 1 or not an integer, T <= eps_b, T > E, E <= 0.

    Examples
    --------
    >>> eb = binding_energy(32)
    >>> ds = dcs([1.5 * eb, 3 * eb], 100 * eb, 32)
    >>> bool(((ds.ratio_total > 0.5) & (ds.ratio_total < 1)).all())
    True
    """
    target = HydrogenLikeIon(check_Z(Z))
    T, E = check_T_E(T, E, target.Z)
    comps = dcs_components(T, E, target.Z, mu_nu)
    rule = momentum_transfer_rule(T / target.eps_b)
    R_photon = transverse_response(T, T**2, target.Z)
    comps.update(approximations.approximation_components(T, E, target, R_photon, rule, mu_nu))
    comps.update(ratios(comps, target.n_electrons))
    lines = approximations.line_cross_sections(E, target, mu_nu)
    return dcs_dataset(T, E, target, mu_nu, comps, method="closed-form quadrature", lines=lines)


def check_point(T, E, target):
    """T (keV, array) between the target's lowest threshold and E, else one ValueError naming both."""
    T = np.atleast_1d(np.asarray(T, dtype=float))
    bad = T[(T <= target.threshold) | (T >= E)]
    if bad.size:
        raise ValueError(
            f"T must lie between the lowest threshold of {target.name} ({target.threshold:.4g} keV) and "
            f"E = {E:.6g} keV, got T = {bad[0]:.6g} keV"
        )
    return T


def _point_grid(T, E, target, n_Q, Q_max, progress=None):
    """The target, T (shape (1,)), a geometric Q grid of n_Q points from T^2 to min((2E - T)^2, Q_max)
    (keV^2) and every shell's S, R there (keV^-1): the grid route of :func:`atom_dcs` and :func:`channel_dcs`.
    ``progress`` wraps the loop over shells (e.g. ``tqdm.tqdm``): an atom takes about a minute."""
    target = as_target(target)
    T = float(check_point(T, E, target)[0])
    Q = np.geomspace(T**2, max(min((2 * E - T) ** 2, Q_max), 4 * T**2), n_Q)
    shells = target.shells if progress is None else progress(target.shells)
    S, R = zip(*(shell_response_grid(target, sh, np.array([T]), Q) for sh in shells))
    return target, np.array([T]), Q, np.array(S), np.array(R)


def atom_dcs(T, E, target, mu_nu=MU_NU_DEFAULT, n_Q=400, Q_max=3.0e5, progress=None):
    r"""DCS of an atom at one (T, E), per shell and summed (docs/atoms.md, sec. 'Workflow').

    Eqs. (5), (6), (9) of [1] with the atom's S_nl and R_nl, integrated over
    T^2 <= Q <= min((2E - T)^2, Q_max) on a geometric Q grid of ``n_Q`` points
    (:func:`nuion.integrals.dcs.dcs_from_grid`, the workflow's grid route), with the ratios to
    Z x eq. (1) and to the stepping approximation.

    Parameters
    ----------
    T : float
        Energy transfer in keV, above the atom's lowest threshold and below E.
    E : float
        Neutrino energy in keV.
    target : Target or str
        A neutral atom (``"Ge"``, ``"Xe"`` or a :class:`nuion.targets.atom.atom.Atom`).
    mu_nu : float
        Bohr magnetons (default 1e-11).
    n_Q : int
        Q points; ln S and ln R cubic in ln Q (:func:`nuion.integrals.qintegrals.cumulative_integrals`,
        ``order=3``). Ge at E = 1 MeV, ratio_fe_atom: 400 points within 2e-5 of 800 at
        T = 2 keV and 5e-4 of the workflow's grid at 10 keV (docs/atoms.md, sec. 'Workflow').
    Q_max : float
        Largest Q in keV^2 (the workflow's default): beyond the Bethe ridge 2 m_e T and the
        K-shell momenta, where S and R have fallen by orders of magnitude.
    progress : callable, optional
        Wraps the iterable of shells (e.g. ``tqdm.tqdm``) to show progress.

    Returns
    -------
    dict
        Arrays of shape (1,) (``dcs_total``, ``dcs_par``, ``dcs_perp``, ``dcs_fe`` per
        electron, ``dcs_stepping``, ``ratio_fe_atom``, ``ratio_stepping``,
        ``perp_over_par``) and (k, 1) per shell (``dcs_par_shell``, ``dcs_perp_shell``);
        ``shells``, the shell labels. cm^2/keV or 1.
    """
    target, T, Q, S, R = _point_grid(T, E, target, n_Q, Q_max, progress)
    out = dcs_from_grid(T, Q, S, R, target, E, mu_nu, simplified=False)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 below every threshold given
        out.update(ratios(out, target.n_electrons))
    out["shells"] = [sh.label for sh in target.shells]
    return out


def channel_dcs(T, E, target, channel, n_Q=400, Q_max=3.0e5, progress=None):
    r"""DCS of any target in any channel at one (T, E), per shell and summed (docs/channels.md).

    The responses of every shell at this T on a geometric Q grid of ``n_Q`` points from T^2 to
    min((2E - T)^2, Q_max) (the radial engine for an atom, the closed forms for a hydrogen-like
    ion), integrated with the channel's Q weights by
    :func:`nuion.integrals.dcs.channel_dcs_from_grid` (the workflow's grid route), with the ratios
    to Z free electrons and to the stepping approximation of the same channel.

    Parameters
    ----------
    T, E : float
        keV; the target's lowest threshold < T < E.
    target : Target or str
        ``"Ge"``, ``"Xe"``, ``"Z32"``, ...
    channel : nuion.cross_sections.channels.Channel
        With its coupling (:func:`nuion.cross_sections.channels.get`).
    n_Q : int
        Q points (as :func:`atom_dcs`).
    Q_max : float
        keV^2.
    progress : callable, optional
        As :func:`atom_dcs`.

    Returns
    -------
    dict
        As :func:`nuion.integrals.dcs.channel_dcs_from_grid` (arrays of shape (1,) and (k, 1)),
        plus ``shells``, the shell labels.
    """
    target, T, Q, S, R = _point_grid(T, E, target, n_Q, Q_max, progress)
    out = channel_dcs_from_grid(T, Q, S, R, target, E, channel)
    out["shells"] = [sh.label for sh in target.shells]
    return out


def _shells_at(T_nodes, parts, fe_nodes, target, T, fe_T):
    r"""Per-shell DCS parts at T from their values on stored T nodes, without crossing an edge.

    Each part over the free-electron DCS per electron, r_nl = (dsigma_nl/dT) / (dsigma_FE/dT), is
    interpolated linearly in ln T between the nodes above the shell's threshold and is zero at and
    below it (:func:`nuion.integrals.dcs.shell_ratios_at`), then multiplied by the free-electron DCS
    at T: the steps at the edges stay steps, and the smooth T dependence of eq. (1) is exact.
    ``parts`` {name: (k, n)}, ``fe_nodes`` (n,), ``fe_T`` (len(T),); cm^2/keV.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        return {name: shell_ratios_at(T_nodes, np.where(fe_nodes > 0, part / fe_nodes, 0.0), target, T) * fe_T
                for name, part in parts.items()}


def _check_inside(T, T_nodes, target, E, what):
    """T (keV) inside the stored T range, above the lowest threshold and below E: else one ValueError."""
    T = np.atleast_1d(np.asarray(T, dtype=float))
    lo, hi = max(float(T_nodes[0]), target.threshold), float(T_nodes[-1])
    bad = T[(T < lo) | (T > hi) | (T >= E)]
    if bad.size:
        raise ValueError(f"T = {bad[0]:g} keV lies outside {what}: {lo:.4g} keV <= T <= {hi:.4g} keV and T < E = {E:g} keV")
    return T


def stored_dcs(T, E, response, channel=None, mu_nu=MU_NU_DEFAULT):
    r"""DCS of a target at energy transfers T from its stored response grid, per shell and summed.

    The workflow's grid route (:func:`nuion.integrals.dcs.dcs_from_grid`, or
    :func:`nuion.integrals.dcs.channel_dcs_from_grid` for another channel) on the stored T nodes
    with the stored cumulative Q tables (each node O(1)), then each shell's ratio to the
    free-electron DCS interpolated in ln T between the nodes above its edge (:func:`_shells_at`):
    no interpolation across an edge. Seconds, where :func:`atom_dcs` solves every shell (about a
    minute per T for Ge). Between the nodes of the default atom grids (12 per decade, 4 above each
    edge) the interpolation is within 1e-3 of the direct route (tests/test_public_api.py).

    Parameters
    ----------
    T : array_like
        keV, inside the stored T range, above the lowest threshold and below E.
    E : float
        Neutrino energy in keV.
    response : str, Path or xarray.Dataset
        A response dataset (``results/response/<target>.nc``, written by rule ``response_gather``).
    channel : nuion.cross_sections.channels.Channel, optional
        None: the magnetic moment ``mu_nu`` (eqs. (5), (6), (9) of [1]).
    mu_nu : float
        Bohr magnetons (magnetic channel).

    Returns
    -------
    dict
        As :func:`atom_dcs` (magnetic) or :func:`channel_dcs` (another channel), arrays over T,
        plus ``shells`` and ``target`` (the stored target).
    """
    ds = read_dataset(response, "response") if not hasattr(response, "data_vars") else response
    target = read_target(ds)
    T_nodes = ds["T"].values
    T = _check_inside(T, T_nodes, target, E, f"the stored grid of {target.name}")
    rows = T_nodes < E
    nodes, Q = T_nodes[rows], ds["Q"].values
    S, R, cumulative = ds["S_shell"].values[:, rows], ds["R_shell"].values[:, rows], read_cumulative(ds, rows)
    if channel is None:
        c = dcs_from_grid(nodes, Q, S, R, target, E, mu_nu, cumulative, simplified=False)
        out = _shells_at(nodes, {k: c[k] for k in ("dcs_par_shell", "dcs_perp_shell")}, c["dcs_fe"], target, T,
                         dcs_fe(T, E, mu_nu))
        out["dcs_par"], out["dcs_perp"] = out["dcs_par_shell"].sum(axis=0), out["dcs_perp_shell"].sum(axis=0)
        out["dcs_total"] = out["dcs_par"] + out["dcs_perp"]
        out["dcs_fe"] = dcs_fe(T, E, mu_nu)
        out["dcs_stepping"] = approximations.dcs_stepping(T, E, target, mu_nu)
        with np.errstate(invalid="ignore", divide="ignore"):
            out.update(ratios(out, target.n_electrons))
    else:
        c = channel_dcs_from_grid(nodes, Q, S, R, target, E, channel, cumulative)
        out = _shells_at(nodes, {k: c[k] for k in ("dcs_S_shell", "dcs_R_shell")}, c["dcs_fe"], target, T,
                         channel.dcs_fe(T, E))
        out["dcs_shell"] = out["dcs_S_shell"] + out["dcs_R_shell"]
        out["dcs_S"], out["dcs_R"] = out["dcs_S_shell"].sum(axis=0), out["dcs_R_shell"].sum(axis=0)
        out["dcs_total"] = out["dcs_S"] + out["dcs_R"]
        out["dcs_fe"], out["dcs_stepping"] = channel.dcs_fe(T, E), channel.dcs_stepping(T, E, target)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["ratio_fe_atom"] = out["dcs_total"] / (target.n_electrons * out["dcs_fe"])
            out["ratio_stepping"] = out["dcs_total"] / out["dcs_stepping"]
    out["shells"], out["target"] = [sh.label for sh in target.shells], target
    return out


def dcs_at(dataset, T):
    r"""A DCS dataset (``results/dcs/<target>/E<label>.nc``) read at chosen T, without crossing an edge.

    ``ds.ratio_fe_atom.interp(T=10)`` interpolates across the Ge K edge (11.1 keV model, 11.10
    measured) between the nodes on either side; here each shell's DCS over the free-electron DCS
    per electron is interpolated in ln T between the nodes above its own edge only, and multiplied by
    eq. (1) at T (:func:`_shells_at`); the ratios follow from the interpolated shells.

    Parameters
    ----------
    dataset : str, Path or xarray.Dataset
        A dataset of kind ``dcs`` (per-shell variables ``dcs_par_shell``, ``dcs_perp_shell``).
    T : array_like
        keV, inside the dataset's T range and above the target's lowest threshold.

    Returns
    -------
    xarray.Dataset
        Over ``T`` (and ``shell``): ``dcs_par_shell``, ``dcs_perp_shell``, ``dcs_total_shell``,
        ``dcs_par``, ``dcs_perp``, ``dcs_total``, ``dcs_fe``, ``dcs_stepping``, ``ratio_fe_atom``
        (= ``ratio_total``), ``ratio_stepping``, ``perp_over_par``, with units; the
        dataset's attributes and ``interpolation``.
    """
    ds = read_dataset(dataset, "dcs") if not hasattr(dataset, "data_vars") else dataset
    target = read_target(ds)
    E, mu_nu = float(ds.attrs["E_nu"]), float(ds.attrs["mu_nu"])
    T = _check_inside(T, ds["T"].values, target, np.inf, f"the T range of {target.name}'s DCS dataset")
    out = _shells_at(ds["T"].values, {k: ds[k].values for k in ("dcs_par_shell", "dcs_perp_shell")},
                     ds["dcs_fe"].values, target, T, dcs_fe(T, E, mu_nu))
    out["dcs_total_shell"] = out["dcs_par_shell"] + out["dcs_perp_shell"]
    for name in ("dcs_par", "dcs_perp", "dcs_total"):
        out[name] = out[f"{name}_shell"].sum(axis=0)
    out["dcs_fe"], out["dcs_stepping"] = dcs_fe(T, E, mu_nu), approximations.dcs_stepping(T, E, target, mu_nu)
    with np.errstate(invalid="ignore", divide="ignore"):
        out.update(ratios(out, target.n_electrons))
    return shell_table_dataset(T, ds["shell"].values, out, {
        **ds.attrs, "interpolation": "per shell, ratio to eq. (1) linear in ln T between the nodes above its edge (nuion.dcs_at)"})
