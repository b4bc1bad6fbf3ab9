"""nuion.detectors.sources: reactor and solar spectra (docs/rates.md, sec. "Sources")."""

import numpy as np
import pytest
from scipy import integrate

from nuion.detectors import sources

KNOTS = sources.REACTOR_KNOTS


def _integral(f, knots, n_sub=4):
    E, w = sources.gauss_panels(knots, 16, n_sub)
    return float(np.sum(w * f(E)))


class TestGaussPanels:
    def test_polynomial_exact(self):
        # int_0^3 x^5 dx = 3^6 / 6, exact for 16-node Gauss-Legendre
        assert _integral(lambda x: x**5, [0.0, 1.0, 3.0]) == pytest.approx(3**6 / 6, rel=1e-14, abs=0)


class TestFissionSpectrum:
    """S_i(E) = 1e-3 exp(sum a_k E^k), Huber 2011 / Mueller 2011, 2-8 MeV."""

    def test_huber_u235_value_at_4mev(self):
        # exp(4.367 - 4.577*4 + 2.1*16 - 0.5294*64 + 0.06186*256 - 0.002777*1024) per MeV, by hand
        a = (4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777)
        expected = np.exp(sum(c * 4.0**k for k, c in enumerate(a))) * 1e-3
        assert sources.fission_spectrum(4000.0, "U235") == pytest.approx(expected, rel=1e-14, abs=0)

    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_continuous_at_2mev(self, isotope):
        lo, hi = sources.fission_spectrum([2000.0 - 1e-6, 2000.0], isotope)
        assert lo == pytest.approx(hi, rel=1e-8, abs=0)

    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_number_per_fission_against_quad(self, isotope):
        # each isotope integrates to its stated number per fission (docs/rates.md table):
        # Gauss-Legendre panels vs scipy quad with the same breakpoints
        ours = _integral(lambda E: sources.fission_spectrum(E, isotope), KNOTS)
        ref = sum(
            integrate.quad(lambda E: float(sources.fission_spectrum(E, isotope)), a, b, epsabs=0, epsrel=1e-12)[0]
            for a, b in zip(KNOTS[:-1], KNOTS[1:], strict=True)
        )
        assert ours == pytest.approx(ref, rel=1e-10, abs=0)

    def test_numbers_per_fission(self):
        # stated in docs/rates.md (4 digits): U235 5.718, U238 6.363, Pu239 4.972, Pu241 5.319
        stated = {"U235": 5.718, "U238": 6.363, "Pu239": 4.972, "Pu241": 5.319}
        for iso, n in stated.items():
            assert _integral(lambda E, i=iso: sources.fission_spectrum(E, i), KNOTS) == pytest.approx(n, abs=6e-4)

    def test_above_2mev_matches_published_scale(self):
        # Huber 2011: U235 yields ~1.7 antineutrinos per fission above 2 MeV (the IBD-visible part)
        above = _integral(lambda E: sources.fission_spectrum(E, "U235"), KNOTS[4:])
        assert 1.6 < above < 1.8

    def test_bad_isotope(self):
        with pytest.raises(ValueError, match="isotope"):
            sources.fission_spectrum(1000.0, "U233")


class TestCaptureSpectrum:
    def test_two_antineutrinos_per_capture(self):
        assert _integral(sources.capture_spectrum, KNOTS) == pytest.approx(2.0, rel=1e-10, abs=0)

    def test_endpoints(self):
        assert sources.capture_spectrum(1261.7) == 0.0
        assert sources.capture_spectrum(1000.0) > 0.0


class TestReactorFlux:
    def test_flux_is_power_over_energy_times_number(self):
        # phi = P/<E_f> * N / (4 pi L^2), N = sum f_i N_i + 2 n_c
        fr = sources.FISSION_FRACTIONS
        N = sum(f * _integral(lambda E, i=i: sources.fission_spectrum(E, i), KNOTS) for i, f in fr.items()) + 1.2
        rate = 3e9 / (sources.mean_energy_per_fission(fr) * 1e6 * 1.602176634e-19)
        expected = rate * N / (4 * np.pi * 1390.0**2)
        assert sources.reactor_flux(3.0, 13.9).total() == pytest.approx(expected, rel=1e-9, abs=0)

    def test_gemma_like_flux(self):
        # GEMMA quotes 2.7e13 /cm^2/s at 13.9 m from 3 GW_th (Beda et al. 2010); ours is 2.52e13,
        # 7 % lower: fewer antineutrinos per fission below 2 MeV (docs/rates.md, "Flux check")
        assert sources.reactor_flux(3.0, 13.9).total() == pytest.approx(2.518e13, rel=2e-3, abs=0)
        assert sources.reactor_flux(3.0, 13.9).total() == pytest.approx(2.7e13, rel=0.1, abs=0)

    def test_inverse_square(self):
        a, b = sources.reactor_flux(3.0, 10.0).total(), sources.reactor_flux(3.0, 20.0).total()
        assert a / b == pytest.approx(4.0, rel=1e-12, abs=0)

    def test_fractions_checked(self):
        with pytest.raises(ValueError, match="sum to 1"):
            sources.reactor_flux(3.0, 13.9, {"U235": 0.5})


class TestSolar:
    def test_pp_normalized(self):
        assert _integral(sources.pp_spectrum, sources.SOLAR_KNOTS) == pytest.approx(1.0, rel=1e-10, abs=0)

    def test_pp_mean_energy(self):
        # Bahcall's pp spectrum has <E> = 0.2668 MeV (Bahcall, Neutrino Astrophysics, Table 6.1)
        mean = _integral(lambda E: E * sources.pp_spectrum(E), sources.SOLAR_KNOTS)
        assert mean == pytest.approx(266.8, rel=1e-3, abs=0)

    def test_total_flux(self):
        # pp + 7Be + pep of B16-GS98: 5.98e10 + 4.93e9 + 1.44e8
        assert sources.solar_flux().total() == pytest.approx(5.98e10 + 4.93e9 + 1.44e8, rel=1e-10, abs=0)

    def test_be7_lines(self):
        lines = dict(sources.solar_flux(include_pep=False).lines)
        assert lines[861.8] == pytest.approx(0.897 * 4.93e9, rel=1e-14, abs=0)
        assert lines[384.3] == pytest.approx(0.103 * 4.93e9, rel=1e-14, abs=0)

    def test_survival_probability(self):
        # P_ee = c13^4 (1 - sin^2(2 th12)/2) + s13^4; two-flavour limit s13 = 0, s12 = 0.5 gives 1/2
        assert sources.survival_probability(0.5, 0.0) == pytest.approx(0.5, rel=1e-15, abs=0)
        assert sources.survival_probability() == pytest.approx(0.5501, abs=1e-4)
