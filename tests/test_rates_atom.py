"""The atom model of the rates (docs/rates.md, sec. "The atom model"): a response grid -> dR/dT.

A hydrogen-like 1s ion (Z = 10, eps_b = 1.36 keV) stands in for an atom: its response grid is
built from the closed forms S, R of nuion.targets, so the atom model must reproduce the ion's DCS
(eqs. (5) + (6) of Kouzakov & Studenikin 2011, direct quadrature) integrated with the flux.
"""

import numpy as np
import pytest

from nuion import targets
from nuion import integrals as grids
from nuion.detectors import presets
from nuion.detectors import rates
from nuion.detectors import sources
from nuion.cli import main
from nuion.cross_sections import dcs_components

Z_ION = 10


@pytest.fixture(scope="module")
def ion_grid():
    ion = targets.get(f"Z{Z_ION}")
    B = ion.threshold
    T = np.concatenate([[B * 1.001, B * 1.01, B * 1.03], np.geomspace(B * 1.1, 20.0, 60)])
    Q = np.geomspace(0.1 * B**2, 3e5, 1200)
    S, R = ion.S(T[:, None], Q[None, :]), ion.R(T[:, None], Q[None, :])
    return T, Q, S[None], R[None], B


def _atom(grid, u=grids.U_NODES):
    T, Q, S, R, B = grid
    r = grids.ratio_table(T, Q, S, R, targets.get(f"Z{Z_ION}"), u=u)
    return rates.Atom(1, (("1s", B, 1),), ratio=rates.ShellRatios(T, u, r, [B], 1), T_range=(T[0], T[-1]),
                      outside="stepping")


def _direct(T, E):
    """The ion's DCS by direct Gauss-Legendre quadrature in Q (nuion.cross_sections), 0 at E <= T."""
    T, E = np.broadcast_arrays(T, E)
    out = np.zeros(T.shape)
    for idx in np.ndindex(T.shape):
        if E[idx] > T[idx] * (1 + 1e-9):
            out[idx] = dcs_components([T[idx]], E[idx], Z_ION)["dcs_total"][0]
    return out


class TestTwoRoutes:
    # dR/dT = N int dE phi(E) dsigma_ion/dT(T, E): grid route (atom model) against direct quadrature
    def test_solar_flux(self, ion_grid):
        flux = sources.solar_flux()
        T = np.array([2.0, 5.0, 15.0])
        grid_route = rates.rate(T, flux, _atom(ion_grid), "magnetic", "Xe")
        direct = rates.atoms_per_kg("Xe") * 86400 * rates.flux_average(T, flux, _direct, lambda t: np.asarray(t))
        # measured: 5e-5, 1.3e-4, 6e-4 (the Q grid of 1200 points and the 49 u = T/E nodes)
        assert grid_route == pytest.approx(direct, rel=2e-3, abs=0)

    def test_u_nodes_converged(self, ion_grid):
        # doubling the T/E nodes moves the rate by < 2.5e-3 (docs/rates.md, "The atom model")
        flux = sources.reactor_flux(3.0, 13.9)
        T = np.array([1.5, 3.0, 10.0, 19.0])
        base = rates.rate(T, flux, _atom(ion_grid), "magnetic", "Ge")
        fine = rates.rate(T, flux, _atom(ion_grid, np.geomspace(1e-5, 0.9, 97)), "magnetic", "Ge")
        assert base == pytest.approx(fine, rel=2.5e-3, abs=0)


class TestLimits:
    def test_ratio_to_fe_tends_to_one(self, ion_grid):
        # well above the threshold the bound electron scatters like a free one: ratio -> 1
        # (measured: 0.985 at 2 eps_b, 0.982 at 14 eps_b; the approach is not monotonic)
        flux = sources.reactor_flux(3.0, 13.9)
        T = np.array([2.0 * ion_grid[4], 14.0 * ion_grid[4]])
        ratio = rates.rate(T, flux, _atom(ion_grid), "magnetic", "Ge") / rates.rate(
            T, flux, rates.FreeElectrons(Z=1), "magnetic", "Ge")
        assert ratio[1] == pytest.approx(1.0, abs=0.025)

    def test_outside_grid_is_stepping_and_flagged(self, ion_grid):
        atom = _atom(ion_grid)
        T = np.array([1.0, 10.0, 30.0])
        assert atom.in_grid(T).tolist() == [False, True, False]
        st = rates.Stepping(Z=1, shells=(("1s", ion_grid[4], 1),))
        E = 1e3
        assert atom.dcs_magnetic(30.0, E) == pytest.approx(float(st.dcs_magnetic(30.0, E)), rel=1e-14, abs=0)
        assert atom.dcs_magnetic(1.0, E) == 0.0  # below the threshold: stepping counts no electron
        assert atom.dcs_weak(10.0, E, "nuebar") == pytest.approx(float(st.dcs_weak(10.0, E, "nuebar")), rel=1e-14)

    def test_edge_is_a_step(self, ion_grid):
        # each shell's ratio is interpolated above its own edge only: no smearing below B
        atom = _atom(ion_grid)
        B = ion_grid[4]
        assert atom.dcs_magnetic(B * 0.999, 1e3) == 0.0
        assert atom.dcs_magnetic(B * 1.0005, 1e3) > 0.0


class TestMissingGrid:
    def test_preset_atom_needs_file(self, tmp_path):
        p = presets.get("gemma")
        with pytest.raises(ValueError, match=r"response grid .*Ge\.nc not found .*--configfile"):
            presets.atomic_models(p, ("fe", "atom"), response=tmp_path / "Ge.nc")

    @pytest.mark.parametrize("argv", [("rate", "--preset", "gemma", "--T", "1keV", "--model", "atom"),
                                      ("limit", "--preset", "xenonnt", "--json")])
    def test_cli_one_line(self, capsys, tmp_path, argv):
        code = main([*argv, "--response", str(tmp_path / "missing.nc")])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1
        assert "missing.nc not found" in err and "snakemake" in err
