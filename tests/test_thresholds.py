"""Measured edges and photoabsorption tables from xraydb (docs/atoms.md, sec. 'Thresholds')."""

import numpy as np
import pytest

from nuion.targets.atom import orbitals
from nuion.targets.atom import thresholds


class TestMeasuredBinding:
    def test_ge_edges(self):
        # measured edges of Ge: K 11.103, L1 1.415, L2 1.248, L3 1.217 keV (Bearden & Burr 1967)
        assert thresholds.measured_binding("Ge", "1s") == pytest.approx(11.103, abs=5e-4)
        assert thresholds.measured_binding("Ge", "2s") == pytest.approx(1.4146, abs=5e-4)
        # 2p centroid: (2 L2 + 4 L3)/6
        assert thresholds.measured_binding("Ge", "2p") == pytest.approx((2 * 1.2481 + 4 * 1.2170) / 6, abs=5e-4)

    def test_every_shell_has_an_edge(self):
        for s in orbitals.ELEMENTS:
            atom = orbitals.load_rhf(s)
            b = [thresholds.measured_binding(s, o.label) for o in atom.orbitals]
            assert all(x > 0 for x in b)
            # measured edges lie within 25 % of |eps_nl| of RHF (Koopmans) for every shell
            # deeper than 100 eV (relaxation and relativity are below that)
            for o, x in zip(atom.orbitals, b):
                if o.energy_kev > 0.1:
                    assert x == pytest.approx(o.energy_kev, rel=0.25), o.label

    def test_bad_shell(self):
        with pytest.raises(ValueError, match="shell must be one of"):
            thresholds.measured_binding("Ge", "7s")


class TestPhotoabsorption:
    def test_tables_agree(self):
        # Elam and Chantler photoabsorption agree to 10 % between 2 and 30 keV away from edges
        w = np.array([2.0, 5.0, 10.0, 15.0, 20.0, 30.0])
        for s in ("Ge", "Xe"):
            e = thresholds.photoabsorption_table(s, w, "elam")
            c = thresholds.photoabsorption_table(s, w, "chantler")
            assert np.all(np.abs(c / e - 1) < 0.10), s

    def test_units(self):
        # Xe at 10 keV: mu/rho(photo) = 166.18 cm^2/g (Elam) -> x 131.293 g/mol / 6.02214e23
        # = 3.623e-20 cm^2 = 36230 b
        assert thresholds.photoabsorption_table("Xe", 10.0) == pytest.approx(36230.0, rel=1e-3)

    def test_range(self):
        with pytest.raises(ValueError, match="omega must lie"):
            thresholds.photoabsorption_table("Xe", 0.01)
