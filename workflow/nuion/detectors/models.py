r"""Atomic models of the rates and the per-electron cross sections they scale (docs/rates.md, sec. "Atomic models").

``fe``
    free electrons at rest: Z x the per-electron cross section, with the free-electron
    kinematic limit E >= E_min(T) = (T + sqrt(T^2 + 2 m_e T))/2;
``stepping``
    the per-electron cross section (same limit) times the number of electrons whose
    binding energy is below T (shell edges from xraydb, or the shells of a target);
``atom``
    the atom's own DCS from the stored response grids (per-shell ratio tables on (T, T/E),
    :func:`nuion.integrals.dcs.ratio_table`), every channel of :mod:`nuion.cross_sections.channels`.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252, eq. (1).
.. [2] P. Vogel, J. Engel, Phys. Rev. D 39 (1989) 3378.
.. [3] G. 't Hooft, Phys. Lett. B 37 (1971) 195.
.. [4] R. L. Workman et al. (PDG), PTEP 2022 083C01, "Electroweak model": sin^2 theta_W(0) = 0.23857
       (MS-bar at Q -> 0).
"""

from dataclasses import dataclass

import numpy as np
from scipy import constants as _c
from scipy.interpolate import RegularGridInterpolator

from nuion.constants import HBAR_C_CM_KEV, M_E, MU_NU_DEFAULT
from nuion.cross_sections import dcs_fe
from nuion.cross_sections.channels import Weak

__all__ = [
    "MATERIALS",
    "SIN2_THETA_W",
    "fe_min_energy",
    "dcs_weak",
    "dcs_magnetic",
    "xraydb_shells",
    "FreeElectrons",
    "Stepping",
    "Atom",
    "ShellRatios",
    "model",
    "channel_key",
]


#: (Z, standard atomic weight in g/mol), IUPAC 2021: Ge 72.630, Xe 131.293.
MATERIALS = {"Ge": (32, 72.630), "Xe": (54, 131.293)}

#: Weak mixing angle at low momentum transfer, sin^2 theta_W(0), PDG 2022 [4]. Unconfirmed: the
#: PDG value was not found in a readable copy; the published Thomson-limit evaluations are
#: 0.23868(5)(2) (Erler, Ferro-Hernandez, JHEP 03 (2018) 196) and 0.23867(16) (Erler,
#: Ramsey-Musolf, PRD 72 (2005) 073003), 5e-4 relative above it (docs/rates.md, "Fact check").
SIN2_THETA_W = 0.23857

#: G_F in keV^-2 (scipy.constants, CODATA), and G_F^2 m_e / (2 pi) in cm^2/keV.
G_F = _c.physical_constants["Fermi coupling constant"][0] * 1e-12
WEAK_PREFACTOR = G_F**2 * M_E / (2 * np.pi) * HBAR_C_CM_KEV**2

#: Electrons of each X-ray edge in a closed subshell (K = 1s, L1 = 2s, L2 = 2p1/2, ...).
EDGE_OCCUPANCY = {
    "K": 2, "L1": 2, "L2": 2, "L3": 4, "M1": 2, "M2": 2, "M3": 4, "M4": 4, "M5": 6,
    "N1": 2, "N2": 2, "N3": 4, "N4": 4, "N5": 6, "N6": 6, "N7": 8, "O1": 2, "O2": 2, "O3": 4,
    "O4": 4, "O5": 6, "P1": 2, "P2": 2, "P3": 4,
}  # fmt: skip


def fe_min_energy(T):
    r"""Smallest neutrino energy that can give T to a free electron at rest.

    .. math:: E_{\min}(T) = \tfrac12\left(T + \sqrt{T^2 + 2 m_e T}\right)

    the inverse of the endpoint T_max = 2E^2/(m_e + 2E)
    (:func:`nuion.kinematics.fe_endpoint`).

    Parameters
    ----------
    T : array_like
        keV, T >= 0.

    Returns
    -------
    ndarray
        keV.

    Examples
    --------
    >>> from nuion.kinematics import fe_endpoint
    >>> bool(np.isclose(fe_endpoint(fe_min_energy(3.0)), 3.0, rtol=1e-13))
    True
    """
    T = np.asarray(T, dtype=float)
    return 0.5 * (T + np.sqrt(T * T + 2.0 * M_E * T))


def dcs_weak(T, E, flavour, sin2w=SIN2_THETA_W):
    r"""Standard-Model weak neutrino-electron DCS on a free electron at rest ([2], [3]).

    .. math::
        \frac{d\sigma}{dT} = \frac{G_F^2 m_e}{2\pi}\left[(g_V + g_A)^2 + (g_V - g_A)^2
            \left(1 - \frac{T}{E}\right)^2 + (g_A^2 - g_V^2)\frac{m_e T}{E^2}\right]

    with g_V = 2 sin^2 theta_W + 1/2, g_A = 1/2 for nu_e (charged + neutral current),
    g_V = 2 sin^2 theta_W - 1/2, g_A = -1/2 for nu_mu, nu_tau, and g_A -> -g_A for
    antineutrinos; zero above the endpoint T_max(E).

    Parameters
    ----------
    T, E : array_like
        keV.
    flavour : {"nue", "nuebar", "numu", "numubar"}
    sin2w : float
        sin^2 theta_W (default 0.23857, PDG low-energy value [4]).

    Returns
    -------
    ndarray
        cm^2/keV per electron.

    Notes
    -----
    Tree level; radiative corrections (a few %) are neglected.

    Examples
    --------
    >>> # T << E: sigma' -> (G_F^2 m_e / 2 pi)[(gV+gA)^2 + (gV-gA)^2]
    >>> gV, gA = 2 * SIN2_THETA_W - 0.5, -0.5
    >>> bool(np.isclose(dcs_weak(1e-6, 1e6, "numu"), WEAK_PREFACTOR * 2 * (gV**2 + gA**2), rtol=1e-9))
    True
    """
    with np.errstate(divide="ignore", invalid="ignore"):  # E = 0 lies beyond the endpoint: 0
        return Weak(flavour, sin2w).dcs_fe(T, E)  # one formula for the rates and the channels


def dcs_magnetic(T, E, mu_nu=MU_NU_DEFAULT):
    r"""Magnetic DCS on a free electron, eq. (1) of [1], with the kinematic endpoint.

    .. math:: \frac{d\sigma}{dT} = \frac{\pi\alpha^2\mu_\nu^2}{m_e^2}\left(\frac1T - \frac1E\right)
              \theta\big(E - E_{\min}(T)\big)

    Parameters
    ----------
    T, E : array_like
        keV.
    mu_nu : float
        Bohr magnetons.

    Returns
    -------
    ndarray
        cm^2/keV per electron.
    """
    T = np.asarray(T, dtype=float)
    E = np.asarray(E, dtype=float)
    return np.where(E >= fe_min_energy(T), dcs_fe(T, E, mu_nu), 0.0)


def xraydb_shells(element):
    """Shells of a neutral atom from its X-ray edges (xraydb, Elam et al. tables).

    Each edge (K, L1, ...) is one subshell with its closed-shell occupancy, filled from
    the most bound until Z electrons are placed (so the partly filled outer subshells
    get the remainder).

    Parameters
    ----------
    element : str
        Symbol, e.g. "Ge".

    Returns
    -------
    tuple of (str, float, int)
        (edge label, binding energy in keV, electrons), most bound first.

    Examples
    --------
    >>> shells = xraydb_shells("Ge")
    >>> shells[0][:2], sum(s[2] for s in shells)
    (('K', 11.103), 32)
    """
    import xraydb

    Z = int(xraydb.atomic_number(element))
    edges = sorted(xraydb.xray_edges(element).items(), key=lambda kv: -kv[1].energy)
    out, placed = [], 0
    for label, edge in edges:
        n = min(EDGE_OCCUPANCY.get(label, 0), Z - placed)
        if n > 0:
            out.append((label, round(edge.energy / 1e3, 6), int(n)))
            placed += n
    if placed < Z:  # outer electrons without a tabulated edge: bound by ~0
        out.append(("valence", 0.0, Z - placed))
    return tuple(out)


@dataclass(frozen=True)
class FreeElectrons:
    """Z free electrons at rest per atom (eq. (1) x Z, free-electron kinematics)."""

    Z: int
    name: str = "fe"

    def n_electrons(self, T):
        """Electrons that count at energy transfer T (all Z)."""
        return np.full(np.shape(T), float(self.Z))

    def e_min(self, T):
        """Kinematic limit in E (keV) of the flux integral at T."""
        return fe_min_energy(T)

    def dcs_magnetic(self, T, E, mu_nu=MU_NU_DEFAULT):
        """cm^2/keV per atom."""
        return self.n_electrons(T) * dcs_magnetic(T, E, mu_nu)

    def dcs_weak(self, T, E, flavour):
        """cm^2/keV per atom."""
        return self.n_electrons(T) * dcs_weak(T, E, flavour)

    def dcs_channel(self, T, E, channel):
        """Any channel of :mod:`nuion.cross_sections.channels`: its free-electron DCS per electron times n_electrons(T)."""
        return self.n_electrons(T) * channel.dcs_fe(T, E)


@dataclass(frozen=True)
class Stepping(FreeElectrons):
    """Stepping approximation: eq. (1) per electron x the electrons with binding < T.

    Attributes
    ----------
    shells : tuple of (str, float, int)
        (label, binding energy keV, electrons), e.g. :func:`xraydb_shells`.
    """

    shells: tuple = ()
    name: str = "stepping"

    @classmethod
    def from_element(cls, element):
        """Shells from the X-ray edges of ``element`` (xraydb)."""
        return cls(Z=int(sum(s[2] for s in xraydb_shells(element))), shells=xraydb_shells(element))

    @classmethod
    def from_target(cls, target):
        """Shells of a :class:`nuion.targets.Target` (label, binding, occupancy)."""
        shells = tuple((s.label, float(s.binding), int(s.occupancy)) for s in target.shells)
        return cls(Z=int(target.n_electrons), shells=shells)

    def n_electrons(self, T):
        T = np.asarray(T, dtype=float)
        out = np.zeros(T.shape)
        for _, binding, n in self.shells:
            out = out + n * (T > binding)
        return out


class Atom:
    r"""The atom's own magnetic DCS, plugged in from the real-atom engine.

    Either a table dsigma/dT(T, E) per atom on a grid (cm^2/keV at ``mu_ref``,
    interpolated linearly in (ln T, ln E); zero outside the T range; the last column
    is used for E above the grid, where the DCS no longer depends on E), or a function
    ratio(T, E) = dsigma_atom/dT / (Z x eq. (1)), the normalization of docs/physics.md.

    The weak rate uses the stepping approximation with ``shells`` (docs/rates.md,
    "Atomic models"); the flux integral starts at E = T (a bound electron can take up
    any T < E), not at the free-electron limit.

    Parameters
    ----------
    Z : int
        Electrons per atom.
    shells : tuple
        For the weak rate, as in :class:`Stepping`.
    table : (T, E, dcs), optional
        1-D grids (keV) and a 2-D array of shape (len(T), len(E)) in cm^2/keV per atom.
    ratio : callable, optional
        ratio(T, E), broadcasting.
    mu_ref : float
        Magnetic moment (Bohr magnetons) of the table.
    name : str
    """

    def __init__(self, Z, shells, table=None, ratio=None, mu_ref=MU_NU_DEFAULT, name="atom", T_range=None,
                 outside="zero", attrs=None, channel_ratios=None):
        if (table is None) == (ratio is None):
            raise ValueError("Atom needs exactly one of table=(T, E, dcs) or ratio=callable")
        if outside not in ("zero", "stepping"):
            raise ValueError(f"outside must be 'zero' or 'stepping', got {outside!r}")
        self.Z, self.name, self.mu_ref = int(Z), name, float(mu_ref)
        self._stepping = Stepping(Z=self.Z, shells=tuple(shells))
        self._ratio = ratio
        self._T_range = None if T_range is None else (float(T_range[0]), float(T_range[1]))
        self.outside = outside
        self.attrs = dict(attrs or {})
        #: {"weak:nuebar", "millicharge:5e-05", ...: ShellRatios} of the channels the atom has its own DCS for
        #: (:func:`channel_key`).
        self.channel_ratios = dict(channel_ratios or {})
        if table is not None:
            T, E, dcs = (np.asarray(a, dtype=float) for a in table)
            if dcs.shape != (T.size, E.size) or np.any(dcs < 0):
                raise ValueError(f"table dcs must be >= 0 with shape (len(T), len(E)) = {(T.size, E.size)}")
            self._T_range = (T[0], T[-1])
            self._E_max = E[-1]
            self._interp = RegularGridInterpolator((np.log(T), np.log(E)), dcs, bounds_error=False, fill_value=0.0)

    def n_electrons(self, T):
        return self._stepping.n_electrons(T)

    def e_min(self, T):
        return np.asarray(T, dtype=float)

    def in_grid(self, T):
        """True where T lies inside the atom's T range (everywhere without one)."""
        T = np.asarray(T, dtype=float)
        if self._T_range is None:
            return np.ones(T.shape, dtype=bool)
        return (T >= self._T_range[0]) & (T <= self._T_range[1])

    def dcs_magnetic(self, T, E, mu_nu=MU_NU_DEFAULT):
        T, E = np.broadcast_arrays(np.asarray(T, dtype=float), np.asarray(E, dtype=float))
        ok = E > T
        if self._ratio is not None:
            inside = self.in_grid(T)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(ok & inside, self._ratio(T, E) * self.Z * dcs_fe(T, E, mu_nu), 0.0)
            if self.outside == "stepping":  # labelled by in_grid (rates dataset: atom_in_grid)
                value = np.where(inside, value, self._stepping.dcs_magnetic(T, E, mu_nu))
            return value
        Ec = np.minimum(E, self._E_max)
        pts = np.stack([np.log(T), np.log(np.maximum(Ec, 1e-300))], axis=-1)
        inside = (T >= self._T_range[0]) & (T <= self._T_range[1])
        return np.where(ok & inside, self._interp(pts) * (mu_nu / self.mu_ref) ** 2, 0.0)

    def dcs_weak(self, T, E, flavour):
        if f"weak:{flavour}" in self.channel_ratios:
            return self.dcs_channel(T, E, Weak(flavour))
        return self._stepping.dcs_weak(T, E, flavour)

    @property
    def has_weak(self):
        """Whether the weak DCS is the atom's own (ratio tables of the weak channel), not stepping."""
        return any(k.startswith("weak:") for k in self.channel_ratios)

    def dcs_channel(self, T, E, channel):
        """DCS of a channel of :mod:`nuion.cross_sections.channels`: the atom's own where the atom
        has its ratio tables (:func:`nuion.integrals.dcs.channel_ratio_table`) and T lies in the
        grid, the stepping approximation elsewhere (labelled by ``in_grid``, ``channel_ratios``)."""
        if channel.name == "magnetic":
            return self.dcs_magnetic(T, E, channel.mu_nu)
        T, E = np.broadcast_arrays(np.asarray(T, dtype=float), np.asarray(E, dtype=float))
        ratio = self.channel_ratios.get(channel_key(channel))
        if ratio is None:
            return self._stepping.dcs_channel(T, E, channel)
        inside = self.in_grid(T)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where((E > T) & inside, ratio(T, E) * self.Z * channel.dcs_fe_formula(T, E), 0.0)
        return np.where(inside, value, self._stepping.dcs_channel(T, E, channel))


class ShellRatios:
    r"""ratio(T, E) of an atom from per-shell tables on (T, u = T/E), for :class:`Atom`.

    .. math:: \frac{d\sigma_{\rm atom}/dT}{Z\,d\sigma_{\rm FE}/dT}
              = \frac1Z \sum_{nl} \theta(T - B_{nl})\, r_{nl}(T, T/E)

    r_nl (:func:`nuion.integrals.dcs.ratio_table`) is interpolated linearly in (ln T, ln u) on the
    T nodes above B_nl only, so each shell's edge stays a step at B_nl (no smearing across it);
    between B_nl and its first node, and beyond the u nodes (E > T/u_min or E < T/u_max),
    the nearest node is used. T beyond the last node is the caller's business
    (:class:`Atom` with ``T_range``).

    Parameters
    ----------
    T : ndarray, shape (n,)
        keV.
    u : ndarray, shape (p,)
        Increasing T/E nodes.
    ratios : ndarray, shape (k, n, p)
    bindings : sequence, shape (k,)
        keV.
    Z : int
    """

    def __init__(self, T, u, ratios, bindings, Z):
        self.Z = int(Z)
        self._lnu = np.log(np.asarray(u, dtype=float))
        lnT = np.log(np.asarray(T, dtype=float))
        self._shells = []
        for r, b in zip(ratios, bindings, strict=True):
            rows = lnT > np.log(b)
            if rows.sum() == 0:
                continue
            x = lnT[rows] if rows.sum() > 1 else np.append(lnT[rows], lnT[rows] + 1.0)
            y = r[rows] if rows.sum() > 1 else np.vstack([r[rows], r[rows]])
            self._shells.append((float(b), x, RegularGridInterpolator((x, self._lnu), y)))

    def __call__(self, T, E):
        T, E = np.broadcast_arrays(np.asarray(T, dtype=float), np.asarray(E, dtype=float))
        with np.errstate(divide="ignore", invalid="ignore"):
            lnu = np.clip(np.log(T / E), self._lnu[0], self._lnu[-1])
        lnu = np.where(np.isfinite(lnu), lnu, self._lnu[0])
        lnT = np.log(np.maximum(T, 1e-300))
        total = np.zeros(T.shape)
        for b, x, f in self._shells:
            pts = np.stack([np.clip(lnT, x[0], x[-1]), lnu], axis=-1)
            total = total + np.where(T > b, f(pts), 0.0)
        return total / self.Z


def model(name, material, atom=None):
    """The atomic model ``name`` ("fe", "stepping", "atom") of ``material``.

    ``atom`` (an :class:`Atom`) is required for "atom"; stepping uses xraydb edges.
    """
    Z = MATERIALS[material][0] if material in MATERIALS else None
    if name == "fe":
        return FreeElectrons(Z=Z)
    if name == "stepping":
        return Stepping.from_element(material)
    if name == "atom":
        if atom is None:
            raise ValueError("model 'atom' needs the atom's DCS (table or ratio): none given")
        return atom
    raise ValueError(f"model must be fe, stepping or atom, got {name!r}")


def channel_key(channel):
    """Key of a channel's ratio tables in :attr:`Atom.channel_ratios`: "weak:nuebar", "millicharge:5e-05",
    "charge-radius:nue:0.0238...": the name, the flavour, and what the atom over free electrons depends on
    besides them: m_nu (keV) of the millicharge's photon pole, the g_V shift of the charge radius (not
    mu_nu or q_nu, which scale out). A table serves only the coupling it was computed at: the ratio of a
    quadratic in g_V to another is no quadratic (docs/channels.md, sec. 'Rates and limits')."""
    from nuion.cross_sections.channels import couplings

    parts = [channel.name] + ([channel.flavour] if getattr(channel, "flavour", None) else [])
    if channel.name == "millicharge":
        parts.append(f"{channel.m_nu:.9g}")
    if channel.name == "charge-radius":
        parts.append(f"{channel.gV - couplings(channel.flavour)[0]:.9g}")
    return ":".join(parts)
