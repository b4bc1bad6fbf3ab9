r"""Targets: the registry of what a neutrino scatters on (:mod:`nuion.targets.base` holds the interface).

Implementations:

* :class:`HydrogenLikeIon` (names ``"Z<k>"``, k = 1..137, and aliases such as
  ``"Ge31+"``): one 1s shell on the closed forms of :mod:`nuion.targets.ion.responses`
  (eqs. (11), (14), (20) of [1]); energy unit eps_b.
* neutral atoms (``"Ge"``, ``"Xe"``): class ``Atom`` of :mod:`nuion.targets.atom`, loaded
  only when asked for (:data:`ATOMS`), so that importing this package does not
  import the radial engine; energy unit keV.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252 (arXiv:1011.5847).
"""

import importlib
import re

from nuion.targets.base import CONTINUA, ENERGY_UNITS, THRESHOLDS, Shell, StoredTarget, Target
from nuion.targets.ion.target import HydrogenLikeIon

__all__ = [
    "Shell",
    "Target",
    "StoredTarget",
    "HydrogenLikeIon",
    "ATOMS",
    "CONTINUA",
    "THRESHOLDS",
    "ENERGY_UNITS",
    "Z_MAX",
    "get",
    "as_target",
    "require_ion",
    "available",
]

#: Neutral atoms by name -> "module:class", imported on first use and called as
#: ``cls(name, continuum=..., thresholds=...)``. Adding an atom is one line here.
ATOMS = {
    "Ge": "nuion.targets.atom:Atom",
    "Xe": "nuion.targets.atom:Atom",
}
#: Largest charge of a hydrogen-like ion (alpha Z < 1).
Z_MAX = 137


def available():
    """One line naming the targets :func:`get` accepts."""
    return (
        f"hydrogen-like ions 'Z1' ... 'Z{Z_MAX}', or an element with charge Z-1 such as 'Ge31+'; "
        f"neutral atoms {', '.join(repr(a) for a in ATOMS)} (from nuion.targets.atom)"
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


def get(name, *, continuum="hf", thresholds="model"):
    """The target called ``name``.

    Parameters
    ----------
    name : str or Target
        "Z<k>" (hydrogen-like ion, k = 1..137), an element symbol with charge Z-1
        ("Ge31+": the same ion as "Z32"), or a neutral atom of :data:`ATOMS` ("Ge", "Xe").
    continuum : {"coulomb", "coulomb-orth", "mean-field", "hf"}
        Continuum model of an atom (see nuion.targets.atom); a
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
        For an atom whose module (nuion.targets.atom) is not available.

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
