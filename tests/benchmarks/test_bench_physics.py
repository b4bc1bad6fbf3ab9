"""Throughput of the closed forms and of the grid-based DCS (make bench)."""

import numpy as np
import pytest

import nuion
from nuion import integrals as grids
from nuion.validation import quad_reference

Z = 32
EB = nuion.binding_energy(Z)


@pytest.fixture(scope="module")
def tq():
    T = np.geomspace(1.001, 10, 200)[:, None] * EB
    Q = np.geomspace(1e-3, 200, 5000)[None, :] ** 2 * (nuion.kinematics.momentum_unit(Z)) ** 2
    return T, Q


def _exp_baseline(n):
    """Seconds for one np.exp over n points, measured in the same run (the machine is noisy)."""
    import timeit

    x = np.linspace(0.0, 1.0, n)
    return min(timeit.repeat(lambda: np.exp(x), number=1, repeat=7))


@pytest.mark.parametrize("name", ["longitudinal_response", "transverse_response"])
def test_closed_form_points_per_second(benchmark, tq, name):
    # targets: S >= 2e7, R >= 1e7 points/s on one core; also in units of one np.exp per point
    T, Q = tq
    benchmark(getattr(nuion, name), T, Q, Z)
    seconds = benchmark.stats.stats.median
    rate = T.size * Q.size / seconds
    in_exps = seconds / _exp_baseline(T.size * Q.size)
    benchmark.extra_info.update(points_per_second=rate, cost_in_np_exp=in_exps)
    print(f"\n{name}: {rate:.3g} points/s on one core = {in_exps:.1f} x np.exp of the same array")


def test_grid_dcs_vs_quad_baseline(benchmark):
    # the DCS of one (Z, E) on the default T grid from the stored grids (S, R and their
    # cumulative Q integrals, as the response stage writes them), against the baseline a user
    # would write: scipy.integrate.quad per T point over the closed forms, asked for the same
    # accuracy (epsrel 1e-4; the grid route is within 8.2e-5 of the tight reference)
    import time

    T = grids.energy_grid(Z, 1.001, 10, 200)
    Q = grids.momentum_grid(Z, 1e-3, 200, 2400)
    ion = nuion.get_target(f"Z{Z}")
    S, R = grids.shell_response_grid(ion, "1s", T, Q)
    cumulative = grids.shell_cumulative(Q, S[None], R[None], ion.q_order)
    E = 100 * EB
    benchmark(grids.dcs_from_grid, T, Q, S[None], R[None], ion, E, 1e-11, cumulative)
    t0 = time.perf_counter()
    sample = T[::10]
    for t in sample:
        quad_reference(t, E, Z, "par", epsrel=1e-4)
        quad_reference(t, E, Z, "perp", epsrel=1e-4)
    per_point = (time.perf_counter() - t0) / sample.size
    ratio = per_point * T.size / benchmark.stats.stats.median
    benchmark.extra_info["speedup_vs_quad"] = ratio
    print(f"\ngrid DCS of one (Z, E), 200 T: {ratio:.0f}x faster than quad per T point at epsrel 1e-4")
