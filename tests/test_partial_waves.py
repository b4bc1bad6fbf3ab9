"""docs/validation.md, sec. 'Partial-wave route': closed forms against the independent partial-wave route, to 1e-8."""

import mpmath
import numpy as np
import pytest

from nuion.targets.ion import hydrogenic as h
from nuion.targets.ion import partial_waves as pw

W_POINTS = [1.01, 1.3, 2.0, 3.5, 6.0, 10.0]
K_POINTS = np.array([0.01, 0.05, 0.3, 1.0, 2.0, 3.0, 6.0, 10.0])


@pytest.fixture(scope="module")
def partial_wave_table():
    """(W, K) -> (S_sc, R_sc, truncation) for the 48 validation points (about 8 s)."""
    out = {}
    for W in W_POINTS:
        S, R, last = pw.partial_wave_responses(np.sqrt(W - 1), K_POINTS, l_max=80)
        out[W] = (S, R, last)
    return out


def test_coulomb_recurrence_against_mpmath():
    # Miller recurrence vs mpmath.coulombf (25 digits) for l up to 40, eta = -1/k of W = 1.01 and 10
    rho = np.array([0.02, 0.7, 5.0, 33.0, 150.0])
    for eta in (-10.0, -1 / 3):
        F = pw.coulomb_f(40, eta, rho)
        for l in (0, 3, 12, 40):
            ref = np.array([float(mpmath.coulombf(l, eta, x)) for x in rho])
            np.testing.assert_allclose(F[l], ref, rtol=1e-11, atol=1e-300)


@pytest.mark.parametrize("W", W_POINTS)
def test_longitudinal_matches_closed_form(partial_wave_table, W):
    # S_sc = 2 K^2 df/dW / W (eq. (14)); docs/validation.md, sec. 'What validated means': 1e-8 relative
    S, _, last = partial_wave_table[W]
    closed = 2 * K_POINTS**2 * h.gos_density(W, K_POINTS) / W
    np.testing.assert_allclose(S, closed, rtol=1e-8, atol=0)
    assert np.all(last < 1e-14)  # partial-wave sum truncated well below tolerance


@pytest.mark.parametrize("W", W_POINTS)
def test_transverse_matches_closed_form(partial_wave_table, W):
    # R_sc of eq. (20) with the Nordsieck closed form (docs/physics.md, sec. 'Transverse response')
    _, R, _ = partial_wave_table[W]
    np.testing.assert_allclose(R, h.transverse_density(W, K_POINTS), rtol=1e-8, atol=0)


def test_radial_quadrature_converged():
    # doubling the radial nodes changes S and R by < 1e-12 relative
    a = pw.partial_wave_responses(2.0, K_POINTS[[0, 4, 7]], l_max=60)
    b = pw.partial_wave_responses(2.0, K_POINTS[[0, 4, 7]], l_max=60, panels=80, n=20)
    np.testing.assert_allclose(a[0], b[0], rtol=1e-12)
    np.testing.assert_allclose(a[1], b[1], rtol=1e-12)
