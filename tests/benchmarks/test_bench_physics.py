"""Throughput of the closed forms and of the grid-based DCS (make bench)."""

import numpy as np
import pytest

import nuion
from nuion import grids
from nuion.validation import quad_reference

Z = 32
EB = nuion.binding_energy(Z)


@pytest.fixture(scope="module")
def tq():
    T = np.geomspace(1.001, 10, 200)[:, None] * EB
    Q = np.geomspace(1e-3, 200, 5000)[None, :] ** 2 * (nuion.kinematics.momentum_unit(Z)) ** 2
    return T, Q


def test_S_points_per_second(benchmark, tq):
    T, Q = tq
    benchmark(nuion.longitudinal_response, T, Q, Z)
    rate = T.size * Q.size / benchmark.stats.stats.median
    benchmark.extra_info["points_per_second"] = rate
    print(f"\nS closed form: {rate:.3g} points/s on one core")


def test_R_points_per_second(benchmark, tq):
    T, Q = tq
    benchmark(nuion.transverse_response, T, Q, Z)
    rate = T.size * Q.size / benchmark.stats.stats.median
    benchmark.extra_info["points_per_second"] = rate
    print(f"\nR closed form: {rate:.3g} points/s on one core")


def test_grid_dcs_vs_quad_baseline(benchmark):
    # the DCS of one (Z, E) on the default T grid from stored grids, against the baseline a
    # user would write: scipy.integrate.quad per T point over the closed forms (same accuracy class)
    import time

    T = grids.energy_grid(Z, 1.001, 10, 200)
    Q = grids.momentum_grid(Z, 1e-3, 200, 2400)
    S, R = grids.response_grid(T, Q, Z)
    E = 100 * EB
    benchmark(grids.dcs_from_grid, T, Q, S, R, E, Z, 1e-11)
    t0 = time.perf_counter()
    sample = T[::20]
    for t in sample:
        quad_reference(t, E, Z, "par")
        quad_reference(t, E, Z, "perp")
    per_point = (time.perf_counter() - t0) / sample.size
    ratio = per_point * T.size / benchmark.stats.stats.median
    benchmark.extra_info["speedup_vs_quad"] = ratio
    print(f"\ngrid DCS (200 T, 1e-4 accuracy) is {ratio:.0f}x faster than quad per T point (1e-12)")
