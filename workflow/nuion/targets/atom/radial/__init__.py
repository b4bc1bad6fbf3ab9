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
  Bessel functions (the three-term recurrence in blocks of orders, seeded by
  :func:`scipy.special.spherical_jn` in the first block and by Miller's algorithm above), Gaunt
  coefficients by exact Gauss-Legendre quadrature of :func:`scipy.special.sph_legendre_p_all`,
  Clebsch-Gordan coefficients of the closed-form table for coupling with 1 (Condon-Shortley),
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

Submodules, along the sections of docs/atoms.md, 'Radial engine': :mod:`~.grid`, :mod:`~.solver`
(bound and continuum states), :mod:`~.angular`, :mod:`~.bessel`, :mod:`~.response`; their public
names are re-exported here.
"""

from nuion.targets.atom.radial.angular import *  # noqa: F403
from nuion.targets.atom.radial.angular import _gaunt  # noqa: F401 - tested directly
from nuion.targets.atom.radial.bessel import _BesselCache  # noqa: F401 - tested directly
from nuion.targets.atom.radial.exchange import *  # noqa: F403
from nuion.targets.atom.radial.grid import *  # noqa: F403
from nuion.targets.atom.radial.response import *  # noqa: F403
from nuion.targets.atom.radial.solver import *  # noqa: F403

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
    "FrozenCore",
    "exchange_continuum_states",
    "exchange_operator",
    "three_j_squared",
    "derivative",
    "shell_response",
    "discrete_strengths",
    "angular_matrices",
    "_gaunt",
]
