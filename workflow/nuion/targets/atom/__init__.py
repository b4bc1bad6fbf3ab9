"""Neutral atoms in the independent-electron model (docs/atoms.md): RHF orbitals (Bunge et al. 1993),
the mean field, measured thresholds, the radial partial-wave engine and the many-shell target."""

from nuion.targets.atom.atom import Atom

__all__ = ["Atom"]
