r"""Observed and expected limits on mu_nu from a data release (docs/releases.md, sec. "Statistics").

The signal strength is m = (mu_nu / mu_ref)^2 (the magnetic rate scales as mu_nu^2). The
expected events per keV of reconstructed energy E over the exposure are

.. math:: \lambda(E) = m\,s(E) + \beta\,b(E) + w(E),

s the magnetic rate at mu_ref of the atomic model (docs/rates.md: flux, eq. (1) of [1] per
electron, stepping or the atom), folded with the release's Gaussian resolution and multiplied by
its efficiency; b the release's background model, beta its normalization (free, or constrained
by a Gaussian of width ``normalization_uncertainty`` around 1); w the Standard-Model weak rate
of the same atomic model where the background does not already contain it (else 0).

Unbinned releases: the extended likelihood

.. math:: -\ln L(m, \beta) = \int \lambda\,dE - \sum_i \ln\lambda(E_i)
          \;[+ (\beta - 1)^2 / 2\delta^2],

minimized with iminuit (MIGRAD) [4]. Binned releases: Poisson counts per bin, the pyhf model of
:mod:`nuion.detectors.sensitivity` (background ``normfactor``, or ``normsys`` of +-delta when
the release gives delta) [2].

Limits are CLs upper limits at 90 % CL with the test statistic q~_mu and its asymptotic
distributions [3] (eqs. (65)-(66)): with q = q~_mu(obs) and q_A = q~_mu on the Asimov
background-only data,

.. math::
    CL_{s+b} = 1 - \Phi(\sqrt q),\ CL_b = \Phi(\sqrt{q_A} - \sqrt q)\quad (q \le q_A);\qquad
    CL_{s+b} = 1 - \Phi\Big(\frac{q + q_A}{2\sqrt{q_A}}\Big),\
    CL_b = 1 - \Phi\Big(\frac{q - q_A}{2\sqrt{q_A}}\Big)\quad (q > q_A),

the observed limit solving CL_s = CL_{s+b}/CL_b = 0.1, the expected limit and its bands solving
sqrt(q_A(m)) = Phi^-1(1 - 0.1 Phi(N)) + N for N = -2 ... 2 ([3], eq. (89) with
sigma = m / sqrt(q_A)); N = 0 is the median, 1.645 sigma. pyhf computes the same for binned
releases (its toms748 scan). mu_nu,up = mu_ref sqrt(m_up).

Other channels (docs/channels.md, sec. 'Rates and limits'): the millicharge's rate scales as
q_nu^2, so m = (q_nu / q_ref)^2 and everything above holds with q_nu for mu_nu (:func:`limits`
with ``channel``). The charge radius adds to the weak rate an excess a lambda + b lambda^2
(lambda = <r^2>); on each sign of lambda the limit is the lambda whose excess, deficits set to 0,
has an upper strength limit of 1, observed and expected alike (:func:`radius_limits`,
:func:`nuion.detectors.sensitivity.quadratic_coupling_limit`). On binned releases each step of that
search is one pyhf test at strength 1, CLs(1) = 0.1 [5] (:func:`pyhf_cls`), not a scan over m.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252, eq. (1).
.. [2] L. Heinrich, M. Feickert, G. Stark, K. Cranmer, pyhf, JOSS 6 (2021) 2823.
.. [3] G. Cowan, K. Cranmer, E. Gross, O. Vitells, Eur. Phys. J. C 71 (2011) 1554.
.. [4] H. Dembinski, P. Ongmongkolkul et al., scikit-hep/iminuit; F. James, M. Roos,
       Comput. Phys. Commun. 10 (1975) 343 (MINUIT).
.. [5] A. L. Read, J. Phys. G 28 (2002) 2693 (CLs).
"""

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

from nuion.constants import MU_NU_DEFAULT
from nuion.detectors import presets, rates, sensitivity

__all__ = ["CL", "BANDS", "Spectra", "spectra", "UnbinnedLikelihood", "cls", "expected_strength", "expected_limits",
           "observed_strength", "strength_limits", "LimitResult", "unbinned_limit", "binned_counts", "pyhf_limits",
           "pyhf_cls", "binned_limit", "limits", "scan_grid", "RadiusLimits", "radius_limits", "channel_limits",
           "atomic_models"]

CL = 0.90
#: Expected-band levels in standard deviations (N of [3], eq. (89)); 0 is the median.
BANDS = (-2, -1, 0, 1, 2)
#: True energies below this (keV) are dropped from the resolution folding (as in docs/rates.md).
T_TRUE_MIN = 0.05
#: Points of the reconstructed-energy grid of the Asimov integrals and of the figures, per keV.
GRID_PER_KEV = 50
#: Likelihood-scan points (mu_nu from 0 to 1.5 x the largest limit or band edge).
N_SCAN = 41


@dataclass(frozen=True)
class Spectra:
    """Expected densities (events/keV over the exposure) of one release and atomic model.

    ``grid`` (keV) spans the window; ``*_grid`` on it and ``*_events`` at the events (unbinned
    releases). ``signal`` at mu_ref (the reference coupling of the signal's channel: Bohr
    magnetons, q_nu/e, or <r^2> in cm^2); ``weak`` zero where the background contains it.
    """

    model: str
    mu_ref: float
    grid: np.ndarray
    signal_grid: np.ndarray
    background_grid: np.ndarray
    weak_grid: np.ndarray
    signal_events: np.ndarray | None = None
    background_events: np.ndarray | None = None
    weak_events: np.ndarray | None = None

    def totals(self):
        """Expected events (signal at mu_ref, background, weak) in the window."""
        return tuple(float(np.trapezoid(y, self.grid)) for y in (self.signal_grid, self.background_grid, self.weak_grid))


def _flux(release):
    f = release.flux
    preset = {"source": f["source"], "name": release.name}
    if f["source"] == "reactor":
        preset["reactor"] = {"power_GW": f["power_GW"], "distance_m": f["distance_m"]}
    return presets.flux(preset)


def atomic_models(release, names, response=None, channels=()):
    """Atomic models of the release's material (:func:`nuion.detectors.presets.atomic_models`); the atom's
    weak tables for the flavours its source sends (reactor: anti-nu_e; the Sun: nu_e and nu_mu)."""
    preset = {"material": release.material, "source": release.flux["source"]}
    return presets.atomic_models(preset, tuple(names), response=response, channels=channels)


def _folded(release, model, interaction, E, flux, mu_ref):
    """Rate of ``interaction`` folded with resolution and efficiency, events/keV at reconstructed E."""
    sigma = release.resolution
    top = float(max(np.max(E), release.window[1]))
    smax = float(rates.resolution(top, *sigma))
    if smax > 0:
        T = rates.true_grid(T_TRUE_MIN, top + 6 * smax, sigma, 600)
    else:
        T = np.unique(np.concatenate([np.geomspace(T_TRUE_MIN, top * 1.001, 4000), E]))
    r = rates.rate(T, flux, model, interaction, release.material, mu_ref)
    if release.efficiency_applies_to == "true":
        r = r * release.efficiency(T)
    out = rates.smear(E, T, r, rates.resolution(T, *sigma))
    if release.efficiency_applies_to == "reconstructed":
        out = out * release.efficiency(E)
    return out * release.exposure_kg_day


def _background(release, E):
    """The release's background density at reconstructed E with what it lacks added (events/keV)."""
    b = release.background_density(E)
    if "resolution" not in release.contains:  # a true-energy model: fold it
        T = release.background_energy
        sig = rates.resolution(T, *release.resolution)
        if np.any(sig > 0):
            b = rates.smear(E, T, release.background_rate * release.exposure_kg_day, sig)
    if "efficiency" not in release.contains:
        b = b * release.efficiency(E)
    return b


def _signal(channel, mu_ref):
    """The signal's interaction and reference coupling: ("magnetic", mu_ref) without a channel, else the
    channel (of :mod:`nuion.cross_sections.channels`) and its coupling (mu_nu, q_nu/e or <r^2> in cm^2)."""
    if channel is None:
        return "magnetic", mu_ref
    ref = {"magnetic": "mu_nu", "millicharge": "delta_q", "charge-radius": "r2_cm2"}.get(channel.name)
    if ref is None:
        raise ValueError(f"no limit for channel {channel.name!r}: the weak channel is the background")
    return channel, getattr(channel, ref)


def spectra(release, model, mu_ref=MU_NU_DEFAULT, flux=None, channel=None):
    """:class:`Spectra` of a release and an atomic model (:func:`nuion.detectors.rates.model`).

    The signal is the magnetic rate at ``mu_ref``, or that of ``channel`` at its own coupling; for
    the charge radius its excess over the weak rate of the same model (docs/channels.md). The grid
    has :data:`GRID_PER_KEV` points per keV over the window (trapezoid rule; the densities are
    smooth on 0.02 keV, the background tables of releases are coarser).
    """
    flux = flux if flux is not None else _flux(release)
    interaction, mu_ref = _signal(channel, mu_ref)
    lo, hi = release.window
    grid = np.linspace(lo, hi, int(np.ceil((hi - lo) * GRID_PER_KEV)) + 1)
    E = grid if release.kind == "binned" else np.concatenate([grid, release.events])
    s = _folded(release, model, interaction, E, flux, mu_ref)
    excess = channel is not None and channel.name == "charge-radius"
    contained = "neutrino-weak" in release.contains
    w = _folded(release, model, "weak", E, flux, mu_ref) if excess or not contained else np.zeros(E.size)
    if excess:
        s = s - w
    if contained:
        w = np.zeros(E.size)
    if release.background_kind == "density":
        b = _background(release, E)
    else:  # binned background: flat within each bin (figures only; the fit uses the counts)
        k = np.clip(np.searchsorted(release.edges, E, side="right") - 1, 0, release.counts.size - 1)
        b = release.background_counts[k] / np.diff(release.edges)[k]
    n = grid.size
    extra = {}
    if release.kind == "unbinned":
        extra = {"signal_events": s[n:], "background_events": b[n:], "weak_events": w[n:]}
    return Spectra(model.name, float(mu_ref), grid, s[:n], b[:n], w[:n], **extra)


class UnbinnedLikelihood:
    r"""Extended unbinned likelihood of m s + beta b + w, minimized with iminuit.

    .. math:: -\ln L = m S + \beta B + W - \sum_i \ln(m s_i + \beta b_i + w_i)
              \;[+ (\beta - 1)^2/2\delta^2]

    Parameters
    ----------
    totals : (S, B, W)
        Expected events in the window of signal (m = 1), background (beta = 1), weak.
    events : (s_i, b_i, w_i)
        Densities (events/keV) at the observed energies.
    nodes : (weights, s_n, b_n, w_n)
        Quadrature of the window (weights in keV) for the Asimov data set, whose density is
        beta_A b + w: -ln L_A = m S + beta B + W - sum_n weights_n (beta_A b_n + w_n)
        ln(m s_n + beta b_n + w_n).
    sigma_b : float, optional
        Relative Gaussian constraint of beta; None: beta free.
    beta_asimov : float
        beta_A of the Asimov data set (and the centre of its constraint). :func:`strength_limits`
        sets it to the background-only fit to the data, beta_hat(m = 0), pyhf's convention.
    """

    def __init__(self, totals, events, nodes, sigma_b=None, beta_asimov=1.0):
        self.S, self.B, self.W = (float(x) for x in totals)
        self.s, self.b, self.w = (np.asarray(x, dtype=float) for x in events)
        self.weights, self.sn, self.bn, self.wn = (np.asarray(x, dtype=float) for x in nodes)
        self.sigma_b = sigma_b
        self.set_asimov(beta_asimov)

    def set_asimov(self, beta):
        """Use the Asimov data set of m = 0 and background normalization ``beta``."""
        self.beta_asimov = float(beta)
        self.asimov_density = self.weights * (self.beta_asimov * self.bn + self.wn)

    def _constraint(self, beta, centre=1.0):
        return 0.0 if self.sigma_b is None else 0.5 * ((beta - centre) / self.sigma_b) ** 2

    def nll(self, m, beta):
        """-ln L on the observed events (constants dropped)."""
        lam = np.maximum(m * self.s + beta * self.b + self.w, 1e-300)
        return m * self.S + beta * self.B + self.W - np.sum(np.log(lam)) + self._constraint(beta)

    def nll_asimov(self, m, beta):
        """-ln L on the Asimov background-only data set (m = 0, beta = beta_A)."""
        lam = np.maximum(m * self.sn + beta * self.bn + self.wn, 1e-300)
        return (m * self.S + beta * self.B + self.W - np.sum(self.asimov_density * np.log(lam))
                + self._constraint(beta, self.beta_asimov))

    def fit(self, m=None, asimov=False):
        """Minimum of -ln L over beta (and m >= 0 unless ``m`` is given): (nll, m, beta, m_error).

        MIGRAD of iminuit; errordef 0.5 (a likelihood).
        """
        from iminuit import Minuit

        f = self.nll_asimov if asimov else self.nll
        width = np.sqrt(self.B + self.W) / max(self.S, 1e-300)  # of m, roughly
        # a free m starts inside its range: MIGRAD started on the bound m = 0 can stay there
        start = width if m is None else float(m)
        mn = Minuit(f, m=start, beta=1.0)
        mn.errordef = Minuit.LIKELIHOOD
        mn.tol = 0.01  # EDM < 2e-5 (MIGRAD stops at 0.002 tol errordef)
        mn.limits["beta"] = (1e-9, None)
        mn.limits["m"] = (0.0, None)
        mn.errors["m"] = max(0.1 * abs(start), width)
        mn.errors["beta"] = 1.0 / np.sqrt(max(self.B, 1.0))
        if m is not None:
            mn.fixed["m"] = True
        mn.migrad()
        if not mn.valid:
            mn.migrad()
        return float(mn.fval), float(mn.values["m"]), float(mn.values["beta"]), float(mn.errors["m"])

    def best_fit(self):
        """(nll, m_hat >= 0, beta_hat, error of m): the better of the free fit and the fit at m = 0
        (a minimum on the bound m = 0 is then exact, not MIGRAD's approach to it)."""
        free, zero = self.fit(), self.fit(0.0)
        return free if free[0] < zero[0] else zero

    def qmu_tilde(self, m, best=None):
        """q~_mu of [3] on the observed data: 0 where m_hat > m (m_hat bounded at 0)."""
        best = best if best is not None else self.fit()
        if best[1] > m:
            return 0.0
        return max(2.0 * (self.fit(m)[0] - best[0]), 0.0)

    def qmu_asimov(self, m):
        """q~_mu on the Asimov background-only data (its best fit is m = 0, beta = beta_A)."""
        return max(2.0 * (self.fit(m, asimov=True)[0] - self.nll_asimov(0.0, self.beta_asimov)), 0.0)


def cls(q, q_asimov, ratio=True):
    r"""CLs of the asymptotic q~_mu distributions ([3], eqs. (65)-(66)); ``ratio=False``: CL_{s+b} alone.

    Examples
    --------
    >>> round(cls(1.6448536**2, 1.6448536**2), 6)  # the median expected limit: CLs = 0.1
    0.1
    """
    sq, sqa = np.sqrt(max(q, 0.0)), np.sqrt(max(q_asimov, 1e-300))
    if sq <= sqa:
        clsb, clb = norm.sf(sq), norm.cdf(sqa - sq)
    else:
        clsb, clb = norm.sf((q + q_asimov) / (2 * sqa)), norm.sf((q - q_asimov) / (2 * sqa))
    if not ratio:
        return float(clsb)
    return float(clsb / clb) if clb > 0 else 1.0


def _bracket(f, start):
    """An interval [a, b] with f(a) > 0 > f(b), by doubling from ``start``."""
    a, b = start, start
    while f(a) <= 0:
        a /= 2.0
    while f(b) >= 0:
        b *= 2.0
    return a, b


@dataclass
class LimitResult:
    """Limits of one atomic model in the units of the signal's coupling (Bohr magnetons, or q_nu/e for
    the millicharge); signal strengths m = (mu_nu / mu_ref)^2.

    ``strength_error`` is MIGRAD's error of m (unbinned; 0 for binned releases).
    """

    model: str
    observed: float
    expected: float
    band: np.ndarray
    strength_hat: float
    strength_error: float
    background_norm_hat: float
    signal_counts: float
    background_counts: float
    weak_counts: float
    mu_ref: float
    method: str
    scan_mu_nu: np.ndarray | None = None
    #: -2 ln of the profile likelihood ratio against the best fit (m >= 0), on scan_mu_nu
    scan_q: np.ndarray | None = None
    scanfunc: object = None

    @property
    def mu_nu_hat(self):
        """Best-fit mu_nu = mu_ref sqrt(m_hat) (m_hat >= 0)."""
        return self.mu_ref * np.sqrt(self.strength_hat)


def _unbinned(release, spec):
    lo_hi = spec.grid
    weights = np.zeros(lo_hi.size)
    d = np.diff(lo_hi)
    weights[:-1] += d / 2
    weights[1:] += d / 2
    return UnbinnedLikelihood(spec.totals(), (spec.signal_events, spec.background_events, spec.weak_events),
                              (weights, spec.signal_grid, spec.background_grid, spec.weak_grid),
                              release.background_sigma)


def expected_strength(like, n=0, cl=CL):
    """Expected limit on m at N = ``n`` sigma from the Asimov data of ``like`` (its ``beta_asimov``).

    Solves sqrt(q_A(m)) = Phi^-1(1 - (1 - cl) Phi(N)) + N ([3], eq. (89) with sigma = m / sqrt(q_A)).
    """
    k = norm.isf((1.0 - cl) * norm.cdf(n)) + n

    def f_exp(m):
        return k - np.sqrt(like.qmu_asimov(m))

    return brentq(f_exp, *_bracket(f_exp, k * _fisher_width(like)), rtol=1e-6)


def expected_limits(like, cl=CL):
    """Expected limits on m at N = -2 ... 2 sigma (:data:`BANDS`) from the Asimov data of ``like``
    (:func:`expected_strength`)."""
    return np.asarray([expected_strength(like, n, cl) for n in BANDS])


def _fisher_width(like):
    """Width of m at m = 0 on the Asimov data, beta fixed: a scale for the root brackets."""
    lam = np.maximum(like.beta_asimov * like.bn + like.wn, 1e-300)
    return 1.0 / np.sqrt(max(np.sum(like.weights * like.sn**2 / lam), 1e-300))


def strength_limits(like, cl=CL, statistic="cls"):
    """Observed limit, expected band and best fit on the signal strength m of an :class:`UnbinnedLikelihood`.

    The Asimov data set is that of m = 0 with the background normalization fitted to the data at
    m = 0 (as pyhf does), so that both implementations give the same numbers.

    Returns
    -------
    m_obs : float
        Solves CLs(m) = 1 - cl (``statistic="clsb"``: CL_{s+b}(m) = 1 - cl).
    band : ndarray, shape (5,)
        Expected limits at N = -2 ... 2 sigma (:func:`expected_limits`).
    best : tuple
        (nll, m_hat >= 0, beta_hat, error of m) of :meth:`UnbinnedLikelihood.fit`.
    """
    m_obs, best = observed_strength(like, cl, statistic)
    return m_obs, expected_limits(like, cl), best


def observed_strength(like, cl=CL, statistic="cls"):
    """Observed limit on m of an :class:`UnbinnedLikelihood` and its best fit (:func:`strength_limits`);
    sets the Asimov data set to that of m = 0 with the background normalization fitted to the data."""
    alpha = 1.0 - cl
    like.set_asimov(like.fit(0.0)[2])
    best = like.best_fit()

    def f_obs(m):
        return cls(like.qmu_tilde(m, best), like.qmu_asimov(m), statistic == "cls") - alpha

    return brentq(f_obs, *_bracket(f_obs, 1.645 * _fisher_width(like)), rtol=1e-6), best


def unbinned_limit(release, spec, cl=CL, statistic="cls"):
    """Observed and expected CLs limits of an unbinned release (iminuit; asymptotics of [3]).

    ``statistic="clsb"`` solves CL_{s+b} = 1 - cl instead (no CLs protection against downward
    fluctuations: the observed limit of a plain profile-likelihood test, for comparison).

    Returns
    -------
    LimitResult
        Without the scan (:func:`limits` adds it on a grid common to the models).
    """
    like = _unbinned(release, spec)
    m_obs, band, best = strength_limits(like, cl, statistic)
    S, B, W = spec.totals()
    mu = spec.mu_ref
    return LimitResult(spec.model, mu * np.sqrt(m_obs), mu * np.sqrt(band[BANDS.index(0)]), mu * np.sqrt(band),
                       best[1], best[3], best[2], S, B, W, mu, "unbinned extended likelihood (iminuit), CLs q~ asymptotic",
                       scanfunc=lambda m: max(2.0 * (like.fit(m)[0] - best[0]), 0.0))


def binned_counts(release, spec):
    """Expected signal (mu_ref), background and weak counts in the release's bins."""
    edges = release.edges
    T = np.unique(np.concatenate([spec.grid, edges]))
    s = sensitivity.bin_counts(edges, T, np.interp(T, spec.grid, spec.signal_grid), 1.0)
    w = sensitivity.bin_counts(edges, T, np.interp(T, spec.grid, spec.weak_grid), 1.0)
    if release.background_kind == "binned":
        b = np.asarray(release.background_counts, dtype=float)
    else:
        b = sensitivity.bin_counts(edges, T, np.interp(T, spec.grid, spec.background_grid), 1.0)
    return s, b, w


def _pyhf_model(s, b, w, sigma_b):
    import pyhf

    bkg_mod = ({"name": "bkg_norm", "type": "normfactor", "data": None} if sigma_b is None else
               {"name": "bkg_norm", "type": "normsys", "data": {"hi": 1.0 + sigma_b, "lo": max(1.0 - sigma_b, 1e-3)}})
    samples = [{"name": "signal", "data": s.tolist(), "modifiers": [{"name": "mu", "type": "normfactor", "data": None}]},
               {"name": "background", "data": b.tolist(), "modifiers": [bkg_mod]}]
    if np.any(w > 0):
        samples.append({"name": "weak", "data": w.tolist(), "modifiers": []})
    return pyhf.Model({"channels": [{"name": "data", "samples": samples}]}, poi_name="mu", validate=False)


def _pyhf_problem(s, b, w, counts, sigma_b):
    """(model, data, parameter bounds) of pyhf for counts per bin (signal ``s`` at POI 1); the POI bounded to
    [0, 100]."""
    import pyhf

    pyhf.set_backend("numpy")
    model = _pyhf_model(s, b, w, sigma_b)
    data = np.concatenate([np.asarray(counts, dtype=float), model.config.auxdata])
    bounds = model.config.suggested_bounds()
    bounds[model.config.poi_index] = (0.0, 100.0)
    return model, data, bounds


def pyhf_cls(signal, background, weak, counts, sigma_b=None):
    r"""CLs of signal strength 1 of a binned Poisson model, observed and expected, with pyhf.

    One hypothesis test (``pyhf.infer.hypotest`` at m = 1) with the test statistic q~_mu of [3]
    (eqs. (16) and (65)-(66), asymptotic) and CLs = CL_{s+b} / CL_b [5], by
    :func:`nuion.detectors.sensitivity.cls_at_one` (shared with the presets' expected test,
    :func:`nuion.detectors.sensitivity.expected_cls`). Where CLs falls with m (the asymptotic
    q~_mu), CLs(1) = 1 - cl is the same as an upper limit on m of exactly 1 (:func:`pyhf_limits`),
    observed and at each N of the expected band alike: the test of :func:`radius_limits` on binned
    releases. The fits start at m = 0 (see :func:`nuion.detectors.sensitivity.cls_at_one`).

    Parameters
    ----------
    signal, background, weak, counts, sigma_b
        As for :func:`pyhf_limits` (signal at m = 1).

    Returns
    -------
    cls_obs : float
    cls_exp : ndarray, shape (5,)
        Expected CLs at N = -2 ... 2 sigma (:data:`BANDS`; pyhf's expected set, the weakest
        exclusion at +2).
    """
    s, b, w = (np.asarray(x, dtype=float) for x in (signal, background, weak))
    return sensitivity.cls_at_one(*_pyhf_problem(s, b, w, counts, sigma_b))


def pyhf_limits(signal, background, weak, counts, sigma_b=None, cl=CL):
    """Observed limit, expected band and best fit on m of a binned Poisson model, with pyhf.

    Parameters
    ----------
    signal, background, weak : array_like
        Expected counts per bin (signal at m = 1).
    counts : array_like
        Observed counts.
    sigma_b : float, optional
        Relative uncertainty of the background normalization (pyhf ``normsys``, interpolation
        code 1); None: a free ``normfactor``.

    Returns
    -------
    (m_obs, band (5,), m_hat >= 0, background normalization, scanfunc(m) -> -2 ln lambda)
    """
    import pyhf

    s, b, w = (np.asarray(x, dtype=float) for x in (signal, background, weak))
    scale = 1.0 / sensitivity.analytic_limit(s, w, b, None, cl)  # pyhf's POI of order 1
    model, data, bounds = _pyhf_problem(s / scale, b, w, counts, sigma_b)
    init, fixed = model.config.suggested_init(), model.config.suggested_fixed()
    obs, exp = pyhf.infer.intervals.upper_limits.toms748_scan(data, model, 0.3, 3.0, level=1.0 - cl, rtol=1e-4,
                                                              par_bounds=bounds, test_stat="qtilde")
    fitted = pyhf.infer.mle.fit(data, model, init_pars=init, par_bounds=bounds)
    m_hat = max(float(fitted[model.config.poi_index]) / scale, 0.0)
    a = float(fitted[model.config.par_slice("bkg_norm").start])
    if sigma_b is not None:  # normsys (code 1): the factor (1 +- sigma)^|alpha|
        a = (1.0 + sigma_b) ** a if a >= 0 else (1.0 - sigma_b) ** (-a)
    band = np.sort(np.asarray(exp, dtype=float)) / scale  # pyhf: the limits at +2 ... -2 sigma of CLs

    def scanfunc(m):
        return float(pyhf.infer.test_statistics.tmu_tilde(m * scale, data, model, init, bounds, fixed))

    return float(obs) / scale, band, m_hat, a, scanfunc


def binned_limit(release, spec, cl=CL):
    """Observed and expected CLs limits of a binned release (pyhf toms748 scan, q~, asymptotics)."""
    s, b, w = binned_counts(release, spec)
    m_obs, band, m_hat, norm_hat, scanfunc = pyhf_limits(s, b, w, release.counts, release.background_sigma, cl)
    mu = spec.mu_ref
    return LimitResult(spec.model, mu * np.sqrt(m_obs), mu * np.sqrt(band[2]), mu * np.sqrt(band), m_hat, 0.0,
                       norm_hat, float(s.sum()), float(b.sum()), float(w.sum()), mu,
                       "binned Poisson likelihood (pyhf), CLs q~ asymptotic", scanfunc=scanfunc)


def scan_grid(results, n=N_SCAN):
    """mu_nu points (Bohr magnetons) of the likelihood scan, common to the models: 0 to 1.5 x the largest
    observed or median expected limit."""
    top = max(max(r.observed, r.expected) for r in results)
    return np.linspace(0.0, 1.5 * top, n)


def limits(release, models, mu_ref=MU_NU_DEFAULT, cl=CL, n_scan=N_SCAN, channel=None):
    """Observed and expected limits, best fit and likelihood scan of every atomic model.

    Parameters
    ----------
    release : nuion.detectors.releases.Release
    models : sequence
        Atomic models (:func:`nuion.detectors.presets.atomic_models` with ``{"material": ...}``).
    mu_ref : float
        Bohr magnetons, the reference of the signal strength.
    cl : float
    n_scan : int
    channel : nuion.cross_sections.channels.Channel, optional
        A signal whose rate scales as its coupling squared (magnetic, millicharge), at its own
        coupling (the reference instead of ``mu_ref``); the charge radius: :func:`radius_limits`.

    Returns
    -------
    (list of LimitResult, list of Spectra)
    """
    if channel is not None and channel.name == "charge-radius":
        raise ValueError("the charge radius interferes with the weak rate: use radius_limits")
    flux = _flux(release)
    specs = [spectra(release, m, mu_ref, flux, channel) for m in models]
    run = unbinned_limit if release.kind == "unbinned" else binned_limit
    results = [run(release, sp, cl) for sp in specs]
    grid = scan_grid(results, n_scan)
    for r in results:
        r.scan_mu_nu = grid
        r.scan_q = np.array([r.scanfunc((x / r.mu_ref) ** 2) for x in grid])
    return results, specs


@dataclass
class RadiusLimits:
    """Limits on the charge radius <r^2> (cm^2) of one atomic model, one per sign: ``observed`` and
    ``expected`` (median) as (lower < 0, upper > 0); ``band_lower``, ``band_upper`` the expected
    limits at N = -2 ... 2 sigma (:data:`BANDS`); ``method`` the likelihood and the construction."""

    model: str
    observed: tuple
    expected: tuple
    band_lower: np.ndarray
    band_upper: np.ndarray
    method: str


def _tests(release, spec, cl):
    """(observed(signal), expected(N)(signal)): tests of a signal at strength 1, given at the points of
    ``spec`` (grid, then events) or per bin of a binned release, with its background and weak; > 0 where
    the signal is allowed, < 0 where excluded, 0 on the limit (those of
    :func:`nuion.detectors.sensitivity.quadratic_coupling_limit`).

    Unbinned releases: ln m_up, the upper limit on the strength (:func:`observed_strength`,
    :func:`expected_strength`). Binned releases: Phi^-1(cl) - Phi^-1(1 - CLs(1)) of one pyhf
    hypothesis test (:func:`pyhf_cls`; zero where m_up = 1;
    :func:`nuion.detectors.sensitivity.cls_test`, as the presets' test). The test is kept per signal: the
    observed and expected tests of a signal share it (the searches all start from the same brackets).
    """
    if release.kind == "unbinned":
        n = spec.grid.size

        def like_of(sig):
            return _unbinned(release, replace(spec, signal_grid=sig[:n], signal_events=sig[n:]))

        def expected(n_sigma):
            def test(sig):
                like = like_of(sig)
                like.set_asimov(like.fit(0.0)[2])
                return np.log(expected_strength(like, n_sigma, cl))
            return test

        return (lambda sig: np.log(observed_strength(like_of(sig), cl)[0])), expected
    _, b, w = binned_counts(release, spec)
    done = {}

    def run(sig):
        key = sig.tobytes()
        if key not in done:
            obs, exp = pyhf_cls(sig, b, w, release.counts, release.background_sigma)
            done[key] = sensitivity.cls_test(np.append(exp, obs), cl)
        return done[key]

    return (lambda sig: run(sig)[-1]), (lambda n_sigma: lambda sig: run(sig)[BANDS.index(n_sigma)])


def _points(release, spec):
    """The signal of ``spec`` where the likelihood reads it: grid and events, or bin counts."""
    if release.kind == "unbinned":
        return np.concatenate([spec.signal_grid, spec.signal_events])
    return binned_counts(release, spec)[0]


def radius_limits(release, models, channel, cl=CL):
    """Observed and expected limits on <r^2> of both signs from a release, per atomic model.

    The excess over the weak rate, a lambda + b lambda^2 at every point (a, b from the spectra at
    <r^2> = +-:data:`nuion.detectors.presets.R2_REF_CM2`, exact: the DCS is quadratic in g_V), is the signal of
    the likelihood of :func:`limits`; on each side the limit is the lambda whose excess has an upper
    strength limit of 1 (:func:`nuion.detectors.sensitivity.quadratic_coupling_limit`), for the
    observed limit and for each expected one (docs/channels.md, sec. 'Rates and limits').

    The statistic is q~_mu with its asymptotic distributions ([3], eqs. (16), (65)-(66)) and CLs [5].
    Unbinned releases: each step of the root search solves for m_up (:func:`observed_strength`,
    :func:`expected_strength`). Binned releases: each step is one pyhf hypothesis test at m = 1
    (:func:`pyhf_cls`), m_up = 1 being CLs(1) = 1 - cl where CLs falls with m; its observed CLs and
    its expected set (N = -2 ... 2) serve all the searches. The same limits as the root of m_up - 1
    by :func:`pyhf_limits`' scans, about 40 times fewer tests (docs/releases.md, sec. 'Speed').

    Parameters
    ----------
    release : nuion.detectors.releases.Release
    models : sequence
    channel : nuion.cross_sections.channels.ChargeRadius
        The flavours are those arriving (:func:`nuion.detectors.rates.flavour_parts`), not the channel's.
    cl : float

    Returns
    -------
    list of RadiusLimits
    """
    from nuion.cross_sections.channels import ChargeRadius

    flux = _flux(release)
    r_ref = presets.R2_REF_CM2
    out = []
    for m in models:
        plus, minus = (spectra(release, m, flux=flux, channel=ChargeRadius(r, channel.flavour)) for r in (r_ref, -r_ref))
        lin, quad = sensitivity.quadratic_coefficients(_points(release, plus), _points(release, minus), r_ref)
        observed, expected = _tests(release, plus, cl)

        def solve(test, side, lin=lin, quad=quad):
            return sensitivity.quadratic_coupling_limit(test, lin, quad, r_ref, side)

        bands = {side: np.array([solve(expected(n), side) for n in BANDS]) for side in (-1, 1)}
        method = ("unbinned extended likelihood (iminuit)" if release.kind == "unbinned" else
                  "binned Poisson likelihood (pyhf)") + ", CLs q~ asymptotic, excess of strength 1"
        out.append(RadiusLimits(m.name, (solve(observed, -1), solve(observed, 1)),
                                (bands[-1][BANDS.index(0)], bands[1][BANDS.index(0)]), bands[-1], bands[1], method))
    return out


def channel_limits(release, models, channel, cl=CL, n_scan=2):
    """Observed and expected limits of a release on the coupling of ``channel``, per atomic model.

    The magnetic moment and the millicharge by :func:`limits` (the magnetic one exactly as without a
    channel: at its reference ``mu_ref``; the millicharge at its coupling q_ref, m = (q_nu/q_ref)^2),
    the charge radius by :func:`radius_limits` (both signs); docs/channels.md, sec. 'Rates and limits'.
    The one dispatch of ``nuion limit --data --channel`` and of the limits stage's other channels.

    Parameters
    ----------
    release : nuion.detectors.releases.Release
    models : sequence
        Atomic models (:func:`atomic_models`, with ``channels`` for the atom's ratio tables).
    channel : nuion.cross_sections.channels.Channel
        Magnetic, Millicharge or ChargeRadius, with its coupling; the weak channel has no limit.
    cl : float
    n_scan : int
        Points of the likelihood scan of :func:`limits` (the scan is not part of the answer).

    Returns
    -------
    list of LimitResult (magnetic: Bohr magnetons; millicharge: q_nu/e) or of RadiusLimits (cm^2)
    """
    if channel.name == "charge-radius":
        return radius_limits(release, models, channel, cl)
    return limits(release, models, cl=cl, n_scan=n_scan, channel=None if channel.name == "magnetic" else channel)[0]
