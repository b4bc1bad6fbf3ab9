"""The frozen-core Hartree-Fock field of the final states of continuum model ``hf``.

An electron ejected from shell a leaves the ion with the other N - 1 electrons in their RHF
orbitals (Bunge et al. 1993 [1]_, frozen: no relaxation). In the average of the ion's
configurations it moves in

* the local field of the nucleus and of the N - 1 electrons,

  .. math:: V_a(r) = -\\frac{Z}{r} + V_H(r) - U^0_{aa}(r) \\;\\to\\; -\\frac{1}{r},

  (V_H of all N electrons, :func:`nuion.targets.atom.orbitals.hartree_potential`, minus the
  potential U^0_aa of one electron of shell a, :func:`nuion.targets.atom.orbitals.shell_potentials`);
* the nonlocal exchange with the same N - 1 electrons (q_b = N_b, and N_a - 1 for shell a),
  the exchange term of the Hartree-Fock orbital energies ([2]_, eq. (3.19);
  :mod:`nuion.targets.atom.radial.exchange`).

This is the "frozen-core Hartree-Fock" (V^(N-1)) continuum of the photoionization
calculations of Kennedy and Manson [3]_ and Amusia [4]_, and of Roberts' and Flambaum's
relativistic ionization factors (hole-particle interaction, orthogonalized). The
initial orbitals are the RHF ones, which solve the Hartree-Fock equations of the neutral atom; the
final waves of l' <= l_max see the exchange and are orthogonalized to the occupied orbitals of
their l' (the continuum of V^(N-1) is not automatically orthogonal to them); beyond l_max the
exchange, whose core integrals vanish as the centrifugal barrier keeps the wave out of the core,
is dropped (local field V_a alone). docs/atoms.md, sec. 'Exchange in the final states'.
Atomic units (bohr, hartree).

References
----------
.. [1] C. F. Bunge, J. A. Barrientos, A. V. Bunge, At. Data Nucl. Data Tables 53 (1993) 113.
.. [2] C. Froese Fischer, The Hartree-Fock Method for Atoms (Wiley, 1977).
.. [3] D. J. Kennedy, S. T. Manson, Phys. Rev. A 5 (1972) 227.
.. [4] M. Ya. Amusia, Atomic Photoeffect (Plenum, 1990), ch. 2.
"""

from __future__ import annotations

import numpy as np

from nuion.targets.atom.mean_field import exchange_potential
from nuion.targets.atom.orbitals import RHFAtom, shell_potentials
from nuion.targets.atom.radial.exchange import FrozenCore

__all__ = ["L_EXCHANGE", "ion_fields"]

#: Final partial waves l' <= L_EXCHANGE see the nonlocal exchange
#: (docs/atoms.md, sec. 'Exchange in the final states').
L_EXCHANGE = 3


def ion_fields(atom: RHFAtom, r, l_max: int = L_EXCHANGE):
    """The field of the ion for every hole: local potential V_a (hartree) and frozen core, per shell.

    .. math:: V_a(r) = -Z/r + V_H(r) - U^0_{aa}(r)

    (module docstring; V_H of all N electrons, U^0_aa of one electron of shell a; -Z/r at the
    nucleus, -1/r far out, to the 1.6e-5 (Xe) by which the norms of the 6-decimal tabulated
    orbitals miss 1, plus an exponentially small tail of the density). The frozen core holds
    the RHF orbitals u_b = r R_b on ``r``, electrons q_b = N_b (N_a - 1 for the hole), and
    Slater's local exchange of the RHF density as the engine's convergence aid
    (:func:`nuion.targets.atom.mean_field.exchange_potential`; it does not change the result).

    Parameters
    ----------
    atom : RHFAtom
    r : ndarray
        The radial grid, bohr (> 0).
    l_max : int
        Final partial waves l' <= l_max see the exchange.

    Returns
    -------
    dict
        label -> (V_a, FrozenCore).

    Examples
    --------
    >>> from nuion.targets.atom.orbitals import load_rhf
    >>> V, core = ion_fields(load_rhf("Xe"), np.array([1e-6, 40.0]))["5p"]
    >>> bool(np.isclose(V[0] * 1e-6, -54, rtol=1e-4)), bool(np.isclose(V[1] * 40.0, -1.0, rtol=1e-4)), core.q[8]  # 5p: 6 - 1
    (True, True, 5.0)
    """
    r = np.asarray(r, dtype=float)
    U = shell_potentials(atom, r)
    V_N = -atom.Z / r + sum(o.occupancy * U[o.label] for o in atom.orbitals)
    u = np.array([r * o.radial(r) for o in atom.orbitals])
    V_x = exchange_potential(atom.density(r))
    ls = tuple(o.l for o in atom.orbitals)
    out = {}
    for a in atom.orbitals:
        q = tuple(float(o.occupancy - (o.label == a.label)) for o in atom.orbitals)
        out[a.label] = (V_N - U[a.label], FrozenCore(u, ls, q, V_x, l_max))
    return out
