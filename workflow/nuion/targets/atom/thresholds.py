"""Measured X-ray edges, the spin-orbit subshells they define, and tabulated photoabsorption of atoms, from xraydb.

Nothing is typed by hand: edge energies come from :func:`xraydb.xray_edges` (the compilation of
W. T. Elam, B. D. Ravel, J. R. Sieber, Radiat. Phys. Chem. 63 (2002) 121, edges from
J. A. Bearden and A. F. Burr, Rev. Mod. Phys. 39 (1967) 125), photoabsorption cross sections
from :func:`xraydb.mu_elam` (Elam et al. 2002) or :func:`xraydb.mu_chantler`
(C. T. Chantler, J. Phys. Chem. Ref. Data 24 (1995) 71; 29 (2000) 597).
Energies in keV; cross sections in barn per atom.

See docs/atoms.md, secs. 'Thresholds', 'Spin-orbit subshells' and 'Photoabsorption'.
"""

from __future__ import annotations

import numpy as np
import xraydb
from scipy.constants import Avogadro

from nuion.targets.atom.orbitals import load_rhf
from nuion.targets.base import Shell

#: IUPAC edge names of each nonrelativistic shell nl: (j = l - 1/2, j = l + 1/2) for l > 0.
EDGE_NAMES = {
    "1s": ("K",),
    "2s": ("L1",),
    "2p": ("L2", "L3"),
    "3s": ("M1",),
    "3p": ("M2", "M3"),
    "3d": ("M4", "M5"),
    "4s": ("N1",),
    "4p": ("N2", "N3"),
    "4d": ("N4", "N5"),
    "5s": ("O1",),
    "5p": ("O2", "O3"),
}

BARN_CM2 = 1e-24


def measured_binding(symbol: str, shell: str) -> float:
    """Measured binding energy of a shell nl or of a spin-orbit subshell nl_j in keV, from the element's X-ray edges.

    A subshell (label "2p1_2", "2p3_2": j = l -+ 1/2) takes its own edge (L2, L3; IUPAC names of
    :data:`EDGE_NAMES`). A shell nl with l > 0 stands for both edges and takes their centroid with
    the statistical weights 2j + 1 = 2l and 2l + 2:

    .. math:: E_{nl} = [2l\\,E_{j=l-1/2} + (2l+2)\\,E_{j=l+1/2}] / (4l + 2)

    Parameters
    ----------
    symbol : str
        Element symbol ("Ge", "Xe").
    shell : str
        Shell label nl, a key of :data:`EDGE_NAMES`, or a subshell label nl_j
        (:meth:`nuion.targets.Shell.parse`).

    Returns
    -------
    float
        Binding energy in keV (> 0).

    Notes
    -----
    The onset of a shell's absorption is the lower edge (L3, M5, ...), below the centroid by
    l/(2l+1) of the spin-orbit splitting (Ge 2p: 19 eV; Xe 2p: 214 eV), which is why
    :func:`measured_shells` splits the closed shells. xraydb edges of solids are relative to the
    Fermi level (Ge N1-N3), of gases to the vacuum level.

    Examples
    --------
    >>> round(measured_binding("Ge", "1s"), 3)
    11.103
    >>> round(measured_binding("Ge", "2p"), 4)  # (2 x 1.2481 + 4 x 1.2170) / 6
    1.2274
    >>> measured_binding("Xe", "2p1_2"), measured_binding("Xe", "2p3_2")  # L2, L3
    (5.107, 4.786)
    """
    n, l, j = Shell.parse(shell)  # noqa: E741
    names = EDGE_NAMES.get(Shell.label_of(n, l))
    if names is None:
        raise ValueError(f"shell must be one of {list(EDGE_NAMES)} or a subshell such as '2p3_2', got {shell!r}")
    if j is not None:
        names = (names[int(j > l)],)
    edges = xraydb.xray_edges(symbol)
    missing = [name for name in names if name not in edges]
    if missing:
        raise ValueError(f"xraydb has no {'/'.join(missing)} edge for {symbol} (shell {shell})")
    if len(names) == 1:
        return edges[names[0]].energy / 1e3
    lo, hi = edges[names[0]].energy, edges[names[1]].energy
    return (2 * l * lo + (2 * l + 2) * hi) / (4 * l + 2) / 1e3


def measured_shells(symbol: str) -> tuple:
    """Shells of a neutral atom at its measured X-ray edges: every closed l > 0 shell split by spin-orbit.

    A closed shell nl with l > 0 (2(2l+1) electrons) becomes its two subshells j = l -+ 1/2
    with occupancies 2j + 1 (2l and 2l + 2, together 2(2l+1)), each at its own edge
    (:func:`measured_binding`: L2 and L3 for 2p, M4 and M5 for 3d, ...); both keep the
    nonrelativistic orbital nl of the model (no relativistic correction of the radial
    functions). s shells and open shells stay one shell nl, the open ones at the centroid of
    their edges: how the electrons of an open shell divide among j depends on the coupling of
    the ground term (Ge 4p^2 3P0: both in 4p_{1/2} in the jj limit, a mixture of (4p_{1/2})^2
    and (4p_{3/2})^2 in LS coupling), which the edges do not tell; Ge's two 4p edges coincide
    in xraydb (N2 = N3 = 3.0 eV, solid), so that choice moves no threshold.

    Parameters
    ----------
    symbol : str
        Element symbol with a shipped RHF table (:data:`nuion.targets.atom.orbitals.ELEMENTS`),
        whose occupancies are used.

    Returns
    -------
    tuple of Shell
        In (n, l, j) order; labels "2p1_2", "2p3_2", ... for subshells (:class:`nuion.targets.Shell`);
        occupancies summing to Z; bindings in keV.

    Examples
    --------
    >>> xe = measured_shells("Xe")
    >>> [(s.label, s.occupancy, s.binding) for s in xe[2:4]]
    [('2p1_2', 2, 5.107), ('2p3_2', 4, 4.786)]
    >>> len(xe), sum(s.occupancy for s in xe)
    (17, 54)
    """
    shells = []
    for o in sorted(load_rhf(symbol).orbitals, key=lambda o: (o.n, o.l)):
        closed = o.occupancy == 2 * (2 * o.l + 1)
        for j in (o.l - 0.5, o.l + 0.5) if o.l > 0 and closed else (None,):
            label = Shell.label_of(o.n, o.l, j)
            occupancy = o.occupancy if j is None else int(2 * j + 1)
            shells.append(Shell(label, o.n, o.l, occupancy, measured_binding(symbol, label), j))
    return tuple(shells)


def photoabsorption_table(symbol: str, omega, table: str = "elam"):
    """Tabulated photoabsorption cross section per atom, in barn.

    .. math:: \\sigma = (\\mu/\\rho)_{photo} \\, M / N_A

    with the mass photoabsorption coefficient mu/rho (cm^2/g, photoeffect only: no coherent or
    incoherent scattering) and the molar mass M (g/mol) of xraydb.

    Parameters
    ----------
    symbol : str
        Element symbol.
    omega : array_like
        Photon energy in keV, 0.1 <= omega <= 1000 (range of the tables).
    table : {"elam", "chantler"}
        Elam et al. 2002 (xraydb.mu_elam, kind="photo") or Chantler 1995/2000
        (xraydb.mu_chantler, photo=True).

    Returns
    -------
    ndarray
        sigma_gamma in barn per atom, the shape of omega.

    Examples
    --------
    >>> s = photoabsorption_table("Ge", [10.0, 12.0])
    >>> bool(s[1] > 4 * s[0])  # the K edge (11.1 keV) lies between
    True
    """
    omega = np.asarray(omega, dtype=float)
    if np.any((omega < 0.1) | (omega > 1000.0)):
        raise ValueError("omega must lie in [0.1, 1000] keV (range of the photoabsorption tables)")
    ev = np.atleast_1d(omega * 1e3)
    if table == "elam":
        mu = xraydb.mu_elam(symbol, ev, kind="photo")
    elif table == "chantler":
        mu = xraydb.mu_chantler(symbol, ev, photo=True)
    else:
        raise ValueError(f"table must be 'elam' or 'chantler', got {table!r}")
    sigma = np.asarray(mu) * xraydb.atomic_mass(symbol) / Avogadro / BARN_CM2
    return sigma.reshape(omega.shape)
