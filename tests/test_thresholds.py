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


class TestMeasuredShells:
    # every closed l > 0 shell split into j = l -+ 1/2 with occupancies 2j + 1 at its own edge
    # (docs/atoms.md, sec. 'Spin-orbit subshells'); s shells and the open Ge 4p^2 stay nl
    LABELS = {
        "Ge": ["1s", "2s", "2p1_2", "2p3_2", "3s", "3p1_2", "3p3_2", "3d3_2", "3d5_2", "4s", "4p"],
        "Xe": ["1s", "2s", "2p1_2", "2p3_2", "3s", "3p1_2", "3p3_2", "3d3_2", "3d5_2", "4s", "4p1_2", "4p3_2",
               "4d3_2", "4d5_2", "5s", "5p1_2", "5p3_2"],
    }

    @pytest.mark.parametrize(("symbol", "Z"), [("Ge", 32), ("Xe", 54)])
    def test_subshells_and_occupancies(self, symbol, Z):
        shells = thresholds.measured_shells(symbol)
        assert [s.label for s in shells] == self.LABELS[symbol]
        assert sum(s.occupancy for s in shells) == Z
        for s in shells:
            if s.j is not None:
                assert s.occupancy == 2 * s.j + 1, s.label  # 2l and 2l + 2
            elif s.l == 0:
                assert s.occupancy == 2, s.label
        assert [s.occupancy for s in shells if s.nl == "2p"] == [2, 4]

    # edges of J. A. Bearden, A. F. Burr, Rev. Mod. Phys. 39 (1967) 125 as xraydb 4.5 gives them, eV
    EDGES = {
        "Ge": {"2p1_2": 1248.1, "2p3_2": 1217.0, "3p1_2": 124.9, "3p3_2": 120.8, "3d3_2": 29.8, "3d5_2": 29.2},
        "Xe": {"2p1_2": 5107.0, "2p3_2": 4786.0, "3p1_2": 1002.1, "3p3_2": 940.6, "3d3_2": 689.0, "3d5_2": 676.4,
               "4p1_2": 146.7, "4p3_2": 145.5, "4d3_2": 69.5, "4d5_2": 67.5, "5p1_2": 13.4, "5p3_2": 12.1},
    }

    @pytest.mark.parametrize("symbol", ["Ge", "Xe"])
    def test_edges_are_the_spin_orbit_edges(self, symbol):
        # L2 = 2p1/2, L3 = 2p3/2, M2/M3 = 3p, M4/M5 = 3d, N2/N3 = 4p, N4/N5 = 4d, O2/O3 = 5p; within 1 eV
        got = {s.label: s.binding for s in thresholds.measured_shells(symbol) if s.j is not None}
        assert got.keys() == self.EDGES[symbol].keys()
        for label, ev in self.EDGES[symbol].items():
            assert got[label] == pytest.approx(ev / 1e3, abs=1e-3), label
            assert thresholds.measured_binding(symbol, label) == got[label]

    def test_open_shell_stays_whole(self):
        # Ge 4p^2 (open): one shell at the centroid of N2 = N3 = 3.0 eV, its two RHF electrons
        ge4p = thresholds.measured_shells("Ge")[-1]
        assert (ge4p.label, ge4p.j, ge4p.occupancy) == ("4p", None, 2)
        assert ge4p.binding == pytest.approx(0.003, abs=1e-6)

    def test_subshell_label_checked(self):
        with pytest.raises(ValueError, match="shell label"):
            thresholds.measured_binding("Xe", "2p5_2")
