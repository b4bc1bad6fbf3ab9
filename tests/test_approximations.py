"""The competing approximations of the paper's argument (nuion.cross_sections.approximations), Z = 32."""

import numpy as np
import pytest

import nuion
from nuion.cross_sections import approximations as ap
from nuion.targets.ion import hydrogenic as h
from nuion.targets.ion import sum_rules as sr
from nuion.constants import M_E
from nuion.cross_sections import dcs_fe

Z = 32
EB = nuion.binding_energy(Z)


@pytest.fixture(scope="module")
def e100():
    return nuion.dcs(np.array([1.01, 1.1, 2.0, 5.0]) * EB, 100 * EB, Z)


class TestRealPhoton:
    def test_spurious_enhancement_at_threshold(self, e100):
        # sec. 2.3: R/Q frozen at Q = T^2 over T^2..4E^2 enhances by ~400 at T = 1.01 eps_b,
        # E = 100 eps_b (measured 419), while the full result stays below 1
        assert float(e100.ratio_epa[0]) == pytest.approx(419, rel=0.01)
        assert float(e100.ratio_epa[0]) > 100 and np.all(e100.ratio_total < 1)

    def test_frozen_R_variant_shows_no_enhancement(self, e100):
        # freezing R itself, not R/Q, gives ~0.1: the R/Q assumption makes the enhancement
        assert np.all(e100.ratio_epa_frozen_R < 0.2)

    def test_epa_formulas_against_stobbe(self):
        # independent route for hydrogen, where retardation is 1 + alpha^2 (W - 1) ~ 5e-5:
        # dsig/dT = P sigma_gamma (4E^2 - T^2)/(4 pi^2 alpha T) with Stobbe's sigma (coded apart),
        # and the frozen-R variant P R ln(4E^2/T^2) with R = sigma T/(4 pi^2 alpha)
        from nuion.constants import ALPHA, HBAR_C_CM_KEV

        eb1 = nuion.binding_energy(1)
        T, E = 2.0 * eb1, 300 * eb1
        sigma = sr.stobbe_cross_section(T, 1) / HBAR_C_CM_KEV**2  # keV^-2
        R_photon = nuion.transverse_response(T, T**2, 1)
        P = nuion.cross_sections.prefactor()
        epa = P * sigma * (4 * E**2 - T**2) / (4 * np.pi**2 * ALPHA * T)
        frozen = P * sigma * T / (4 * np.pi**2 * ALPHA) * np.log(4 * E**2 / T**2)
        assert ap.dcs_epa(T, E, R_photon) / epa == pytest.approx(1, rel=1e-4, abs=0)
        assert ap.dcs_epa_frozen_R(T, E, R_photon) / frozen == pytest.approx(1, rel=1e-4, abs=0)


class TestVoloshin:
    def test_distance_to_longitudinal_part(self):
        # eq. (18) per electron vs ratio_par at E >> eps_b (E = 1e4 eps_b): eq. (18) overestimates
        # by 0.094, 0.074, 0.096 at T/eps_b = 1.1, 2, 5 (1 - T^2/Q and the exact sum rule < 1)
        ds = nuion.dcs(np.array([1.1, 2.0, 5.0]) * EB, 1e4 * EB, Z)
        dist = (ds.ratio_voloshin - ds.ratio_par).values
        np.testing.assert_allclose(dist, [0.0941, 0.0736, 0.0956], atol=1e-3)
        # most of it is the exact sum rule (eq. 17 short of 1) and the factor 1 - T^2/Q
        assert np.all(ds.ratio_voloshin_exact < ds.ratio_voloshin)
        # the exact variant is eq. (18) times T Int S dQ/Q (eq. (17) evaluated), nothing else
        rule = sr.momentum_transfer_rule(ds.T_over_eb.values)
        np.testing.assert_allclose(ds.ratio_voloshin_exact / ds.ratio_voloshin, rule, rtol=1e-12, atol=0)


class TestFreeElectronLimit:
    @pytest.mark.parametrize("T, E", [(1.0, 100.0), (30.0, 1e3), (100.0, 1e5)])
    def test_order_of_agreement_with_eq1(self, T, E):
        # ratio = (1 - T/2m_e)(1 + T^2/(4E(E-T))): O(T/m_e) and O((T/E)^2); the O(T/E) terms cancel
        r = ap.dcs_fe_model(T, E) / dcs_fe(T, E)
        assert abs(r - 1) <= T / (2 * M_E) + T**2 / (4 * E * (E - T)) + 1e-15
        assert r == pytest.approx((1 - T / (2 * M_E)) * (1 + T**2 / (4 * E * (E - T))), rel=1e-14)

    def test_full_model_meets_its_free_electron_limit(self):
        # far above threshold the bound electron behaves as a free one: eq. (9) -> fe_model
        eb1 = nuion.binding_energy(1)
        ds = nuion.dcs(np.array([300.0, 1000.0]) * eb1, 1e6 * eb1, 1)
        np.testing.assert_allclose(ds.ratio_total, ds.ratio_fe_model, rtol=1e-5)

    def test_zero_beyond_nonrelativistic_endpoint(self):
        # 2 m_e T > (2E - T)^2: no free-electron support (E = 2 eps_b of Z = 32)
        assert ap.dcs_fe_model(1.5 * EB, 2 * EB) == 0.0


def test_stepping_is_fe_above_threshold():
    T = np.array([0.5, 1.5]) * EB
    np.testing.assert_array_equal(ap.dcs_stepping(T, 10 * EB, Z) > 0, [False, True])


class TestDiscreteLines:
    def test_continuity_across_threshold(self, e100):
        # sec. 3: the line strength density continues ratio_total below threshold
        lines = ap.line_cross_sections(100 * EB, Z)
        threshold = float(nuion.dcs([1.001 * EB], 100 * EB, Z).ratio_total[0])
        assert lines["ratio_density"][-1] == pytest.approx(threshold, rel=2e-3)
        assert lines["ratio_density_rest"] == pytest.approx(threshold, rel=5e-3)
        assert np.all(np.diff(lines["ratio_density"]) > 0)

    def test_bethe_at_the_Q_used(self):
        # discrete strengths f_n (n = 2 ... inf) plus the continuum = 1 at the K nodes of the
        # line integrals (E = 100 eps_b, n = 2 and n = 10)
        from nuion._quadrature import ridge_rule
        from nuion.kinematics import momentum_unit

        E = 100 * EB
        for n in (2, 10):
            Tn = (1 - 1 / n**2) * EB
            K, _ = ridge_rule(1.0, Tn / momentum_unit(Z), (2 * E - Tn) / momentum_unit(Z), 16, log=True)
            total = h.discrete_sum(h.gos_discrete, K) + sr.continuum_bethe(K)
            assert np.max(np.abs(total - 1)) < 1e-10

    def test_line_cross_section_against_quad(self):
        # sigma_2 by scipy quad over ln Q of eqs. (5) + (6) with S_2 = K^2 f_2/W_2 and
        # R_2 = (alpha Z)^2 R_2,sc: the panel rule and the line prefactors, independently
        from scipy.integrate import quad

        from nuion.constants import ALPHA
        from nuion.cross_sections import prefactor, q_weights
        from nuion.kinematics import momentum_unit

        E = 10 * EB
        T2 = 0.75 * EB
        par, perp = q_weights(T2, E, "par"), q_weights(T2, E, "perp")

        def integrand(u):
            Q = np.exp(u)
            K = np.sqrt(Q) / momentum_unit(Z)
            s = K**2 * h.gos_discrete(2, K) / 0.75
            r = (ALPHA * Z) ** 2 * h.transverse_discrete(2, K)
            return float(par(Q) * s + perp(Q) * r)

        ref = prefactor() * quad(integrand, np.log(T2**2), np.log(float(par.q_max)), epsabs=0, epsrel=1e-11, limit=200)[0]
        got = ap.line_cross_sections(E, Z)["sigma"][0]
        assert got / ref == pytest.approx(1, rel=1e-8, abs=0)

    def test_bad_energy_named(self):
        with pytest.raises(ValueError, match="E must be"):
            ap.line_cross_sections(-5.0, Z)

    def test_rest_sum_converged(self):
        a = ap.line_cross_sections(10 * EB, Z, n_sum=200)["sigma_rest"]
        b = ap.line_cross_sections(10 * EB, Z, n_sum=400)["sigma_rest"]
        assert a == pytest.approx(b, rel=1e-4)
