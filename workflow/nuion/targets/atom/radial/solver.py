r"""Bound and continuum states of a central potential by Numerov's method (docs/atoms.md, secs. 'Bound states', 'Numerov without a loop over grid points', 'Continuum normalization').

Hartree atomic units inside (docs/atoms.md, sec. 'Radial engine'; references in :mod:`nuion.targets.atom.radial`).
"""

from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh_tridiagonal
from scipy.linalg.lapack import dtbtrs

from nuion.targets.atom.radial.grid import RadialGrid

__all__ = ["bound_states", "continuum_states", "coulomb_cf2"]


#: WKB e-folds of decay below which a solution is taken as zero (start and end of the
#: Numerov integrations): e^-40 ~ 4e-18 of the amplitude.
_EFOLDS = 40.0


def _g(grid, V, l, E):
    r"""Coefficient g(x) of y'' = g y: r'^2 [2(V - E) + l(l+1)/r^2] + Schwarzian.

    ``l`` and ``E`` broadcast against each other; the result has shape broadcast + (N,).
    """
    l = np.asarray(l, dtype=float)[..., None]
    E = np.asarray(E, dtype=float)[..., None]
    d2 = grid.drdx**2
    return d2 * (2.0 * (V - E) + l * (l + 1.0) / grid.r**2) + grid.schwarzian


def _wkb_exponent(grid, g):
    """Cumulative int sqrt(max(g, 0)) dx along the grid (e-folds of WKB growth/decay)."""
    a = np.sqrt(np.maximum(g, 0.0)) * grid.h
    return np.cumsum(a, axis=-1) - a


def _numerov_outward(g, h, start, stop, source=None):
    r"""Regular solutions of y'' = g y (+ s) by Numerov's recurrence, many systems in one solve.

    .. math:: c_i y_i - 2(1 + 5h^2 g_{i-1}/12) y_{i-1} + c_{i-2} y_{i-2}
              = \frac{h^2}{12}(s_i + 10 s_{i-1} + s_{i-2}),
              \qquad c_i = 1 - h^2 g_i / 12

    for ``start + 2 <= i < stop`` (Numerov's method for y'' = g y + s; e.g. Blatt 1967 [1]),
    seeded with y = 1 at ``start`` and y = exp(sqrt(g) h) at ``start + 1`` (the growing WKB
    branch; errors of the seed excite the decaying branch, which is e^-2*_EFOLDS smaller by the
    time the solution matters). With a ``source`` the seeds are 0: the particular solution that
    vanishes below ``start + 2``. All systems are stacked into one lower-triangular banded
    matrix (bandwidth 2) solved by LAPACK ``dtbtrs``: forward substitution, i.e. the
    recurrence itself, without a Python loop over points.

    Parameters
    ----------
    g : ndarray, shape (M, N)
    h : float
    start, stop : ndarray of int, shape (M,)
        First seeded index and end (exclusive) of each system; y = 0 outside.
    source : ndarray, shape (M, N), optional
        Inhomogeneity s of y'' = g y + s.

    Returns
    -------
    ndarray, shape (M, N)
    """
    M, N = g.shape
    i = np.arange(N)[None, :]
    start = np.asarray(start)[:, None]
    stop = np.asarray(stop)[:, None]
    c = 1.0 - h * h * g / 12.0
    d = 2.0 + 10.0 * h * h * g / 12.0
    live = (i >= start + 2) & (i < stop)
    # band storage built column-major (LAPACK's layout: no copy in the wrapper)
    ab = np.zeros((M, N, 3))
    ab[:, :, 0] = np.where(live, c, 1.0)
    ab[:, :-1, 1] = np.where(live[:, 1:], -d[:, :-1], 0.0)
    ab[:, :-2, 2] = np.where(live[:, 2:], c[:, :-2], 0.0)
    b = np.zeros((M, N))
    rows = np.arange(M)
    if source is None:
        b[rows, start[:, 0]] = 1.0
        b[rows, start[:, 0] + 1] = np.exp(np.sqrt(np.maximum(g[rows, start[:, 0]], 0.0)) * h)
    else:
        rhs = h * h / 12.0 * (source[:, 2:] + 10.0 * source[:, 1:-1] + source[:, :-2])
        b[:, 2:] = np.where(live[:, 2:], rhs, 0.0)
    y, info = dtbtrs(ab.reshape(M * N, 3).T, b.reshape(M * N, 1), uplo="L")
    if info != 0:
        raise FloatingPointError(f"Numerov banded solve failed (LAPACK dtbtrs info = {info})")
    return y.reshape(M, N)


def coulomb_cf2(l, eta, rho, tol=1e-15, max_terms=200000):
    r"""Steed's continued fraction CF2 for the outgoing Coulomb function H+ = G + iF.

    .. math::
        p + iq = \frac{H_l^{+\prime}(\eta,\rho)}{H_l^{+}(\eta,\rho)}
        = i\left(1 - \frac{\eta}{\rho}\right) + \frac{i}{\rho}\,
          \cfrac{a_1}{b_1 + \cfrac{a_2}{b_2 + \cdots}},
        \quad a_n = (i\eta + n - 1 - l)(i\eta + n + l),\ b_n = 2(\rho - \eta + i n)

    Barnett (1981) [3], eq. (26); Thompson & Barnett (1986) [3], evaluated by the modified
    Lentz algorithm, vectorized over all arguments.

    Parameters
    ----------
    l : array_like of int
        Orbital angular momentum, l >= 0.
    eta : array_like
        Sommerfeld parameter, eta = -Z_asym / k for an attractive charge Z_asym (a.u.).
    rho : array_like
        k r > 0.
    tol : float
        Relative size of the last factor at which the fraction has converged.
    max_terms : int
        Raise if any fraction has not converged after this many terms.

    Returns
    -------
    p, q : ndarray
        Real and imaginary parts; the Wronskian F'G - FG' = 1 gives F^2 + G^2 = 1/q.

    Notes
    -----
    Converges for every rho > 0; it needs about (rho_t / rho) more terms below the
    turning point rho_t = eta + sqrt(eta^2 + l(l+1)), so match at rho of order 1 or more.

    Examples
    --------
    Free particle (eta = 0, l = 0): H+ = e^{i rho}, so p + iq = i.

    >>> p, q = coulomb_cf2(0, 0.0, 3.0)
    >>> bool(np.allclose([p, q], [0.0, 1.0], atol=1e-13))
    True
    """
    l, eta, rho = np.broadcast_arrays(
        np.asarray(l, dtype=float), np.asarray(eta, dtype=float), np.asarray(rho, dtype=float)
    )
    tiny = 1e-300
    f = np.full(l.shape, tiny, dtype=complex)
    C = f.copy()
    D = np.zeros(l.shape, dtype=complex)
    ieta = 1j * eta
    b0 = 2.0 * (rho - eta)
    n = 1
    while True:
        # blocks of 8 terms between convergence checks: the factors of converged fractions
        # are 1 to rounding, so iterating them further changes nothing
        for _ in range(8):
            a = (ieta + (n - 1) - l) * (ieta + n + l)
            b = b0 + 2j * n
            D = 1.0 / (b + a * D)
            C = b + a / C
            delta = C * D
            f *= delta
            n += 1
        if np.all(np.abs(delta - 1.0) < tol):
            break
        if n > max_terms:
            raise FloatingPointError("Coulomb CF2 did not converge (rho too far below the turning point?)")
    pq = 1j * (1.0 - eta / rho) + 1j / rho * f
    return pq.real, pq.imag


_STENCIL8 = np.array([1 / 280, -4 / 105, 1 / 5, -4 / 5, 0.0, 4 / 5, -1 / 5, 4 / 105, -1 / 280])


def _start_index(grid, g, ref):
    """Per row of g: the last index with >= _EFOLDS WKB e-folds of growth up to index ``ref``."""
    phi = _wkb_exponent(grid, g)
    rows = np.arange(g.shape[0])
    below = phi <= (phi[rows, ref] - _EFOLDS)[:, None]
    below &= np.arange(g.shape[1])[None, :] < ref[:, None]
    return np.where(below.any(axis=1), below.shape[1] - 1 - np.argmax(below[:, ::-1], axis=1), 0)


def continuum_states(grid, V, Z_asym, E, l, r_match):
    r"""Regular continuum radial functions u_El(r) = r R_El(r), normalized per unit energy.

    .. math::
        u_{El}(r) \to \sqrt{\frac{2}{\pi k}}\,\big[\cos\delta\,F_l(\eta, kr)
                    + \sin\delta\,G_l(\eta, kr)\big],
        \qquad k = \sqrt{2E},\ \eta = -Z_{asym}/k

    so that int u_El u_E'l dr = delta(E - E') (E in hartree). Outward Numerov on the grid
    (:func:`_numerov_outward`, all energies in one banded solve), then matched to the Coulomb
    functions of charge Z_asym: with p + iq = H+'/H+ from :func:`coulomb_cf2` at
    rho = k r_m and ' = d/drho, the amplitude of u = a F + b G is

    .. math:: A^2 = a^2 + b^2 = [u'^2 - 2 p\,u u' + (p^2 + q^2) u^2] / q

    (from G' = pG - qF, F' = pF + qG and F'G - FG' = 1; docs/atoms.md, sec. 'Continuum
    normalization').

    Parameters
    ----------
    grid : RadialGrid
    V : ndarray, shape (N,)
        Potential energy in hartree on the grid; V(r) = -Z_asym / r for r >= r_match.
    Z_asym : float
        Asymptotic charge (> 0 attractive, 0 allowed: spherical Bessel/Riccati functions).
    E : array_like, shape (M,)
        Kinetic energies at infinity in hartree, E > 0.
    l : int
        Orbital angular momentum.
    r_match : float
        Smallest matching radius, bohr; each (E, l) is matched at the first grid point
        beyond both r_match and its Coulomb turning point (where CF2 converges fast and
        q is not lost to rounding), at most 6 points before the end of the grid. Waves
        still so deep under the centrifugal barrier there that q < 1e-10 |p| (they carry
        less than ~1e-10 of the strength) are returned as zero.

    Returns
    -------
    u : ndarray, shape (M, N)
        u_El on the grid, normalized per unit energy (hartree^-1/2); zero beyond the
        matching point.
    i_match : ndarray of int, shape (M,)
        Matching index of each energy.

    Notes
    -----
    Below the seed point (:data:`_EFOLDS` WKB e-folds under the centrifugal barrier) u is
    set to zero. Numerov's error is O(h^4) in the phase and amplitude.

    Examples
    --------
    Free waves (V = 0): u = sqrt(2/(pi k)) k r j_l(k r).

    >>> from scipy.special import spherical_jn
    >>> from nuion.targets.atom.radial.grid import radial_grid
    >>> g = radial_grid(1e-5, 40.0, 0.005, 8.0)
    >>> u, _ = continuum_states(g, np.zeros(len(g)), 0.0, [0.5, 2.0], 2, 20.0)
    >>> k = np.sqrt(2 * np.array([0.5, 2.0]))[:, None]
    >>> ref = np.sqrt(2 / (np.pi * k)) * k * g.r * spherical_jn(2, k * g.r)
    >>> bool(np.allclose(u[:, g.r < 20], ref[:, g.r < 20], rtol=0, atol=1e-8))
    True
    """
    frame = _continuum_frame(grid, V, Z_asym, E, l, r_match)
    y = np.zeros((frame.k.size, len(grid)))
    c0, c1 = frame.c0, frame.c1
    y[:, c0:c1] = _numerov_outward(frame.g[:, c0:], grid.h, frame.start - c0, frame.i_m + 5 - c0)
    return _normalize(grid, y, l, frame), frame.i_m


@dataclass(frozen=True)
class _ContinuumFrame:
    """The outward solve of one partial wave at many energies (:func:`_continuum_frame`)."""

    k: np.ndarray  # momenta at infinity, a.u.
    eta: np.ndarray  # Sommerfeld parameters -Z_asym / k
    i_m: np.ndarray  # matching index of each energy
    c0: int  # first column any solution needs (lowest seed)
    c1: int  # end (exclusive) of the columns any solution needs
    g: np.ndarray  # g(x) of y'' = g y on columns [0, c1), shape (M, c1)
    start: np.ndarray  # seed index of each energy


def _continuum_frame(grid, V, Z_asym, E, l, r_match):
    """Matching points, seeds and g(x) of the regular continuum solutions (see :func:`continuum_states`)."""
    E = np.atleast_1d(np.asarray(E, dtype=float))
    if np.any(E <= 0):
        raise ValueError(f"continuum energies must be > 0 hartree, got min(E) = {E.min():.3g}")
    N = len(grid)
    k = np.sqrt(2.0 * E)
    eta = -float(Z_asym) / k
    r_tp = (eta + np.sqrt(eta**2 + l * (l + 1.0))) / k
    r_need = np.maximum(r_match, 1.02 * r_tp)
    i_m = np.minimum(np.searchsorted(grid.r, r_need), N - 6)
    c1 = int(i_m.max()) + 5  # columns beyond the last matching stencil are never needed
    sub = RadialGrid(grid.r[:c1], grid.h, grid.beta)
    g = _g(sub, V[:c1], l, E)
    allowed = g < 0
    first_allowed = np.where(allowed.any(axis=1), np.argmax(allowed, axis=1), c1 - 1)
    start = np.minimum(_start_index(sub, g, np.minimum(first_allowed, i_m)), i_m - 8)
    return _ContinuumFrame(k, eta, i_m, int(start.min()), c1, g, start)


def _normalize(grid, y, l, frame):
    """u = sqrt(r') y scaled to sqrt(2/(pi k)) [cos delta F + sin delta G] at the matching points (CF2)."""
    k, eta, i_m = frame.k, frame.eta, frame.i_m
    rows = np.arange(k.size)
    window = y[rows[:, None], i_m[:, None] + np.arange(-4, 5)[None, :]]
    dy = window @ _STENCIL8 / grid.h
    rm = grid.r[i_m]
    s = 1.0 + grid.beta * rm
    rp = rm / s
    rpp = rm / s**3
    ym = y[rows, i_m]
    um = np.sqrt(rp) * ym
    dum = (dy / np.sqrt(rp) + ym * rpp / (2.0 * rp**1.5)) / k  # d/drho
    p, q = coulomb_cf2(l, eta, k * rm)
    # deep under the barrier at the matching point (grid too short for this l, E), q is lost
    # to rounding; there F^2 ~ q < 1e-10, so the wave carries < 1e-10 of the strength: drop it
    resolved = q > 1e-10 * np.abs(p)
    qs = np.where(resolved, q, 1.0)
    amp2 = (dum**2 - 2.0 * p * um * dum + (p**2 + qs**2) * um**2) / qs
    scale = np.where(resolved, np.sqrt(2.0 / (np.pi * k)) / np.sqrt(np.abs(amp2)), 0.0)
    u = y * np.sqrt(grid.drdx)[None, :] * scale[:, None]
    u[np.arange(len(grid))[None, :] > i_m[:, None]] = 0.0
    return u


def bound_states(grid, V, l, n_max, tol=1e-11, max_iter=60):
    r"""Bound states of u'' = [2(V - E) + l(l+1)/r^2] u for one l: energies and orbitals.

    First guesses from the finite-difference eigenvalues of the symmetrized three-point
    Hamiltonian in x (:func:`scipy.linalg.eigh_tridiagonal`, error O(h^2)); each is refined
    by Numerov shooting, outward from the nucleus and inward from the decaying tail to the
    outer classical turning point m, with Cooley's energy correction [2]

    .. math::
        \Delta E = -\frac{c_{m+1} y_{m+1} - 2(1 + 5h^2 g_m/12) y_m + c_{m-1} y_{m-1}}
                         {h^2 \sum_i 2 r_i'^2 y_i^2}\, y_m

    (the Numerov residual at m of the two joined pieces, both scaled to y_m = 1), iterated
    to |Delta E| < tol |E| (convergence is quadratic; rounding noise is ~1e-13 |E|). Converges to the exact eigenvalue of the Numerov equations,
    whose error is O(h^4) (docs/atoms.md, sec. 'Bound states').

    Parameters
    ----------
    grid : RadialGrid
        Must reach far enough for the highest state to decay (states whose tail does not
        fit, i.e. with fewer than 40 WKB e-folds between turning point and grid end, are
        dropped).
    V : ndarray, shape (N,)
        Potential energy in hartree on the grid.
    l : int
        Orbital angular momentum.
    n_max : int
        Highest principal quantum number n = l + 1 + (number of nodes) returned.

    Returns
    -------
    E : ndarray, shape (S,)
        Energies in hartree, increasing, n = l + 1, l + 2, ... (no gaps).
    u : ndarray, shape (S, N)
        u = r R(r), normalized (int u^2 dr = 1), positive near the nucleus.

    Examples
    --------
    Hydrogen: E_n = -1/(2 n^2).

    >>> from nuion.targets.atom.radial.grid import coulomb_potential, radial_grid
    >>> g = radial_grid(1e-6, 400.0, 0.01, 0.5)
    >>> E, u = bound_states(g, coulomb_potential(g, 1.0), 1, 5)
    >>> bool(np.allclose(E, -0.5 / np.arange(2, 6) ** 2, rtol=1e-8, atol=0))
    True
    """
    N = len(grid)
    rp = grid.drdx
    h = grid.h
    g0 = _g(grid, V, l, 0.0)
    w = 2.0 * rp**2
    diag = (2.0 / h**2 + g0) / w
    off = -1.0 / (h**2 * np.sqrt(w[:-1] * w[1:]))
    lo = float(np.min(g0 / w)) - 1.0
    # stebz bisection to an absolute tolerance: the default one scales with the largest
    # diagonal element, ~ 1/(h r_min)^2, and would lose the bound states
    guess = eigh_tridiagonal(
        diag, off, eigvals_only=True, select="v", select_range=(lo, 0.0), tol=1e-10
    )
    E = np.sort(guess)[: max(n_max - l, 0)]
    # keep the states whose tail decays by _EFOLDS WKB e-folds inside the grid
    g = _g(grid, V, l, E)
    m = N - 1 - np.argmax((g < 0)[:, ::-1], axis=1)
    tail = _wkb_exponent(grid, g)
    E = E[tail[:, -1] - tail[np.arange(E.size), m] >= 1.2 * _EFOLDS]
    if E.size == 0:
        return E, np.zeros((0, N))
    i = np.arange(N)[None, :]
    rows = np.arange(E.size)
    for _ in range(max_iter):
        g = _g(grid, V, l, E)
        allowed = g < 0
        m = N - 1 - np.argmax(allowed[:, ::-1], axis=1)
        m = np.clip(m, 10, N - 10)
        first = np.argmax(allowed, axis=1)
        start = np.minimum(_start_index(grid, g, np.minimum(first, m)), m - 8)
        y_out = _numerov_outward(g, h, start, m + 2)
        gf = g[:, ::-1]
        mf = N - 1 - m
        start_f = np.minimum(_start_index(grid, gf, mf), mf - 8)
        y_in = _numerov_outward(gf, h, start_f, mf + 2)[:, ::-1]
        y_out /= y_out[rows, m][:, None]
        y_in /= y_in[rows, m][:, None]
        y = np.where(i <= m[:, None], y_out, y_in)
        c = 1.0 - h * h * g / 12.0
        resid = (
            c[rows, m + 1] * y_in[rows, m + 1]
            - (2.0 + 10.0 * h * h * g[rows, m] / 12.0)
            + c[rows, m - 1] * y_out[rows, m - 1]
        )
        dE = -resid / (h**2 * np.sum(w * y**2, axis=1))
        E = E + dE
        if np.all(np.abs(dE) <= tol * np.abs(E)):
            break
    else:
        raise FloatingPointError(f"bound states of l = {l}: Cooley iteration did not converge")
    u = y * np.sqrt(rp)
    u /= np.sqrt(np.sum(grid.weights * u**2, axis=1))[:, None]
    first_lobe = u[rows, np.argmax(np.abs(u) > 1e-8 * np.abs(u).max(axis=1, keepdims=True), axis=1)]
    u *= np.sign(first_lobe)[:, None]
    # keep states whose tail fits in the grid and whose node count matches n - l - 1
    tail = _wkb_exponent(grid, _g(grid, V, l, E))
    fits = tail[:, -1] - tail[rows, m] >= _EFOLDS
    big = np.abs(u) > 1e-6 * np.abs(u).max(axis=1, keepdims=True)
    nodes = np.array([np.count_nonzero(np.diff(np.sign(row[b])) != 0) for row, b in zip(u, big)])
    good = fits & (nodes == rows)
    n_good = int(np.argmin(good)) if not good.all() else good.size
    return E[:n_good], u[:n_good]
