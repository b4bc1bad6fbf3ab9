"""Grid stage and grid integrals (nuion.integrals.grids) against the direct closed-form route."""

from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.integrate import quad

import nuion
from nuion import integrals as grids
from nuion.integrals import qintegrals
from nuion.cross_sections import QWeight, prefactor, q_weights

CONFIG = yaml.safe_load((Path(__file__).resolve().parents[1] / "config" / "config.yaml").read_text())


@pytest.fixture(scope="module")
def default_grid():
    """The default configuration's grid for its target (as the response stage builds it)."""
    target = nuion.get_target(CONFIG["targets"][0])
    t, g = CONFIG["T_over_eb"], CONFIG["grid"]
    T = grids.energy_grid(target, t["min"], t["max"], t["n"])
    Q = grids.momentum_grid(target, g["K_min"], g["K_max"], g["n_Q"])
    S, R = grids.shell_response_grid(target, "1s", T, Q)
    return target, T, Q, S, R


def test_default_grid_dcs_within_1e4(default_grid):
    # issue 4: the DCS stage, integrating the stored grids, within 1e-4 of nuion.dcs at every T
    target, T, Q, S, R = default_grid
    eb = target.unit
    worst = 0.0
    for E in CONFIG["E"]:
        rows = T < E * eb
        got = grids.dcs_from_grid(T[rows], Q, S[None, rows], R[None, rows], target, E * eb, CONFIG["mu_nu"])
        ref = nuion.dcs(T[rows], E * eb, target.Z, CONFIG["mu_nu"])
        for key in ("dcs_par", "dcs_perp", "dcs_par_simplified", "dcs_perp_simplified"):
            worst = max(worst, np.max(np.abs(got[key] / ref[key].values - 1)))
    assert worst < 1e-4  # measured: 8.2e-5 (docs/validation.md)


def test_grid_error_is_second_order():
    # halving the ln Q step divides the error by 4 (O(h^2)): the accuracy is a convergence, not luck
    Z = 32
    ion = nuion.get_target("Z32")
    eb = nuion.binding_energy(Z)
    T = np.array([1.01, 3.0, 9.9]) * eb
    ref = nuion.dcs(T, 10 * eb, Z)["dcs_par"].values
    errs = []
    for n in (300, 600):
        Q = grids.momentum_grid(Z, 1e-3, 200, n)
        S, R = grids.shell_response_grid(ion, "1s", T, Q)
        errs.append(np.max(np.abs(grids.dcs_from_grid(T, Q, S[None], R[None], ion, 10 * eb, 1e-11)["dcs_par"] / ref - 1)))
    assert errs[0] / errs[1] == pytest.approx(4, rel=0.15)


def test_q_integral_exact_for_power_laws():
    # F = Q^c is log-linear, so the cell integrals are exact for any weight alpha + beta Q^p
    Q = np.geomspace(1.0, 1e4, 7)
    F = np.vstack([Q**0.7, Q**-2.0])
    w = QWeight(np.array([[2.0], [1.0]]), np.array([[-3.0], [0.5]]), -1, np.array([[900.0], [50.0]]))
    lo = np.array([3.0, 1.0])
    got = grids.q_integral(Q, F, lo, w)
    # Int (alpha + beta Q^-1) Q^c dQ/Q from lo to hi, analytically
    c = np.array([0.7, -2.0])
    hi = w.q_max[:, 0]
    exact = w.alpha[:, 0] * (hi**c - lo**c) / c + w.beta[:, 0] * (hi ** (c - 1) - lo ** (c - 1)) / (c - 1)
    np.testing.assert_allclose(got, exact, rtol=1e-13)


def test_q_integral_rejects_grid_without_lower_limit():
    Q = np.geomspace(10.0, 1e4, 7)
    w = QWeight(np.ones((1, 1)), np.zeros((1, 1)), 0, np.full((1, 1), 100.0))
    with pytest.raises(ValueError, match="lower grid.K_min"):
        grids.q_integral(Q, np.ones((1, 7)), np.array([1.0]), w)


class TestSumRulesOnGrid:
    def test_default_grid_passes(self, default_grid):
        # measured on the default grid: Bethe 3.9e-5, closure 2.5e-5, dipole 1.6e-6, Stobbe 1.0e-6
        target, T, Q, S, R = default_grid
        res = grids.sum_rule_checks(T, Q, S[None], R[None], target, CONFIG["sumrules"])
        for name in grids.ENFORCED:
            dev, tol, enforced = res["checks"][name]
            assert enforced and dev < tol / 10, name
        mt = res["momentum_transfer"]["total"]
        # eq. (17) reported: same numbers as the closed form, 4 % short at threshold
        np.testing.assert_allclose(mt, nuion.targets.ion.sum_rules.momentum_transfer_rule(T / target.unit), atol=2e-4)

    def test_corrupted_grid_fails(self, default_grid):
        target, T, Q, S, R = default_grid
        S_bad = S.copy()
        S_bad[:, ::2] *= 1.01  # one percent of strength on every other column
        res = grids.ion_checks(T, Q, S_bad, R, target, **CONFIG["sumrules"])
        dev, tol, _ = res["checks"]["bethe"]
        assert dev > tol


def test_target_name_and_integer_Z_give_the_same_grid():
    # grids take a Target, its name (or alias) or the integer Z of the ion: identical arrays
    T = grids.energy_grid("Ge31+", 1.01, 5.0, 6)
    Q = grids.momentum_grid("Z32", 1e-3, 50.0, 20)
    np.testing.assert_array_equal(T, grids.energy_grid(32, 1.01, 5.0, 6))
    np.testing.assert_array_equal(Q, grids.momentum_grid(32, 1e-3, 50.0, 20))
    S, R = grids.shell_response_grid(nuion.get_target("Z32"), "1s", T, Q)
    np.testing.assert_array_equal(S, nuion.longitudinal_response(T[:, None], Q[None, :], 32))
    np.testing.assert_array_equal(R, nuion.transverse_response(T[:, None], Q[None, :], 32))


# -- neutral atoms: grid functions on synthetic two-shell targets (no radial engine) -------------

from nuion.targets import HydrogenLikeIon, Shell, Target  # noqa: E402


class TwoIons(Target):
    """A stand-in 'atom': shell 1s the closed forms of Z = 32, shell 2s those of Z = 8 (one electron each)."""

    name, Z, n_electrons, unit, unit_name = "Xx", 32, 2, 1.0, "keV"

    def __init__(self, nan_at=None):
        self.ions = {"1s": HydrogenLikeIon(32), "2s": HydrogenLikeIon(8)}
        self.shells = tuple(Shell(k, int(k[0]), 0, 1, ion.eps_b) for k, ion in self.ions.items())
        self.threshold = min(s.binding for s in self.shells)
        self.nan_at = nan_at

    def _S_shell(self, shell, T, Q):
        S = self.ions[shell.label].S(T, Q)
        return np.where(np.isclose(T, self.nan_at), np.nan, S) if self.nan_at else S

    def _R_shell(self, shell, T, Q):
        return self.ions[shell.label].R(T, Q)


class TestAtomEnergyGrid:
    def test_dense_above_each_edge(self):
        # docs/atoms.md, sec. 'Workflow': B (1 + delta) for delta geometric in edge_offset
        t = TwoIons()
        T = grids.atom_energy_grid(t, 1.0, 30.0, 12, 4, (1e-3, 3e-2))
        assert np.all(np.diff(T) > 0) and T[0] == pytest.approx(1.0, rel=1e-12) and T[-1] == pytest.approx(30.0, rel=1e-12)
        B = t.shell("1s").binding
        expected = B * (1 + np.geomspace(1e-3, 3e-2, 4))
        np.testing.assert_allclose(T[np.searchsorted(T, B) :][:4], expected, rtol=1e-12)
        assert not np.any(np.isclose(T, B, rtol=1e-9, atol=0))

    def test_range_must_start_above_lowest_threshold(self):
        with pytest.raises(ValueError, match="must be increasing and start above its lowest threshold"):
            grids.atom_energy_grid(TwoIons(), 0.5, 30.0, 12, 4, (1e-3, 3e-2))


class TestShellResponseGrid:
    def test_zero_below_threshold_and_closed_form_above(self):
        t = TwoIons()
        T, Q = np.array([5.0, 14.0, 20.0]), np.geomspace(1.0, 1e5, 5)
        S, R = grids.shell_response_grid(t, "1s", T, Q)
        assert np.all(S[0] == 0) and np.all(R[0] == 0)  # 5 keV < eps_b(32) = 13.93 keV
        np.testing.assert_allclose(S[1:], nuion.longitudinal_response(T[1:, None], Q, 32), rtol=1e-14, atol=0)

    def test_nan_stops_with_target_shell_and_energy(self):
        # issue 11 item 5: no NaN reaches a stored grid; the message names target, shell and T
        T, Q = np.array([14.0, 20.0]), np.geomspace(1.0, 1e5, 5)
        with pytest.raises(FloatingPointError, match=r"Xx shell 1s: S = nan at T = 20 keV"):
            grids.shell_response_grid(TwoIons(nan_at=20.0), "1s", T, Q)


class TestCubicRule:
    """q_integral(order=3), the atoms' rule (docs/atoms.md, sec. 'Workflow'), against the closed forms."""

    @staticmethod
    def errors(n, order):
        Z, E = 32, 1000.0
        T = nuion.binding_energy(Z) * np.array([1.05, 1.5, 3.0, 6.0])
        Q = np.geomspace(1e-1, 1e7, n)
        S = nuion.longitudinal_response(T[:, None], Q[None, :], Z)
        got = grids.q_integral(Q, S, T**2, q_weights(T[:, None], E, "par"), order=order) * prefactor(1e-11)
        return np.abs(got / nuion.dcs(T, E, Z)["dcs_par"].values - 1).max()

    def test_fourth_order(self):
        # measured: 2.8e-3, 1.9e-4, 1.2e-5 on 60, 120, 240 points (linear: 4.4e-2, 1.1e-2, 2.8e-3)
        err = [self.errors(n, 3) for n in (60, 120, 240)]
        assert err[2] < 2e-5
        assert err[0] / err[1] > 12 and err[1] / err[2] > 12
        assert self.errors(240, 1) > 100 * err[2]

    def test_gaussian_ridge_few_steps_wide(self):
        # a ridge exp(-(u - u0)^2 / 2 sigma^2) in u = ln Q, sampled every 0.8 sigma: cubic 5e-4, linear 5e-2
        Q = np.geomspace(1e-3, 3e5, 480)
        u = np.log(Q)
        F = np.exp(-((u - 9.3) ** 2) / (2 * 0.05**2)) + 1e-3 * np.exp(u - 9.3) / (1 + np.exp(2 * (u - 9.3)))
        lo, hi = np.log(2.0), np.log(2e5)
        ref = quad(lambda x: np.exp(-((x - 9.3) ** 2) / (2 * 0.05**2)) + 1e-3 * np.exp(x - 9.3) / (1 + np.exp(2 * (x - 9.3))),
                   lo, hi, points=[9.3], limit=500, epsabs=0, epsrel=1e-12)[0]
        for order, tol in ((3, 1e-3), (1, 0.1)):
            C = grids.cumulative_integrals(Q, F[None, :], 0, order)
            at = [qintegrals._cumulative_at(u, np.log(F)[None, :], C, 0, np.array([x]), order)[0] for x in (hi, lo)]
            assert abs((at[0] - at[1]) / ref - 1) < tol
        assert abs((at[0] - at[1]) / ref - 1) > 1e-2  # the linear rule misses it


class TestAtomDcsFromGrid:
    def test_shells_add_and_ratios(self):
        # eqs. (5) + (6) per shell; a shell of the stand-in atom is the ion: its DCS is the ion's
        t = TwoIons()
        E = 1000.0
        T = np.geomspace(1.0, 30.0, 25)
        Q = np.geomspace(1e-3, 1e8, 1500)
        per = [grids.shell_response_grid(t, s, T, Q) for s in ("1s", "2s")]
        S, R = np.array([p[0] for p in per]), np.array([p[1] for p in per])
        c = grids.dcs_from_grid(T, Q, S, R, t, E, 1e-11)
        c.update(grids.ratios(c, t.n_electrons))
        rows = T > t.shell("1s").binding
        ion = nuion.dcs(T[rows], E, 32)  # closed forms; the atom route's cubic rule is ~1e-9 on 1500 points
        np.testing.assert_allclose(c["dcs_par_shell"][0][rows], ion["dcs_par"].values, rtol=1e-7, atol=0)
        np.testing.assert_allclose(c["dcs_perp_shell"][0][rows], ion["dcs_perp"].values, rtol=1e-7, atol=0)
        assert np.all(c["dcs_par_shell"][0][~rows] == 0)
        np.testing.assert_allclose(c["dcs_total"], c["dcs_par_shell"].sum(0) + c["dcs_perp_shell"].sum(0), rtol=1e-14)
        np.testing.assert_allclose(c["ratio_fe_atom"], c["dcs_total"] / (2 * c["dcs_fe"]), rtol=1e-14)
        n_open = np.where(rows, 2, 1)
        np.testing.assert_allclose(c["ratio_stepping"], c["dcs_total"] / (n_open * c["dcs_fe"]), rtol=1e-14)
        # the Z = 8 shell, far above its threshold at T = 30 keV, is nearly a free electron
        free = (c["dcs_par_shell"][1][-1] + c["dcs_perp_shell"][1][-1]) / c["dcs_fe"][-1]
        assert free == pytest.approx(1 - 30.0 / (2 * 511.0), abs=0.02)  # docs/physics.md: 1 - T/(2 m_e)


def test_atom_momentum_grid_dense_in_the_ridge_band():
    # docs/atoms.md, sec. 'Workflow': 8 points per decade outside m_e T_min <= Q <= 4 m_e T_max, 80 inside
    from nuion.constants import M_E

    Q = grids.atom_momentum_grid(1e-3, 3e5, 8, 80, 0.1, 30.0)
    assert Q[0] == pytest.approx(1e-3) and Q[-1] == pytest.approx(3e5) and np.all(np.diff(Q) > 0)
    step = np.diff(np.log10(Q))
    band = (Q[:-1] >= M_E * 0.1 * (1 - 1e-9)) & (Q[1:] <= 4 * M_E * 30.0 * (1 + 1e-9))
    assert step[band].max() <= 1 / 80 + 1e-12 and step[~band].max() <= 1 / 8 + 1e-12
    assert band.sum() == pytest.approx(80 * np.log10(4 * 30.0 / 0.1), abs=1)
    with pytest.raises(ValueError, match="points per decade"):
        grids.atom_momentum_grid(1e-3, 3e5, 0, 80, 0.1, 30.0)
