"""Cost of the radial engine (make bench): one shell, its scaling, and a model germanium atom.

The atom here is a benchmark stand-in, not nuion's Ge: a Thomas-Fermi field in Tietz's form,
V(r) = -(1 + (Z-1) / (1 + 0.53625 r/b)^2) / r, b = 0.8853 Z^(-1/3) bohr (T. Tietz, J. Chem.
Phys. 22 (1954) 2094), with its own bound states as the shells. It has the sizes of the real
atom (1s at 11.07 keV, valence shells at tens of eV) and so the same cost.
"""

import time

import numpy as np
import pytest

import nuion
from nuion.targets.atom import radial as rd
from nuion.targets.atom.radial.bessel import _bessel_onset

GE_SHELLS = [("1s", 2), ("2s", 2), ("2p", 6), ("3s", 2), ("3p", 6), ("3d", 10), ("4s", 2), ("4p", 2)]
XE_SHELLS = GE_SHELLS[:6] + [("4s", 2), ("4p", 6), ("4d", 10), ("5s", 2), ("5p", 6)]
T_GRID = np.geomspace(0.1, 30.0, 150)  # keV
Q_GRID = np.geomspace(1.0, 500.0, 150)  # keV (momentum transfer q)


def tietz_atom(Z, shells, grid):
    """Model field and (label, l, N, binding keV, u) of each shell on ``grid``."""
    b = 0.8853 * Z ** (-1 / 3)
    V = -(1 + (Z - 1) / (1 + 0.53625 * grid.r / b) ** 2) / grid.r
    out = []
    for label, N in shells:
        n, l = int(label[0]), "spdf".index(label[1])
        E, u = rd.bound_states(grid, V, l, n)
        out.append((label, l, N, -E[n - l - 1] * rd.HARTREE_KEV, u[n - l - 1]))
    return V, out


@pytest.fixture(scope="module")
def ge_model():
    grid = rd.default_grid(32, T_GRID.max(), Q_GRID.max(), r_max=60.0)
    return (grid, *tietz_atom(32, GE_SHELLS, grid))


def test_hydrogenic_shell(benchmark):
    # one 1s shell (Z = 32) on 100 T x 100 q: cost per (T, q) point
    Z = 32
    eb = nuion.binding_energy(Z)
    g = rd.default_grid(Z, 10 * eb, 10 * Z * rd.MOMENTUM_KEV, r_max=60.0 / Z)
    u = 2 * Z**1.5 * g.r * np.exp(-Z * g.r)
    T = np.geomspace(1.01, 10, 100) * eb
    q = np.geomspace(0.01, 10, 100) * Z * rd.MOMENTUM_KEV
    benchmark.pedantic(rd.shell_response, args=(g, -Z / g.r, Z, u, 0, 1, eb, T, q), rounds=3)
    per_point = benchmark.stats.stats.median / (T.size * q.size)
    benchmark.extra_info["us_per_point"] = per_point * 1e6
    print(f"\nhydrogenic 1s, 100 T x 100 q, {len(g)} radial points: {per_point * 1e6:.1f} us per (T, q)")



def test_bessel_tables(benchmark):
    # j_L(q r), L = 0..600, on a valence shell's grid (6000 r x 292 q), requested as the
    # partial-wave sum does (lo rising with the onset of j_L, two orders kept)
    r, q = np.geomspace(1e-3, 31.0, 6000), np.geomspace(0.01, 150.0, 292)
    lo = [int(np.searchsorted(r, _bessel_onset(max(L - 2, 0)) / q.max())) for L in range(601)]

    def fill():
        cache = rd._BesselCache(r, q)
        for L in range(601):
            cache(L, slice(None), lo[L])
            cache.evict_below(L - 2)

    benchmark.pedantic(fill, rounds=3)
    print(f"\nBessel tables j_0..j_600 on 6000 r x 292 q: {benchmark.stats.stats.median:.1f} s")

@pytest.mark.parametrize("n_T, n_q", [(150, 150), (75, 150), (150, 75)])
def test_shell_scaling(benchmark, ge_model, n_T, n_q):
    # the model 3p shell: how the cost grows with T and q points (partial waves reported)
    grid, V, shells = ge_model
    label, l, N, eb, u = shells[4]
    T, q = np.geomspace(0.1, 30, n_T), np.geomspace(1.0, 500, n_q)
    rd.shell_response(grid, V, 1.0, u, l, N, eb, T[:2], q[:2])  # angular caches
    out = benchmark.pedantic(rd.shell_response, args=(grid, V, 1.0, u, l, N, eb, T, q), kwargs={"info": True}, rounds=1)
    seconds = benchmark.stats.stats.median
    benchmark.extra_info.update(l_used=out[2]["l_used"], us_per_point=seconds / (n_T * n_q) * 1e6)
    print(f"\nmodel Ge {label}: {n_T} T x {n_q} q: {seconds:.1f} s, l' up to {out[2]['l_used']}")


def _atom_benchmark(benchmark, name, grid, V, shells):
    times = {}

    def atom():
        for label, l, N, eb, u in shells:
            t0 = time.perf_counter()
            S, R, info = rd.shell_response(grid, V, 1.0, u, l, N, eb, T_GRID, Q_GRID, info=True)
            times[label] = (time.perf_counter() - t0, info["l_used"], info["converged"])

    benchmark.pedantic(atom, rounds=1)
    benchmark.extra_info.update({k: v[0] for k, v in times.items()})
    print(f"\nmodel {name}, {len(grid)} radial points, 150 T x 150 q, tol 1e-6:")
    for label, (sec, lu, conv) in times.items():
        print(f"  {label}: {sec:6.1f} s  l' up to {lu}{'' if conv else ' (not converged at l_max)'}")
    print(f"  total {sum(v[0] for v in times.values()):.0f} s on one core; longest shell {max(v[0] for v in times.values()):.0f} s")


def test_model_germanium(benchmark, ge_model):
    # all 8 shells of the model Ge, S and R, 150 T (0.1-30 keV) x 150 q (1-500 keV), one core;
    # the workflow runs one job per shell, so 2 cores take about half (the longest shell at least)
    _atom_benchmark(benchmark, "Ge", *ge_model)


def test_model_xenon(benchmark):
    # the 11 shells of a model Xe, same grids (target: 5 min on 2 cores)
    grid = rd.default_grid(54, T_GRID.max(), Q_GRID.max(), r_max=60.0)
    _atom_benchmark(benchmark, "Xe", grid, *tietz_atom(54, XE_SHELLS, grid))
