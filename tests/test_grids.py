"""Grid stage and grid integrals (nuion.grids) against the direct closed-form route."""

from pathlib import Path

import numpy as np
import pytest
import yaml

import nuion
from nuion import grids
from nuion.cross_sections import QWeight

CONFIG = yaml.safe_load((Path(__file__).resolve().parents[1] / "config" / "config.yaml").read_text())


@pytest.fixture(scope="module")
def default_grid():
    """The default configuration's grid for its target (as the response stage builds it)."""
    target = nuion.get_target(CONFIG["targets"][0])
    t, g = CONFIG["T_over_eb"], CONFIG["grid"]
    T = grids.energy_grid(target, t["min"], t["max"], t["n"])
    Q = grids.momentum_grid(target, g["K_min"], g["K_max"], g["n_Q"])
    S, R = grids.response_grid(T, Q, target)
    return target, T, Q, S, R


def test_default_grid_dcs_within_1e4(default_grid):
    # issue 4: the DCS stage, integrating the stored grids, within 1e-4 of nuion.dcs at every T
    target, T, Q, S, R = default_grid
    eb = target.unit
    worst = 0.0
    for E in CONFIG["E"]:
        rows = T < E * eb
        got = grids.dcs_from_grid(T[rows], Q, S[rows], R[rows], E * eb, target, CONFIG["mu_nu"])
        ref = nuion.dcs(T[rows], E * eb, target.Z, CONFIG["mu_nu"])
        for key in ("dcs_par", "dcs_perp", "dcs_par_simplified", "dcs_perp_simplified"):
            worst = max(worst, np.max(np.abs(got[key] / ref[key].values - 1)))
    assert worst < 1e-4  # measured: 8.2e-5 (README)


def test_grid_error_is_second_order():
    # halving the ln Q step divides the error by 4 (O(h^2)): the accuracy is a convergence, not luck
    Z = 32
    eb = nuion.binding_energy(Z)
    T = np.array([1.01, 3.0, 9.9]) * eb
    ref = nuion.dcs(T, 10 * eb, Z)["dcs_par"].values
    errs = []
    for n in (300, 600):
        Q = grids.momentum_grid(Z, 1e-3, 200, n)
        S, R = grids.response_grid(T, Q, Z)
        errs.append(np.max(np.abs(grids.dcs_from_grid(T, Q, S, R, 10 * eb, Z, 1e-11)["dcs_par"] / ref - 1)))
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
        res = grids.sum_rule_checks(T, Q, S, R, target, **CONFIG["sumrules"])
        for name in grids.ENFORCED:
            dev, tol, enforced = res["checks"][name]
            assert enforced and dev < tol / 10, name
        mt = res["momentum_transfer"]["total"]
        # eq. (17) reported: same numbers as the closed form, 4 % short at threshold
        np.testing.assert_allclose(mt, nuion.sum_rules.momentum_transfer_rule(T / target.unit), atol=2e-4)

    def test_corrupted_grid_fails(self, default_grid):
        target, T, Q, S, R = default_grid
        S_bad = S.copy()
        S_bad[:, ::2] *= 1.01  # one percent of strength on every other column
        res = grids.sum_rule_checks(T, Q, S_bad, R, target, **CONFIG["sumrules"])
        dev, tol, _ = res["checks"]["bethe"]
        assert dev > tol


def test_target_name_and_integer_Z_give_the_same_grid():
    # grids take a Target, its name (or alias) or the integer Z of the ion: identical arrays
    T = grids.energy_grid("Ge31+", 1.01, 5.0, 6)
    Q = grids.momentum_grid("Z32", 1e-3, 50.0, 20)
    np.testing.assert_array_equal(T, grids.energy_grid(32, 1.01, 5.0, 6))
    np.testing.assert_array_equal(Q, grids.momentum_grid(32, 1e-3, 50.0, 20))
    S, R = grids.response_grid(T, Q, nuion.get_target("Z32"))
    np.testing.assert_array_equal(S, nuion.longitudinal_response(T[:, None], Q[None, :], 32))
    np.testing.assert_array_equal(R, nuion.transverse_response(T[:, None], Q[None, :], 32))
