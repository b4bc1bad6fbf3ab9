"""Kinematics: eps_b, Q limits, scaled variables, validity indicators."""

from pathlib import Path

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


class TestAllowedRanges:
    """Issue 10 item 4: one source of truth for the allowed Z, shared by schema, API and CLI."""

    def test_schema_uses_the_kinematics_range(self):
        import yaml

        schema = yaml.safe_load(
            (Path(__file__).resolve().parents[1] / "workflow" / "schemas" / "config.schema.yaml").read_text()
        )
        items = schema["properties"]["Z"]["items"]
        assert (items["minimum"], items["maximum"]) == (kin.Z_MIN, kin.Z_MAX) == (1, 137)

    @pytest.mark.parametrize("Z", [138, 200, 1_000_000])
    def test_api_refuses_Z_above_137(self, Z):
        with pytest.raises(ValueError, match="Z must be an integer >= 1 and <= 137"):
            kin.binding_energy(Z)

    def test_largest_Z_accepted_but_not_valid(self):
        # alpha Z = 137/137.036 < 1: computable, far outside the comfort zone, v/c > 1 at W = 10
        v = kin.validity(10 * kin.binding_energy(137), 137)
        assert v["alpha_Z"] == pytest.approx(137 * ALPHA, rel=1e-14) and not v["valid"]
        assert float(v["v_over_c"]) == pytest.approx(3 * 137 * ALPHA, rel=1e-12) and v["v_over_c"] > 1
