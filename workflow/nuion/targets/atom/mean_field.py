"""The local mean-field potential of continuum model (b): Hartree + Slater exchange + Latter tail.

One central potential for every electron of the atom, built from the RHF electron density
rho(r) of :mod:`nuion.targets.atom.orbitals` (not iterated to self-consistency):

.. math:: V(r) = \\min\\left[-\\frac{Z}{r} + V_H(r) + V_x(r),\\; -\\frac{1}{r}\\right], \\qquad
          V_x(r) = -\\frac{3}{2}\\,\\alpha_x \\left(\\frac{3\\rho(r)}{\\pi}\\right)^{1/3},\\; \\alpha_x = 1

the Hartree-Fock-Slater potential of Herman and Skillman [1]_ (Slater's exchange [2]_,
alpha_x = 1) with Latter's correction [3]_: beyond the radius where it crosses -1/r it is
replaced by -1/r, the field of the ion left behind, so that V -> -Z/r at the nucleus and
-1/r far out. Manson and Cooper computed photoionization cross sections of every shell in
this kind of potential [4]_. Atomic units (bohr, hartree). See docs/atoms.md,
sec. 'Mean-field potential'.

References
----------
.. [1] F. Herman, S. Skillman, Atomic Structure Calculations (Prentice-Hall, 1963).
.. [2] J. C. Slater, Phys. Rev. 81 (1951) 385.
.. [3] R. Latter, Phys. Rev. 99 (1955) 510.
.. [4] S. T. Manson, J. W. Cooper, Phys. Rev. 165 (1968) 126.
"""

from __future__ import annotations

import numpy as np

from nuion.targets.atom.orbitals import RHFAtom, hartree_potential

#: Slater's exchange coefficient (alpha_x = 1: Slater 1951, Herman-Skillman 1963;
#: Kohn-Sham exchange would be 2/3).
ALPHA_X = 1.0


def exchange_potential(rho, alpha_x: float = ALPHA_X):
    """Local (Slater X-alpha) exchange potential, in hartree.

    .. math:: V_x = -\\frac{3}{2}\\alpha_x\\,(3\\rho/\\pi)^{1/3}

    (Slater 1951, eq. (9) with alpha_x = 1; Kohn-Sham: alpha_x = 2/3.)

    Parameters
    ----------
    rho : array_like
        Total electron density (both spins) in bohr^-3, >= 0.
    alpha_x : float
        Exchange coefficient.

    Returns
    -------
    ndarray
        V_x <= 0 in hartree.

    Examples
    --------
    >>> # uniform gas: Kohn-Sham V_x = -k_F / pi with k_F = (3 pi^2 rho)^(1/3)
    >>> rho = 0.3
    >>> bool(np.isclose(exchange_potential(rho, 2 / 3), -(3 * np.pi**2 * rho) ** (1 / 3) / np.pi))
    True
    """
    return -1.5 * alpha_x * np.cbrt(3.0 * np.asarray(rho, dtype=float) / np.pi)


def mean_field_potential(atom: RHFAtom, r, alpha_x: float = ALPHA_X):
    """Central potential energy V(r) of an electron in the atom, model (b), in hartree.

    .. math:: V(r) = \\min[-Z/r + V_H(r) + V_x(\\rho(r)),\\; -1/r]

    (Herman-Skillman potential with Latter's tail, module docstring; V_H and rho from the
    RHF orbitals of Bunge et al. 1993.)

    Parameters
    ----------
    atom : RHFAtom
        From :func:`nuion.targets.atom.orbitals.load_rhf`.
    r : array_like
        Radius in bohr, r > 0.
    alpha_x : float
        Exchange coefficient (default Slater's 1).

    Returns
    -------
    ndarray
        V(r) in hartree: -Z/r + O(1) at the nucleus, exactly -1/r beyond the Latter radius.

    Examples
    --------
    >>> from nuion.targets.atom.orbitals import load_rhf
    >>> ge = load_rhf("Ge")
    >>> r = np.array([1e-5, 30.0])
    >>> v = mean_field_potential(ge, r)
    >>> bool(np.isclose(v[0] * r[0], -32.0, rtol=1e-3)), bool(np.isclose(v[1] * r[1], -1.0))
    (True, True)
    """
    r = np.asarray(r, dtype=float)
    if np.any(r <= 0):
        raise ValueError("r must be > 0 (bohr)")
    v = -atom.Z / r + hartree_potential(atom, r) + exchange_potential(atom.density(r), alpha_x)
    return np.minimum(v, -1.0 / r)


def latter_radius(atom: RHFAtom, alpha_x: float = ALPHA_X) -> float:
    """Outermost radius (bohr) where the HFS potential crosses -1/r (Latter 1955); beyond it
    :func:`mean_field_potential` is -1/r. Bracketed on a geometric grid, refined by brentq."""
    from scipy.optimize import brentq

    def excess(r):  # r V_HFS(r) + 1: < 0 inside, > 0 beyond the crossing
        return r * (-atom.Z / r + hartree_potential(atom, r) + exchange_potential(atom.density(r), alpha_x)) + 1.0

    r = np.geomspace(1e-2, 60.0, 801)
    inside = np.nonzero(excess(r) < 0)[0][-1]
    return float(brentq(lambda x: float(excess(np.array(x))), r[inside], r[inside + 1], xtol=1e-12))
