r"""Targets: what a neutrino scatters on, behind one interface.

A target has a name, a nuclear charge, shells (n, l, occupancy, threshold), the
response functions S(T, Q) and R(T, Q) per shell and summed, a natural energy unit
and a validity report. Everything downstream of the responses (grids, DCS, sum
rules, summaries, figures) takes a target instead of a nuclear charge.

Implementations:

* :class:`HydrogenLikeIon` (names ``"Z<k>"``, k = 1..137, and aliases such as
  ``"Ge31+"``): one 1s electron, the closed forms of :mod:`nuion.responses`
  (eqs. (11), (14), (20) of [1]); energy unit eps_b.
* neutral atoms (``"Ge"``, ``"Xe"``): class ``Atom`` of ``nuion.atoms``, loaded
  only when asked for (:data:`ATOMS`), so that importing this module does not
  import the radial engine; energy unit keV.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252 (arXiv:1011.5847).
"""

import importlib
import re
from dataclasses import dataclass

import numpy as np

from nuion.constants import ALPHA, M_E
from nuion.kinematics import binding_energy, check_Z
from nuion.kinematics import validity as _ion_validity
from nuion.responses import longitudinal_response, transverse_response

__all__ = [
    "Shell",
    "Target",
    "HydrogenLikeIon",
    "ATOMS",
    "CONTINUA",
    "THRESHOLDS",
    "get",
    "as_target",
    "require_ion",
    "available",
]

#: Continuum models of the atoms (``continuum`` argument of :func:`get`).
CONTINUA = ("coulomb", "coulomb-orth", "mean-field")
#: Threshold conventions of the atoms (``thresholds`` argument of :func:`get`).
THRESHOLDS = ("model", "measured")
#: Neutral atoms by name -> "module:class", imported on first use and called as
#: ``cls(name, continuum=..., thresholds=...)``. Adding an atom is one line here.
ATOMS = {
    "Ge": "nuion.atoms:Atom",
    "Xe": "nuion.atoms:Atom",
}
#: Largest charge of a hydrogen-like ion (alpha Z < 1).
Z_MAX = 137
#: Energy units of configured energies (keV per unit); "eb" is the target's eps_b.
ENERGY_UNITS = {"keV": 1.0, "MeV": 1000.0}
_ENERGY = re.compile(r"([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)(eb|keV|MeV)")


@dataclass(frozen=True)
class Shell:
    """One shell nl of a target.

    Attributes
    ----------
    label : str
        Spectroscopic label, "1s", "2p", ...
    n, l : int
        Principal and orbital quantum numbers.
    occupancy : int
        Electrons in the shell.
    binding : float
        Threshold |eps_nl| in keV (> 0) that the target uses, model or measured.
    """

    label: str
    n: int
    l: int  # noqa: E741 - the quantum number's name
    occupancy: int
    binding: float


class Target:
    """Base class of every target: shells, responses per shell and summed, units, validity.

    Attributes
    ----------
    name : str
        Canonical name: "Z32" for the hydrogen-like ion, "Ge", "Xe" for atoms; result
        files are named by it (results/response/<name>.nc).
    Z : int
        Nuclear charge.
    n_electrons : int
        Electrons of the target (sum of the shells' occupancies).
    shells : tuple of Shell
    unit : float
        Natural energy unit in keV: eps_b for an ion, 1.0 for an atom.
    unit_name : str
        "eps_b" or "keV".
    threshold : float
        Lowest binding among the shells, keV.
    model : str
        One line describing the physics model (provenance of the datasets).

    Subclasses implement :meth:`_S_shell`, :meth:`_R_shell` (keV^-1, called only
    with T above the shell's threshold) and :meth:`validity`.
    """

    name: str
    Z: int
    n_electrons: int
    shells: tuple
    unit: float
    unit_name: str
    threshold: float
    model: str = ""

    # -- responses -------------------------------------------------------------------

    def S(self, T, Q, shell=None):
        """Longitudinal response S(T, Q) in keV^-1, per shell or summed (``shell=None``).

        Parameters
        ----------
        T : array_like
            Energy transfer in keV, finite; zero response below the shell's threshold.
        Q : array_like
            Squared momentum transfer in keV^2, Q >= 0 (broadcasts against T).
        shell : str or Shell, optional
            Label ("1s") or Shell of this target; all shells when None.

        Returns
        -------
        ndarray
            keV^-1, summed over the shell's electrons.
        """
        return self._over_shells(self._S_shell, T, Q, shell)

    def R(self, T, Q, shell=None):
        """Transverse response R(T, Q) in keV^-1, per shell or summed; arguments as :meth:`S`."""
        return self._over_shells(self._R_shell, T, Q, shell)

    def _S_shell(self, shell, T, Q):  # pragma: no cover - interface
        raise NotImplementedError

    def _R_shell(self, shell, T, Q):  # pragma: no cover - interface
        raise NotImplementedError

    def validity(self, T):  # pragma: no cover - interface
        """dict of arrays: ``alpha_Z``, ``v_over_c``, ``valid`` (bool) at energy transfers T (keV)."""
        raise NotImplementedError

    def shell(self, label):
        """The Shell of this target with ``label`` (a Shell of this target passes through)."""
        for sh in self.shells:
            if sh == label or sh.label == label:
                return sh
        raise ValueError(f"shell must be one of {[s.label for s in self.shells]} of target {self.name}, got {label!r}")

    def _over_shells(self, per_shell, T, Q, shell):
        T = np.asarray(T, dtype=float)
        if not np.all(np.isfinite(T)):
            raise ValueError(f"T must be finite (keV), got {T[~np.isfinite(T)].ravel()[0]!r}")
        total = None
        for sh in self.shells if shell is None else (self.shell(shell),):
            above = T > sh.binding
            value = np.where(above, per_shell(sh, np.where(above, T, 2.0 * sh.binding), Q), 0.0)
            total = value if total is None else total + value
        return total

    # -- units and helpers -----------------------------------------------------------

    @property
    def momentum_unit(self):
        """Natural unit of q in keV for the momentum grids: alpha Z m_e (the K-shell momentum)."""
        return ALPHA * self.Z * M_E

    def energy_keV(self, label):
        """Energy in keV of a configured energy: a number (multiple of eps_b) or "<x>eb",
        "<x>keV", "<x>MeV".

        Raises
        ------
        ValueError
            For an unparseable label, and for an eps_b energy of a target that has no
            eps_b (an atom), naming the target and the allowed units.

        Examples
        --------
        >>> get("Z32").energy_keV("1MeV"), get("Z32").energy_keV("700keV")
        (1000.0, 700.0)
        >>> bool(np.isclose(get("Z32").energy_keV(2), 2 * binding_energy(32)))
        True
        """
        if isinstance(label, (int, float)) and not isinstance(label, bool):
            number, unit = float(label), "eb"
        else:
            m = _ENERGY.fullmatch(str(label))
            if m is None:
                raise ValueError(f"energy {label!r} is not a number (eps_b) or a string like '2eb', '700keV', '1MeV'")
            number, unit = float(m.group(1)), m.group(2)
        if unit == "eb":
            if self.unit_name != "eps_b":
                raise ValueError(
                    f"energy {label!r} is in units of eps_b, which only a hydrogen-like ion has; "
                    f"give energies of target {self.name} in keV or MeV (e.g. '700keV', '1MeV')"
                )
            return number * self.unit
        return number * ENERGY_UNITS[unit]

    def _key(self):
        return (type(self).__name__, self.name)

    def __eq__(self, other):
        return isinstance(other, Target) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class HydrogenLikeIon(Target):
    """Hydrogen-like ion of nuclear charge Z: one 1s electron, closed-form responses.

    S and R are :func:`nuion.responses.longitudinal_response` and
    :func:`nuion.responses.transverse_response` (eqs. (11), (14), (20) of [1]);
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
        >>> bool(get("Z92").validity(2 * binding_energy(92))["valid"])
        False
        """
        v = _ion_validity(T, self.Z)
        return {"alpha_Z": v["bound_speed"], "v_over_c": v["ejected_speed"], "valid": v["ok"]}


def available():
    """One line naming the targets :func:`get` accepts."""
    return (
        f"hydrogen-like ions 'Z1' ... 'Z{Z_MAX}', or an element with charge Z-1 such as 'Ge31+'; "
        f"neutral atoms {', '.join(repr(a) for a in ATOMS)} (from nuion.atoms)"
    )


def _element_Z(symbol):
    """Atomic number of an element symbol (xraydb's element table), or None."""
    import xraydb  # maintained element table; imported only for element aliases

    try:
        Z = int(xraydb.atomic_number(symbol))
    except (ValueError, KeyError, IndexError):
        return None
    return Z if xraydb.atomic_symbol(Z) == symbol else None  # xraydb ignores case: 'ge' is not 'Ge'


def _atom(name, continuum, thresholds):
    module, _, cls = ATOMS[name].partition(":")
    try:
        factory = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        raise NotImplementedError(
            f"target {name!r} (neutral atom) needs {ATOMS[name]}, which this installation does not have; "
            f"available now: hydrogen-like ions 'Z1' ... 'Z{Z_MAX}' (e.g. 'Z32' or 'Ge31+')"
        ) from None
    return factory(name, continuum=continuum, thresholds=thresholds)


def get(name, *, continuum="mean-field", thresholds="model"):
    """The target called ``name``.

    Parameters
    ----------
    name : str or Target
        "Z<k>" (hydrogen-like ion, k = 1..137), an element symbol with charge Z-1
        ("Ge31+": the same ion as "Z32"), or a neutral atom of :data:`ATOMS` ("Ge", "Xe").
    continuum : {"coulomb", "coulomb-orth", "mean-field"}
        Continuum model of an atom (docs/atoms.md, sec. 'Continuum models'); a
        hydrogen-like ion has one exact Coulomb continuum and ignores it.
    thresholds : {"model", "measured"}
        Shell thresholds of an atom; ignored by an ion.

    Returns
    -------
    Target

    Raises
    ------
    ValueError
        For a name that is not a target (naming the allowed forms), an ion that is not
        hydrogen-like ("Ge30+"), or an unknown ``continuum`` / ``thresholds``.
    NotImplementedError
        For an atom whose module (nuion.atoms) is not available.

    Examples
    --------
    >>> get("Ge31+") == get("Z32")
    True
    >>> get("Ge31+").name
    'Z32'
    """
    if continuum not in CONTINUA:
        raise ValueError(f"continuum must be one of {', '.join(CONTINUA)}; got {continuum!r}")
    if thresholds not in THRESHOLDS:
        raise ValueError(f"thresholds must be one of {', '.join(THRESHOLDS)}; got {thresholds!r}")
    if isinstance(name, Target):
        return name
    if not isinstance(name, str):
        raise ValueError(f"target must be a name (str), got {name!r}; allowed: {available()}")
    m = re.fullmatch(r"Z([1-9][0-9]*)", name)
    if m:
        if int(m.group(1)) > Z_MAX:
            raise ValueError(f"target {name!r}: a hydrogen-like ion needs Z from 1 to {Z_MAX} (alpha Z < 1)")
        return HydrogenLikeIon(int(m.group(1)))
    if name in ATOMS:
        return _atom(name, continuum, thresholds)
    m = re.fullmatch(r"([A-Z][a-z]{0,2})(0|[1-9][0-9]*)\+", name)
    if m:
        Z = _element_Z(m.group(1))
        if Z is None:
            raise ValueError(f"unknown target {name!r}: {m.group(1)!r} is not an element symbol; allowed: {available()}")
        charge = int(m.group(2))
        if charge != Z - 1:
            left = f"{Z - charge} electrons" if charge < Z else f"charge > Z - 1 = {Z - 1}"
            raise ValueError(
                f"target {name!r} is not a hydrogen-like ion ({m.group(1)}: Z = {Z}, {left}); "
                f"the hydrogen-like ion of {m.group(1)} is '{m.group(1)}{Z - 1}+' = 'Z{Z}'"
            )
        return HydrogenLikeIon(Z)
    raise ValueError(f"unknown target {name!r}; allowed: {available()}")


def as_target(target):
    """A Target from a Target, a name (:func:`get`) or an integer nuclear charge (hydrogen-like ion).

    Lets the functions that take a target keep accepting the integer Z of the public API.

    Examples
    --------
    >>> as_target(32) == as_target("Z32") == get("Ge31+")
    True
    """
    if isinstance(target, Target):
        return target
    if isinstance(target, str):
        return get(target)
    return HydrogenLikeIon(target)


def require_ion(target, what):
    """The hydrogen-like ion ``target`` (Target, name or Z), or NotImplementedError naming ``what``.

    For the parts of the workflow that still rest on the closed forms of the 1s state
    (discrete lines, sum-rule complements outside the grid, Stobbe's cross section).
    """
    target = as_target(target)
    if not isinstance(target, HydrogenLikeIon):
        raise NotImplementedError(f"{what} is implemented for hydrogen-like ions only; target {target.name} is not one")
    return target
