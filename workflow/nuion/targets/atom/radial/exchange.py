r"""Continuum states with the nonlocal Hartree-Fock exchange of a frozen core (docs/atoms.md, sec. 'Exchange in the final states').

Hartree atomic units inside (docs/atoms.md, sec. 'Radial engine'; references in :mod:`nuion.targets.atom.radial`).

The radial Hartree-Fock equation of an electron in partial wave l outside a frozen core of
closed (or spherically averaged) shells b, in Froese Fischer's form [5]:

.. math::
    u'' = \left[2(V(r) - E) + \frac{l(l+1)}{r^2}\right] u - 2 K[u], \qquad
    K[u](r) = \sum_b \frac{q_b}{2} \sum_k \begin{pmatrix} l & k & l_b \\ 0 & 0 & 0\end{pmatrix}^2
              u_b(r)\, \frac{Y^k(b, u; r)}{r},

    \frac{Y^k(b, u; r)}{r} = \int_0^\infty \frac{r_<^k}{r_>^{k+1}}\, u_b(s)\, u(s)\, ds,

V the local (nucleus + direct) potential, q_b the electrons of orbital b that the electron
sees. The exchange term is the one of the Hartree-Fock orbital energies
(:func:`nuion.targets.atom.orbitals.koopmans_energies`; the average interaction of a shell
l_b^{q_b} with one electron l, Slater 1960 [6], Froese Fischer 1977 [5], eq. (3.19)).

References
----------
.. [5] C. Froese Fischer, The Hartree-Fock Method for Atoms (Wiley, 1977), ch. 3 and 6.
.. [6] J. C. Slater, Quantum Theory of Atomic Structure, vol. II (McGraw-Hill, 1960), ch. 21.
.. [7] Y. Saad, M. H. Schultz, SIAM J. Sci. Stat. Comput. 7 (1986) 856 (GMRES).
.. [8] A. R. Edmonds, Angular Momentum in Quantum Mechanics (Princeton, 1957), eq. (3.7.17).
"""

from dataclasses import dataclass
from math import factorial

import numpy as np

from nuion.targets.atom.radial.solver import _continuum_frame, _normalize, _numerov_outward

__all__ = ["FrozenCore", "exchange_continuum_states", "exchange_operator", "three_j_squared"]

#: Relative residual of the Krylov solve of the exchange equation (every energy).
_GMRES_TOL = 1e-10
#: Largest Krylov space; a solve that needs more raises.
_GMRES_MAX = 80
#: The core's exchange range ends where every sqrt(q_b) |u_b| < _CORE_CUT max (relative size of
#: the neglected exchange beyond it). 1e-6 instead of 1e-10 moves S and R by < 7.5e-6 relative and
#: shortens Ge's range from 31 to 20 bohr, a third of the solve's cost (docs/atoms.md, sec.
#: 'Exchange in the final states').
_CORE_CUT = 1e-6


def three_j_squared(l1, l2, l3):
    r"""Square of the Wigner 3j symbol with zero projections, closed form.

    .. math:: \begin{pmatrix} l_1 & l_2 & l_3 \\ 0&0&0 \end{pmatrix}^2
              = \frac{(J - 2l_1)!\,(J - 2l_2)!\,(J - 2l_3)!}{(J + 1)!}
                \left[\frac{(J/2)!}{(J/2 - l_1)!\,(J/2 - l_2)!\,(J/2 - l_3)!}\right]^2

    for J = l_1 + l_2 + l_3 even and the triangle condition; 0 otherwise (Edmonds [8], eq. (3.7.17)).

    Examples
    --------
    >>> three_j_squared(1, 1, 0), three_j_squared(1, 1, 1)  # 1/3, odd J
    (0.3333333333333333, 0.0)
    """
    J = l1 + l2 + l3
    if J % 2 or l3 < abs(l1 - l2) or l3 > l1 + l2:
        return 0.0
    g = J // 2
    num = factorial(J - 2 * l1) * factorial(J - 2 * l2) * factorial(J - 2 * l3)
    return num / factorial(J + 1) * (factorial(g) / (factorial(g - l1) * factorial(g - l2) * factorial(g - l3))) ** 2


@dataclass(frozen=True)
class FrozenCore:
    """The frozen core whose exchange the final states feel.

    Attributes
    ----------
    u : ndarray, shape (n_b, N)
        Core orbitals u_b = r R_b on the grid (bohr^-1/2), normalized.
    l : tuple of int
        Their orbital momenta.
    q : tuple of float
        Electrons of each orbital that the continuum electron sees (the shell's occupancy,
        one less for the shell of the hole).
    V_x : ndarray, shape (N,)
        A local approximation of the exchange (hartree), e.g. Slater's: it only speeds up the
        solve (the solution does not depend on it; tests/test_exchange.py).
    l_max : int
        Partial waves l <= l_max feel the exchange; higher ones the local potential alone.
    """

    u: np.ndarray
    l: tuple
    q: tuple
    V_x: np.ndarray
    l_max: int

    def terms(self, l):
        """(b, k, c_bk) of K for partial wave l: c_bk = (q_b / 2) (l k l_b; 0 0 0)^2 > 0."""
        return [
            (b, k, 0.5 * qb * three_j_squared(l, k, lb))
            for b, (lb, qb) in enumerate(zip(self.l, self.q))
            for k in range(abs(l - lb), l + lb + 1, 2)
            if qb > 0
        ]

    def extent(self):
        """Number of leading grid points outside which the core (sqrt(q_b) |u_b|) is below _CORE_CUT of its maximum."""
        a = np.max(np.sqrt(np.asarray(self.q, dtype=float))[:, None] * np.abs(self.u), axis=0)
        big = a > _CORE_CUT * a.max()
        return int(a.size - np.argmax(big[::-1])) if big.any() else 0


def exchange_operator(grid, core, l, u, n=None):
    r"""K[u](r) of the module docstring for functions u (..., n) on the first n grid points, hartree bohr^-1/2.

    The two integrals of Y^k/r are cumulative trapezoidal sums in x (weights h r'), from the
    nucleus and from the end of the range; their half end-point weights add up to the local
    term -sum c u_b^2 w u / r, applied once for all (b, k).

    Examples
    --------
    Hydrogen 1s core (q = 1) acting on its own orbital: K = (1/2) (Y^0(1s, 1s; r)/r) u and
    <1s|K|1s> = F^0(1s, 1s) / 2 = 5 Z / 16 (Z = 1).

    >>> from nuion.targets.atom.radial.grid import radial_grid
    >>> g = radial_grid(1e-6, 60.0, 0.005, 2.0)
    >>> u = 2 * g.r * np.exp(-g.r)
    >>> core = FrozenCore(u[None, :], (0,), (1.0,), 0 * g.r, 0)
    >>> bool(np.isclose(np.sum(g.weights * u * exchange_operator(g, core, 0, u)), 5 / 16, rtol=1e-6))
    True
    """
    n = u.shape[-1] if n is None else n
    r = grid.r[:n]
    w = grid.weights[:n]
    out = np.zeros(u.shape)
    buf = np.empty(u.shape)
    local = np.zeros(n)
    for b, k, c in core.terms(l):
        ub = core.u[b, :n]
        rk, rk1 = r**k, r ** (-k - 1.0)
        np.multiply(u, ub * w * rk, out=buf)
        out += np.cumsum(buf, axis=-1) * (c * ub * rk1)  # int_0^r s^k u_b u ds / r^(k+1)
        np.multiply(u, ub * w * rk1, out=buf)
        out += np.cumsum(buf[..., ::-1], axis=-1)[..., ::-1] * (c * ub * rk)  # r^k int_r^R s^-(k+1) u_b u ds
        # the trapezoid's half weight at s = r, of both sums: -c u_b (u u_b w) / r
        local += c * ub * ub * w / r
    out -= local * u
    return out


def _gmres(apply, b, tol=_GMRES_TOL, m_max=_GMRES_MAX):
    """Solve (I - A) x = b row by row, A = ``apply`` (batched over rows), by GMRES from x = 0 [7].

    Arnoldi with modified Gram-Schmidt; the least-squares problems of all rows in one batched
    QR per step. Raises FloatingPointError if a row's relative residual stays above ``tol``.
    """
    M = b.shape[0]
    beta = np.linalg.norm(b, axis=1)
    beta = np.where(beta > 0, beta, 1.0)
    V = [b / beta[:, None]]
    H = np.zeros((M, m_max + 1, m_max))
    e1 = np.zeros((M, m_max + 1))
    e1[:, 0] = beta
    for j in range(m_max):
        w = V[j] - apply(V[j])
        for i in range(j + 1):
            H[:, i, j] = np.einsum("mn,mn->m", V[i], w)
            w -= H[:, i, j, None] * V[i]
        H[:, j + 1, j] = np.linalg.norm(w, axis=1)
        V.append(w / np.where(H[:, j + 1, j] > 0, H[:, j + 1, j], 1.0)[:, None])
        Q, Rm = np.linalg.qr(H[:, : j + 2, : j + 1])
        rhs = np.einsum("mij,mi->mj", Q, e1[:, : j + 2])
        y = np.linalg.solve(Rm, rhs[..., None])[..., 0]
        res = np.linalg.norm(e1[:, : j + 2] - np.einsum("mij,mj->mi", H[:, : j + 2, : j + 1], y), axis=1)
        if np.all(res <= tol * beta):
            return np.einsum("jmn,mj->mn", np.array(V[: j + 1]), y)
    raise FloatingPointError(f"exchange continuum: GMRES residual {np.max(res / beta):.1e} after {m_max} steps")


def exchange_continuum_states(grid, V, Z_asym, E, l, r_match, core):
    r"""Regular continuum solutions of the Hartree-Fock equation with a frozen core, per unit energy.

    .. math:: u'' = [2(V - E) + l(l+1)/r^2]\, u - 2 K[u]

    (module docstring), normalized like :func:`nuion.targets.atom.radial.continuum_states`:
    u -> sqrt(2/(pi k)) [cos delta F_l + sin delta G_l] beyond ``r_match``, where V = -Z_asym/r
    and the core has vanished.

    Method: with the local approximation V_x of the core (``core.V_x``, zero beyond the core),
    write the equation as y'' = g_x y + s[y] in the Liouville variable y = u / sqrt(r') of
    :mod:`~.solver`, g_x the coefficient of the local potential V + V_x and
    s[u] = -2 (K[u] + V_x u) r'^{3/2}. Its regular solution is y = y_0 + A y, y_0 the regular
    solution of the local equation (seeded as in :func:`~.solver._numerov_outward`) and A y
    the particular solution of the source s[y] that vanishes at the nucleus (Numerov with a
    source, one banded solve for all energies). Near the nucleus s ~ r^(l+1) like y, so the
    particular solution starts as r^(l+3) and the seed fixes the scale. (I - A) y = y_0 is
    solved on the core's range by GMRES [7], batched over energies, to a relative residual
    of 1e-10; then y = y_0 + A y on the whole range is matched to the Coulomb functions
    (:func:`~.solver._normalize`). V_x changes only the number of Krylov steps.

    Parameters
    ----------
    grid : RadialGrid
    V : ndarray, shape (N,)
        Local potential energy (nucleus and direct electrostatic), hartree.
    Z_asym : float
        Asymptotic charge of V.
    E : array_like, shape (M,)
        Energies in hartree, > 0.
    l : int
        Orbital angular momentum of the continuum electron.
    r_match : float
        Matching radius (bohr); must lie beyond the core (:meth:`FrozenCore.extent`).
    core : FrozenCore

    Returns
    -------
    u : ndarray, shape (M, N)
        Normalized per unit energy (hartree^-1/2), zero beyond each matching point.

    Raises
    ------
    ValueError
        If the matching radius lies inside the core.
    FloatingPointError
        If GMRES does not converge.
    """
    n_x = core.extent()
    Vx = np.where(np.arange(len(grid)) < n_x, core.V_x, 0.0)
    frame = _continuum_frame(grid, V + Vx, Z_asym, E, l, r_match)
    if frame.i_m.min() < n_x:
        raise ValueError(f"matching radius {r_match:g} bohr lies inside the frozen core (to {grid.r[n_x - 1]:.3g} bohr)")
    c0, c1 = frame.c0, frame.c1
    y0 = _numerov_outward(frame.g[:, c0:], grid.h, frame.start - c0, frame.i_m + 5 - c0)
    y = np.zeros((frame.k.size, len(grid)))
    if n_x > c0 + 2:  # else the core lies below every seed (40 e-folds under the barrier)
        rp = grid.drdx[:n_x]
        half = np.sqrt(rp)  # u = sqrt(r') y

        def source(y_x):
            """s[y] on columns [c0, n_x): -2 (K[u] + V_x u) r'^{3/2}, u = sqrt(r') y."""
            u = np.zeros((y_x.shape[0], n_x))
            u[:, c0:] = y_x * half[c0:]
            return (-2.0 * (exchange_operator(grid, core, l, u) + Vx[:n_x] * u) * (rp * half))[:, c0:]

        def particular(y_x):
            """A y on columns [c0, n_x): the solution of y'' = g_x y + s[y] that vanishes at the nucleus."""
            return _numerov_outward(frame.g[:, c0:n_x], grid.h, frame.start - c0, np.full(y_x.shape[0], n_x - c0),
                                    source=source(y_x))

        y_x = _gmres(particular, y0[:, : n_x - c0])
        s_full = np.zeros(y0.shape)
        s_full[:, : n_x - c0] = source(y_x)
        y0 = y0 + _numerov_outward(frame.g[:, c0:], grid.h, frame.start - c0, frame.i_m + 5 - c0, source=s_full)
    y[:, c0:c1] = y0
    return _normalize(grid, y, l, frame)
