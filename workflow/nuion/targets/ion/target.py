"""The hydrogen-like ion as a target: one 1s shell on the closed forms (eqs. (11), (14), (20) of [1]).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252 (arXiv:1011.5847).
"""

from nuion.kinematics import binding_energy, check_Z
from nuion.kinematics import validity as _ion_validity
from nuion.targets.base import Shell, Target
from nuion.targets.ion.responses import longitudinal_response, transverse_response

__all__ = ["HydrogenLikeIon"]


class HydrogenLikeIon(Target):
    """Hydrogen-like ion of nuclear charge Z: one 1s electron, closed-form responses.

    S and R are :func:`nuion.targets.ion.responses.longitudinal_response` and
    :func:`nuion.targets.ion.responses.transverse_response` (eqs. (11), (14), (20) of [1]);
    the single shell 1s has occupancy 1 and binding eps_b = (alpha Z)^2 m_e / 2,
    which is also the energy unit. Nonrelativistic, point nucleus of infinite mass
    (:meth:`validity`).

    Parameters
    ----------
    Z : int
        Nuclear charge, 1 <= Z <= 137.

    Examples
    --------
    >>> ion = HydrogenLikeIon(32)
    >>> ion.name, ion.unit_name, [s.label for s in ion.shells]
    ('Z32', 'eps_b', ['1s'])
    >>> T, Q = 2 * ion.unit, 1e3
    >>> bool(ion.S(T, Q) == longitudinal_response(T, Q, 32)), float(ion.S(0.5 * ion.unit, Q))
    (True, 0.0)
    """

    model = "nonrelativistic hydrogen-like 1s electron, infinitely heavy point nucleus"
    q_order = 1
    method = "closed forms of docs/physics.md (nuion.targets.ion.responses)"

    def __init__(self, Z):
        Z = check_Z(Z)
        eps_b = binding_energy(Z)
        self.Z = Z
        self.name = f"Z{Z}"
        self.n_electrons = 1
        self.shells = (Shell("1s", 1, 0, 1, eps_b),)
        self.unit = eps_b
        self.unit_name = "eps_b"
        self.threshold = eps_b

    @property
    def eps_b(self):
        """Binding energy of the 1s state in keV."""
        return self.unit

    def _S_shell(self, shell, T, Q):
        return longitudinal_response(T, Q, self.Z)

    def _R_shell(self, shell, T, Q):
        return transverse_response(T, Q, self.Z)

    def validity(self, T):
        """Speeds of the bound (alpha Z) and ejected electron (v/c) against 0.3, as
        :func:`nuion.kinematics.validity`: relativistic corrections are O((v/c)^2).

        Returns
        -------
        dict
            ``alpha_Z`` (float), ``v_over_c`` (ndarray, ejected electron), ``valid`` (bool array).

        Examples
        --------
        >>> bool(HydrogenLikeIon(92).validity(2 * binding_energy(92))["valid"])
        False
        """
        v = _ion_validity(T, self.Z)
        return {"alpha_Z": v["bound_speed"], "v_over_c": v["ejected_speed"], "valid": v["ok"]}
