"""nuion.detectors.sensitivity: expected 90 % CL limits on mu_nu (docs/rates.md, sec. "Sensitivity")."""

import numpy as np
import pytest

from nuion.detectors import sensitivity

EDGES = np.geomspace(2.8, 50.0, 9)
WIDTH = np.diff(EDGES)


def _counts(exposure, bkg=2.5):
    """GEMMA-like: magnetic 0.015/T, weak 0.0058, background `bkg` per (kg day keV) at 1e-11."""
    s = 0.015 * np.log(EDGES[1:] / EDGES[:-1]) * exposure
    return s, 0.0058 * WIDTH * exposure, bkg * WIDTH * exposure


class TestAnalytic:
    def test_single_bin_formula(self):
        # one bin, ON/OFF: sigma^2 = b + w + b/k, m_up = Phi^-1(0.95) sigma / s = 1.6449 sigma / s
        s, w, b, k = np.array([10.0]), np.array([50.0]), np.array([1e4]), 0.25
        m_up = sensitivity.analytic_limit(s, w, b, k)
        assert m_up == pytest.approx(1.6448536 * np.sqrt(1e4 + 50 + 4e4) / 10, rel=1e-7, abs=0)

    def test_scaling_exponent(self):
        # background dominated: mu_nu,up ~ (B / exposure)^(1/4)
        a = sensitivity.mu_nu_limit(*_counts(100.0), 0.25, method="analytic")
        b = sensitivity.mu_nu_limit(*_counts(1600.0), 0.25, method="analytic")
        assert a / b == pytest.approx(2.0, rel=1e-12, abs=0)


@pytest.fixture(scope="module")
def base():
    return sensitivity.mu_nu_limit(*_counts(750.0), 0.24)


class TestPyhf:
    """pyhf CLs on Asimov data against the analytic Asimov estimate and its scaling laws."""


    def test_agrees_with_analytic_onoff(self, base):
        # s << b: the asymptotic CLs limit equals 1.645 sigma to O(s/b); stated tolerance 2 %
        assert base == pytest.approx(sensitivity.mu_nu_limit(*_counts(750.0), 0.24, method="analytic"), rel=0.02)

    def test_agrees_with_analytic_solar(self):
        counts = _counts(750.0)
        ours = sensitivity.mu_nu_limit(*counts)
        assert ours == pytest.approx(sensitivity.mu_nu_limit(*counts, method="analytic"), rel=0.02)

    def test_exposure_scaling(self, base):
        # exposure x 16 (ON and OFF alike): limit / 2, (B/exposure)^(1/4); tolerance 1 %
        assert sensitivity.mu_nu_limit(*_counts(16 * 750.0), 0.24) == pytest.approx(base / 2, rel=0.01)

    def test_background_scaling(self, base):
        # background x 16 at fixed exposure: limit x 2 as long as w << b (w/b = 0.2 % here); 1 %
        assert sensitivity.mu_nu_limit(*_counts(750.0, bkg=40.0), 0.24) == pytest.approx(2 * base, rel=0.01)

    def test_off_data_helps(self, base):
        # more OFF time shrinks the background uncertainty: limit falls towards the known-b one
        assert sensitivity.mu_nu_limit(*_counts(750.0), 1.0) < base

    def test_shape_model_agrees_with_analytic(self):
        # ON/OFF with a known background shape (one free normalization): 2 %
        counts = _counts(750.0)
        ours = sensitivity.mu_nu_limit(*counts, 0.24, background_model="shape")
        assert ours == pytest.approx(
            sensitivity.mu_nu_limit(*counts, 0.24, method="analytic", background_model="shape"), rel=0.02
        )

    def test_shape_model_is_tighter(self, base):
        # knowing the shape removes the per-bin OFF statistics from the variance
        assert sensitivity.mu_nu_limit(*_counts(750.0), 0.24, background_model="shape") < 0.9 * base
