r"""Differential event rates dR/dT of neutrino-electron scattering in a detector.

.. math::
    \frac{dR}{dT} = N_{\rm atoms} \int_{E_{\min}(T)} dE\, \frac{d\phi}{dE}\,
                    \frac{d\sigma_{\rm atom}}{dT}(T, E) + \sum_k \phi_k \frac{d\sigma_{\rm atom}}{dT}(T, E_k)

in counts per (kg day keV), for the magnetic interaction (eq. (1) of [1] per electron)
and the Standard-Model weak interaction ([2], [3]), and every channel of
:mod:`nuion.cross_sections.channels`, for the atomic models of :mod:`nuion.detectors.models`
(``fe``, ``stepping``, ``atom``; their names are re-exported here).

The flux integral runs over Gauss-Legendre panels between the kinks of the spectrum
(:data:`nuion.detectors.sources.REACTOR_KNOTS`), each panel clipped at E_min(T), so the kinematic
limit is exact; lines are added where E_k >= E_min(T). Convergence: doubling the nodes
changes dR/dT by < 1e-10 relative (tests/test_rates.py).

Detector response (:func:`smear`): Gaussian resolution sigma(T) = sqrt(s0^2 + s1^2 T + (s2 T)^2)
and a hard threshold on the observed energy.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252, eq. (1).
.. [2] P. Vogel, J. Engel, Phys. Rev. D 39 (1989) 3378.
.. [3] G. 't Hooft, Phys. Lett. B 37 (1971) 195.
.. [4] R. L. Workman et al. (PDG), PTEP 2022 083C01, "Electroweak model": sin^2 theta_W(0) = 0.23857
       (MS-bar at Q -> 0).
"""

import numpy as np
from scipy import constants as _c

from nuion._quadrature import panel_rule, subdivide
from nuion.constants import MU_NU_DEFAULT
from nuion.detectors.models import (
    MATERIALS,
    SIN2_THETA_W,
    Atom,
    FreeElectrons,
    ShellRatios,
    Stepping,
    channel_key,
    dcs_magnetic,
    dcs_weak,
    fe_min_energy,
    model,
    xraydb_shells,
)

__all__ = [
    "MATERIALS",
    "SIN2_THETA_W",
    "atoms_per_kg",
    "fe_min_energy",
    "dcs_weak",
    "dcs_magnetic",
    "xraydb_shells",
    "FreeElectrons",
    "Stepping",
    "Atom",
    "ShellRatios",
    "model",
    "channel_key",
    "flux_average",
    "rate",
    "resolution",
    "smear",
    "true_grid",
    "observed_rates",
]


SECONDS_PER_DAY = 86400.0

def atoms_per_kg(material):
    """Atoms per kg of an element of :data:`MATERIALS` (N_A x 1000 g / A)."""
    if material not in MATERIALS:
        raise ValueError(f"material must be one of {', '.join(MATERIALS)}, got {material!r}")
    return _c.N_A * 1000.0 / MATERIALS[material][1]


#: Knot intervals narrower than this (keV) are the bins of a tabulated spectrum (the 25 keV
#: summation histogram below 2 MeV): one panel of :data:`BIN_NODES` Gauss-Legendre nodes each,
#: enough for the smooth DCS over 25 keV (docs/rates.md, "Sources"); wider ones n_sub x n_nodes.
BIN_WIDTH = 100.0
BIN_NODES = 4


def _panel_groups(knots, n_sub, n_nodes):
    """Consecutive runs of knot intervals as (breaks, nodes per panel): runs of bins
    (narrower than :data:`BIN_WIDTH`) unsubdivided with :data:`BIN_NODES` nodes, the rest
    subdivided n_sub times with n_nodes nodes."""
    knots = np.asarray(knots, dtype=float)
    narrow = np.diff(knots) < BIN_WIDTH
    groups, start = [], 0
    for i in range(1, narrow.size + 1):  # intervals of the spectrum, not grid points
        if i == narrow.size or narrow[i] != narrow[start]:
            breaks = knots[start : i + 1]
            groups.append((breaks, BIN_NODES) if narrow[start] else (subdivide(breaks, n_sub), n_nodes))
            start = i
    return groups


def flux_average(T, flux, dcs, e_min, n_nodes=16, n_sub=2):
    r"""Flux-weighted cross section at each T: the E integral of dR/dT per target.

    .. math:: \int_{E_{\min}(T)}^{E_{\max}} \frac{d\phi}{dE}\frac{d\sigma}{dT}(T,E)\,dE
              + \sum_k \phi_k \frac{d\sigma}{dT}(T,E_k)\,\theta(E_k - E_{\min}(T))

    Parameters
    ----------
    T : array_like, shape (n,)
        keV.
    flux : nuion.detectors.sources.NeutrinoFlux
    dcs : callable
        (T, E) -> cm^2/keV, broadcasting.
    e_min : callable
        T -> lower limit in E (keV).
    n_nodes, n_sub : int
        Gauss-Legendre nodes per panel and subdivisions of each panel between the
        spectrum's knots (each panel is clipped at E_min(T)); the bins of a tabulated spectrum
        (intervals narrower than :data:`BIN_WIDTH`) get one panel of :data:`BIN_NODES` nodes.

    Returns
    -------
    ndarray, shape (n,)
        keV^-1 s^-1 per target (cm^2/keV x cm^-2 s^-1).
    """
    T = np.atleast_1d(np.asarray(T, dtype=float))
    emin = np.asarray(e_min(T), dtype=float)[:, None]
    rules = []
    for breaks, nodes in _panel_groups(flux.knots, n_sub, n_nodes):
        # panels below E_min(T) collapse to zero width (zero weight)
        rules.append(panel_rule(np.maximum(breaks[None, :], emin), nodes))
    E, W = (np.concatenate(parts, axis=1) for parts in zip(*rules))
    value = np.sum(W * flux.continuum(E) * dcs(T[:, None], E), axis=1)
    for E_k, phi_k in flux.lines:
        value = value + phi_k * np.where(E_k >= emin[:, 0], dcs(T, np.full(T.shape, E_k)), 0.0)
    return value


def rate(T, flux, atomic_model, interaction, material, mu_nu=MU_NU_DEFAULT, n_nodes=16, n_sub=2):
    r"""True differential rate dR/dT in counts/(kg day keV).

    .. math::
        \frac{dR}{dT} = n_{\rm atoms}\cdot 86400\cdot\int dE\,\frac{d\phi}{dE}\,
            \Big[P_{ee}\,\sigma'_{\nu_e} + (1 - P_{ee})\,\sigma'_{\nu_\mu}\Big]

    (weak, solar), sigma'_{nu_e-bar} (weak, reactor), or the magnetic DCS (flavour
    blind: mu_nu is the effective moment of the arriving mixture).

    Parameters
    ----------
    T : array_like
        keV.
    flux : nuion.detectors.sources.NeutrinoFlux
    atomic_model : FreeElectrons, Stepping or Atom
    interaction : {"magnetic", "weak"}
    material : {"Ge", "Xe"}
    mu_nu : float
        Bohr magnetons (magnetic only).

    Returns
    -------
    ndarray
        counts / (kg day keV).
    """
    m = atomic_model
    if not isinstance(interaction, str):  # a channel of nuion.cross_sections.channels
        return _channel_rate(T, flux, m, interaction, material, n_nodes, n_sub)
    if interaction == "magnetic":
        parts = [(1.0, lambda t, e: m.dcs_magnetic(t, e, mu_nu))]
    elif interaction == "weak":
        if flux.antineutrino:
            parts = [(1.0, lambda t, e: m.dcs_weak(t, e, "nuebar"))]
        else:
            parts = [(flux.p_ee, lambda t, e: m.dcs_weak(t, e, "nue")),
                     (1.0 - flux.p_ee, lambda t, e: m.dcs_weak(t, e, "numu"))]
    else:
        raise ValueError(f"interaction must be 'magnetic' or 'weak', got {interaction!r}")
    e_min = m.e_min if interaction == "magnetic" or getattr(m, "has_weak", False) else fe_min_energy
    total = sum(p * flux_average(T, flux, f, e_min, n_nodes, n_sub) for p, f in parts if p > 0)
    return atoms_per_kg(material) * SECONDS_PER_DAY * total


def flavour_parts(flux, channel):
    """[(weight, channel)] of the neutrinos arriving: nu_e-bar (reactor), P_ee nu_e + (1 - P_ee) nu_mu
    (solar) for the flavour-dependent channels; the channel itself otherwise."""
    if not hasattr(channel, "with_flavour"):
        return [(1.0, channel)]
    if flux.antineutrino:
        return [(1.0, channel.with_flavour("nuebar"))]
    return [(flux.p_ee, channel.with_flavour("nue")), (1.0 - flux.p_ee, channel.with_flavour("numu"))]


def _channel_rate(T, flux, m, channel, material, n_nodes=16, n_sub=2):
    """:func:`rate` of a channel of :mod:`nuion.cross_sections.channels` (its coupling inside)."""
    e_min = m.e_min if isinstance(m, Atom) else fe_min_energy
    total = sum(w * flux_average(T, flux, lambda t, e, c=c: m.dcs_channel(t, e, c), e_min, n_nodes, n_sub)
                for w, c in flavour_parts(flux, channel) if w > 0)
    return atoms_per_kg(material) * SECONDS_PER_DAY * total


def resolution(T, s0=0.0, s1=0.0, s2=0.0):
    r"""Gaussian energy resolution sigma(T) = sqrt(s0^2 + s1^2 T + (s2 T)^2), keV.

    s0 (keV): electronic noise; s1 (keV^1/2): Fano / counting term, sqrt(F w T);
    s2: constant relative term.
    """
    T = np.asarray(T, dtype=float)
    return np.sqrt(s0**2 + s1**2 * np.maximum(T, 0.0) + (s2 * T) ** 2)


def smear(T_obs, T_true, rate_true, sigma, threshold=0.0):
    r"""Observed spectrum: the true one folded with a Gaussian, zero below threshold.

    .. math:: \frac{dR}{dT_{\rm obs}} = \theta(T_{\rm obs} - T_{\rm thr})\int dT\,
              \frac{dR}{dT}\,\frac{e^{-(T_{\rm obs} - T)^2/2\sigma(T)^2}}{\sqrt{2\pi}\sigma(T)}

    by the trapezoid rule on the true grid (which must extend several sigma beyond the
    observed range). With sigma = 0 the true spectrum is interpolated (log-log).

    Parameters
    ----------
    T_obs : ndarray
        Observed energies, keV.
    T_true : ndarray
        Increasing true-energy grid, keV.
    rate_true : ndarray
        dR/dT on T_true (any units per keV).
    sigma : ndarray or float
        sigma(T_true), keV.
    threshold : float
        keV.

    Returns
    -------
    ndarray
        dR/dT_obs in the units of rate_true.
    """
    T_obs = np.asarray(T_obs, dtype=float)
    sig = np.broadcast_to(np.asarray(sigma, dtype=float), np.shape(T_true))
    if np.all(sig == 0):
        r = np.asarray(rate_true, dtype=float)
        pos = r > 0
        out = np.exp(np.interp(np.log(T_obs), np.log(T_true[pos]), np.log(r[pos]), left=-np.inf, right=-np.inf))
    else:
        w = np.zeros(np.size(T_true))
        d = np.diff(T_true)
        w[:-1] += d / 2
        w[1:] += d / 2
        z = (T_obs[:, None] - T_true[None, :]) / sig[None, :]
        kernel = np.exp(-0.5 * z * z) / (np.sqrt(2 * np.pi) * sig[None, :])
        out = kernel @ (w * rate_true)
    return np.where(T_obs >= threshold, out, 0.0)


def true_grid(T_min, T_max, sigma, n_min=600):
    """True-energy grid from T_min to T_max: geometric (at least n_min points) and with
    steps below sigma(T)/4, so that the trapezoid rule of :func:`smear` resolves the Gaussian.
    """
    ratio = (T_max / T_min) ** (1.0 / (n_min - 1)) - 1.0
    out = [T_min]
    while out[-1] < T_max:
        T = out[-1]
        s = float(resolution(T, *sigma))
        out.append(T + min(T * ratio, s / 4.0 if s > 0 else np.inf))
    out[-1] = T_max
    return np.array(out)


def observed_rates(T_obs, flux, models, material, mu_nu=MU_NU_DEFAULT, sigma=(0.0, 0.0, 0.0), threshold=0.0,
                   n_true=600, T_true_min=0.05, channels=()):
    r"""dR/dT (true and observed) per model and interaction on an observed-energy grid.

    Parameters
    ----------
    T_obs : array_like
        keV.
    flux : nuion.detectors.sources.NeutrinoFlux
    models : sequence
        Atomic models (:func:`model`).
    material : {"Ge", "Xe"}
    mu_nu : float
        Bohr magnetons.
    sigma : (s0, s1, s2)
        Resolution parameters of :func:`resolution`.
    threshold : float
        keV.
    n_true : int
        Least number of points of the true-energy grid (:func:`true_grid`), from
        T_true_min to max(T_obs) + 6 sigma.
    T_true_min : float
        keV; the true spectrum below it is dropped (its Gaussian tail above threshold is
        negligible once threshold - T_true_min >> sigma).

    channels : sequence
        Further channels of :mod:`nuion.cross_sections.channels` (with their couplings), keyed by
        their ``name``.

    Returns
    -------
    dict
        {(model name, interaction): (true dR/dT on T_obs, observed dR/dT on T_obs)}.
    """
    T_obs = np.asarray(T_obs, dtype=float)
    smax = float(resolution(T_obs.max(), *sigma))
    T_true = true_grid(T_true_min, T_obs.max() + 6 * smax, sigma, n_true) if smax > 0 else T_obs
    sig = resolution(T_true, *sigma)
    out = {}
    for m in models:
        for interaction in ("magnetic", "weak", *channels):
            r_true = rate(T_true, flux, m, interaction, material, mu_nu)
            true_on_obs = rate(T_obs, flux, m, interaction, material, mu_nu)
            key = interaction if isinstance(interaction, str) else interaction.name
            out[(m.name, key)] = (true_on_obs, smear(T_obs, T_true, r_true, sig, threshold))
    return out
