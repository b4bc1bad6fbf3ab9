"""Model (b) potential: Hartree + Slater exchange + Latter tail (docs/atoms.md, 'Mean-field potential')."""

import numpy as np
import pytest

from nuion.targets.atom import mean_field as mf
from nuion.targets.atom import orbitals


@pytest.fixture(scope="module", params=orbitals.ELEMENTS)
def atom(request):
    return orbitals.load_rhf(request.param)


class TestMeanFieldPotential:
    def test_nuclear_limit(self, atom):
        # r V(r) -> -Z as r -> 0 (V_H and V_x stay finite): |r V + Z| < 1e-3 Z at r = 1e-6 bohr
        assert mf.mean_field_potential(atom, 1e-6) * 1e-6 == pytest.approx(-atom.Z, rel=1e-3, abs=0)

    def test_ionic_tail(self, atom):
        # Latter: V = -1/r exactly beyond the crossing radius (3.4 bohr for Ge, 3.6 for Xe)
        r0 = mf.latter_radius(atom)
        assert 2.0 < r0 < 6.0
        r = np.linspace(r0 * 1.01, 50.0, 50)
        np.testing.assert_array_equal(mf.mean_field_potential(atom, r), -1.0 / r)

    def test_screening_inside(self, atom):
        # between nucleus and tail the potential is screened: -Z/r < V(r) < -1/r
        r = np.geomspace(1e-3, 2.0, 40)
        v = mf.mean_field_potential(atom, r)
        assert np.all(v > -atom.Z / r) and np.all(v <= -1.0 / r)

    def test_exchange_scaling(self):
        # V_x proportional to alpha_x rho^(1/3)
        assert mf.exchange_potential(8.0) == pytest.approx(2 * mf.exchange_potential(1.0), rel=1e-14)
        assert mf.exchange_potential(1.0, 2 / 3) == pytest.approx(-(3 / np.pi) ** (1 / 3), rel=1e-14)

    def test_bad_radius(self, atom):
        with pytest.raises(ValueError, match="r must be > 0"):
            mf.mean_field_potential(atom, [0.0, 1.0])
