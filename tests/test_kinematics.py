"""Kinematics: eps_b, Q limits, scaled variables, validity indicators."""

import numpy as np
import pytest

from nuion import kinematics as kin
from nuion.constants import ALPHA, M_E


class TestBindingEnergy:
    def test_germanium(self):
        # docs/physics.md, sec. 'Kinematics': eps_b = (alpha Z)^2 m_e / 2 = 13.93 keV for Z = 32
        assert kin.binding_energy(32) == pytest.approx(13.93, abs=0.005)

    def test_hydrogen_rydberg(self):
        # 13.6057 eV
        assert kin.binding_energy(1) * 1e3 == pytest.approx(13.6057, rel=1e-5)

    @pytest.mark.parametrize("Z", [0, -3, 2.5, "32", True, None])
    def test_bad_Z(self, Z):
        with pytest.raises(ValueError, match="Z must be an integer >= 1"):
            kin.binding_energy(Z)

    def test_integral_float_accepted(self):
        assert kin.binding_energy(32.0) == kin.binding_energy(32)


def test_scaled_roundtrip():
    T, Q = np.array([20.0, 50.0]), np.array([100.0, 4e4])
    W, K = kin.to_scaled(T, Q, 32)
    T2, Q2 = kin.from_scaled(W, K, 32)
    np.testing.assert_allclose(T2, T, rtol=1e-15)
    np.testing.assert_allclose(Q2, Q, rtol=1e-14)


def test_bethe_ridge_in_scaled_units():
    # Q = 2 m_e T  <=>  K^2 = W (docs/physics.md, sec. 'Kinematics': the ridge of the Q integrands)
    T = 3 * kin.binding_energy(32)
    W, K = kin.to_scaled(T, 2 * M_E * T, 32)
    assert K**2 == pytest.approx(W, rel=1e-14)


def test_kmin_is_W_alphaZ_over_2():
    # issue 5: K_min = T/(alpha Z m_e) = W alpha Z / 2
    Z = 54
    W = 2.5
    _, K = kin.to_scaled(W * kin.binding_energy(Z), (W * kin.binding_energy(Z)) ** 2, Z)
    assert K == pytest.approx(W * ALPHA * Z / 2, rel=1e-14)


def test_q_limits():
    qmin, qmax = kin.q_limits(3.0, 10.0)
    assert (qmin, qmax) == (9.0, 289.0)


def test_fe_endpoint():
    # T_max = 2E^2/(m_e + 2E): for E = m_e/2, T_max = E/2... exactly m_e/4
    assert kin.fe_endpoint(M_E / 2) == pytest.approx(M_E / 4, rel=1e-15)


def test_validity_speeds():
    v = kin.validity(np.array([1.5, 10.0]) * kin.binding_energy(32), 32)
    assert v["bound_speed"] == pytest.approx(32 * ALPHA)
    # v/c = alpha Z sqrt(W - 1)
    np.testing.assert_allclose(v["ejected_speed"], 32 * ALPHA * np.sqrt([0.5, 9.0]), rtol=1e-12)
    assert v["ok"].tolist() == [True, False]
