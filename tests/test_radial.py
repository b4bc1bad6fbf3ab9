"""The radial engine (nuion.targets.atom.radial) against hydrogenic closed forms, sum rules and limits.

docs/atoms.md, sec. 'Radial engine'. Hartree atomic units inside the engine; T, q in keV.
"""

import mpmath
import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import spherical_jn, zeta
from sympy.physics.wigner import clebsch_gordan, gaunt, wigner_3j

import nuion
from nuion.targets.atom import radial as rd
from nuion._quadrature import panel_rule

W_POINTS = np.array([1.01, 1.1, 1.5, 2.5, 4.0, 6.5, 10.0])
K_POINTS = np.array([0.01, 0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 7.0, 10.0])


def hydrogen_1s(grid, Z):
    """u_1s = 2 Z^(3/2) r e^(-Z r) (bohr^-1/2)."""
    return 2.0 * Z**1.5 * grid.r * np.exp(-Z * grid.r)


def hydrogen_grid(Z, k_max):
    """Grid for the hydrogenic tests: linear spacing 0.06 / k_max far out (k dr <= 0.06)."""
    return rd.radial_grid(1e-6 / Z, 100.0 / Z, 0.01, 0.01 * k_max / 0.06)


class TestGrid:
    def test_mapping(self):
        # x = ln r + beta r on a uniform x grid (docs/atoms.md, 'Radial engine')
        g = rd.radial_grid(1e-6, 80.0, 0.013, 3.0)
        x = np.log(g.r) + 3.0 * g.r
        np.testing.assert_allclose(np.diff(x), 0.013, rtol=1e-10)
        assert g.r[0] == pytest.approx(1e-6, rel=1e-12) and g.r[-1] >= 80.0

    def test_trapezoid_weights(self):
        # int_0^inf r^4 e^{-2r} dr = 4!/2^5: trapezoid in x is spectrally accurate
        g = rd.radial_grid(1e-6, 60.0, 0.02, 1.0)
        assert np.sum(g.weights * g.r**4 * np.exp(-2 * g.r)) == pytest.approx(0.75, rel=1e-12, abs=0)

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="r_min"):
            rd.radial_grid(1.0, 0.5)


class TestBoundStates:
    @pytest.mark.parametrize("Z", [1.0, 32.0])
    @pytest.mark.parametrize("l", [0, 1, 2, 4])
    def test_hydrogenic_energies(self, Z, l):
        # E_n = -Z^2 / (2 n^2) hartree, n = l+1 ... 8, relative 1e-8 on a default-like grid
        g = rd.radial_grid(1e-6 / Z, 1000.0 / Z, 0.01, 0.3 * Z)
        E, u = rd.bound_states(g, rd.coulomb_potential(g, Z), l, 8)
        n = np.arange(l + 1, 9)
        assert E.size == n.size
        np.testing.assert_allclose(E, -(Z**2) / (2.0 * n**2), rtol=1e-8, atol=0)
        np.testing.assert_allclose(np.sum(g.weights * u**2, axis=1), 1.0, rtol=1e-12)

    def test_orbitals(self):
        # 1s and 2p of hydrogen: 2 r e^-r and r^2 e^(-r/2) / sqrt(24)
        g = rd.radial_grid(1e-6, 200.0, 0.01, 1.0)
        V = rd.coulomb_potential(g, 1.0)
        _, u0 = rd.bound_states(g, V, 0, 1)
        _, u1 = rd.bound_states(g, V, 1, 2)
        np.testing.assert_allclose(u0[0], 2 * g.r * np.exp(-g.r), rtol=0, atol=1e-9)
        np.testing.assert_allclose(u1[0], g.r**2 * np.exp(-g.r / 2) / np.sqrt(24), rtol=0, atol=1e-9)

    def test_screened_potential_orthonormal(self):
        # states of one l in a non-Coulomb potential are orthonormal to Numerov accuracy
        g = rd.radial_grid(1e-6, 300.0, 0.01, 0.5)
        V = -(1.0 + 9.0 * np.exp(-g.r / 0.4)) / g.r
        _, u = rd.bound_states(g, V, 1, 6)
        overlap = (u * g.weights) @ u.T
        np.testing.assert_allclose(overlap, np.eye(u.shape[0]), rtol=0, atol=1e-8)


class TestCoulombCF2:
    @pytest.mark.parametrize(
        "l, eta, rho", [(0, -1.0, 2.0), (3, -10.0, 4.0), (5, -0.3, 30.0), (1, -100.0, 0.5), (12, -1.0, 15.0)]
    )
    def test_against_mpmath(self, l, eta, rho):
        # p + iq = (G' + iF')/(G + iF) from mpmath.coulombf/coulombg (15 digits), rel 1e-11
        p, q = rd.coulomb_cf2(l, eta, rho)
        F = mpmath.coulombf(l, eta, rho)
        G = mpmath.coulombg(l, eta, rho)
        dF = mpmath.diff(lambda x: mpmath.coulombf(l, eta, x), rho)
        dG = mpmath.diff(lambda x: mpmath.coulombg(l, eta, x), rho)
        ref = complex((dG + 1j * dF) / (G + 1j * F))
        assert complex(p, q) == pytest.approx(ref, rel=1e-11, abs=0)


class TestContinuumStates:
    @pytest.mark.parametrize("l", [0, 2, 9])
    def test_coulomb_waves(self, l):
        # u_El = sqrt(2/(pi k)) F_l(-Z/k, k r) (energy normalization), Z = 1, vs mpmath,
        # to 2e-7 of the amplitude (the normalization itself is tested through S and R)
        g = rd.radial_grid(1e-6, 300.0, 0.01, 1.0)
        E = np.array([0.005, 0.5, 4.5])
        k = np.sqrt(2 * E)
        u, i_m = rd.continuum_states(g, -1.0 / g.r, 1.0, E, l, 30.0)
        for j in range(E.size):
            idx = np.linspace(i_m[j] // 2, i_m[j] - 1, 7).astype(int)
            ref = [float(mpmath.coulombf(l, -1 / k[j], k[j] * r)) for r in g.r[idx]]
            amp = np.sqrt(2 / (np.pi * k[j]))  # Numerov phase error ~ (k dr)^4: compare to amplitude
            np.testing.assert_allclose(u[j, idx], amp * np.array(ref), rtol=0, atol=2e-7 * amp)

    def test_free_waves(self):
        # V = 0: u = sqrt(2/(pi k)) k r j_l(k r)
        g = rd.radial_grid(1e-6, 60.0, 0.01, 2.0)
        E = np.array([0.1, 2.0])
        u, _ = rd.continuum_states(g, np.zeros(len(g)), 0.0, E, 3, 20.0)
        k = np.sqrt(2 * E)[:, None]
        ref = np.sqrt(2 / (np.pi * k)) * k * g.r * spherical_jn(3, k * g.r)
        inside = g.r < 20
        np.testing.assert_allclose(u[:, inside], ref[:, inside], rtol=0, atol=1e-9)


class TestBesselCache:
    def test_downward_recurrence_matches_scipy(self):
        # every order 0..700 on (r, q) spanning the engine's range, incl. q = 0 (j_L(0) = delta_L0);
        # absolute error (|j_L| <= 1) and relative error where |j_L| > 1e-6
        r = np.geomspace(1e-6, 40.0, 800)
        q = np.concatenate([[0.0], np.geomspace(0.008, 150.0, 40)])
        cache = rd._BesselCache(r, q)
        worst_abs = worst_rel = 0.0
        for L in range(701):
            ref = spherical_jn(L, cache.rq)
            got = cache(L, slice(None))
            big = np.abs(ref) > 1e-6
            worst_abs = max(worst_abs, np.abs(got - ref).max())
            if big.any():
                worst_rel = max(worst_rel, (np.abs(got - ref)[big] / np.abs(ref[big])).max())
            cache.evict_below(L - 2)
        assert worst_abs < 1e-12
        assert worst_rel < 1e-8

    def test_tiny_arguments_where_the_seeds_underflow(self):
        # x down to 1e-14: j_31(x) underflows, so the first block falls back to the library per order
        r = np.geomspace(1e-8, 10.0, 50)
        cache = rd._BesselCache(r, np.array([0.0, 1e-6, 1e-3, 1.0]))
        for L in range(40):
            np.testing.assert_allclose(cache(L, slice(None)), spherical_jn(L, cache.rq), rtol=1e-10, atol=1e-20)

    def test_later_requests_take_a_subblock(self):
        r = np.geomspace(1e-3, 10.0, 50)
        q = np.geomspace(0.1, 10.0, 7)
        cache = rd._BesselCache(r, q)
        cache(40, np.arange(7), 3)
        got = cache(45, np.array([2, 5]), 10)
        np.testing.assert_allclose(got, spherical_jn(45, r[10:, None] * q[None, [2, 5]]), rtol=1e-10, atol=1e-20)  # < 1e-20: zero

    @staticmethod
    def _block_608_error(x):
        """Error of j_608 .. j_639 at x (one block, seeded by Miller's algorithm after 19 blocks of 32).

        Relative to hypot(j_L, j_L+1): |j_L| where j_L decays, its amplitude where it oscillates
        (near its zeros a relative error means nothing; consecutive orders never vanish together).
        """
        cache = rd._BesselCache(x, np.array([1.0]))
        for L in range(608):
            cache(L, slice(None))
            cache.evict_below(L - 2)
        got = np.array([cache(L, slice(None))[:, 0] for L in range(608, 640)])
        assert cache._last[0] == 639  # orders 608..639 came in one block
        ref = np.array([spherical_jn(L, x) for L in range(608, 641)])
        return np.max(np.abs(got - ref[:-1]) / np.hypot(ref[:-1], ref[1:]))

    def test_miller_seeds_near_the_turning_point(self):
        # x across [L0, top] = [608, 639]: the slowest convergence of Miller's algorithm (contamination
        # by y_L ~ exp(-1.9 m^1.5 / sqrt x) at x = top); a start 36 orders lower would leave ~1e-6 here
        assert self._block_608_error(np.linspace(560.0, 660.0, 201)) < 1e-12

    def test_miller_normalization_at_a_zero_of_the_order_below(self):
        # j_607 vanishes inside the block's downward range: the scale comes from j_606 there
        z = brentq(lambda x: spherical_jn(607, x), 615.0, 630.0, xtol=1e-14)
        assert abs(spherical_jn(607, z)) < 1e-16
        assert self._block_608_error(np.array([z - 0.01, z, z + 0.01])) < 1e-12


class TestAngularMatrices:
    def test_clebsch_gordan_table_matches_sympy(self):
        # <l m 1 mu | lf m+mu>, every l <= 7, m, mu and lf = 0..l+3 (zero unless |lf - l| <= 1)
        from nuion.targets.atom.radial.angular import _cg

        for l in range(8):
            for m in range(-l, l + 1):
                for mu in (-1, 0, 1):
                    for lf in range(l + 4):
                        ref = float(clebsch_gordan(l, 1, lf, m, mu, m + mu)) if abs(m + mu) <= lf else 0.0
                        assert _cg(l, m, mu, lf) == pytest.approx(ref, abs=1e-15)

    @pytest.mark.parametrize("l1, m, L, lam", [(0, 0, 0, 0), (2, 1, 1, 1), (5, -2, 4, 3), (121, -3, 119, 4), (300, 2, 301, 3), (400, 0, 402, 2)])
    def test_gaunt_by_quadrature_matches_sympy(self, l1, m, L, lam):
        ref = (-1) ** (m % 2) * float(gaunt(l1, L, lam, -m, 0, m))
        assert rd._gaunt(l1, m, [L], lam)[0] == pytest.approx(ref, rel=1e-11)

    @pytest.mark.parametrize("l, lf", [(0, 0), (0, 5), (1, 0), (1, 2), (2, 3), (3, 1)])
    def test_longitudinal_diagonal(self, l, lf):
        # sum over m: B^S_LL' = delta_LL' (2l'+1)(2L+1) (l' L l; 0 0 0)^2
        keys, B, _, _ = rd.angular_matrices(l, lf)
        ref = [(2 * lf + 1) * (2 * L + 1) * float(wigner_3j(lf, L, l, 0, 0, 0)) ** 2 for L in keys]
        np.testing.assert_allclose(B, np.diag(ref), rtol=1e-12, atol=1e-12)  # quadrature Gaunts: rounding ~1e-13

    @pytest.mark.parametrize("lf", [1, 2, 7])
    def test_transverse_s_shell(self, lf):
        # s shell: j_{l'-1} + j_{l'+1} = (2l'+1) j_l'/x makes every entry l'(l'+1)/(2(2l'+1))
        keys, _, keys_R, B_R = rd.angular_matrices(0, lf)
        assert keys_R == ((1, lf - 1), (1, lf + 1))
        np.testing.assert_allclose(B_R, lf * (lf + 1) / (2 * (2 * lf + 1)), rtol=1e-12)


@pytest.fixture(scope="module", params=[1, 32])
def hydrogenic_limit(request):
    """Engine S, R and closed forms on W_POINTS x K_POINTS for Z = 1 and Z = 32."""
    Z = request.param
    g = hydrogen_grid(Z, k_max=Z * 3.0)
    eb = nuion.binding_energy(Z)
    T = W_POINTS * eb
    q = K_POINTS * Z * rd.MOMENTUM_KEV
    S, R, meta = rd.shell_response(g, -Z / g.r, Z, hydrogen_1s(g, Z), 0, 1, eb, T, q, tol=1e-8, floor=0, info=True)
    S0 = nuion.longitudinal_response(T[:, None], q[None, :] ** 2, Z)
    R0 = nuion.transverse_response(T[:, None], q[None, :] ** 2, Z)
    return S, R, S0, R0, meta


class TestHydrogenicLimit:
    def test_longitudinal(self, hydrogenic_limit):
        # closed form (Bethe GOS; docs/physics.md, sec. 'Longitudinal response') for one 1s electron in -Z/r: 1e-6 relative
        S, _, S0, _, meta = hydrogenic_limit
        assert meta["converged"]
        np.testing.assert_allclose(S, S0, rtol=1e-6, atol=0)

    def test_transverse(self, hydrogenic_limit):
        # eq. (20) of Kouzakov & Studenikin with the Nordsieck closed form: 1e-6 relative
        _, R, _, R0, _ = hydrogenic_limit
        np.testing.assert_allclose(R, R0, rtol=1e-6, atol=0)

    def test_below_threshold_is_zero(self):
        g = hydrogen_grid(1, 3.0)
        eb = nuion.binding_energy(1)
        S, R = rd.shell_response(g, -1 / g.r, 1.0, hydrogen_1s(g, 1), 0, 1, eb, [0.5 * eb], [1.0])
        assert S[0, 0] == 0 and R[0, 0] == 0


def _continuum_moments(grid, V, Z_asym, u, l, N, binding, q, k_max, breaks_extra=()):
    """int T S dT and int R dT over the continuum (Gauss-Legendre in k, E_f = k^2/2 hartree)."""
    breaks = np.unique(np.concatenate([[0, 0.1, 0.3, 0.6, 1, 1.5, 2, 3, 4, 6, 9, 13, 18, 25, 35], breaks_extra]))
    breaks = breaks[(breaks >= 0) & (breaks <= k_max)]
    k, wk = panel_rule(breaks, 12)
    T = binding + k**2 / 2 * rd.HARTREE_KEV
    dT = wk * k * rd.HARTREE_KEV
    S, R = rd.shell_response(grid, V, Z_asym, u, l, N, binding, T, q)
    return (T * dT) @ S, dT @ R


@pytest.fixture(scope="module")
def hydrogen_sums():
    """Bethe (f) and closure sums of hydrogen 1s from the engine's own states at K = 0.1, 1, 10."""
    K = np.array([0.1, 1.0, 10.0])
    q = K * rd.MOMENTUM_KEV
    Q = q**2
    eb = nuion.binding_energy(1)
    # continuum: k up to 45 (the K = 10 ridge sits at k = 10, width ~ 1)
    g = rd.radial_grid(1e-6, 60.0, 0.01, 0.01 * 45 / 0.3)
    V = -1.0 / g.r
    ts, rs = _continuum_moments(g, V, 1.0, hydrogen_1s(g, 1), 0, 1, eb, q, 45.0, [8.5, 9.5, 10.5, 11.5])
    # discrete: every n' <= 12 and l' < n' on a long grid, plus the Rydberg tail n^-3
    n_max = 12
    gd = rd.radial_grid(1e-6, 1500.0, 0.01, 0.1)
    om, sS, sR, labels = rd.discrete_strengths(gd, -1.0 / gd.r, hydrogen_1s(gd, 1), 0, 1, eb, q, n_max)
    n = np.array([lab[0] for lab in labels])
    f = 2 * nuion.constants.M_E * om[:, None] * sS / Q
    f_last = f[n == n_max].sum(axis=0)
    r_last = sR[n == n_max].sum(axis=0)
    tail = n_max**3 * zeta(3, n_max + 1)
    bethe = f.sum(axis=0) + f_last * tail + 2 * nuion.constants.M_E * ts / Q
    closure = sR.sum(axis=0) + r_last * tail + rs
    return bethe, closure, labels


@pytest.mark.slow
class TestSumRules:
    def test_discrete_states_found(self, hydrogen_sums):
        # all (n', l') with n' <= 12: 78 states
        assert len(hydrogen_sums[2]) == 78

    def test_bethe(self, hydrogen_sums):
        # sum_f (E_f - E_1s) |<f|e^{iq.r}|1s>|^2 2 m_e / Q = 1 (docs/physics.md, sum rules), engine's own states
        np.testing.assert_allclose(hydrogen_sums[0], 1.0, rtol=1e-4, atol=0)

    def test_transverse_closure(self, hydrogen_sums):
        # sum_f |<f|e^{iq.r} p_x|1s>|^2 / m_e^2 = <p_x^2> = alpha^2 / 3 (docs/physics.md, sum rules);
        # measured 5e-5..9e-5 (the continuum tail beyond k = 45 and Numerov at k dr = 0.3)
        np.testing.assert_allclose(hydrogen_sums[1], nuion.constants.ALPHA**2 / 3, rtol=2e-4, atol=0)


class TestDipoleLimit:
    def test_screened_potential(self):
        # R Q / (S T^2) -> 1 as q -> 0 for eigenstates of one local potential (eq. (22)),
        # here a screened field -(1 + 9 e^{-r/0.4})/r, initial 2p: 1e-6 at K = 1e-3
        g = rd.radial_grid(1e-6, 80.0, 0.01, 1.0)
        V = -(1.0 + 9.0 * np.exp(-g.r / 0.4)) / g.r
        E, u = rd.bound_states(g, V, 1, 2)
        binding = -E[0] * rd.HARTREE_KEV
        T = binding * np.array([1.05, 1.5, 3.0])
        q = np.array([1e-3 * rd.MOMENTUM_KEV])
        S, R = rd.shell_response(g, V, 1.0, u[0], 1, 6, binding, T, q)
        np.testing.assert_allclose(R[:, 0] * q[0] ** 2 / (S[:, 0] * T**2), 1.0, rtol=1e-6)


@pytest.fixture(scope="module")
def coulomb_07():
    """Hydrogen 1s with final Coulomb waves of Z_eff = 0.7 (not orthogonal to the 1s)."""
    g = rd.radial_grid(1e-6, 100.0, 0.01, 0.5)
    u = hydrogen_1s(g, 1)
    eb = nuion.binding_energy(1)
    T = eb * np.array([1.2, 3.0])
    q = np.array([1e-3, 1.0, 30.0]) * rd.MOMENTUM_KEV
    V = -0.7 / g.r
    args = (g, V, 0.7, u, 0, 1, eb, T, q)
    plain = rd.shell_response(*args)[0]
    patched = rd.shell_response(*args, monopole_patch=True)[0]
    orth = rd.shell_response(*args, orthogonalize={0: u[None, :]})[0]
    return plain, patched, orth


class TestContinuumModels:
    def test_orthogonalized_removes_overlap(self, coulomb_07):
        # S(q -> 0) of a non-orthogonal final wave tends to |<f|1s>|^2; orthogonalized, to 0
        plain, _, orth = coulomb_07
        assert np.all(orth[:, 0] < 1e-3 * plain[:, 0])

    def test_orthogonalized_dipole(self, coulomb_07):
        # Schmidt-orthogonalized waves: S ~ q^2 as q -> 0, like an exact final state
        _, _, orth = coulomb_07
        assert np.all(orth[:, 0] > 0)

    def test_monopole_patch(self, coulomb_07):
        # patch = (I_q - I_0)^2 where that lowers the term: removes the q -> 0 overlap,
        # changes nothing at large q (I_q -> 0, I_0^2 - 2 I_0 I_q > 0)
        plain, patched, _ = coulomb_07
        assert np.all(patched[:, 0] < 1e-3 * plain[:, 0])
        assert np.all(patched <= plain)
        np.testing.assert_allclose(patched[:, 2], plain[:, 2], rtol=1e-12)

    def test_orthogonalization_idle_for_exact_states(self):
        # in -1/r the Coulomb waves are already orthogonal to the 1s: nothing changes (1e-8)
        g = hydrogen_grid(1, 3.0)
        u = hydrogen_1s(g, 1)
        eb = nuion.binding_energy(1)
        args = (g, -1 / g.r, 1.0, u, 0, 1, eb, eb * np.array([1.5, 4.0]), np.array([0.01, 1.0, 5.0]))
        np.testing.assert_allclose(
            rd.shell_response(*args, orthogonalize={0: u[None, :]})[0], rd.shell_response(*args)[0], rtol=1e-8
        )


@pytest.fixture(scope="module")
def hydrogen_2p_sums():
    """Bethe and closure sums of hydrogen 2p (one electron), all final states incl. 1s, K = 0.3, 2."""
    q = np.array([0.3, 2.0]) * rd.MOMENTUM_KEV
    eb = nuion.binding_energy(1) / 4

    def u2p(grid):
        return grid.r**2 * np.exp(-grid.r / 2) / np.sqrt(24.0)

    g = rd.radial_grid(1e-6, 120.0, 0.01, 0.01 * 16 / 0.2)
    ts, rs = _continuum_moments(g, -1.0 / g.r, 1.0, u2p(g), 1, 1, eb, q, 16.0, [1.5, 2.5])
    n_max = 12
    gd = rd.radial_grid(1e-6, 1500.0, 0.01, 0.1)
    om, sS, sR, labels = rd.discrete_strengths(gd, -1.0 / gd.r, u2p(gd), 1, 1, eb, q, n_max)
    n = np.array([lab[0] for lab in labels])
    f = 2 * nuion.constants.M_E * om[:, None] * sS / q**2
    tail = n_max**3 * zeta(3, n_max + 1)
    bethe = f.sum(axis=0) + f[n == n_max].sum(axis=0) * tail + 2 * nuion.constants.M_E * ts / q**2
    closure = sR.sum(axis=0) + sR[n == n_max].sum(axis=0) * tail + rs
    return bethe, closure


@pytest.mark.slow
class TestSumRules2p:
    def test_bethe(self, hydrogen_2p_sums):
        # Bethe sum for an l = 1 shell (final l' = 0, 2; the 1s below counts with omega < 0): 1;
        # measured 2.8e-4 (K = 0.3, the Rydberg-tail estimate) and 6e-7 (K = 2)
        np.testing.assert_allclose(hydrogen_2p_sums[0], 1.0, rtol=1e-3, atol=0)

    def test_transverse_closure(self, hydrogen_2p_sums):
        # <p_x^2> of 2p averaged over m = <p^2>/3 = 1/12 a.u.: tests both gradient channels
        # l +- 1 of docs/atoms.md, 'Angular algebra', and their interference; measured 7e-5, 2e-6
        np.testing.assert_allclose(hydrogen_2p_sums[1], nuion.constants.ALPHA**2 / 12, rtol=1e-3, atol=0)
