"""nuion: magnetic neutrino-impact ionization of hydrogen-like ions.

Reproduces K. A. Kouzakov and A. I. Studenikin, Phys. Lett. B 696 (2011) 252.

Conventions (stated once for the whole package):

* natural units hbar = c = 1; energies T, E and eps_b in keV, Q = |q|^2 in keV^2;
  response functions S and R in keV^-1; cross sections in cm^2/keV;
* every function broadcasts its array arguments like a numpy ufunc;
* arguments outside the physical domain raise :class:`ValueError` naming the
  argument and its allowed range (never silent NaN).

Layout: :mod:`nuion.targets` (the Target/Shell interface; ``ion`` closed forms, ``atom`` orbitals,
mean field and radial engine), :mod:`nuion.cross_sections` (per channel),
:mod:`nuion.integrals` (Q integrals, DCS and sum-rule checks over any target),
:mod:`nuion.detectors` (sources, rates, presets, statistics, data releases), :mod:`nuion.io`,
:mod:`nuion.plotting`, :mod:`nuion.cli`. Modules that moved there keep their old names
(``nuion.hydrogenic``, ``nuion.grids``, ...) as aliases that warn (:data:`MOVED`).
"""

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

from nuion import targets
from nuion._version import __version__
from nuion.api import atom_dcs, channel_dcs, dcs, dcs_at, stored_dcs
from nuion.kinematics import binding_energy
from nuion.targets.ion.responses import longitudinal_response, transverse_response
from nuion.targets import get as get_target

__all__ = [
    "binding_energy",
    "longitudinal_response",
    "transverse_response",
    "dcs",
    "atom_dcs",
    "channel_dcs",
    "stored_dcs",
    "dcs_at",
    "targets",
    "get_target",
]

#: Old module names (before the subpackages) -> their place now; importing an old name warns.
MOVED = {
    "nuion.hydrogenic": "nuion.targets.ion.hydrogenic",
    "nuion.responses": "nuion.targets.ion.responses",
    "nuion.partial_waves": "nuion.targets.ion.partial_waves",
    "nuion.sum_rules": "nuion.targets.ion.sum_rules",
    "nuion.atoms": "nuion.targets.atom.atom",
    "nuion.orbitals": "nuion.targets.atom.orbitals",
    "nuion.mean_field": "nuion.targets.atom.mean_field",
    "nuion.thresholds": "nuion.targets.atom.thresholds",
    "nuion.radial": "nuion.targets.atom.radial",
    "nuion.approximations": "nuion.cross_sections.approximations",
    "nuion.grids": "nuion.integrals",
    "nuion.sources": "nuion.detectors.sources",
    "nuion.rates": "nuion.detectors.rates",
    "nuion.presets": "nuion.detectors.presets",
    "nuion.sensitivity": "nuion.detectors.sensitivity",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import hook that serves a moved module under its old name, with a DeprecationWarning."""

    def find_spec(self, fullname, path=None, target=None):
        return importlib.util.spec_from_loader(fullname, self) if fullname in MOVED else None

    def create_module(self, spec):
        warnings.warn(f"{spec.name} moved to {MOVED[spec.name]}; import it from there", DeprecationWarning, stacklevel=2)
        return importlib.import_module(MOVED[spec.name])

    def exec_module(self, module):
        pass


sys.meta_path.append(_MovedModules())


def __getattr__(name):
    if f"nuion.{name}" in MOVED:
        return importlib.import_module(f"nuion.{name}")
    raise AttributeError(f"module 'nuion' has no attribute {name!r}")
