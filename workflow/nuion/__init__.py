"""nuion: magnetic neutrino-impact ionization of hydrogen-like ions.

Reproduces K. A. Kouzakov and A. I. Studenikin, Phys. Lett. B 696 (2011) 252.

Conventions (stated once for the whole package):

* natural units hbar = c = 1; energies T, E and eps_b in keV, Q = |q|^2 in keV^2;
  response functions S and R in keV^-1; cross sections in cm^2/keV;
* every function broadcasts its array arguments like a numpy ufunc;
* arguments outside the physical domain raise :class:`ValueError` naming the
  argument and its allowed range (never silent NaN).
"""

from nuion import targets
from nuion._version import __version__
from nuion.api import dcs
from nuion.kinematics import binding_energy
from nuion.responses import longitudinal_response, transverse_response
from nuion.targets import get as get_target

__all__ = [
    "binding_energy",
    "longitudinal_response",
    "transverse_response",
    "dcs",
    "targets",
    "get_target",
]
