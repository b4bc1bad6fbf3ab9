"""Observed and expected limits from data releases (nuion.detectors.likelihood, docs/releases.md,
sec. 'Statistics'): the CLs asymptotics, unbinned against pyhf, Asimov against Fisher, XENONnT SR0,
LZ WS2022 and WS2024."""

import numpy as np
import pytest
from scipy.stats import norm

from nuion.detectors import likelihood, presets, releases


@pytest.fixture(scope="module")
def sr0():
    return releases.load("xenonnt-sr0")


@pytest.fixture(scope="module")
def sr0_results(sr0):
    models = presets.atomic_models({"material": "Xe"}, ("fe", "stepping"))
    results, specs = likelihood.limits(sr0, models, n_scan=5)
    return dict(zip(("fe", "stepping"), results, strict=True)), dict(zip(("fe", "stepping"), specs, strict=True))


class TestCLs:
    def test_median_is_1645_sigma(self):
        # Cowan et al. (2011): the median CLs limit at 90 % CL has sqrt(q_A) = Phi^-1(0.95); q = q_A there
        k = norm.isf(0.05)
        assert likelihood.cls(k**2, k**2) == pytest.approx(0.1, rel=1e-12)

    def test_clsb_is_one_sided_p_value(self):
        assert likelihood.cls(1.0, 4.0, ratio=False) == pytest.approx(norm.sf(1.0), rel=1e-12)


def _piecewise_constant(seed=1):
    """A binned model whose densities are constant in each bin: the unbinned likelihood of any
    events then equals the binned Poisson likelihood up to a constant (same limits)."""
    rng = np.random.default_rng(seed)
    edges = np.linspace(1.0, 11.0, 11)
    width = np.diff(edges)
    s = 4.0 * np.exp(-0.3 * (edges[:-1] - 1.0))  # events per bin at m = 1, falling like a 1/T signal
    b = np.full(10, 40.0)
    w = np.full(10, 5.0)
    counts = rng.poisson(b + w)
    events_bin = np.repeat(np.arange(10), counts)
    like = likelihood.UnbinnedLikelihood(
        (s.sum(), b.sum(), w.sum()),
        ((s / width)[events_bin], (b / width)[events_bin], (w / width)[events_bin]),
        (width, s / width, b / width, w / width),
    )
    return like, s, b, w, counts


def test_unbinned_equals_pyhf_when_densities_are_flat_per_bin():
    # same likelihood, two implementations: iminuit + asymptotic CLs of [3] against pyhf's toms748 scan
    like, s, b, w, counts = _piecewise_constant()
    m_obs, band, best = likelihood.strength_limits(like)
    p_obs, p_band, p_hat, p_norm, _ = likelihood.pyhf_limits(s, b, w, counts)
    assert m_obs == pytest.approx(p_obs, rel=2e-3)
    np.testing.assert_allclose(band, p_band, rtol=2e-3)
    assert best[2] == pytest.approx(p_norm, rel=2e-3)


@pytest.mark.parametrize("sigma_b", [None, 0.1])
def test_cls_at_strength_one_is_the_level_at_the_limits(sigma_b):
    # radius_limits on binned releases: an upper limit on m of 1 is CLs(1) = 0.1 (one pyhf test, not a scan):
    # the signal scaled to each of pyhf_limits' limits has CLs(1) = 0.1, observed and at each N of the band
    _, s, b, w, counts = _piecewise_constant()
    m_obs, band, *_ = likelihood.pyhf_limits(s, b, w, counts, sigma_b)
    assert likelihood.pyhf_cls(s * m_obs, b, w, counts, sigma_b)[0] == pytest.approx(0.1, rel=2e-3)
    for k, m in enumerate(band):
        assert likelihood.pyhf_cls(s * m, b, w, counts, sigma_b)[1][k] == pytest.approx(0.1, rel=2e-3)
    # and CLs(1) falls with the signal (the premise of the equivalence)
    cls_obs = [likelihood.pyhf_cls(s * m, b, w, counts, sigma_b)[0] for m in (0.5 * m_obs, m_obs, 2 * m_obs, 1e4)]
    assert np.all(np.diff(cls_obs) < 0)


@pytest.mark.parametrize("scale", [1.0, 100.0])
def test_expected_limit_against_fisher_width(sr0_results, scale):
    # Asimov median = Phi^-1(0.95) sigma, sigma^-2 = I_mm - I_mb^2 / I_bb, I_xy = int x y / (b + w) dE, the
    # Fisher width with beta profiled (continuous form of nuion.detectors.sensitivity.asimov_sigma): exact for
    # a Gaussian likelihood. The XENONnT FE signal at its limit (31 events) sits at 1-3 keV where B0 is low:
    # the Asimov limit is 8 % above Fisher; with 100 x the background within 1 % (B0 vanishes at 1 keV).
    sp = sr0_results[1]["fe"]
    s, b, w = sp.signal_grid, scale * sp.background_grid, sp.weak_grid
    weights = np.gradient(sp.grid)  # any quadrature: both sides use the same
    weights[[0, -1]] *= 0.5 * np.diff(sp.grid)[[0, -1]] / weights[[0, -1]]
    totals = (np.sum(weights * s), np.sum(weights * b), np.sum(weights * w))
    like = likelihood.UnbinnedLikelihood(totals, (s[:1], b[:1], w[:1]), (weights, s, b, w))
    m_asimov = likelihood.expected_limits(like)[2]
    Imm, Imb, Ibb = (np.sum(weights * x * y / (b + w)) for x, y in ((s, s), (s, b), (b, b)))
    m_fisher = norm.isf(0.05) / np.sqrt(Imm - Imb**2 / Ibb)
    assert m_asimov / m_fisher == pytest.approx(1.081 if scale == 1.0 else 1.0, abs=0.01)


class TestXenonntSR0:
    """docs/releases.md, sec. 'Results': observed and expected limits, Bohr magnetons (1 %)."""

    @pytest.mark.parametrize(("model", "observed", "expected"), [("fe", 7.43e-12, 9.48e-12), ("stepping", 8.29e-12, 1.054e-11)])
    def test_limits(self, sr0_results, model, observed, expected):
        r = sr0_results[0][model]
        assert r.observed == pytest.approx(observed, rel=0.01)
        assert r.expected == pytest.approx(expected, rel=0.01)
        # the data lie below the background model where the signal is (1-2 keV: 4 events, 7 expected):
        # the observed limit sits between the -2 and -1 sigma expected limits
        assert r.band[0] < r.observed < r.band[1]
        assert r.strength_hat < 1e-6 and r.background_norm_hat == pytest.approx(1.015, abs=0.002)

    def test_counts(self, sr0_results):
        fe, st = sr0_results[0]["fe"], sr0_results[0]["stepping"]
        # the magnetic events at 1e-11 mu_B: 34.0 (FE), 30.6 (stepping: fewer open electrons below the L edges)
        assert fe.signal_counts == pytest.approx(34.0, rel=0.01) and st.signal_counts == pytest.approx(30.6, rel=0.01)
        assert fe.background_counts == pytest.approx(426.5, rel=1e-3) and fe.weak_counts == 0.0

    def test_scan(self, sr0_results):
        r = sr0_results[0]["fe"]
        assert r.scan_q[0] == pytest.approx(0.0, abs=1e-6) and np.all(np.diff(r.scan_q) > 0)


@pytest.fixture(scope="module")
def lz_results():
    """fe and stepping limits of both LZ releases (binned: pyhf), with the fe spectra; 1.3 s each."""
    out = {}
    for run in ("ws2022", "ws2024"):
        release = releases.load(f"lz-{run}")
        models = presets.atomic_models({"material": "Xe"}, ("fe", "stepping"))
        results, specs = likelihood.limits(release, models, n_scan=3)
        out[run] = release, dict(zip(("fe", "stepping"), results, strict=True)), specs[0]
    return out


class TestLZ:
    """docs/releases.md, sec. 'LZ WS2022 and WS2024 electron recoils': observed and expected limits, Bohr
    magnetons. Measured 2026-12 (nuion limit --data lz-ws20xx --models fe,stepping); 1 % as for XENONnT SR0:
    pyhf's scan is converged to 1e-4, the rest is the atomic models' numerics, which a change of the rates
    may move by a few per mille."""

    @pytest.mark.parametrize(
        ("run", "model", "observed", "expected"),
        [
            ("ws2022", "fe", 1.307e-11, 1.395e-11),
            ("ws2022", "stepping", 1.448e-11, 1.559e-11),
            ("ws2024", "fe", 9.88e-12, 9.21e-12),
            ("ws2024", "stepping", 1.097e-11, 1.033e-11),
        ],
    )
    def test_limits(self, lz_results, run, model, observed, expected):
        release, results, _ = lz_results[run]
        r = results[model]
        assert r.method.startswith("binned")
        assert r.observed == pytest.approx(observed, rel=0.01)
        assert r.expected == pytest.approx(expected, rel=0.01)
        # both observed limits lie within 1 sigma of the median: WS2022 below it (best fit m = 0, on its bound),
        # WS2024 above it (best fit m = 0.19, mu_nu = 4.4e-12 fe: 19 events of 1787, not significant)
        assert r.band[1] < r.observed < r.band[3]
        assert r.background_counts == pytest.approx(release.background_total(), rel=1e-9) and r.weak_counts == 0.0

    def test_one_signal_per_exposure(self, lz_results):
        # same detector, efficiencies within 3 %: the fe events at 1e-11 mu_B per t yr agree within 3 % between
        # the runs (measured 28.46 and 29.11); a wrong exposure unit or a lost efficiency breaks this
        per = {run: res["fe"].signal_counts / (rel.exposure_kg_day / 365250.0) for run, (rel, res, _) in lz_results.items()}
        assert per["ws2022"] == pytest.approx(28.46, rel=0.01) and per["ws2024"] == pytest.approx(29.11, rel=0.01)

    @pytest.mark.parametrize(("run", "ratio"), [("ws2022", 1.046), ("ws2024", 1.017)])
    def test_expected_against_fisher(self, lz_results, run, ratio):
        # the pyhf Asimov median against 1.645 Fisher widths, sigma^-2 = I_mm - I_mb^2/I_bb, I_xy = sum x y / b
        # over the bins (the normalization profiled): an independent path from the binned counts to the limit.
        # Above 1 where the low bins hold few events; nearer 1 with 3.7 x the exposure (Gaussian regime)
        release, results, spec = lz_results[run]
        s, b, w = likelihood.binned_counts(release, spec)
        Imm, Imb, Ibb = (np.sum(x * y / (b + w)) for x, y in ((s, s), (s, b), (b, b)))
        mu_fisher = results["fe"].mu_ref * np.sqrt(norm.isf(0.05) / np.sqrt(Imm - Imb**2 / Ibb))
        assert results["fe"].expected / mu_fisher == pytest.approx(ratio, abs=0.005)

    def test_scaling_between_runs(self, lz_results):
        # 3.67 x the exposure with the same background per t yr would give (1/3.67)^(1/4) = 0.72 x the expected
        # limit; WS2024 reaches 0.66 x, as its background at 2-3 keV is half that of WS2022 per t yr (the
        # 2.8 keV peak of WS2022, 37Ar in LZ's WS2022 background model, has decayed)
        ratio = lz_results["ws2024"][1]["fe"].expected / lz_results["ws2022"][1]["fe"].expected
        assert ratio == pytest.approx(0.660, abs=0.005) and ratio < (1210.0 / 330.0) ** -0.25

    def test_against_literature(self, lz_results):
        # no LZ limit on mu_nu was readable here; M. Atzori Corona et al., arXiv:2207.05036 (abstract), fitted
        # LZ's first (WS2022) data: mu_nu < 1.1e-11 mu_B at 90 % CL. Same run, other analysis: within a factor 2
        # (measured: 1.19 x, observed fe)
        assert 0.5 < lz_results["ws2022"][1]["fe"].observed / 1.1e-11 < 2.0


def _binned(sr0):
    """The XENONnT SR0 release in 29 bins of 1 keV, its background model B0 integrated over each bin."""
    import dataclasses

    edges = np.arange(1.0, 31.0, 1.0)
    T = np.linspace(1.0, 30.0, 2901)
    cum = np.concatenate([[0.0], np.cumsum(np.diff(T) * 0.5 * (sr0.background_density(T)[1:] + sr0.background_density(T)[:-1]))])
    binned = dataclasses.replace(sr0, kind="binned", events=None, edges=edges,
                                 counts=np.histogram(sr0.events, edges)[0].astype(float),
                                 background_kind="binned", background_counts=np.diff(np.interp(edges, T, cum)))
    return binned


def test_binned_release_end_to_end(sr0):
    # the XENONnT events in 29 bins of 1 keV with B0 binned: pyhf; close to the unbinned result
    binned = _binned(sr0)
    model = presets.atomic_models({"material": "Xe"}, ("fe",))
    r = likelihood.limits(binned, model, n_scan=3)[0][0]
    assert r.method.startswith("binned") and r.background_counts == pytest.approx(426.5, rel=1e-3)
    assert r.expected == pytest.approx(9.48e-12, rel=0.03)
    assert r.observed == pytest.approx(7.43e-12, rel=0.1)


class TestChannels:
    """Millicharge and charge-radius limits from XENONnT SR0 (docs/channels.md, sec. 'Limits per channel and
    model'), free electrons: the numbers of the table there (1e-3; MIGRAD's tolerance moves them by < 1e-4)."""

    def test_millicharge(self, sr0, sr0_results):
        # m = (q_nu/q_ref)^2; measured 3.0009e-13 e observed, 4.0007e-13 e expected (fe)
        from nuion.cross_sections import channels as ch

        fe = presets.atomic_models({"material": "Xe"}, ("fe",))
        r = likelihood.limits(sr0, fe, n_scan=2, channel=ch.Millicharge(1e-12))[0][0]
        assert (r.observed, r.expected) == pytest.approx((3.0009e-13, 4.0007e-13), rel=1e-3)
        assert r.band[0] < r.observed < r.band[1]
        # the channel counts: the magnetic signal in its place gives mu_up x q_ref/mu_ref = 7.4e-13 e
        mag = sr0_results[0]["fe"]
        assert r.observed < 0.5 * mag.observed * 1e-12 / mag.mu_ref

    def test_charge_radius(self, sr0):
        # both signs; measured (-7.919e-31, 3.564e-31) observed, (-8.806e-31, 4.449e-31) expected, cm^2 (fe)
        from nuion.cross_sections import channels as ch

        fe = presets.atomic_models({"material": "Xe"}, ("fe",))
        (r,) = likelihood.radius_limits(sr0, fe, ch.ChargeRadius(1e-32))
        assert r.observed == pytest.approx((-7.919e-31, 3.564e-31), rel=1e-3)
        assert r.expected == pytest.approx((-8.806e-31, 4.449e-31), rel=1e-3)
        # the bands widen outwards on both sides: +2 sigma is the weakest limit
        assert np.all(np.diff(r.band_upper) > 0) and np.all(np.diff(r.band_lower) < 0)
        with pytest.raises(ValueError, match="radius_limits"):
            likelihood.limits(sr0, fe, channel=ch.ChargeRadius(1e-32))


def test_atom_of_a_release_knows_its_source(sr0, monkeypatch):
    # the atom's weak tables are those of the flavours the release's source sends: the Sun's (nu_e, nu_mu),
    # which presets.atom_model reads from "source" (a release used to pass the material alone: KeyError)
    seen = {}

    def atom_model(preset, response, channels=()):
        seen.update(preset)
        return "the atom"

    monkeypatch.setattr(presets, "atom_model", atom_model)
    monkeypatch.setattr(presets.rates, "model", lambda name, material, atom=None: atom if name == "atom" else name)
    assert likelihood.atomic_models(sr0, ["atom"], response="Xe.nc") == ["the atom"]
    assert seen == {"material": "Xe", "source": "solar"} and presets._flavours(seen) == ("nue", "numu")


@pytest.mark.heavy
def test_binned_release_charge_radius(sr0):
    # radius_limits on the XENONnT events in 29 bins of 1 keV (pyhf): within 10 % of the unbinned limits
    # (TestChannels: information lost to the binning, as for mu_nu in test_binned_release_end_to_end)
    from nuion.cross_sections import channels as ch

    binned = _binned(sr0)
    (r,) = likelihood.radius_limits(binned, presets.atomic_models({"material": "Xe"}, ("fe",)), ch.ChargeRadius(1e-32))
    assert r.method.startswith("binned")
    assert r.expected == pytest.approx((-8.806e-31, 4.449e-31), rel=0.1)
    assert r.observed == pytest.approx((-7.919e-31, 3.564e-31), rel=0.1)
