r"""Neutrino sources: reactor antineutrinos and solar pp / 7Be neutrinos.

Every spectrum is a differential number in keV^-1 (per fission, per capture, or
per cm^2 s when it is a flux); energies E in keV. Physics and sources are in
docs/rates.md, sec. "Sources".

Reactor (electron antineutrinos)
    per-isotope spectra per fission, exp of a 5th-order polynomial in E (MeV),
    2-8 MeV: Huber [1] for U-235, Pu-239, Pu-241, Mueller et al. [2] for U-238;
    below 2 MeV the summation-method spectra of BESTIOLE 2023 [8] (default), or the
    exp-quadratic shapes of Vogel & Engel [3] scaled to join [1, 2] at 2 MeV (the
    prescriptions and their spread are in :func:`fission_spectrum`); neutron capture
    on U-238 adds the antineutrinos of
    U-239 and Np-239 beta decay (:func:`capture_spectrum`); energies per fission
    of Ma et al. [4]; flux = P_th / <E_f> x (antineutrinos per fission) / (4 pi L^2).
Solar (electron neutrinos at production)
    pp continuum (allowed beta+ shape, as in Bahcall's pp spectrum [5]), 7Be lines
    (861.8 keV 89.7 %, 384.3 keV 10.3 %) and the pep line (1442 keV), fluxes of the
    B16-GS98 standard solar model [6]; survival probability P_ee of the
    vacuum-averaged three-flavour formula (MSW-LMA, low-energy limit) with PDG mixing
    angles [7].

References
----------
.. [1] P. Huber, Phys. Rev. C 84 (2011) 024617, Table III.
.. [2] Th. A. Mueller et al., Phys. Rev. C 83 (2011) 054615, Table VI.
.. [3] P. Vogel, J. Engel, Phys. Rev. D 39 (1989) 3378, Table I.
.. [4] X. B. Ma, W. L. Zhong, L. Z. Wang, Y. X. Chen, J. Cao, Phys. Rev. C 88 (2013) 014605.
.. [5] J. N. Bahcall, Neutrino Astrophysics (Cambridge, 1989), ch. 6; J. N. Bahcall,
       Phys. Rev. C 56 (1997) 3391.
.. [6] N. Vinyoles et al., Astrophys. J. 835 (2017) 202, Table 6 (B16-GS98).
.. [7] R. L. Workman et al. (Particle Data Group), PTEP 2022 (2022) 083C01,
       "Neutrino mixing": sin^2 theta_12 = 0.307, sin^2 theta_13 = 0.0219.
.. [8] L. Perisse et al., "A comprehensive revision of the summation method for the
       prediction of reactor antineutrino fluxes and spectra", arXiv:2304.14992 (2023),
       ancillary file BESTIOLE_2023.root; numbers in
       ``nuion/data/reactor/bestiole2023_below_2MeV.txt`` with their provenance.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
from scipy import constants as _c

from nuion._quadrature import panel_rule, subdivide
from nuion.constants import ALPHA, M_E

__all__ = [
    "ISOTOPES",
    "HUBER_MUELLER",
    "VOGEL_ENGEL",
    "LOW_ENERGY",
    "summation_table",
    "ENERGY_PER_FISSION",
    "FISSION_FRACTIONS",
    "CAPTURES_PER_FISSION",
    "B16_GS98",
    "BE7_LINES",
    "PEP_LINE",
    "NeutrinoFlux",
    "gauss_panels",
    "beta_spectrum",
    "fission_spectrum",
    "capture_spectrum",
    "reactor_spectrum",
    "reactor_knots",
    "mean_energy_per_fission",
    "fission_rate",
    "reactor_flux",
    "pp_spectrum",
    "survival_probability",
    "solar_flux",
]

ISOTOPES = ("U235", "U238", "Pu239", "Pu241")

#: ln(dN/dE per MeV per fission) = sum_k a_k E^k (E in MeV), 2-8 MeV.
#: U235, Pu239, Pu241: Huber [1] Table III; U238: Mueller et al. [2] Table VI.
#: Checked against a second source: the same 24 numbers in murataltinli/ERNIE,
#: src/Reactor_Antineutrino_Flux.cc (citing [1], [2]) (docs/rates.md, "Fact check").
HUBER_MUELLER = {
    "U235": (4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777),
    "U238": (0.4833, 0.1927, -0.1283, -0.006762, 0.002233, -0.0001536),
    "Pu239": (4.757, -5.392, 2.563, -0.6596, 0.07820, -0.003536),
    "Pu241": (2.990, -2.882, 1.278, -0.3343, 0.03905, -0.001754),
}

#: ln(dN/dE per MeV per fission) = a0 + a1 E + a2 E^2 (E in MeV), Vogel & Engel [3] Table I.
VOGEL_ENGEL = {
    "U235": (0.870, -0.160, -0.0910),
    "U238": (0.976, -0.162, -0.0790),
    "Pu239": (0.896, -0.239, -0.0981),
    "Pu241": (0.793, -0.080, -0.1085),
}

#: Energy released per fission in MeV, Ma et al. [4] (202.36, 205.99, 211.12, 214.26);
#: the same four numbers in murataltinli/ERNIE, src/Reactor_Antineutrino_Flux.cc (citing [4]).
ENERGY_PER_FISSION = {"U235": 202.36, "U238": 205.99, "Pu239": 211.12, "Pu241": 214.26}

#: Representative fission fractions of a PWR in mid-cycle (configuration; the value
#: each preset uses is in config/presets.yaml with its source).
FISSION_FRACTIONS = {"U235": 0.58, "U238": 0.07, "Pu239": 0.30, "Pu241": 0.05}

#: Radiative captures U-238(n, gamma) per fission in a PWR, ~0.6: **assumed**. It was
#: attributed to Kopeikin, Mikaelyan, Sinev, Phys. At. Nucl. 67 (2004) 1892, but that paper
#: ("Reactor as a source of antineutrinos: thermal fission energy", hep-ph/0410100) is about
#: the energy per fission; the number 0.6 was not found in a readable copy of it (docs/rates.md,
#: "Fact check"). Each capture gives two antineutrinos (U-239, Np-239).
CAPTURES_PER_FISSION = 0.6

#: Join of the low-energy prescription and the 2-8 MeV fits (keV), and the end of the
#: spectrum (keV): the fits are extrapolated from 8 to 10 MeV (< 1e-3 of the number).
E_JOIN = 2000.0
E_MAX_REACTOR = 10000.0

#: Prescriptions below 2 MeV (:func:`fission_spectrum`); the first is the default.
LOW_ENERGY = ("summation", "summation-scaled", "vogel-engel", "vogel-engel-raw")

#: Width of the bins of the summation table [8], keV.
SUMMATION_BIN = 25.0

#: Beta decays after neutron capture on U-238: (name, Q_beta keV, Z of the daughter).
#: Q values: U-239 -> Np-239 1261.6 keV, Np-239 -> Pu-239 722.5 keV (ENSDF via NNDC).
#: Checked: the atomic-mass differences of the NIST isotope masses (Python package
#: periodictable 2.1) give 1261.7 and 722.7 keV, within 0.2 keV (below the ~1 keV uncertainty).
CAPTURE_DECAYS = (("U239", 1261.6, 93), ("Np239", 722.5, 94))

#: B16-GS98 fluxes at 1 AU in cm^-2 s^-1 [6]: pp 5.98e10 (+-0.6 %), pep 1.44e8 (+-1 %),
#: 7Be 4.93e9 (+-6 %). Table 6 of [6] itself was not read in the fact check (docs/rates.md,
#: "Fact check"); the same values and uncertainties are in public codes citing [6] (secondary).
B16_GS98 = {"pp": 5.98e10, "pep": 1.44e8, "Be7": 4.93e9}

#: 7Be electron-capture lines: (energy keV, branching) - 89.7 % to the ground state of
#: 7Li, 10.3 % to its 478 keV level.
BE7_LINES = ((861.8, 0.897), (384.3, 0.103))

#: pep line energy in keV.
PEP_LINE = 1442.2

#: Endpoint of the pp neutrino spectrum, keV (Q of p + p -> d + e+ + nu, minus 2 m_e).
PP_ENDPOINT = 423.4

#: Mixing angles of the survival probability [7]. Unconfirmed: the PDG 2022 table was not found
#: in a readable copy; sin^2 theta_13 = 0.0218-0.0220 (PDG 2020-2024) moves P_ee by < 2e-4.
SIN2_THETA12 = 0.307
SIN2_THETA13 = 0.0219


def gauss_panels(knots, n_nodes=16, n_sub=1):
    """Gauss-Legendre nodes and weights on the panels between ``knots``.

    Parameters
    ----------
    knots : array_like, shape (k,)
        Increasing panel edges (keV).
    n_nodes : int
        Nodes per panel.
    n_sub : int
        Equal subdivisions of each panel (convergence studies).

    Returns
    -------
    (ndarray, ndarray)
        Nodes and weights, flattened.
    """
    return panel_rule(subdivide(knots, n_sub), n_nodes)


@dataclass(frozen=True)
class NeutrinoFlux:
    r"""A neutrino flux at the detector: a continuum and lines.

    Attributes
    ----------
    name : str
        Label (preset or source).
    continuum : callable
        E (keV) -> d phi/dE in cm^-2 s^-1 keV^-1, zero outside [0, knots[-1]].
    knots : tuple of float
        Increasing panel edges (keV) at the kinks of the continuum; the last is its end.
    lines : tuple of (float, float)
        Monoenergetic lines (E keV, phi in cm^-2 s^-1).
    antineutrino : bool
        True for reactor electron antineutrinos.
    p_ee : float
        Electron-flavour survival probability at the detector (1 for a reactor at < 100 m);
        the rest, 1 - p_ee, arrives as nu_mu / nu_tau.
    """

    name: str
    continuum: object
    knots: tuple
    lines: tuple = ()
    antineutrino: bool = False
    p_ee: float = 1.0
    meta: dict = field(default_factory=dict, compare=False)

    def total(self, n_nodes=16, n_sub=4):
        """Total flux in cm^-2 s^-1 (continuum by Gauss-Legendre panels, plus lines)."""
        E, w = gauss_panels(self.knots, n_nodes, n_sub)
        return float(np.sum(w * self.continuum(E)) + sum(phi for _, phi in self.lines))


def _fermi_nr(Z, W, p):
    """Nonrelativistic Fermi function 2 pi eta / (1 - exp(-2 pi eta)), eta = alpha Z W / p.

    Z > 0 for beta- (electron), Z < 0 for beta+ (positron); W total energy and p
    momentum of the charged lepton in units of m_e.
    """
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        x = 2.0 * np.pi * ALPHA * Z * W / p
        return np.where(p > 0, x / -np.expm1(-x), 1.0 if Z == 0 else (np.inf if Z > 0 else 0.0))


def _allowed_shape(E, Q, Z):
    """Unnormalized allowed neutrino spectrum E^2 p W F(Z, W), E and Q in keV."""
    E = np.asarray(E, dtype=float)
    inside = (E >= 0) & (E < Q)
    W = np.where(inside, (Q - E + M_E) / M_E, 1.0)
    p = np.sqrt(np.maximum(W * W - 1.0, 0.0))
    with np.errstate(invalid="ignore"):
        value = (E / M_E) ** 2 * p * W * _fermi_nr(Z, W, p)
    return np.where(inside & (p > 0), value, 0.0)


_BETA_NORMS = {}


def beta_spectrum(E, Q, Z):
    r"""Allowed beta-decay neutrino spectrum, normalized to one neutrino per decay.

    .. math::
        \frac{dN}{dE_\nu} \propto E_\nu^2\, p_e W_e\, F(Z, W_e), \qquad
        W_e = (Q - E_\nu + m_e)/m_e, \quad p_e = \sqrt{W_e^2 - 1}

    (allowed shape; e.g. Bahcall, Neutrino Astrophysics, ch. 6), with the
    nonrelativistic Fermi function F = 2 pi eta/(1 - e^{-2 pi eta}), eta = alpha Z W/p.

    Parameters
    ----------
    E : array_like
        Neutrino energy in keV.
    Q : float
        Endpoint (kinetic energy release to the leptons) in keV.
    Z : int
        Charge of the daughter nucleus; negative for beta+ (positron emission).

    Returns
    -------
    ndarray
        keV^-1, zero outside 0 <= E < Q.

    Notes
    -----
    One branch at the ground-state Q value; forbidden shape factors, finite size and
    radiative corrections are neglected (percent-level on the shape).

    Examples
    --------
    >>> E, w = gauss_panels([0.0, 722.5], 32, 4)
    >>> bool(np.isclose(np.sum(w * beta_spectrum(E, 722.5, 94)), 1.0, rtol=1e-10))
    True
    """
    key = (float(Q), int(Z))
    if key not in _BETA_NORMS:
        # panels refined towards the endpoint, where exp(-2 pi eta) varies fast (beta+)
        En, wn = gauss_panels([0.0, *(Q * (1.0 - 10.0 ** -np.arange(1.0, 7.0))), Q], 32, 4)
        _BETA_NORMS[key] = float(np.sum(wn * _allowed_shape(En, Q, Z)))
    return _allowed_shape(E, Q, Z) / _BETA_NORMS[key]


def _exp_poly(E_MeV, coeffs):
    return np.exp(np.polynomial.polynomial.polyval(E_MeV, coeffs))


def _check_isotope(isotope):
    if isotope not in ISOTOPES:
        raise ValueError(f"isotope must be one of {', '.join(ISOTOPES)}; got {isotope!r}")


@cache
def summation_table():
    r"""The summation-method spectra of BESTIOLE 2023 [8] below 2 MeV, per fission.

    Returns
    -------
    edges : ndarray, shape (81,)
        Bin edges in keV, 0 to 2000 in steps of 25.
    density : dict of str to ndarray, shape (80,)
        Bin averages of dN/dE in antineutrinos per keV per fission, by isotope.
    join : dict of str to float
        The table's bin average over 2000-2025 keV (per keV per fission), the first bin
        above the join, used only to scale ``low_energy="summation-scaled"``.

    Notes
    -----
    Read from ``nuion/data/reactor/bestiole2023_below_2MeV.txt`` (per MeV in the file).
    Fission products at equilibrium (cumulative yields): thermal fission of U-235,
    Pu-239, Pu-241, fast fission of U-238; long-lived products (half-lives of years
    and more), which a core in operation has not accumulated to equilibrium, are
    counted in full (docs/rates.md, sec. "Sources").
    """
    text = resources.files("nuion").joinpath("data", "reactor", "bestiole2023_below_2MeV.txt").read_text()
    rows = np.array([[float(x) for x in line.split()] for line in text.splitlines()
                     if line.strip() and not line.startswith("#")])
    lo, hi = 1e3 * rows[:, 0], 1e3 * rows[:, 1]
    inside = hi <= E_JOIN + 1e-9
    edges = np.append(lo[inside], hi[inside][-1])
    if not (np.allclose(np.diff(edges), SUMMATION_BIN) and edges[0] == 0.0 and edges[-1] == E_JOIN):
        raise ValueError("summation table: bins must be 25 keV from 0 to 2000 keV")
    density = {name: 1e-3 * rows[inside, 2 + k] for k, name in enumerate(ISOTOPES)}
    (j,) = np.flatnonzero(np.isclose(lo, E_JOIN))
    join = {name: 1e-3 * rows[j, 2 + k] for k, name in enumerate(ISOTOPES)}
    return edges, density, join


def _huber_mueller_bin_average(isotope, a, b, n=16):
    """Average of the 2-8 MeV fit over [a, b] keV (Gauss-Legendre, n nodes)."""
    E, w = gauss_panels([a, b], n)
    return float(np.sum(w * 1e-3 * _exp_poly(E / 1e3, HUBER_MUELLER[isotope])) / (b - a))


def fission_spectrum(E, isotope, low_energy="summation"):
    r"""Antineutrinos per fission and keV of one fissile isotope.

    .. math::
        S_i(E) = \begin{cases}
          10^{-3}\exp\sum_{k=0}^{5} a_{ik} E_{\rm MeV}^k & 2\ \text{MeV} \le E \le 10\ \text{MeV}
            \quad\text{(Huber [1]; Mueller [2] for U-238)} \\
          c_i\,\rho_{ib} & E < 2\ \text{MeV, in bin } b \quad\text{(summation [8])} \\
          c_i\,10^{-3}\exp(b_{i0} + b_{i1} E_{\rm MeV} + b_{i2} E_{\rm MeV}^2) & E < 2\ \text{MeV}
            \quad\text{(Vogel \& Engel [3])}
        \end{cases}

    Parameters
    ----------
    E : array_like
        Antineutrino energy in keV.
    isotope : {"U235", "U238", "Pu239", "Pu241"}
    low_energy : {"summation", "summation-scaled", "vogel-engel", "vogel-engel-raw"}
        Below 2 MeV:

        - ``"summation"`` (default): the 25 keV histogram rho_ib of BESTIOLE 2023 [8]
          (:func:`summation_table`), c_i = 1, as published. It does not join the fits
          continuously: over 2.000-2.025 MeV the table is 0.9466 (U-235), 1.0785
          (U-238), 0.9725 (Pu-239), 1.0151 (Pu-241) times the fits.
        - ``"summation-scaled"``: the same, c_i = the inverse of those ratios (the
          fit's average over 2.000-2.025 MeV over the table's).
        - ``"vogel-engel"``: the exp-quadratic of [3] with c_i fixed by continuity at
          2 MeV; ``"vogel-engel-raw"``: unscaled, c_i = 1.

    Returns
    -------
    ndarray
        Antineutrinos per fission per keV; zero above 10 MeV.

    Notes
    -----
    The fits [1, 2] are valid from 2 to 8 MeV; extrapolated to 10 MeV they add < 1e-3
    of the number per fission. Below 2 MeV no conversion measurement exists. The
    summation table [8] is for fission products at equilibrium (cumulative yields),
    which counts long-lived products fully; the spread of the prescriptions is in
    docs/rates.md, sec. "Sources". Fission fragments only: captures on U-238 are
    :func:`capture_spectrum`.

    Examples
    --------
    >>> s = fission_spectrum([1999.999, 2000.0], "U235", "vogel-engel")
    >>> bool(np.isclose(s[0], s[1], rtol=1e-5))
    True
    >>> round(float(fission_spectrum(1990.0, "U235")) * 1e3, 5)  # per MeV, last bin of [8]
    1.25433
    """
    _check_isotope(isotope)
    if low_energy not in LOW_ENERGY:
        raise ValueError(f"low_energy must be one of {', '.join(LOW_ENERGY)}; got {low_energy!r}")
    E = np.asarray(E, dtype=float)
    x = E / 1e3
    high = 1e-3 * _exp_poly(x, HUBER_MUELLER[isotope])
    if low_energy.startswith("summation"):
        edges, density, join = summation_table()
        b = np.clip(np.searchsorted(edges, E, side="right") - 1, 0, len(density[isotope]) - 1)
        low = density[isotope][b]
        if low_energy == "summation-scaled":
            low = low * _huber_mueller_bin_average(isotope, E_JOIN, E_JOIN + SUMMATION_BIN) / join[isotope]
    else:
        low = 1e-3 * _exp_poly(x, VOGEL_ENGEL[isotope])
        if low_energy == "vogel-engel":
            x0 = E_JOIN / 1e3
            low = low * _exp_poly(x0, HUBER_MUELLER[isotope]) / _exp_poly(x0, VOGEL_ENGEL[isotope])
    return np.where(E < 0, 0.0, np.where(E < E_JOIN, low, np.where(E <= E_MAX_REACTOR, high, 0.0)))


def capture_spectrum(E):
    r"""Antineutrinos per neutron capture on U-238 and per keV: U-239 and Np-239 beta decays.

    .. math::
        S_c(E) = B(E; Q_{U239}, 93) + B(E; Q_{Np239}, 94)

    with B the allowed spectrum of :func:`beta_spectrum`; integrates to 2.

    Parameters
    ----------
    E : array_like
        keV.

    Returns
    -------
    ndarray
        Antineutrinos per capture per keV (below 1.262 MeV).

    Notes
    -----
    Each decay is taken as one allowed branch at its ground-state Q value; the real
    decays feed excited states, which lowers the mean antineutrino energy. The number
    per capture (2) is exact; the magnetic rate at T << E depends mostly on it.
    """
    return sum(beta_spectrum(E, Q, Z) for _, Q, Z in CAPTURE_DECAYS)


def _fractions(fractions):
    fractions = dict(FISSION_FRACTIONS if fractions is None else fractions)
    for name in fractions:
        _check_isotope(name)
    total = sum(fractions.values())
    if not np.isclose(total, 1.0, atol=1e-6) or min(fractions.values()) < 0:
        raise ValueError(f"fission fractions must be >= 0 and sum to 1, got {fractions} (sum {total:.6g})")
    return fractions


def reactor_spectrum(E, fractions=None, captures_per_fission=CAPTURES_PER_FISSION, low_energy="summation"):
    r"""Antineutrinos per fission and keV of a reactor core.

    .. math:: S(E) = \sum_i f_i S_i(E) + n_c\, S_c(E)

    Parameters
    ----------
    E : array_like
        keV.
    fractions : dict, optional
        Fission fractions f_i by isotope (sum 1); default :data:`FISSION_FRACTIONS`.
    captures_per_fission : float
        n_c, U-238 (n, gamma) captures per fission.
    low_energy : str
        See :func:`fission_spectrum`.

    Returns
    -------
    ndarray
        Antineutrinos per fission per keV.
    """
    fractions = _fractions(fractions)
    out = captures_per_fission * capture_spectrum(E)
    for name, f in fractions.items():
        out = out + f * fission_spectrum(E, name, low_energy)
    return out


def mean_energy_per_fission(fractions=None):
    r"""<E_f> = sum_i f_i E_i in MeV, with E_i of Ma et al. [4]."""
    fractions = _fractions(fractions)
    return float(sum(f * ENERGY_PER_FISSION[name] for name, f in fractions.items()))


def fission_rate(power_GW, fractions=None):
    r"""Fissions per second of a core of thermal power P_th: P_th / <E_f>.

    Parameters
    ----------
    power_GW : float
        Thermal power in GW.
    fractions : dict, optional
        Fission fractions.

    Returns
    -------
    float
        s^-1.

    Examples
    --------
    >>> round(fission_rate(3.0, {"U235": 1.0}) / 1e19, 3)
    9.253
    """
    return power_GW * 1e9 / (mean_energy_per_fission(fractions) * 1e6 * _c.electron_volt)


#: Panel edges of the reactor spectrum (keV) with the smooth low-energy prescriptions
#: ("vogel-engel", "vogel-engel-raw"): its kinks (capture endpoints, 2 MeV join).
REACTOR_KNOTS = (0.0, 300.0, 722.5, 1261.6, 2000.0, 3000.0, 4000.0, 6000.0, 8000.0, E_MAX_REACTOR)


def reactor_knots(low_energy="summation"):
    """Panel edges (keV) of the reactor spectrum for a low-energy prescription.

    The summation histogram adds its 25 keV bin edges below 2 MeV to
    :data:`REACTOR_KNOTS`, so that no quadrature panel straddles a step.

    Examples
    --------
    >>> len(reactor_knots()), len(reactor_knots("vogel-engel"))
    (88, 10)
    """
    if not str(low_energy).startswith("summation"):
        return REACTOR_KNOTS
    return tuple(float(k) for k in np.union1d(summation_table()[0], REACTOR_KNOTS))


def reactor_flux(power_GW, distance_m, fractions=None, captures_per_fission=CAPTURES_PER_FISSION,
                 low_energy="summation", name="reactor"):
    r"""Antineutrino flux at distance L from a reactor core (point source, no oscillation).

    .. math:: \frac{d\phi}{dE} = \frac{P_{th}}{\langle E_f\rangle}\,\frac{S(E)}{4\pi L^2}

    Parameters
    ----------
    power_GW : float
        Thermal power in GW.
    distance_m : float
        Distance from the core centre in m.
    fractions, captures_per_fission, low_energy
        See :func:`reactor_spectrum`.
    name : str
        Label.

    Returns
    -------
    NeutrinoFlux
        Continuum in cm^-2 s^-1 keV^-1, p_ee = 1 (oscillation lengths >> 100 m at these E).
    """
    if not (power_GW > 0 and distance_m > 0):
        raise ValueError(f"power_GW and distance_m must be > 0, got {power_GW!r}, {distance_m!r}")
    if low_energy not in LOW_ENERGY:
        raise ValueError(f"low_energy must be one of {', '.join(LOW_ENERGY)}; got {low_energy!r}")
    fractions = _fractions(fractions)
    scale = fission_rate(power_GW, fractions) / (4.0 * np.pi * (distance_m * 100.0) ** 2)

    def continuum(E):
        return scale * reactor_spectrum(E, fractions, captures_per_fission, low_energy)

    meta = {"power_GW": power_GW, "distance_m": distance_m, "captures_per_fission": captures_per_fission,
            "low_energy": low_energy,
            "fissions_per_s": fission_rate(power_GW, fractions), "mean_energy_per_fission_MeV":
            mean_energy_per_fission(fractions), **{f"fraction_{k}": v for k, v in fractions.items()}}
    return NeutrinoFlux(name, continuum, reactor_knots(low_energy), (), True, 1.0, meta)


def pp_spectrum(E):
    r"""Normalized pp neutrino spectrum (per keV): allowed beta+ shape of p + p -> d + e+ + nu_e.

    .. math::
        \frac{dN}{dE_\nu} \propto E_\nu^2\, p_e W_e\, F(-1, W_e),\qquad
        W_e = (Q - E_\nu + m_e)/m_e,\ Q = 423.4\ \text{keV}

    the shape of Bahcall's pp spectrum [5] (positron Fermi function of the deuteron,
    Z = 1; the small corrections of Bahcall 1997 are neglected).

    Parameters
    ----------
    E : array_like
        keV.

    Returns
    -------
    ndarray
        keV^-1, integrates to 1 over [0, 423.4 keV].
    """
    return beta_spectrum(E, PP_ENDPOINT, -1)


def survival_probability(sin2_theta12=SIN2_THETA12, sin2_theta13=SIN2_THETA13):
    r"""Vacuum-averaged nu_e survival probability (MSW-LMA below ~1 MeV).

    .. math:: P_{ee} = \cos^4\theta_{13}\left(1 - \tfrac12\sin^2 2\theta_{12}\right) + \sin^4\theta_{13}

    Parameters
    ----------
    sin2_theta12, sin2_theta13 : float
        Mixing angles (PDG 2022 [7] by default).

    Returns
    -------
    float
        0.550 for the defaults.

    Notes
    -----
    Matter effects in the Sun lower P_ee at 862 keV by about 0.01-0.02 relative to this
    value; they are neglected here (pp and 7Be are vacuum dominated).

    Examples
    --------
    >>> round(survival_probability(), 3)
    0.55
    """
    s12, s13 = sin2_theta12, sin2_theta13
    return (1 - s13) ** 2 * (1 - 0.5 * 4 * s12 * (1 - s12)) + s13**2


#: Panel edges of the pp spectrum (keV), refined towards the endpoint where the positron
#: Coulomb factor exp(-2 pi alpha W/p) switches the spectrum off.
SOLAR_KNOTS = (0.0, 100.0, 200.0, 300.0, 400.0, *(PP_ENDPOINT * (1.0 - 10.0 ** -np.arange(2.0, 6.0))), PP_ENDPOINT)


def solar_flux(fluxes=None, p_ee=None, include_pep=True, name="solar"):
    r"""Solar pp + 7Be (+ pep) neutrino flux at the Earth (B16-GS98 [6] by default).

    .. math::
        \frac{d\phi}{dE} = \Phi_{pp}\,\lambda_{pp}(E) + \Phi_{Be}\sum_k b_k\,\delta(E - E_k)
                           + \Phi_{pep}\,\delta(E - E_{pep})

    Parameters
    ----------
    fluxes : dict, optional
        {"pp", "Be7", "pep"} in cm^-2 s^-1; default :data:`B16_GS98`.
    p_ee : float, optional
        nu_e survival probability; default :func:`survival_probability`.
    include_pep : bool
        Add the pep line.
    name : str
        Label.

    Returns
    -------
    NeutrinoFlux
    """
    fluxes = dict(B16_GS98 if fluxes is None else fluxes)
    p_ee = survival_probability() if p_ee is None else float(p_ee)
    lines = tuple((E, fluxes["Be7"] * b) for E, b in BE7_LINES)
    if include_pep:
        lines += ((PEP_LINE, fluxes["pep"]),)
    phi_pp = fluxes["pp"]

    def continuum(E):
        return phi_pp * pp_spectrum(E)

    meta = {"p_ee": p_ee, **{f"flux_{k}": v for k, v in fluxes.items()}}
    return NeutrinoFlux(name, continuum, SOLAR_KNOTS, lines, False, p_ee, meta)
