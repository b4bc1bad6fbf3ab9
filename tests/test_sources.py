"""nuion.detectors.sources: reactor and solar spectra (docs/rates.md, sec. "Sources")."""

import numpy as np
import pytest
from scipy import integrate

from nuion.detectors import sources

KNOTS = sources.reactor_knots()  # default low_energy="summation": 25 keV bin edges below 2 MeV


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
        # the scaled Vogel-Engel shapes join the fits; the summation table does not (test_join_mismatch)
        lo, hi = sources.fission_spectrum([2000.0 - 1e-6, 2000.0], isotope, "vogel-engel")
        assert lo == pytest.approx(hi, rel=1e-8, abs=0)

    @pytest.mark.parametrize("low_energy", sources.LOW_ENERGY)
    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_number_per_fission_against_quad(self, isotope, low_energy):
        # Gauss-Legendre panels vs scipy quad with the same breakpoints, every prescription
        knots = sources.reactor_knots(low_energy)
        ours = _integral(lambda E: sources.fission_spectrum(E, isotope, low_energy), knots)
        ref = sum(
            integrate.quad(lambda E: float(sources.fission_spectrum(E, isotope, low_energy)), a, b, epsabs=0,
                           epsrel=1e-12)[0]
            for a, b in zip(knots[:-1], knots[1:], strict=True)
        )
        assert ours == pytest.approx(ref, rel=1e-10, abs=0)

    def test_numbers_per_fission(self):
        # stated in docs/rates.md (4 digits): summation below 2 MeV + Huber-Mueller above (default)
        stated = {"U235": 6.191, "U238": 7.193, "Pu239": 5.511, "Pu241": 6.211}
        for iso, n in stated.items():
            assert _integral(lambda E, i=iso: sources.fission_spectrum(E, i), KNOTS) == pytest.approx(n, abs=6e-4)

    def test_numbers_per_fission_vogel_engel(self):
        # the previous default, still selectable: U235 5.718, U238 6.363, Pu239 4.972, Pu241 5.319
        stated = {"U235": 5.718, "U238": 6.363, "Pu239": 4.972, "Pu241": 5.319}
        knots = sources.reactor_knots("vogel-engel")
        for iso, n in stated.items():
            N = _integral(lambda E, i=iso: sources.fission_spectrum(E, i, "vogel-engel"), knots)
            assert N == pytest.approx(n, abs=6e-4)

    def test_above_2mev_matches_published_scale(self):
        # Huber 2011: U235 yields ~1.7 antineutrinos per fission above 2 MeV (the IBD-visible part)
        above = _integral(lambda E: sources.fission_spectrum(E, "U235"), KNOTS[KNOTS.index(2000.0):])
        assert 1.6 < above < 1.8

    def test_bad_isotope(self):
        with pytest.raises(ValueError, match="isotope"):
            sources.fission_spectrum(1000.0, "U233")

    def test_bad_low_energy(self):
        with pytest.raises(ValueError, match="low_energy must be one of summation"):
            sources.fission_spectrum(1000.0, "U235", "kopeikin")
        with pytest.raises(ValueError, match="low_energy"):
            sources.reactor_flux(3.0, 13.9, low_energy="summation-raw")


class TestSummationTable:
    """BESTIOLE 2023 (Perisse et al., arXiv:2304.14992) below 2 MeV, nuion/data/reactor (docs/rates.md)."""

    # sums of the published 25 keV spectra (0-2 MeV; 0-12.5 MeV), antineutrinos per fission,
    # as stated in the data file's header (computed from the full transcribed table)
    BELOW_2MEV = {"U235": 4.5033, "U238": 4.9465, "Pu239": 4.2484, "Pu241": 4.5959}
    PUBLISHED_TOTAL = {"U235": 6.0777, "U238": 7.1634, "Pu239": 5.5029, "Pu241": 6.2610}

    def test_bins(self):
        edges, density, join = sources.summation_table()
        assert edges[0] == 0.0 and edges[-1] == 2000.0 and len(edges) == 81
        assert set(density) == set(join) == set(sources.ISOTOPES)
        # per keV in nuion: the first U-235 bin of the file is 0.437533 per MeV
        assert density["U235"][0] == pytest.approx(0.437533e-3, rel=1e-12, abs=0)
        assert min(min(d) for d in density.values()) > 0

    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_histogram_values(self, isotope):
        # the spectrum is the bin average inside each bin, edges included from the left
        edges, density, _ = sources.summation_table()
        mid = 0.5 * (edges[:-1] + edges[1:])
        assert sources.fission_spectrum(mid, isotope) == pytest.approx(density[isotope], rel=1e-15, abs=0)
        assert sources.fission_spectrum(edges[:-1], isotope) == pytest.approx(density[isotope], rel=1e-15, abs=0)

    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_number_below_2mev_is_the_table(self, isotope):
        below = _integral(lambda E: sources.fission_spectrum(E, isotope), KNOTS[: KNOTS.index(2000.0) + 1])
        assert below == pytest.approx(self.BELOW_2MEV[isotope], abs=1e-4)

    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_total_against_published_summation(self, isotope):
        # nuion replaces the table above 2 MeV by Huber-Mueller: the total moves by
        # +1.9 % (U235), +0.4 % (U238), +0.1 % (Pu239), -0.8 % (Pu241); tolerance 2 %
        total = _integral(lambda E: sources.fission_spectrum(E, isotope), KNOTS)
        assert total == pytest.approx(self.PUBLISHED_TOTAL[isotope], rel=0.02, abs=0)

    def test_join_mismatch(self):
        # stated in fission_spectrum and docs/rates.md: table / Huber-Mueller over 2.000-2.025 MeV
        stated = {"U235": 0.9466, "U238": 1.0785, "Pu239": 0.9725, "Pu241": 1.0151}
        _, _, join = sources.summation_table()
        for iso, r in stated.items():
            hm = _integral(lambda E, i=iso: sources.fission_spectrum(E, i), [2000.0, 2025.0]) / 25.0
            assert join[iso] / hm == pytest.approx(r, abs=1e-4)

    @pytest.mark.parametrize("isotope", sources.ISOTOPES)
    def test_scaled_joins_in_the_bin_average(self, isotope):
        # summation-scaled: the last table bin below 2 MeV times c_i; c_i x (2.000-2.025 bin of
        # the table) equals the fit's average there
        _, density, join = sources.summation_table()
        c = sources.fission_spectrum(1990.0, isotope, "summation-scaled") / density[isotope][-1]
        hm = _integral(lambda E: sources.fission_spectrum(E, isotope), [2000.0, 2025.0]) / 25.0
        assert c * join[isotope] == pytest.approx(hm, rel=1e-12, abs=0)

    def test_knots(self):
        assert sources.reactor_knots("vogel-engel") == sources.REACTOR_KNOTS
        assert set(sources.REACTOR_KNOTS) <= set(KNOTS)
        assert np.all(np.diff(KNOTS) > 0)


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
        # GEMMA quotes 2.7e13 /cm^2/s at 13.9 m from 3 GW_th (Beda et al. 2010); ours is 2.719e13
        # (+0.7 %) with the summation spectra below 2 MeV, 2.518e13 (-6.7 %) with the scaled
        # Vogel-Engel shapes (docs/rates.md, "Flux check")
        assert sources.reactor_flux(3.0, 13.9).total() == pytest.approx(2.7194e13, rel=2e-4, abs=0)
        assert sources.reactor_flux(3.0, 13.9).total() == pytest.approx(2.7e13, rel=0.03, abs=0)
        assert sources.reactor_flux(3.0, 13.9, low_energy="vogel-engel").total() == pytest.approx(2.518e13, rel=2e-3)

    def test_antineutrinos_per_fission_of_the_core(self):
        # default fractions: 6.058 from fission + 1.2 from captures = 7.258 (docs/rates.md)
        E, w = sources.gauss_panels(KNOTS, 16, 4)
        assert float(np.sum(w * sources.reactor_spectrum(E))) == pytest.approx(7.258, abs=5e-4)

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
