"""Constants against the CODATA 2018 values of docs/physics.md, sec. 'Units and conventions'."""

import pytest

from nuion import constants


def test_alpha_matches_spec():
    # docs/physics.md, sec. 'Units and conventions': alpha = 1/137.035999084 (CODATA 2018); scipy may serve CODATA 2022 (7e-10 away)
    assert constants.ALPHA == pytest.approx(1 / 137.035999084, rel=1e-8)


def test_electron_mass_matches_spec():
    # docs/physics.md, sec. 'Units and conventions': m_e = 510.99895 keV
    assert constants.M_E == pytest.approx(510.99895, rel=1e-8)


def test_prefactor_is_pi_re2():
    # pi alpha^2 / m_e^2 (hbar c)^2 = pi r_e^2 = 2.4947e-25 cm^2 (Vogel & Engel 1989)
    assert constants.PI_ALPHA2_OVER_ME2_CM2 / 1e-25 == pytest.approx(2.4947, rel=1e-4, abs=0)
