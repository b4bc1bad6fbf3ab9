r"""Radial engine for one electron in a central field: bound and continuum states, responses.

Everything inside this module works in Hartree atomic units (hbar = m_e = e = 1; lengths
in bohr, energies in hartree, momenta in units of alpha m_e c); the public response
functions take T and q in keV and return S and R in keV^-1. The method is documented in
docs/atoms.md, sec. 'Radial engine'; in short:

* **Grid.** x = ln r + beta r on a uniform x grid (step h): logarithmic near the nucleus,
  linear (spacing h / beta) far out. The radial equation u'' = [2(V - E) + l(l+1)/r^2] u
  becomes y'' = g(x) y for y = u / sqrt(dr/dx) (Liouville transformation), solved by
  Numerov's method [1]; radial integrals are trapezoidal sums in x, spectrally accurate for
  the smooth, decaying integrands of the matrix elements.
* **Bound states** of a potential array V(r): finite-difference eigenvalues
  (:func:`scipy.linalg.eigh_tridiagonal`) as first guesses, refined by Numerov
  shooting with Cooley's energy correction [2].
* **Continuum states** per unit energy: outward Numerov, all energies of one partial wave in
  one banded triangular solve (LAPACK ``dtbtrs``), normalized by matching to the Coulomb
  functions of the asymptotic charge through Steed's continued fraction CF2 [3].
* **Responses** S_nl and R_nl of one shell: multipole expansion of e^{iq.r} in spherical
  Bessel functions (the three-term recurrence seeded by :func:`scipy.special.spherical_jn`), Gaunt
  coefficients by exact Gauss-Legendre quadrature of :func:`scipy.special.sph_legendre_p_all`,
  Clebsch-Gordan coefficients from :func:`sympy.physics.wigner.clebsch_gordan`,
  the gradient formula for p, partial waves l' summed until they converge.

References
----------
.. [1] B. V. Numerov, Astron. Nachr. 230 (1927) 359; J. M. Blatt, J. Comput. Phys. 1
   (1967) 382.
.. [2] J. W. Cooley, Math. Comp. 15 (1961) 363.
.. [3] A. R. Barnett, Comput. Phys. Commun. 21 (1981) 297; I. J. Thompson, A. R. Barnett,
   J. Comput. Phys. 64 (1986) 490.
.. [4] D. A. Varshalovich, A. N. Moskalev, V. K. Khersonskii, Quantum Theory of Angular
   Momentum (1988), secs. 5.17 (Gaunt) and 7.3 (gradient formula).
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import eigh_tridiagonal
from scipy.linalg.lapack import dtbtrs
from scipy.special import gammaln, sph_legendre_p_all, spherical_jn
from threadpoolctl import threadpool_limits

from nuion.constants import ALPHA, M_E

__all__ = [
    "HARTREE_KEV",
    "MOMENTUM_KEV",
    "RadialGrid",
    "radial_grid",
    "default_grid",
    "coulomb_potential",
    "bound_states",
    "coulomb_cf2",
    "continuum_states",
    "derivative",
    "shell_response",
    "discrete_strengths",
    "angular_matrices",
]

#: Hartree energy alpha^2 m_e c^2 in keV (27.211386 eV).
HARTREE_KEV = ALPHA**2 * M_E
#: Atomic unit of momentum alpha m_e c in keV (3.7289 keV).
MOMENTUM_KEV = ALPHA * M_E

#: WKB e-folds of decay below which a solution is taken as zero (start and end of the
#: Numerov integrations): e^-40 ~ 4e-18 of the amplitude.
_EFOLDS = 40.0


# --------------------------------------------------------------------------- grid
@dataclass(frozen=True)
class RadialGrid:
    r"""Log-linear radial grid x = ln r + beta r, uniform in x.

    Attributes
    ----------
    r : ndarray, shape (N,)
        Radii in bohr, increasing.
    h : float
        Step in x.
    beta : float
        Linear coefficient in 1/bohr (0: purely logarithmic); the spacing tends to
        h / beta far out.
    """

    r: np.ndarray
    h: float
    beta: float

    @property
    def drdx(self):
        """dr/dx = r / (1 + beta r), bohr."""
        return self.r / (1.0 + self.beta * self.r)

    @property
    def weights(self):
        """Trapezoidal weights h dr/dx: sum(w f) = int f dr for integrands vanishing at both ends."""
        return self.h * self.drdx

    @property
    def schwarzian(self):
        r"""The term (3/4)(r''/r')^2 - (1/2) r'''/r' = (1/4 + beta r)/(1 + beta r)^4 of y'' = g y."""
        s = 1.0 + self.beta * self.r
        return (0.25 + self.beta * self.r) / s**4

    def __len__(self):
        return self.r.size


def radial_grid(r_min=1e-6, r_max=60.0, h=0.01, beta=4.0):
    r"""A log-linear radial grid r(x), x = ln r + beta r uniform with step h.

    .. math:: x_i = \ln r_{min} + \beta r_{min} + i h, \qquad \ln r_i + \beta r_i = x_i

    (docs/atoms.md, sec. 'Radial engine'). The spacing is r h near the nucleus and h / beta
    beyond r ~ 1/beta.

    Parameters
    ----------
    r_min, r_max : float
        First radius and (at least) the last radius, bohr, 0 < r_min < r_max.
    h : float
        Step in x (> 0). Numerov's error falls as h^4.
    beta : float
        Linear coefficient, 1/bohr (>= 0). Choose h / beta small against the shortest
        wavelength 2 pi / max(k, q) met inside the orbitals (12 or more points per wavelength).

    Returns
    -------
    RadialGrid

    Notes
    -----
    r(x) is found by Newton's method on s = ln r, f(s) = s + beta e^s - x (convex, so
    the iteration converges monotonically from the start min(x, ln(x / beta))).

    Examples
    --------
    >>> g = radial_grid(1e-5, 50.0, 0.02, 2.0)
    >>> bool(np.allclose(np.log(g.r) + 2.0 * g.r, np.log(1e-5) + 2e-5 + 0.02 * np.arange(g.r.size)))
    True
    """
    if not (0 < r_min < r_max and h > 0 and beta >= 0):
        raise ValueError(f"need 0 < r_min < r_max, h > 0, beta >= 0; got {r_min}, {r_max}, {h}, {beta}")
    x0 = np.log(r_min) + beta * r_min
    x1 = np.log(r_max) + beta * r_max
    x = x0 + h * np.arange(int(np.ceil((x1 - x0) / h)) + 1)
    if beta == 0:
        return RadialGrid(np.exp(x), float(h), 0.0)
    s = np.minimum(x, np.log(np.maximum(x, 1e-300) / beta))
    s = np.where(x > 0, s, x)
    for _ in range(100):
        es = np.exp(s)
        step = (s + beta * es - x) / (1.0 + beta * es)
        s = s - step
        if np.max(np.abs(step)) < 1e-15:
            break
    return RadialGrid(np.exp(s), float(h), float(beta))


def default_grid(Z, T_max, q_max, r_max=40.0, h=0.01, k_step=0.3, q_step=1.0):
    r"""A radial grid fine enough for final energies up to T_max and momentum transfers up to q_max.

    .. math::
        \Delta r_{lin} = h/eta = \min\left(rac{	exttt{k\_step}}{k_{max}},
          rac{	exttt{q\_step}}{k_{max} + q_{max}}
ight), \qquad k_{max} = \sqrt{2 T_{max}/E_h}

    Numerov's error grows as (k dr)^4 (k_step = 0.3: ~1e-5 relative in S; 0.06: ~1e-7);
    the trapezoidal integrals of oscillating integrands need (k + q) dr below ~1 (docs/atoms.md,
    sec. 'Grids and accuracy'). r_min = 1e-5 / Z bohr.

    Parameters
    ----------
    Z : float
        Nuclear charge (sets r_min).
    T_max : float
        Highest energy transfer in keV (the ejected electron's energy is below it).
    q_max : float
        Highest momentum transfer in keV.
    r_max : float
        Outer radius in bohr: beyond every orbital's support and the matching radius.
    h : float
        Step in x (log region).
    k_step, q_step : float
        Largest k dr and (k + q) dr in the linear region.

    Returns
    -------
    RadialGrid

    Examples
    --------
    >>> g = default_grid(32, 30.0, 300.0)
    >>> k_max = np.sqrt(2 * 30.0 / HARTREE_KEV)
    >>> bool(k_max * np.diff(g.r).max() <= 0.3 + 1e-9)
    True
    """
    k_max = np.sqrt(2.0 * T_max / HARTREE_KEV)
    dr = min(k_step / k_max, q_step / (k_max + q_max / MOMENTUM_KEV))
    return radial_grid(1e-5 / Z, r_max, h, h / dr)


def coulomb_potential(grid, Z):
    r"""Point-Coulomb potential energy of an electron, V(r) = -Z/r, on the grid.

    Parameters
    ----------
    grid : RadialGrid
    Z : float
        Charge in units of e (> 0 attractive); Z_eff of the ``coulomb`` continuum model.

    Returns
    -------
    ndarray, shape (N,)
        V in hartree.

    Examples
    --------
    >>> g = radial_grid(0.5, 2.0, 0.1, 0.0)
    >>> bool(np.isclose(coulomb_potential(g, 2.0)[0], -4.0))
    True
    """
    return -float(Z) / grid.r


def derivative(grid, u):
    r"""du/dr on the grid by the 8th-order central difference in x, du/dr = (du/dx)/(dr/dx).

    Parameters
    ----------
    grid : RadialGrid
    u : ndarray, shape (..., N)
        Smooth function of r on the grid (e.g. u = r R(r) of a bound orbital).

    Returns
    -------
    ndarray, shape (..., N)
        du/dr; the four points at each end use np.gradient's second order (error ~ h^2;
        orbitals and their weights vanish there, so the radial integrals do not feel it).

    Examples
    --------
    >>> g = radial_grid(1e-4, 30.0, 0.01, 2.0)
    >>> u = g.r * np.exp(-g.r)
    >>> err = derivative(g, u) - (1 - g.r) * np.exp(-g.r)
    >>> bool(np.abs(err[4:-4]).max() < 1e-12)
    True
    """
    u = np.asarray(u, dtype=float)
    c = np.array([1 / 280, -4 / 105, 1 / 5, -4 / 5, 0.0, 4 / 5, -1 / 5, 4 / 105, -1 / 280])
    du = np.gradient(u, grid.h, axis=-1, edge_order=2)
    n = u.shape[-1]
    inner = sum(c[j] * u[..., j : n - 8 + j] for j in range(9)) / grid.h
    du[..., 4 : n - 4] = inner
    return du / grid.drdx


# --------------------------------------------------------------------------- Numerov
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


def _numerov_outward(g, h, start, stop):
    r"""Regular solutions of y'' = g y by Numerov's recurrence, many systems in one solve.

    .. math:: c_i y_i - 2(1 + 5h^2 g_{i-1}/12) y_{i-1} + c_{i-2} y_{i-2} = 0,
              \qquad c_i = 1 - h^2 g_i / 12

    for ``start + 2 <= i < stop``, seeded with y = 1 at ``start`` and y = exp(sqrt(g) h) at
    ``start + 1`` (the growing WKB branch; errors of the seed excite the decaying branch,
    which is e^-2*_EFOLDS smaller by the time the solution matters). All systems are stacked
    into one lower-triangular banded matrix (bandwidth 2) solved by LAPACK ``dtbtrs``:
    forward substitution, i.e. the recurrence itself, without a Python loop over points.

    Parameters
    ----------
    g : ndarray, shape (M, N)
    h : float
    start, stop : ndarray of int, shape (M,)
        First seeded index and end (exclusive) of each system; y = 0 outside.

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
    b[rows, start[:, 0]] = 1.0
    b[rows, start[:, 0] + 1] = np.exp(np.sqrt(np.maximum(g[rows, start[:, 0]], 0.0)) * h)
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

    >>> g = radial_grid(1e-5, 40.0, 0.005, 8.0)
    >>> u, _ = continuum_states(g, np.zeros(len(g)), 0.0, [0.5, 2.0], 2, 20.0)
    >>> k = np.sqrt(2 * np.array([0.5, 2.0]))[:, None]
    >>> ref = np.sqrt(2 / (np.pi * k)) * k * g.r * spherical_jn(2, k * g.r)
    >>> bool(np.allclose(u[:, g.r < 20], ref[:, g.r < 20], rtol=0, atol=1e-8))
    True
    """
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
    c0 = int(start.min())  # nor columns below the first seed
    y = np.zeros((E.size, N))
    y[:, c0:c1] = _numerov_outward(g[:, c0:], grid.h, start - c0, i_m + 5 - c0)
    rows = np.arange(E.size)
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
    u[np.arange(N)[None, :] > i_m[:, None]] = 0.0
    return u, i_m


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


# --------------------------------------------------------------------------- angular algebra
#: Largest |m| of the Legendre tables: shells up to d (l = 2) and one unit of p (m + mu).
_M_MAX = 3


@lru_cache(maxsize=2)
def _legendre_rule(n):
    """Gauss-Legendre weights (numpy.polynomial.legendre.leggauss) and Theta_lm at the n nodes, l < 2n, |m| <= _M_MAX.

    Theta_lm(cos theta) e^{i m phi} = Y_lm (:func:`scipy.special.sph_legendre_p_all`, one
    recurrence for every degree and order); table shape (2n, 2 _M_MAX + 1, n), m indexed mod
    2 _M_MAX + 1 as scipy returns it.
    """
    x, w = np.polynomial.legendre.leggauss(n)  # Newton-polished: rounding 1e-14 at n = 512 (roots_legendre: 1e-13)
    return w, sph_legendre_p_all(2 * n - 1, _M_MAX, np.arccos(x))[0]


def _gaunt(l1, m, Ls, lam):
    r"""Gaunt coefficients <l1 m| Y_L0 |lam m> = int Y*_{l1 m} Y_{L 0} Y_{lam m} dOmega for every L in Ls.

    .. math:: 2\pi \int_{-1}^{1} \Theta_{l_1 m}(x)\, \Theta_{L 0}(x)\, \Theta_{\lambda m}(x)\, dx

    with Theta_lm(cos theta) e^{i m phi} = Y_lm (Condon-Shortley phase; :func:`_legendre_rule`).
    The integrand is a polynomial of degree l1 + L + lam in x (the two (1 - x^2)^{|m|/2}
    factors multiply to a polynomial), so Gauss-Legendre with (l1 + max L + lam)/2 + 1 nodes is
    exact up to rounding (1.2e-12 at l = 400, 1e-14 below l = 300; agrees with :func:`sympy.physics.wigner.gaunt`,
    tests/test_radial.py). |m| <= 3.

    Returns
    -------
    ndarray, shape (len(Ls),)
    """
    Ls = np.asarray(Ls, dtype=int)
    if abs(m) > l1 or abs(m) > lam:
        return np.zeros(Ls.size)
    n = 128 * ((l1 + int(Ls.max()) + lam) // 256 + 1)  # rules in steps of 128 nodes: few tables
    w, P = _legendre_rule(n)
    return 2.0 * np.pi * P[Ls, 0] @ (P[l1, m] * P[lam, m] * w)


@lru_cache(maxsize=None)
def _cg(l, m, mu, lf):
    """Clebsch-Gordan <l m 1 mu | lf m+mu> (sympy)."""
    from sympy.physics.wigner import clebsch_gordan

    if abs(m + mu) > lf:
        return 0.0
    return float(clebsch_gordan(l, 1, lf, m, mu, m + mu))


@lru_cache(maxsize=None)
def angular_matrices(l, lf):
    r"""Angular weights of the radial integrals for a shell l and final partial wave l'.

    With e^{iqz} = sum_L i^L sqrt(4 pi (2L+1)) j_L(qr) Y_L0 (q along z), the shell-summed
    strengths of one final partial wave l' are quadratic forms in the radial integrals,

    .. math::
        S_{l'} = \sum_{L,L'} B^S_{LL'} I_L I_{L'}, \quad
        I_L = \int u_{El'}\, j_L(qr)\, u_{nl}\, dr

    .. math::
        R_{l'} = \sum_{\kappa,\kappa'} B^R_{\kappa\kappa'} J_\kappa J_{\kappa'}, \quad
        J_{\pm,L} = \int u_{El'}\, j_L(qr)\, w_\pm\, dr, \quad
        w_+ = u' - (l+1)u/r,\ w_- = u' + l u/r

    per electron of the shell (multiply by the occupancy N); kappa = (s, L) with s = +1
    (final orbital l+1 of p u) or -1 (l-1). B^S = (1/(2l+1)) sum_m Re(c_L^* c_L'),
    c_L = i^L sqrt(4 pi (2L+1)) <l' m|Y_L0|l m>; B^R the same with the gradient formula [4]

    .. math::
        \nabla_\mu [R\,Y_{lm}] = \sqrt{\tfrac{l+1}{2l+3}}\,\langle l m 1\mu|l{+}1\,m{+}\mu\rangle
        (R' - \tfrac{l}{r}R)\,Y_{l+1,m+\mu}
        - \sqrt{\tfrac{l}{2l-1}}\,\langle l m 1\mu|l{-}1\,m{+}\mu\rangle
        (R' + \tfrac{l+1}{r}R)\,Y_{l-1,m+\mu}

    (p_mu = -i nabla_mu) averaged over mu = +-1, the two polarizations perpendicular to q
    (docs/atoms.md, sec. 'Angular algebra').

    Parameters
    ----------
    l, lf : int
        Orbital momentum of the shell and of the final partial wave.

    Returns
    -------
    keys_S : tuple of int
        Multipoles L of I_L (|l - l'| <= L <= l + l', L + l + l' even).
    B_S : ndarray, shape (len(keys_S),) * 2
    keys_R : tuple of (s, L)
    B_R : ndarray, shape (len(keys_R),) * 2

    Examples
    --------
    The m-sum makes B^S diagonal: B^S_LL = (2l'+1)(2L+1) (l' L l; 0 0 0)^2.

    >>> from sympy.physics.wigner import wigner_3j
    >>> keys, B, _, _ = angular_matrices(1, 2)
    >>> ref = [5 * (2 * L + 1) * float(wigner_3j(2, L, 1, 0, 0, 0)) ** 2 for L in keys]
    >>> bool(np.allclose(B, np.diag(ref)))
    True
    """
    keys_S = tuple(L for L in range(abs(l - lf), l + lf + 1) if (L + l + lf) % 2 == 0)
    Ls = np.array(keys_S)
    phase = 1j**Ls * np.sqrt(4 * np.pi * (2 * Ls + 1))
    c = np.array([phase * _gaunt(lf, m, Ls, l) for m in range(-l, l + 1)]).reshape(2 * l + 1, len(keys_S))
    B_S = (c.conj().T @ c).real / (2 * l + 1)
    keys_R = []
    for s, ls in ((1, l + 1), (-1, l - 1)):
        if ls < 0:
            continue
        keys_R += [(s, L) for L in range(abs(ls - lf), ls + lf + 1) if (L + ls + lf) % 2 == 0]
    rows = []
    for m in range(-l, l + 1):
        for mu in (1, -1):
            row = []
            for s, ls in ((1, l + 1), (-1, l - 1)):
                Ls = np.array([L for s2, L in keys_R if s2 == s], dtype=int)
                if Ls.size == 0:
                    continue
                a = np.sqrt((l + 1) / (2 * l + 3)) if s == 1 else -np.sqrt(l / (2 * l - 1))
                a *= _cg(l, m, mu, ls)
                row.append(-1j * a * 1j**Ls * np.sqrt(4 * np.pi * (2 * Ls + 1)) * _gaunt(lf, m + mu, Ls, ls))
            rows.append(np.concatenate(row))
    A = np.array(rows, dtype=complex).reshape(len(rows), len(keys_R))
    B_R = 0.5 * (A.conj().T @ A).real / (2 * l + 1)
    return keys_S, B_S, tuple(keys_R), B_R


# --------------------------------------------------------------------------- responses
def _support(u, cut=1e-12):
    """Number of leading grid points outside which |u| < cut max|u| (integration range)."""
    big = np.abs(u) > cut * np.abs(u).max()
    return int(u.size - np.argmax(big[::-1]))


def _bessel_onset(L, eps=1e-20):
    r"""x below which j_L(x) < eps: from j_L(x) <= x^L / (2L+1)!! (DLMF 10.14.8)."""
    L = max(int(L), 1)
    log_dfact = gammaln(2 * L + 2) - L * np.log(2.0) - gammaln(L + 1)
    return float(np.exp((log_dfact + np.log(eps)) / L))


class _BesselCache:
    r"""j_L(q r) on (r[lo:], q[cols]) for L = 0, 1, 2, ...: each order computed once, in blocks.

    The orders come in blocks [L0, L0 + n), n <= BLOCK within a memory budget, filled with the
    three-term recurrence (DLMF 10.51.1)

    .. math:: j_{L+1}(x) = \frac{2L+1}{x} j_L(x) - j_{L-1}(x)

    in its stable direction: upward from the previous block's last two orders where j_L
    oscillates (x above every order of the block: neutral, as scipy itself recurs there),
    downward from :func:`scipy.special.spherical_jn` at the block's two highest orders where it
    decays (x below; stable), and zero below the onset x where j_L0 < 1e-20 (DLMF 10.14.8).
    Absolute error below 1e-12 for every order up to 700 (|j_L| <= 1; tests/test_radial.py).
    One ``spherical_jn`` call per order, whose cost grows as L, was 75 % of the time of a
    valence shell (docs/atoms.md, sec. 'Responses of a shell').

    Only the block (r[lo:], q[cols]) still needed is evaluated; lo only grows and the set of
    active columns only shrinks as the partial-wave sum proceeds, so a block computed at the
    first request of one of its orders covers every later request.
    """

    #: Orders per recurrence block, at most; fewer where a block would exceed MEMORY bytes.
    BLOCK = 32
    MEMORY = 5e8

    def __init__(self, r, q):
        self.rq = r[:, None] * q[None, :]
        self.table = {}
        self._last = None  # (top order, lo, cols, j_top-1, j_top) of the last block

    def __call__(self, L, cols, lo=0):
        cols = np.arange(self.rq.shape[1])[cols]
        if L not in self.table:
            L0 = 0 if self._last is None and L < 4 else L  # blocks follow each other upward
            for Lb, tab in enumerate(self._block(L0, self.rq[lo:][:, cols], lo, cols), start=L0):
                self.table[Lb] = (lo, cols, tab)
        lo0, cols0, tab = self.table[L]
        assert lo >= lo0 and np.isin(cols, cols0).all(), "requests may only narrow the computed block"
        if cols.size == cols0.size:  # the same columns: a view, no copy
            return tab[lo - lo0 :]
        return tab[lo - lo0 :][:, np.searchsorted(cols0, cols)]

    def _block(self, L0, x, lo, cols):
        """j_L0, j_L0+1, ... at x (one block of orders), shape (n,) + x.shape."""
        n = int(np.clip(self.MEMORY // (8 * max(x.size, 1)), 4, self.BLOCK))
        top = L0 + n - 1
        out = np.zeros((n,) + x.shape)
        inv = 1.0 / np.where(x > 0, x, 1.0)
        osc = np.zeros(x.shape, dtype=bool)
        if self._last is not None and self._last[0] == L0 - 1:
            _, lo1, cols1, a, b = self._last
            osc = x > top
            pos = np.searchsorted(cols1, cols)
            a = np.where(osc, a[lo - lo1 :][:, pos], 0.0)
            b = np.where(osc, b[lo - lo1 :][:, pos], 0.0)
            for i in range(n):  # upward: j_{L0+i} from j_{L0+i-1} = b and j_{L0+i-2} = a
                np.multiply(b, inv, out=out[i])
                out[i] *= 2 * (L0 + i) - 1
                out[i] -= a
                a, b = b, out[i]
        live = (x >= _bessel_onset(L0)) & ~osc & (x > 0)
        xs = x[live]
        down = np.empty((n, xs.size))
        down[-1] = spherical_jn(top, xs)
        down[-2] = spherical_jn(top - 1, xs)
        for i in range(n - 3, -1, -1):  # downward: j_{L-1} = (2L+1)/x j_L - j_{L+1}
            down[i] = (2 * (L0 + i + 1) + 1) / xs * down[i + 1] - down[i + 2]
        lost = down[-1] == 0  # seeds underflowed (x < ~1e-9 in the first block): the library per order
        if lost.any():
            down[:, lost] = [spherical_jn(L0 + i, xs[lost]) for i in range(n)]
        out[:, live] = down
        if L0 == 0:
            out[0][x == 0] = 1.0  # j_L(0) = delta_L0
        self._last = (top, lo, cols, out[-2], out[-1])
        return out

    def evict_below(self, L_lo):
        for L in [L for L in self.table if L < L_lo]:
            del self.table[L]


def _partial_wave_terms(U, l, lf, bessel, kern_S, kern_R, cols=slice(None), lo=0):
    """S and R terms (a.u., per electron) of final partial wave lf for final radial functions U.

    U : (M, n) final radial functions on the integration range; kern_S and kern_R[+-1] the
    weighted radial factors, shape (n,); cols: the q columns wanted; lo: first radial index
    (U and the kernels vanish below it; U has shape (M, n - lo)). Returns s_term, r_term
    of shape (M, n_cols) and the radial integrals I_L, shape (M, n_keys_S, n_cols). One
    matrix product for all (L, q).
    """
    keys_S, B_S, keys_R, B_R = angular_matrices(l, lf)
    weights = [(L, kern_S) for L in keys_S] + [(L, kern_R[s]) for s, L in keys_R]
    n = bessel.rq.shape[0] - lo
    n_q = bessel.rq[0, cols].size
    kern = np.empty((n, len(weights), n_q))
    for k, (L, wr) in enumerate(weights):
        np.multiply(bessel(L, cols, lo), wr[lo:, None], out=kern[:, k, :])
    ints = (U @ kern.reshape(n, -1)).reshape(U.shape[0], len(weights), n_q)
    I = ints[:, : len(keys_S)]
    J = ints[:, len(keys_S) :]
    s_term = np.einsum("kj,ekq,ejq->eq", B_S, I, I)
    r_term = np.einsum("kj,ekq,ejq->eq", B_R, J, J)
    return s_term, r_term, I


def _relative_term(term, total, peak, floor):
    """|term| / max(total, floor * peak), elementwise (0 where both vanish)."""
    scale = np.maximum(np.abs(total), floor * peak)
    return np.abs(term) / np.where(scale > 0, scale, np.inf)


def _mean_radius(grid, u):
    """<r> = int r u^2 dr / int u^2 dr of the orbital (bohr)."""
    return float(np.sum(grid.weights * grid.r * u**2) / np.sum(grid.weights * u**2))


def shell_response(
    grid,
    V,
    Z_asym,
    u,
    l,
    occupancy,
    binding,
    T,
    q,
    *,
    du=None,
    orthogonalize=None,
    monopole_patch=False,
    tol=1e-6,
    floor=1e-6,
    l_max=600,
    r_match=None,
    cut=1e-12,
    info=False,
    blas_threads=1,
):
    r"""Continuum responses S_nl(T, q) and R_nl(T, q) of one shell, in keV^-1.

    .. math::
        S_{nl}(T,q) = \sum_{m,\sigma}\sum_f |\langle f|e^{i\mathbf q\cdot\mathbf r}|nlm\rangle|^2
                      \delta(T - E_f + \varepsilon_{nl})
                    = \frac{N}{\mathcal E_h}\sum_{l'} \sum_{L,L'} B^S_{LL'} I_L I_{L'}

    .. math::
        R_{nl}(T,q) = \frac{1}{2}\sum_{\lambda=\pm1}\sum_{m,\sigma}\sum_f
          |\langle f|e^{i\mathbf q\cdot\mathbf r}\,\hat e_\lambda\cdot\mathbf p/m_e|nlm\rangle|^2
          \delta(\ldots) = \frac{N\alpha^2}{\mathcal E_h}\sum_{l'}\sum_{\kappa\kappa'}
          B^R_{\kappa\kappa'} J_\kappa J_{\kappa'}

    over energy-normalized continuum final states f = u_{El'}(r) Y_{l'm'}/r of the potential
    V, E = (T - binding) / E_h; I, J and B as in :func:`angular_matrices`; E_h = 27.2 eV
    is the hartree (docs/atoms.md, secs. 'Responses of a shell' and 'Angular algebra').
    Partially filled shells are averaged over m (factor N / (2l+1) per m). For a hydrogenic
    1s orbital in -Z/r (N = 1) this is S and R of :mod:`nuion.targets.ion.responses`.

    Parameters
    ----------
    grid : RadialGrid
    V : ndarray, shape (N_r,)
        Potential energy of the final states, hartree; -Z_asym/r beyond ``r_match``.
    Z_asym : float
        Asymptotic charge of V (1 for a neutral atom's mean field, Z_eff for ``coulomb``).
    u : ndarray, shape (N_r,)
        Initial orbital u_nl = r R_nl (bohr^-1/2), normalized, on the grid.
    l : int
        Orbital momentum of the shell.
    occupancy : float
        Electrons in the shell, N (2(2l+1) when closed).
    binding : float
        |eps_nl| in keV (> 0): the threshold, E_f = T - binding.
    T : array_like, shape (n_T,)
        Energy transfers in keV. Points with T <= binding give 0.
    q : array_like, shape (n_q,)
        Momentum transfers |q| in keV (not Q = q^2), q >= 0.
    du : ndarray, optional
        du/dr on the grid (bohr^-3/2); default :func:`derivative` (8th order).
    orthogonalize : dict {l': ndarray (n_b, N_r)}, optional
        Occupied orbitals u_b per l' (normalized): each continuum partial wave is replaced by
        u_El' - sum_b <u_b|u_El'> u_b before the matrix elements (``coulomb-orth``).
    monopole_patch : bool
        The dark-matter codes' convention for non-orthogonal Coulomb waves (``coulomb``):
        the l' = l, L = 0 term I_q^2 gains I_0^2 - 2 I_0 I_q (I_0 = <u_El|u_nl>, i.e.
        j_0(qr) -> j_0(qr) - 1) wherever that is negative. Affects S only.
    tol, floor : float
        Convergence of the partial-wave sum: stop after two consecutive l' > l + 1 whose
        terms are below ``tol`` times max(S, floor * max_q S) at every (T, q), and the same
        for R. floor = 0 asks every point to converge to ``tol`` relative; the default
        settles points more than 1e6 below the Bethe ridge of their T to tol * 1e-6 of
        the ridge (irrelevant for every Q integral, and costly: their partial-wave sums
        converge slowly).
    l_max : int
        Hard cap on l'; ``info`` reports whether the sum converged before it.
    r_match : float, optional
        Matching radius for the continuum (bohr); default: the edge of the orbital support.
    cut : float
        The orbital support ends where |u| < cut max|u| (integration range).
    info : bool
        Also return a dict with ``l_used`` (last l'), ``converged`` (bool) and
        ``last_term`` (largest relative size of the last term).
    blas_threads : int or None
        BLAS threads during the call (:mod:`threadpoolctl`); the products are small and
        many, and multithreaded OpenBLAS spins on a loaded machine (measured: 1 thread is
        10-400x faster than 2 for the per-l' products at load 4 on 2 cores). None: leave as is.

    Returns
    -------
    S, R : ndarray, shape (n_T, n_q)
        keV^-1, summed over the shell's electrons.

    Notes
    -----
    Cost: one continuum solve per (l', T) (all T in one banded solve), one matrix product
    (n_T x n_r) @ (n_r x n_keys n_q) per l'; j_L(q r) is evaluated once per L and reused
    for every l' and T. Nonrelativistic, dipole-free (retardation kept to all orders in q).

    Examples
    --------
    Hydrogen 1s against the closed form of :mod:`nuion.targets.ion.responses`:

    >>> import nuion
    >>> g = radial_grid(1e-6, 80.0, 0.01, 4.0)
    >>> u = 2 * g.r * np.exp(-g.r)
    >>> eb = nuion.binding_energy(1)
    >>> T, q = np.array([2.0 * eb]), np.array([MOMENTUM_KEV])
    >>> S, R = shell_response(g, -1 / g.r, 1.0, u, 0, 1, eb, T, q)
    >>> bool(np.allclose(S, nuion.longitudinal_response(T[:, None], q**2, 1), rtol=1e-6))
    True
    """
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return _shell_response(
            grid, V, Z_asym, u, l, occupancy, binding, T, q, du, orthogonalize,
            monopole_patch, tol, floor, l_max, r_match, cut, info,
        )


def _shell_response(
    grid, V, Z_asym, u, l, occupancy, binding, T, q, du, orthogonalize,
    monopole_patch, tol, floor, l_max, r_match, cut, info,
):
    """Body of :func:`shell_response` (BLAS thread count already limited)."""
    T = np.atleast_1d(np.asarray(T, dtype=float))
    qa = np.atleast_1d(np.asarray(q, dtype=float)) / MOMENTUM_KEV
    u = np.asarray(u, dtype=float)
    above = T > binding
    E = (T[above] - binding) / HARTREE_KEV
    S = np.zeros((T.size, qa.size))
    R = np.zeros((T.size, qa.size))
    meta = {"l_used": -1, "converged": True, "last_term": 0.0}
    if E.size == 0:
        return (S, R, meta) if info else (S, R)
    if du is None:
        du = derivative(grid, u)
    n = _support(u, cut)
    r = grid.r[:n]
    if r_match is None:
        r_match = r[-1]
    w = grid.weights[:n]
    kern_S = u[:n] * w
    kern_R = {1: (du[:n] - (l + 1) * u[:n] / r) * w, -1: (du[:n] + l * u[:n] / r) * w}
    bessel = _BesselCache(r, qa)
    S_sum = np.zeros((E.size, qa.size))
    R_sum = np.zeros((E.size, qa.size))
    # per point (T, q): l' beyond which its terms fall (the final wave under its centrifugal
    # barrier, or j_L(qr) small, over most of the orbital: l' > min(k, q) <r>), and the count of
    # consecutive terms below tolerance; converged points leave the computation
    l_min = np.minimum(np.sqrt(2.0 * E)[:, None], qa[None, :]) * _mean_radius(grid, u) + l + 2
    quiet = np.zeros((E.size, qa.size), dtype=int)
    done = np.zeros((E.size, qa.size), dtype=bool)
    lo_prev = 0
    for lf in range(l_max + 1):
        rows = np.flatnonzero(~done.all(axis=1))
        if rows.size == 0:
            break
        cols = np.flatnonzero(~done[rows].all(axis=0))
        block = np.ix_(rows, cols)
        bessel.evict_below(lf - l - 1)
        U = continuum_states(grid, V, Z_asym, E[rows], lf, r_match)[0][:, :n]
        if orthogonalize is not None and lf in orthogonalize:
            ub = np.atleast_2d(orthogonalize[lf])[:, :n]
            U = U - (U @ (ub * w).T) @ ub
        # radial range that matters: above the seeds of U (40 e-folds under the centrifugal
        # barrier) and above the onset of j_L(q r) for the lowest L and highest active q
        lo_u = int(np.argmax(np.any(U != 0, axis=0)))
        L_low = min(angular_matrices(l, lf)[0][0], min(L for _, L in angular_matrices(l, lf)[2]))
        lo_j = int(np.searchsorted(r, _bessel_onset(L_low) / qa[cols].max()))
        lo = max(lo_u if orthogonalize is None else 0, lo_j if not monopole_patch else 0, lo_prev)
        lo_prev = lo
        U = np.ascontiguousarray(U[:, lo:])
        s_term, r_term, I = _partial_wave_terms(U, l, lf, bessel, kern_S, kern_R, cols, lo)
        if monopole_patch and lf == l:
            I0 = (U @ kern_S[lo:])[:, None]
            Iq = I[:, angular_matrices(l, lf)[0].index(0)]
            s_term += np.minimum(I0**2 - 2.0 * I0 * Iq, 0.0)
        S_sum[block] += s_term
        R_sum[block] += r_term
        rel = np.maximum(
            _relative_term(s_term, S_sum[block], S_sum[rows].max(axis=1, keepdims=True), floor),
            _relative_term(r_term, R_sum[block], R_sum[rows].max(axis=1, keepdims=True), floor),
        )
        quiet[block] = np.where(rel < tol, quiet[block] + 1, 0)
        done[block] = (quiet[block] >= 2) & (lf >= l_min[block])
        meta.update(l_used=lf, last_term=float(rel.max()))
    meta["converged"] = bool(done.all())
    S[above] = occupancy * S_sum / HARTREE_KEV
    R[above] = occupancy * ALPHA**2 * R_sum / HARTREE_KEV
    return (S, R, meta) if info else (S, R)


def discrete_strengths(grid, V, u, l, occupancy, binding, q, n_max, *, du=None, cut=1e-12, blas_threads=1):
    r"""Strengths of the transitions from one shell to the bound states of V (all of them).

    .. math::
        s^S_{n'l'}(q) = \sum_{m,\sigma,m'} |\langle n'l'm'|e^{i\mathbf q\cdot\mathbf r}|nlm\rangle|^2,
        \qquad
        s^R_{n'l'}(q) = \frac12\sum_{\lambda=\pm1}\sum_{m,\sigma,m'}
        |\langle n'l'm'|e^{i\mathbf q\cdot\mathbf r}\,\hat e_\lambda\cdot\mathbf p/m_e|nlm\rangle|^2

    at the excitation energies omega = E_n'l' + binding, so that the discrete part of the
    responses is S = sum s^S delta(T - omega), R = sum s^R delta(T - omega). The same
    angular algebra as :func:`shell_response` (:func:`angular_matrices`); final states from
    :func:`bound_states`. Occupied final states are included: this is the sum over all
    final states of the Bethe sum rule (docs/atoms.md, sec. 'Sum rules'), and the caller
    removes Pauli-blocked ones when it builds a response.

    Parameters
    ----------
    grid, V, u, l, occupancy, binding, q, du, cut, blas_threads
        As in :func:`shell_response` (binding in keV, q in keV).
    n_max : int
        Final states n' <= n_max, every l' < n_max that the grid holds (see :func:`bound_states`).

    Returns
    -------
    omega : ndarray, shape (K,)
        Excitation energies in keV (negative for final states below the shell).
    s_S : ndarray, shape (K, n_q)
        Dimensionless, summed over the shell's electrons.
    s_R : ndarray, shape (K, n_q)
        In units of c^2 (velocities squared), summed over the shell's electrons.
    labels : list of (n', l')

    Examples
    --------
    Hydrogen 1s -> 2p at q -> 0: the Lyman-alpha oscillator strength
    f = 2 omega s^S / q^2 (a.u.) = 2^13 3 / 3^10 = 0.4162.

    >>> g = radial_grid(1e-6, 200.0, 0.01, 1.0)
    >>> u = 2 * g.r * np.exp(-g.r)
    >>> q = np.array([1e-4 * MOMENTUM_KEV])
    >>> om, sS, sR, lab = discrete_strengths(g, -1 / g.r, u, 0, 1, HARTREE_KEV / 2, q, 2)
    >>> f = 2 * (om / HARTREE_KEV) * sS[:, 0] / (q[0] / MOMENTUM_KEV) ** 2
    >>> [(int(n), int(lf)) for n, lf in lab], bool(np.isclose(f[lab.index((2, 1))], 24576 / 59049, rtol=1e-7))
    ([(1, 0), (2, 0), (2, 1)], True)
    """
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        qa = np.atleast_1d(np.asarray(q, dtype=float)) / MOMENTUM_KEV
        u = np.asarray(u, dtype=float)
        if du is None:
            du = derivative(grid, u)
        n = _support(u, cut)
        r = grid.r[:n]
        w = grid.weights[:n]
        kern_S = u[:n] * w
        kern_R = {1: (du[:n] - (l + 1) * u[:n] / r) * w, -1: (du[:n] + l * u[:n] / r) * w}
        bessel = _BesselCache(r, qa)
        omega, sS, sR, labels = [], [], [], []
        for lf in range(n_max):
            E, Ub = bound_states(grid, V, lf, n_max)
            if E.size == 0:
                continue
            s_term, r_term, _ = _partial_wave_terms(np.ascontiguousarray(Ub[:, :n]), l, lf, bessel, kern_S, kern_R)
            omega.append(E * HARTREE_KEV + binding)
            sS.append(occupancy * s_term)
            sR.append(occupancy * ALPHA**2 * r_term)
            labels += [(lf + 1 + i, lf) for i in range(E.size)]
        return np.concatenate(omega), np.concatenate(sS), np.concatenate(sR), labels
