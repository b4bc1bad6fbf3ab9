"""Closed forms of docs/physics.md (secs. 'Scaled units' to 'Discrete lines'): continuations, limits,
stability, invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nuion.targets.ion import hydrogenic as h
from nuion import kinematics as kin
from nuion import longitudinal_response, transverse_response


def spec_gos_complex(k, K):
    """df/dW of docs/physics.md, sec. 'Longitudinal response', written literally in complex arithmetic, Sommerfeld factor dropped."""
    W = 1 + k**2
    C = np.exp(-(2 / k) * np.arctan(2 * k / (K**2 - k**2 + 1)))
    return 2**7 * W * (K**2 + (1 + k**2) / 3) * C / (((K + k) ** 2 + 1) ** 3 * ((K - k) ** 2 + 1) ** 3)


def spec_mu_integral(a, b):
    """Int_{-1}^{1} (1 - mu^2) (a - b mu)^-4 d mu, complex a, b: 400-point Gauss-Legendre
    (the integrand is a rational function without poles on [-1, 1]; converged to 1e-15)."""
    mu, w = np.polynomial.legendre.leggauss(400)
    return np.sum(w * (1 - mu**2) * (a - b * mu) ** -4)


class TestGosDiscrete:
    def test_lyman_alpha(self):
        # f_2(0) = 24576/59049 (docs/physics.md, sec. 'Discrete lines')
        assert h.gos_discrete(2, 0.0) == pytest.approx(24576 / 59049, rel=1e-14)

    @pytest.mark.parametrize("n", [2, 3, 5, 10, 40])
    @pytest.mark.parametrize("K", [0.0, 0.3, 1.0, 4.0])
    def test_continuation_of_continuum(self, n, K):
        # docs/physics.md, sec. 'Discrete lines': f_n = 2 n^-3 df/dW(k -> i/n) without the Sommerfeld factor, exactly
        cont = 2 * n**-3.0 * spec_gos_complex(1j / n, K)
        assert abs(cont.imag) < 1e-12 * abs(cont.real)
        assert h.gos_discrete(n, K) == pytest.approx(cont.real, rel=1e-11)

    def test_tail_falls_as_n_cubed(self):
        # f_n n^3 -> 2 df/dW(W -> 1): continuity across threshold ([1] sec. 3)
        n = np.array([1e3, 1e4, 1e5])
        for K in (0.0, 1.0):
            lim = 2 * h.gos_density(1.0, K)
            np.testing.assert_allclose(h.gos_discrete(n, K) * n**3, lim, rtol=2e-5)


class TestTransverseDensity:
    @pytest.mark.parametrize("W", [1.001, 1.5, 3.0, 10.0])
    @pytest.mark.parametrize("K", [1e-3, 0.3, 1.0, 3.0, 10.0])
    def test_mu_integral_reduction(self, W, K):
        # direct form 16 W C Int (1-mu^2)(K^2+k^2+1-2kK mu)^-4 d mu vs the elementary
        # 4/(3 (a^2 - b^2)^2) used in the code (docs/physics.md, sec. 'Transverse response')
        k = np.sqrt(W - 1)
        spec = 16 * W * h.coulomb_factor(k, K) * spec_mu_integral(K**2 + k**2 + 1, 2 * k * K).real
        assert h.transverse_density(W, K) == pytest.approx(spec, rel=1e-12)

    @pytest.mark.parametrize("n", [2, 3, 7, 25])
    @pytest.mark.parametrize("K", [0.0, 0.5, 2.0])
    def test_discrete_is_continuation(self, n, K):
        # docs/physics.md, sec. 'Discrete lines': R_n = n^-3 * 16 W C Int(...)(k -> i/n), Sommerfeld factor dropped
        k = 1j / n
        W = 1 + k**2
        C = np.exp(-(2 / k) * np.arctan(2 * k / (K**2 - k**2 + 1)))
        cont = n**-3.0 * 16 * W * C * spec_mu_integral(K**2 + k**2 + 1, 2 * k * K)
        assert abs(cont.imag) < 1e-10 * abs(cont.real)
        assert h.transverse_discrete(n, K) == pytest.approx(cont.real, rel=1e-10)

    def test_dipole_discrete(self):
        # R_n(0) = W_n f_n(0) / 4 (eq. (22) per line)
        n = np.arange(2, 30)
        np.testing.assert_allclose(
            h.transverse_discrete(n, 0.0), (1 - 1 / n**2) * h.gos_discrete(n, 0.0) / 4, rtol=1e-13
        )


class TestStability:
    def test_threshold_continuity(self):
        # W -> 1+: the density tends to its threshold limit (no 0/0 or overflow)
        K = np.array([0.0, 0.1, 1.0, 10.0])
        at = h.gos_density(1.0, K)
        near = h.gos_density(1 + 1e-12, K)
        np.testing.assert_allclose(near, at, rtol=1e-5)
        assert np.all(np.isfinite(at)) and np.all(at > 0)
        np.testing.assert_allclose(h.transverse_density(1 + 1e-12, K), h.transverse_density(1.0, K), rtol=1e-5)

    def test_large_K_power_law(self):
        # far beyond the ridge df/dW ~ K^2 / K^12: log slope -10
        K = np.array([1e3, 1e4])
        slope = np.diff(np.log(h.gos_density(2.0, K))) / np.log(10)
        assert slope[0] == pytest.approx(-10, abs=1e-3)
        assert np.all(h.transverse_density(2.0, np.array([1e30])) >= 0)

    def test_small_K_limit(self):
        # df/dW -> optical value, smooth in K^2
        assert h.gos_density(2.0, 1e-8) == pytest.approx(h.gos_density(2.0, 0.0), rel=1e-14)

    def test_branch_of_atan2(self):
        # continuity of C through K^2 + 1 = k^2 (atan2 crosses pi/2)
        k = 2.0
        K = np.sqrt(k**2 - 1) + np.array([-1e-9, 1e-9])
        C = h.coulomb_factor(k, K)
        assert C[0] == pytest.approx(C[1], rel=1e-8)


class TestDiscreteSum:
    def test_tail_converged(self):
        # the N^-4 midpoint error: n_max = 1000 vs 8000 agree to 1e-12
        K = np.array([0.0, 0.5, 2.0])
        a = h.discrete_sum(h.gos_discrete, K)
        b = h.discrete_sum(h.gos_discrete, K, n_max=8000)
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


# --- Hypothesis properties on the physical responses --------------------------------

W_st = st.floats(min_value=1.0001, max_value=1e3)
K_st = st.floats(min_value=1e-6, max_value=1e3)
Z_st = st.integers(min_value=1, max_value=92)


@settings(max_examples=200, deadline=None)
@given(W=W_st, K=K_st, Z=Z_st)
def test_responses_nonnegative(W, K, Z):
    T, Q = kin.from_scaled(W, K, Z)
    S = longitudinal_response(T, Q, Z)
    R = transverse_response(T, Q, Z)
    assert np.isfinite(S) and S >= 0
    assert np.isfinite(R) and R >= 0


@settings(max_examples=200, deadline=None)
@given(W=st.floats(min_value=1.001, max_value=100.0), Z=Z_st)
def test_dipole_limit_property(W, Z):
    # eq. (22): R/S -> T^2/Q for Q << 2 m_e eps_b; at K = 1e-4 the correction is O(K^2 W)
    T, Q = kin.from_scaled(W, 1e-4, Z)
    ratio = transverse_response(T, Q, Z) / longitudinal_response(T, Q, Z)
    assert ratio == pytest.approx(T**2 / Q, rel=1e-6)


@settings(max_examples=200, deadline=None)
@given(W=W_st, K=K_st, Z1=Z_st, Z2=Z_st)
def test_exact_Z_scaling(W, K, Z1, Z2):
    # at fixed (W, K): S * eps_b(Z) and R are independent of Z (S = K^2 df/dW/(W eps_b), R = R_sc/m_e)
    T1, Q1 = kin.from_scaled(W, K, Z1)
    T2, Q2 = kin.from_scaled(W, K, Z2)
    S1 = longitudinal_response(T1, Q1, Z1) * Z1**2
    S2 = longitudinal_response(T2, Q2, Z2) * Z2**2
    assert S1 == pytest.approx(S2, rel=1e-11)
    assert transverse_response(T1, Q1, Z1) == pytest.approx(transverse_response(T2, Q2, Z2), rel=1e-11)
