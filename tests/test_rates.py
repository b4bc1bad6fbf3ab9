"""nuion.detectors.rates: dR/dT of magnetic and weak nu-e scattering (docs/rates.md, sec. "Rates")."""

import numpy as np
import pytest
from scipy import integrate

from nuion.detectors import models, rates
from nuion.detectors import sources
from nuion.constants import M_E
from nuion.cross_sections import dcs_fe
from nuion.kinematics import fe_endpoint


@pytest.fixture(scope="module")
def gemma():
    return sources.reactor_flux(3.0, 13.9)


class TestKinematics:
    def test_e_min_inverts_endpoint(self):
        # E_min(T) = (T + sqrt(T^2 + 2 m_e T))/2 is the inverse of T_max = 2E^2/(m_e + 2E)
        E = np.geomspace(1.0, 1e4, 7)
        assert rates.fe_min_energy(fe_endpoint(E)) == pytest.approx(E, rel=1e-12, abs=0)


class TestWeakDcs:
    def test_prefactor(self):
        # G_F^2 m_e / 2 pi = 4.31e-45 cm^2/MeV (Vogel & Engel 1989) = 4.31e-48 cm^2/keV
        assert models.WEAK_PREFACTOR == pytest.approx(4.31e-48, rel=2e-3, abs=0)

    def test_nuebar_low_T_limit(self):
        # T << E: (gV+gA)^2 + (gV-gA)^2 with gV = 2 s^2 + 1/2, gA = -1/2 for nu_e-bar
        gV, gA = 2 * rates.SIN2_THETA_W + 0.5, -0.5
        value = rates.dcs_weak(1e-6, 1e7, "nuebar")
        assert value == pytest.approx(models.WEAK_PREFACTOR * ((gV + gA) ** 2 + (gV - gA) ** 2), rel=1e-9, abs=0)

    def test_nue_nuebar_swap(self):
        # g_A -> -g_A exchanges the constant and the (1 - T/E)^2 terms
        T, E = 300.0, 1000.0
        gV = 2 * rates.SIN2_THETA_W + 0.5
        nue = models.WEAK_PREFACTOR * ((gV + 0.5) ** 2 + (gV - 0.5) ** 2 * (1 - T / E) ** 2 + (0.25 - gV**2) * M_E * T / E**2)
        assert rates.dcs_weak(T, E, "nue") == pytest.approx(nue, rel=1e-14, abs=0)

    def test_zero_beyond_endpoint(self):
        E = 100.0
        assert rates.dcs_weak(fe_endpoint(E) * 1.001, E, "nuebar") == 0.0
        assert rates.dcs_weak(fe_endpoint(E) * 0.999, E, "nuebar") > 0.0

    def test_bad_flavour(self):
        with pytest.raises(ValueError, match="flavour"):
            rates.dcs_weak(1.0, 10.0, "nutau")


class TestModels:
    def test_stepping_counts_ge(self):
        # xraydb edges of Ge: K 11.103, L1-3 1.41-1.22 keV; 32 electrons in all
        st = rates.model("stepping", "Ge")
        assert st.n_electrons([0.01, 1.0, 2.0, 12.0]).tolist() == [4.0, 22.0, 30.0, 32.0]

    def test_stepping_counts_xe(self):
        st = rates.model("stepping", "Xe")
        assert st.n_electrons([1.0, 6.0, 40.0]).tolist() == [40.0, 52.0, 54.0]

    def test_atom_ratio_one_is_fe_without_endpoint(self):
        # ratio 1 gives Z x eq. (1) (the hydrogenic-stage normalization)
        atom = rates.Atom(32, rates.xraydb_shells("Ge"), ratio=lambda T, E: np.ones_like(T))
        assert atom.dcs_magnetic(2.0, 5.0) == pytest.approx(32 * dcs_fe(2.0, 5.0), rel=1e-14, abs=0)

    def test_atom_table_interpolates_and_scales_mu2(self):
        T = np.geomspace(1.0, 100.0, 30)
        E = np.geomspace(200.0, 1e4, 20)
        table = 32 * dcs_fe(T[:, None], E[None, :], 1e-11)
        atom = rates.Atom(32, rates.xraydb_shells("Ge"), table=(T, E, table))
        # bilinear in (ln T, ln E) of a smooth function: close to it between nodes
        assert atom.dcs_magnetic(3.3, 800.0, 2e-11) == pytest.approx(4 * 32 * dcs_fe(3.3, 800.0, 1e-11), rel=1e-2)
        # above the E grid the last column is used
        assert atom.dcs_magnetic(3.3, 5e4) == pytest.approx(atom.dcs_magnetic(3.3, 1e4), rel=1e-14, abs=0)
        assert atom.dcs_magnetic(0.5, 800.0) == 0.0  # outside the T range

    def test_atom_needs_one_input(self):
        with pytest.raises(ValueError, match="exactly one"):
            rates.Atom(32, ())


class TestFluxIntegral:
    """dR/dT = N int_{E_min(T)} phi(E) dsigma/dT dE: convergence and an independent quadrature."""

    @pytest.mark.parametrize("interaction", ["magnetic", "weak"])
    def test_convergence(self, gemma, interaction):
        T = np.array([0.5, 1.0, 3.0, 10.0, 100.0])
        fe = rates.model("fe", "Ge")
        base = rates.rate(T, gemma, fe, interaction, "Ge")
        fine = rates.rate(T, gemma, fe, interaction, "Ge", n_nodes=32, n_sub=4)
        assert base == pytest.approx(fine, rel=1e-9, abs=0)

    def test_against_scipy_quad(self, gemma):
        T = 3.0
        f = lambda E: float(gemma.continuum(E) * rates.dcs_magnetic(T, E))  # noqa: E731
        knots = [rates.fe_min_energy(T)] + [k for k in gemma.knots if k > rates.fe_min_energy(T)]
        ref = sum(integrate.quad(f, a, b, epsabs=0, epsrel=1e-11)[0] for a, b in zip(knots[:-1], knots[1:], strict=True))
        ref *= rates.atoms_per_kg("Ge") * 86400 * 32
        assert rates.rate([T], gemma, rates.model("fe", "Ge"), "magnetic", "Ge")[0] == pytest.approx(ref, rel=1e-9)

    def test_magnetic_low_T_limit(self, gemma):
        # T -> 0: dR/dT -> N_e P/T x (total flux) (every neutrino counts, 1/E term negligible)
        T = 1e-3
        expected = rates.atoms_per_kg("Ge") * 32 * 86400 * dcs_fe(T, np.inf) * gemma.total()
        assert rates.rate([T], gemma, rates.model("fe", "Ge"), "magnetic", "Ge")[0] == pytest.approx(expected, rel=2e-3)

    def test_solar_lines_stop_at_kinematic_limit(self):
        # the 384 keV 7Be line can give a free electron at most T_max(384.3) = 230.7 keV
        sf = sources.solar_flux(include_pep=False)
        fe = rates.model("fe", "Xe")
        Tm = float(fe_endpoint(384.3))
        # (the pp continuum above 384 keV changes by < 1e-5 of the step across +-1e-7 Tm)
        below, above = rates.rate([Tm * (1 - 1e-7), Tm * (1 + 1e-7)], sf, fe, "weak", "Xe")
        line = sf.lines[1][1] * rates.dcs_weak(Tm, 384.3 * (1 + 1e-12), "nue") * sf.p_ee
        line += sf.lines[1][1] * rates.dcs_weak(Tm, 384.3 * (1 + 1e-12), "numu") * (1 - sf.p_ee)
        assert below - above == pytest.approx(line * rates.atoms_per_kg("Xe") * 86400 * 54, rel=1e-4)


class TestGemmaNumbers:
    """Reported in docs/rates.md: GEMMA-like preset, FE, mu_nu = 1e-11, counts/(kg day keV)."""

    def test_rates(self, gemma):
        fe = rates.model("fe", "Ge")
        T = np.array([1.0, 3.0, 10.0])
        assert rates.rate(T, gemma, fe, "magnetic", "Ge") == pytest.approx([0.015493, 0.005133, 0.0015095], rel=1e-4)
        assert rates.rate(T, gemma, fe, "weak", "Ge") == pytest.approx([0.0064207, 0.0063437, 0.0061313], rel=1e-4)

    def test_magnetic_scales_as_mu2(self, gemma):
        fe = rates.model("fe", "Ge")
        a = rates.rate([2.0], gemma, fe, "magnetic", "Ge", mu_nu=1e-11)
        b = rates.rate([2.0], gemma, fe, "magnetic", "Ge", mu_nu=3e-11)
        assert b / a == pytest.approx(9.0, rel=1e-12, abs=0)


class TestSmear:
    def test_gaussian_preserves_flat_spectrum(self):
        T_true = np.linspace(0.0, 40.0, 4001)
        out = rates.smear(np.array([10.0, 20.0]), T_true, np.ones_like(T_true), 0.5)
        assert out == pytest.approx([1.0, 1.0], rel=1e-9)

    def test_threshold(self):
        T_true = np.linspace(0.0, 40.0, 401)
        out = rates.smear(np.array([1.0, 3.0]), T_true, np.ones_like(T_true), 0.3, threshold=2.0)
        assert out[0] == 0.0 and out[1] > 0.9

    def test_one_over_T_smeared(self, gemma):
        # 1/T folded with a narrow Gaussian: 1/T (1 + sigma^2/T^2 + ...) to second order
        T_true = np.geomspace(0.05, 20.0, 3000)
        s = 0.1
        out = rates.smear(np.array([5.0]), T_true, 1.0 / T_true, s)
        assert out[0] == pytest.approx(0.2 * (1 + s**2 / 25), rel=1e-4)


class TestObservedRates:
    def test_smooth_at_high_energy(self, gemma):
        # the true grid resolves sigma(T): observed = true within 1e-3 where dR/dT is smooth (20-60 keV)
        T = np.geomspace(20.0, 60.0, 25)
        out = rates.observed_rates(T, gemma, [rates.model("fe", "Ge")], "Ge", sigma=(0.2, 0.018, 0.0))
        true, obs = out[("fe", "weak")]
        assert obs == pytest.approx(true, rel=1e-3)

    def test_no_resolution_is_identity(self, gemma):
        T = np.array([3.0, 10.0])
        true, obs = rates.observed_rates(T, gemma, [rates.model("fe", "Ge")], "Ge", threshold=2.8)[("fe", "magnetic")]
        assert obs == pytest.approx(true, rel=1e-12, abs=0)


def test_histogram_bins_need_few_nodes(monkeypatch):
    # the 25 keV bins of the summation spectrum below 2 MeV: one panel of rates.BIN_NODES nodes each
    # gives the rate of 32 nodes x 4 subdivisions on every interval (measured 9e-10 magnetic, 8e-8 weak)
    from nuion.detectors import presets

    flux = presets.flux(presets.get("gemma"))
    T = np.geomspace(0.3, 60, 12)
    fe = rates.model("fe", "Ge")
    fast = {i: rates.rate(T, flux, fe, i, "Ge") for i in ("magnetic", "weak")}
    monkeypatch.setattr(rates, "BIN_WIDTH", 0.0)
    for interaction, value in fast.items():
        fine = rates.rate(T, flux, fe, interaction, "Ge", n_nodes=32, n_sub=4)
        np.testing.assert_allclose(value, fine, rtol=1e-6, atol=0)
