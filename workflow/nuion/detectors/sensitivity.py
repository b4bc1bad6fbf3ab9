r"""Expected upper limits on the neutrino magnetic moment (docs/rates.md, sec. "Sensitivity").

The magnetic rate scales as mu_nu^2, so the signal strength of the statistical model
is m = (mu_nu / mu_ref)^2 and the limit on mu_nu is mu_ref sqrt(m_up). The expected
(median) 90 % CL upper limit is the CLs limit of pyhf [1] (asymptotic q~_mu of [2])
on the Asimov background-only data set (m = 0), which is the median of the
background-only expectation.

Statistical models (binned in the observed energy within the analysis window)

reactor ON/OFF
    ON:  n_i ~ Pois(m s_i + w_i + gamma_i b_i),  OFF: n'_i ~ Pois(k gamma_i b_i),
    with a free background gamma_i b_i per bin (pyhf ``shapefactor`` shared by both
    channels), k = OFF exposure / ON exposure, w_i the Standard-Model weak rate;
solar (one live time)
    n_i ~ Pois(m s_i + w_i + beta b_i), beta a free normalization of the background
    shape (flat by default).

:func:`asimov_sigma` gives the analytic Asimov estimate the tests compare with: the
Fisher-matrix width of m at m = 0 with the nuisance parameters profiled, and the
CLs median limit m_up = Phi^-1(1 - alpha/2) sigma (alpha = 0.1), i.e. 1.645 sigma.
For the reactor model sigma^-2 = sum_i s_i^2 / (b_i + w_i + b_i/k); so in the
background-dominated regime mu_nu,up is proportional to (B / exposure)^(1/4).

References
----------
.. [1] L. Heinrich, M. Feickert, G. Stark, K. Cranmer, pyhf, JOSS 6 (2021) 2823.
.. [2] G. Cowan, K. Cranmer, E. Gross, O. Vitells, Eur. Phys. J. C 71 (2011) 1554.
"""

import numpy as np
import pyhf
from scipy.stats import norm

from nuion.constants import MU_NU_DEFAULT

__all__ = ["bin_counts", "pyhf_spec", "asimov_sigma", "analytic_limit", "upper_limit", "cls_at_one", "cls_test",
           "expected_cls", "mu_nu_limit", "quadratic_coefficients", "quadratic_coupling_limit"]

CL = 0.90


def bin_counts(edges, T, dRdT, exposure_kg_day):
    """Expected counts per bin: exposure x the integral of dR/dT over each bin.

    Parameters
    ----------
    edges : ndarray, shape (n + 1,)
        Bin edges in keV (observed energy).
    T : ndarray
        Fine increasing grid (keV) containing every edge.
    dRdT : ndarray
        counts / (kg day keV) on T.
    exposure_kg_day : float

    Returns
    -------
    ndarray, shape (n,)
        Counts (trapezoid rule on T between edges).
    """
    cum = np.concatenate([[0.0], np.cumsum(np.diff(T) * 0.5 * (dRdT[1:] + dRdT[:-1]))])
    at = np.interp(edges, T, cum)
    return exposure_kg_day * np.diff(at)


def pyhf_spec(signal, weak, background, off_ratio=None, background_model="per-bin"):
    """pyhf workspace specification of the ON/OFF (``off_ratio`` given) or solar model.

    ``background_model``: "per-bin" (a free background per bin, shared by ON and OFF:
    shapefactor) or "shape" (the background shape known, one free normalization shared
    by ON and OFF: normfactor). The solar model always has a free normalization.
    """
    s, w, b = (np.asarray(x, dtype=float).tolist() for x in (signal, weak, background))
    poi = {"name": "signal", "data": s, "modifiers": [{"name": "mu", "type": "normfactor", "data": None}]}
    if off_ratio is None:
        bkg = {"name": "background", "data": b, "modifiers": [{"name": "bkg_norm", "type": "normfactor", "data": None}]}
        return {"channels": [{"name": "data", "samples": [poi, {"name": "weak", "data": w, "modifiers": []}, bkg]}]}
    if background_model == "per-bin":
        shape = [{"name": "bkg", "type": "shapefactor", "data": None}]
    elif background_model == "shape":
        shape = [{"name": "bkg_norm", "type": "normfactor", "data": None}]
    else:
        raise ValueError(f"background_model must be 'per-bin' or 'shape', got {background_model!r}")
    return {
        "channels": [
            {"name": "on", "samples": [poi, {"name": "weak", "data": w, "modifiers": []},
                                       {"name": "background", "data": b, "modifiers": shape}]},
            {"name": "off", "samples": [{"name": "background", "data": (np.asarray(b) * off_ratio).tolist(),
                                         "modifiers": shape}]},
        ]
    }


def asimov_sigma(signal, weak, background, off_ratio=None, background_model="per-bin"):
    r"""Analytic Asimov width of the signal strength m at m = 0 (nuisances profiled).

    .. math::
        \sigma^{-2} = \sum_i \frac{s_i^2}{b_i + w_i + b_i/k} \quad\text{(ON/OFF, per bin)},\qquad
        \sigma^{-2} = I_{mm} - I_{m\beta}^2/I_{\beta\beta},\
        I_{xy} = \sum_i \frac{x_i y_i}{w_i + b_i} \ (+\, k\textstyle\sum_i b_i \text{ in } I_{\beta\beta}
        \text{ for ON/OFF, shape})

    (Fisher information of the Poisson likelihood at the Asimov point, nuisances
    profiled: the inverse of the (m, m) element of the inverse Fisher matrix.)

    Returns
    -------
    float
    """
    s, w, b = (np.asarray(x, dtype=float) for x in (signal, weak, background))
    if off_ratio is not None and background_model == "per-bin":
        return float(1.0 / np.sqrt(np.sum(s * s / (b + w + b / off_ratio))))
    lam = w + b
    Imm, Imb, Ibb = np.sum(s * s / lam), np.sum(s * b / lam), np.sum(b * b / lam)
    if off_ratio is not None:
        Ibb += off_ratio * np.sum(b)
    return float(1.0 / np.sqrt(Imm - Imb**2 / Ibb))


def analytic_limit(signal, weak, background, off_ratio=None, cl=CL, background_model="per-bin"):
    """Median CLs upper limit on m from :func:`asimov_sigma`: Phi^-1(1 - (1 - cl)/2) sigma."""
    return norm.ppf(1.0 - (1.0 - cl) / 2.0) * asimov_sigma(signal, weak, background, off_ratio, background_model)


def _asimov_problem(signal, weak, background, off_ratio, background_model, poi_max):
    """(model, Asimov background-only data, parameter bounds) of :func:`pyhf_spec`; the POI bounded to
    [0, ``poi_max``]."""
    pyhf.set_backend("numpy")
    model = pyhf.Model(pyhf_spec(signal, weak, background, off_ratio, background_model), poi_name="mu",
                       validate=False)
    init = model.config.suggested_init()
    init[model.config.poi_index] = 0.0
    bounds = model.config.suggested_bounds()
    bounds[model.config.poi_index] = (0.0, poi_max)
    return model, model.expected_data(init), bounds


def upper_limit(signal, weak, background, off_ratio=None, cl=CL, background_model="per-bin"):
    """Expected (median) CLs upper limit on the signal strength m with pyhf.

    Parameters
    ----------
    signal, weak, background : array_like
        Expected counts per bin of the magnetic signal at m = 1, the SM weak rate and
        the background (ON exposure).
    background_model : {"per-bin", "shape"}
        See :func:`pyhf_spec`.
    off_ratio : float, optional
        OFF exposure / ON exposure (reactor); None for a solar (single live time) model.
    cl : float
        Confidence level (0.9).

    Returns
    -------
    float
        m_up, from pyhf's toms748 root finding of CLs(m) = 1 - cl on the Asimov
        background-only data (qtilde test statistic, asymptotic formulae).

    See Also
    --------
    expected_cls : CLs at m = 1 alone (one test): 1 - cl exactly where m_up = 1.
    """
    guess = analytic_limit(signal, weak, background, off_ratio, cl, background_model)
    scale = 1.0 / guess  # work with a strength of order 1
    model, data, bounds = _asimov_problem(np.asarray(signal, dtype=float) / scale, weak, background, off_ratio,
                                          background_model, 50.0)
    m_up = pyhf.infer.intervals.upper_limits.toms748_scan(
        data, model, 0.3, 3.0, level=1.0 - cl, rtol=1e-5, par_bounds=bounds, test_stat="qtilde"
    )[0]
    return float(m_up) / scale


def cls_at_one(model, data, bounds):
    r"""CLs of signal strength 1 of a pyhf model, observed and expected set: one hypothesis test.

    ``pyhf.infer.hypotest`` at m = 1 with the test statistic q~_mu of [2] (eqs. (16) and
    (65)-(66), asymptotic) and CLs = CL_{s+b} / CL_b (A. L. Read, J. Phys. G 28 (2002) 2693).
    Where CLs falls with m (the asymptotic q~_mu), CLs(1) = 1 - cl is the same as an upper limit
    on m of exactly 1. The fits start at m = 0: from pyhf's start m = 1 SLSQP misses the best
    fit of a signal far above the data (it returned CLs = 1 where the limit on m is 5e-4) or
    fails.

    Parameters
    ----------
    model : pyhf.pdf.Model
        With its POI the signal strength m.
    data : ndarray
        Main data then auxiliary data.
    bounds : list of tuple
        Parameter bounds (the POI's containing 1).

    Returns
    -------
    cls_obs : float
    cls_exp : ndarray, shape (5,)
        pyhf's expected set, at N = -2 ... 2 sigma of the background-only expectation (the
        weakest exclusion at +2); index 2 is the median.
    """
    init = model.config.suggested_init()
    init[model.config.poi_index] = 0.0
    obs, exp = pyhf.infer.hypotest(1.0, data, model, init_pars=init, par_bounds=bounds, test_stat="qtilde",
                                   return_expected_set=True)
    return float(obs), np.asarray(exp, dtype=float)


def cls_test(cls, cl=CL):
    r"""Test of :func:`quadratic_coupling_limit` from CLs at strength 1: Phi^-1(cl) - Phi^-1(1 - CLs).

    Positive where the signal is allowed (CLs > 1 - cl), negative where excluded, zero on the
    limit (m_up = 1). CLs is clipped to [1e-300, 1 - 1e-16] (pyhf gives 0 for a signal far above
    the data). In these Gaussian units a root search takes about a quarter fewer steps than in
    CLs - (1 - cl).

    Parameters
    ----------
    cls : float or ndarray
    cl : float

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> float(cls_test(0.1))
    0.0
    >>> bool(cls_test(0.5) > 0 > cls_test(0.01))
    True
    """
    return norm.isf(1.0 - cl) - norm.isf(np.clip(cls, 1e-300, 1.0 - 1e-16))


def expected_cls(signal, weak, background, off_ratio=None, background_model="per-bin"):
    """Expected (median) CLs of signal strength 1 with pyhf: one test on the Asimov background-only data.

    The median of the expected set of :func:`cls_at_one` (index 2) for the model of
    :func:`pyhf_spec`; 1 - cl where :func:`upper_limit` is 1.

    Parameters
    ----------
    signal, weak, background, off_ratio, background_model
        As for :func:`upper_limit` (signal at m = 1).

    Returns
    -------
    float
    """
    model, data, bounds = _asimov_problem(signal, weak, background, off_ratio, background_model, 100.0)
    return float(cls_at_one(model, data, bounds)[1][2])


def mu_nu_limit(signal, weak, background, off_ratio=None, mu_ref=MU_NU_DEFAULT, cl=CL, method="pyhf",
                background_model="per-bin"):
    """Expected upper limit on mu_nu (Bohr magnetons): mu_ref sqrt(m_up).

    ``signal`` is the magnetic expectation at mu_nu = mu_ref; ``method`` "pyhf" or
    "analytic" (:func:`analytic_limit`); ``background_model`` see :func:`pyhf_spec`.
    """
    if method == "pyhf":
        m_up = upper_limit(signal, weak, background, off_ratio, cl, background_model)
    elif method == "analytic":
        m_up = analytic_limit(signal, weak, background, off_ratio, cl, background_model)
    else:
        raise ValueError(f"method must be 'pyhf' or 'analytic', got {method!r}")
    return float(mu_ref * np.sqrt(m_up))


def quadratic_coefficients(s_plus, s_minus, ref):
    """(a, b) of a signal a lambda + b lambda^2 from its values at lambda = +ref and -ref:
    a = (s+ - s-)/(2 ref), b = (s+ + s-)/(2 ref^2) (exact for a quadratic through 0).

    Examples
    --------
    >>> quadratic_coefficients(np.array([2.0 * 3 + 5 * 9]), np.array([-2.0 * 3 + 5 * 9]), 3.0)
    (array([2.]), array([5.]))
    """
    s_plus, s_minus = np.asarray(s_plus, dtype=float), np.asarray(s_minus, dtype=float)
    return (s_plus - s_minus) / (2.0 * ref), (s_plus + s_minus) / (2.0 * ref**2)


def quadratic_coupling_limit(test, a, b, scale, side=1):
    r"""Limit on a coupling lambda whose signal is a lambda + b lambda^2 (an excess that interferes).

    The signal of a neutrino charge radius is its excess over the Standard-Model weak rate,
    s_i(lambda) = a_i lambda + b_i lambda^2 per bin or point (b_i >= 0; docs/channels.md, sec.
    'Rates and limits'). For one sign of lambda (``side``) the limit is the lambda whose signal,
    deficits set to 0, has an upper limit on its strength of exactly 1:

    .. math:: m_{\rm up}\big[\max(a\lambda + b\lambda^2, 0)\big] = 1

    or, the same where CLs falls with the strength m, whose CLs at m = 1 is 1 - CL (CLs of
    A. L. Read, J. Phys. G 28 (2002) 2693; the test statistic q~_mu of G. Cowan et al., Eur. Phys. J.
    C 71 (2011) 1554, eqs. (16), (65)-(66), asymptotic): one hypothesis test per step instead of a
    scan over m. ``test`` gives either, as a number of the sign of ln m_up.

    Solved by Brent's method in ln|lambda| (``xtol`` 1e-4) from |lambda| = max(1e-3 scale, 1.01 x
    the largest zero crossing -a_i/b_i on that side: every bin an excess beyond it) to 1e3 scale.
    Where the signal is a deficit (between 0 and the crossing) nothing is excluded: the interval
    between the limits of the two sides is conservative by the deficit's sensitivity.

    Parameters
    ----------
    test : callable
        signal (array like ``a``) -> a float, > 0 where the signal at strength 1 is allowed, < 0
        where it is excluded, 0 on the limit (the statistic of the caller, expected or observed):
        ln m_up (the unbinned likelihood, the presets' analytic limit) or :func:`cls_test`,
        Phi^-1(CL) - Phi^-1(1 - CLs(1)), of one pyhf test (:func:`cls_at_one`: the presets'
        median, :func:`expected_cls`, and the binned releases,
        :func:`nuion.detectors.likelihood.pyhf_cls`).
    a, b : ndarray
        Signal per unit lambda and per unit lambda^2.
    scale : float
        A typical lambda (the reference coupling of a and b).
    side : {1, -1}

    Returns
    -------
    float
        lambda, of the sign of ``side``.

    Examples
    --------
    >>> # one bin, strength limit 4/s: the limit solves lambda + lambda^2 = 4
    >>> lam = quadratic_coupling_limit(lambda s: np.log(4.0 / s[0]), np.array([1.0]), np.array([1.0]), 1.0)
    >>> bool(np.isclose(lam, (np.sqrt(17) - 1) / 2, rtol=1e-4))
    True
    """
    from scipy.optimize import brentq

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = np.where(b > 0, -side * a / b, 0.0)
    lo, hi = max(1e-3 * scale, 1.01 * float(crossing.max(initial=0.0))), 1e3 * scale

    def f(x):
        lam = side * np.exp(x)
        return test(np.maximum(a * lam + b * lam**2, 0.0))

    return float(side * np.exp(brentq(f, np.log(lo), np.log(hi), xtol=1e-4)))
