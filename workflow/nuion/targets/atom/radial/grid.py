r"""Radial grid x = ln r + beta r and the operations on it (docs/atoms.md, sec. 'Grid').

Hartree atomic units inside (docs/atoms.md, sec. 'Radial engine'; references in :mod:`nuion.targets.atom.radial`).
"""

from dataclasses import dataclass

import numpy as np

from nuion.constants import ALPHA, M_E

__all__ = ["HARTREE_KEV", "MOMENTUM_KEV", "RadialGrid", "coulomb_potential", "default_grid", "derivative", "radial_grid"]


#: Hartree energy alpha^2 m_e c^2 in keV (27.211386 eV).
HARTREE_KEV = ALPHA**2 * M_E
#: Atomic unit of momentum alpha m_e c in keV (3.7289 keV).
MOMENTUM_KEV = ALPHA * M_E


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
