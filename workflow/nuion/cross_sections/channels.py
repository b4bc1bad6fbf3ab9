r"""Every neutrino-electron channel as Q weights over the responses S and R of any target.

A channel turns the responses of a target into a DCS through

.. math::
    \frac{d\sigma}{dT} = \sum_{F \in \{S, R\}} \int_{Q_{lo}}^{Q_{hi}}
        \Big[\sum_p c_{F,p}(T, E)\, Q^p\Big] F(T, Q)\, d\ln Q
      \;+\; c_{\rm sing}(T, E) \int_{Q4_{min}}^{Q_{hi} - T^2} \frac{T^2 R(T, Q)}{Q^2}\, d\ln Q_4
      \;+\; c_{\rm ph}(T, E)\, \frac{R(T, T^2)}{T^2}

with Q = q^2, Q4 = Q - T^2 (minus the four-momentum transfer squared). The powers p are those of
:data:`nuion.integrals.qintegrals.POWERS`, so the grid stage integrates every term exactly
against its interpolant of ln F; only the photon-exchange channel (the millicharge) has the
last two terms, its transverse photon pole (docs/channels.md, sec. 'Millicharge').

=============== ============================================================ ==================
channel         d2sigma/dT dQ (nonrelativistic electrons, independent shells) source
=============== ============================================================ ==================
magnetic        eqs. (5), (6) of [1] (:mod:`nuion.cross_sections.magnetic`)   [1]
weak            (G_F^2/2pi)(E'/E) [g_V^2 (1-x) + g_A^2 (1+x)                  [2], [3], docs/
                + g_V g_A (E+E') Q4/(2 m_e E E')] S                          channels.md
charge-radius   weak with g_V -> g_V + (sqrt(2) pi alpha/(3 G_F)) <r^2>       [3]
millicharge     4 pi alpha^2 dq^2 (E'/E) {(1-x) S/Q^2                         [4], [5], docs/
                + [(1-x)/Q + 1/(2EE')] R/Q4}, Q4 >= m_nu^2 T^2/(E E')         channels.md
=============== ============================================================ ==================

x = Q4/(4 E E'), E' = E - T. Every formula is derived in docs/channels.md; each channel's
free-electron limit (S = delta(T - Q/2m_e), R = 0: :meth:`Channel.dcs_fe_model`) is checked
against its closed form in tests/test_channels.py, and against the relativistic free-electron
formula (:meth:`Channel.dcs_fe`) to the order the nonrelativistic reduction keeps.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
.. [2] B. Kayser et al., Phys. Rev. D 20 (1979) 87; the free-electron DCS as in
       nuion.detectors.rates.dcs_weak.
.. [3] C. Giunti, A. Studenikin, Rev. Mod. Phys. 87 (2015) 531 (charge radius, anapole,
       millicharge on free electrons).
.. [4] J.-W. Chen et al., Phys. Lett. B 731 (2014) 159, arXiv:1405.7168 (millicharge, atomic ionization,
       MCRRPA; abstract only read: docs/channels.md, sec. 'The forward divergence').
.. [5] K. A. Kouzakov, A. I. Studenikin, Phys. Rev. D 95 (2017) 055013 (massive neutrinos).
"""

from typing import NamedTuple

import numpy as np
from scipy import constants as _c

from nuion.constants import ALPHA, HBAR_C_CM_KEV, M_E, MU_NU_DEFAULT
from nuion.cross_sections import magnetic

__all__ = [
    "G_F",
    "SIN2_THETA_W",
    "M_NU_DEFAULT",
    "CHANNELS",
    "FLAVOURS",
    "QTerm",
    "Channel",
    "Magnetic",
    "Weak",
    "ChargeRadius",
    "Millicharge",
    "couplings",
    "charge_radius_shift",
    "get",
    "beside_magnetic",
]

#: Fermi constant in keV^-2 (scipy.constants, CODATA).
G_F = _c.physical_constants["Fermi coupling constant"][0] * 1e-12
#: sin^2 theta_W at low momentum transfer (PDG 2022, "Electroweak model": 0.23857), as the rates use.
SIN2_THETA_W = 0.23857
#: Neutrino mass (keV) that regulates the millicharge's transverse photon pole by default: 0.05 eV,
#: about sqrt(Delta m^2_atm) (docs/channels.md, sec. 'The forward divergence').
M_NU_DEFAULT = 0.05e-3
#: Channel names of the command line and the datasets.
CHANNELS = ("magnetic", "weak", "millicharge", "charge-radius")
#: Flavours: nu_e, nu_mu (= nu_tau) and their antineutrinos.
FLAVOURS = ("nue", "nuebar", "numu", "numubar")
_CM2 = HBAR_C_CM_KEV**2


def couplings(flavour, sin2w=SIN2_THETA_W):
    r"""Effective couplings (g_V, g_A) of neutrino-electron scattering, charged + neutral current.

    nu_e: g_V = 1/2 + 2 s_W^2, g_A = 1/2; nu_mu, nu_tau: g_V = -1/2 + 2 s_W^2, g_A = -1/2;
    antineutrinos g_A -> -g_A ([3], sec. 'Neutrino-electron elastic scattering').

    Examples
    --------
    >>> gV, gA = couplings("nuebar")
    >>> bool(np.isclose(gV, 0.5 + 2 * SIN2_THETA_W)), gA
    (True, -0.5)
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour must be one of {', '.join(FLAVOURS)}; got {flavour!r}")
    electron = flavour.startswith("nue")
    gV = 2.0 * sin2w + (0.5 if electron else -0.5)
    gA = 0.5 if electron else -0.5
    return gV, (-gA if flavour.endswith("bar") else gA)


def charge_radius_shift(r2_cm2, anapole_cm2=0.0):
    r"""Shift of g_V by a neutrino charge radius and anapole moment ([3], sec. 'Charge radius').

    .. math:: g_V \to g_V + \frac{\sqrt2\,\pi\alpha}{3 G_F}\,\big(\langle r^2\rangle - 6a\big)

    Convention: <r^2> = -6 dF_Q/dq^2 at q^2 = 0 (the one of [3]; papers that write
    <r^2>/6 in the form factor, or (2/3) instead of 1/3, differ by a factor 2 in the quoted
    limits). For left-handed ultrarelativistic neutrinos the anapole moment a (cm^2) enters
    only in the combination <r^2> - 6a ([3]); the same shift applies to antineutrinos
    (their g_A changes sign, g_V and the shift do not).

    Parameters
    ----------
    r2_cm2, anapole_cm2 : float
        cm^2.

    Returns
    -------
    float
        Dimensionless.

    Examples
    --------
    >>> bool(np.isclose(charge_radius_shift(1e-32), 0.0238, rtol=2e-2))
    True
    """
    r2_kev = (r2_cm2 - 6.0 * anapole_cm2) / _CM2
    return np.sqrt(2.0) * np.pi * ALPHA / (3.0 * G_F) * r2_kev


class QTerm(NamedTuple):
    """One response's weight sum_p c_p Q^p per d ln Q (cm^2/keV per keV^-1 of response), over [q_lo, q_hi] (keV^2)."""

    response: str
    coefficients: dict
    q_lo: np.ndarray
    q_hi: np.ndarray


class Channel:
    """A channel: Q weights over S and R (:meth:`terms`), the photon pole (:meth:`pole`), free electrons."""

    name = "channel"

    def terms(self, T, E):  # pragma: no cover - interface
        raise NotImplementedError

    def pole(self, T, E):
        """Photon-pole coefficients (c_sing, c_ph, Q4_min) in cm^2/keV per keV^-1, or None (no pole)."""
        return None

    def dcs_fe(self, T, E):  # pragma: no cover - interface
        raise NotImplementedError

    def dcs_fe_formula(self, T, E):  # pragma: no cover - interface
        """The free-electron formula of :meth:`dcs_fe` without the endpoint cut."""
        raise NotImplementedError

    def dcs_fe_model(self, T, E):
        r"""The channel's own free-electron limit: S = delta(T - Q/2m_e), R = 0 in :meth:`terms`.

        .. math:: \frac{d\sigma}{dT} = \frac1T \sum_p c_{S,p}\,(2 m_e T)^p
                  \quad\text{where } Q_{lo} \le 2 m_e T \le Q_{hi}

        (Int delta(T - Q/2m_e) dQ/Q = 1/T). cm^2/keV per electron.
        """
        T = np.asarray(T, dtype=float)
        E = np.asarray(E, dtype=float) * np.ones_like(T)
        Q = 2.0 * M_E * T
        total = np.zeros(np.broadcast(T, E).shape)
        for term in self.terms(T, E):
            if term.response != "S":
                continue
            inside = (Q >= term.q_lo) & (Q <= term.q_hi)
            total = total + np.where(inside, sum(c * Q**p for p, c in term.coefficients.items()) / T, 0.0)
        return total

    def dcs_stepping(self, T, E, target):
        """Stepping approximation: :meth:`dcs_fe` times the electrons with binding below T (cm^2/keV per atom)."""
        T = np.asarray(T, dtype=float)
        n = sum(np.where(T > s.binding, float(s.occupancy), 0.0) for s in target.shells)
        return n * self.dcs_fe(T, E)


def _endpoint(T, E, value):
    """``value`` where a free electron at rest can take up T from E (T <= 2E^2/(m_e + 2E)), else 0."""
    T = np.asarray(T, dtype=float)
    E = np.asarray(E, dtype=float)
    return np.where(T <= 2.0 * E**2 / (M_E + 2.0 * E), value, 0.0)


def _shifted(channel, flavour, shift):
    new = ChargeRadius.__new__(ChargeRadius)
    Weak.__init__(new, flavour, delta_gV=shift)
    new.r2_cm2 = channel.r2_cm2
    return new


def _kin(T, E):
    T = np.asarray(T, dtype=float)
    E = np.asarray(E, dtype=float)
    Ep = E - T
    return T, E, Ep, T**2 * np.ones_like(E), (E + Ep) ** 2 * np.ones_like(T)


class Magnetic(Channel):
    """The magnetic moment, eqs. (5), (6), (1) of [1] (:mod:`nuion.cross_sections.magnetic`)."""

    name = "magnetic"

    def __init__(self, mu_nu=MU_NU_DEFAULT):
        self.mu_nu = float(mu_nu)

    def terms(self, T, E):
        T, E, _, lo, _ = _kin(T, E)
        P = magnetic.prefactor(self.mu_nu)
        par = magnetic.q_weights(T, E, "par")
        perp = magnetic.q_weights(T, E, "perp")
        return [
            QTerm("S", {0: P * par.alpha, -1: P * par.beta}, lo, par.q_max),
            QTerm("R", {0: P * perp.alpha, 1: P * perp.beta}, lo, perp.q_max),
        ]

    def dcs_fe(self, T, E):
        return magnetic.dcs_fe(T, E, self.mu_nu)

    def dcs_fe_formula(self, T, E):
        return magnetic.dcs_fe(T, E, self.mu_nu)


class Weak(Channel):
    r"""Standard-Model weak scattering of nonrelativistic, independent, closed-shell electrons.

    .. math::
        \frac{d^2\sigma}{dT\,dQ} = \frac{G_F^2}{2\pi}\frac{E'}{E}\Big[g_V^2 (1 - x) + g_A^2 (1 + x)
            + g_V g_A \frac{(E + E')\,Q_4}{2 m_e E E'}\Big] S(T, Q),\qquad x = \frac{Q_4}{4EE'}

    over T^2 <= Q <= (2E - T)^2 (docs/channels.md, sec. 'Weak'): the vector charge density
    (g_V) and the axial spin density (g_A) with S_sigma = S for closed shells, and their
    interference through the electron's magnetization current i (sigma x q)/2m_e, whose
    response is S; derived from the effective Lagrangian, not fitted (docs/channels.md,
    sec. 'Weak: the V-A interference from the Lagrangian'). Free electrons
    (S = delta(T - Q/2m_e)) give the relativistic formula of [2] up to terms of order
    (T/E)^2 and T/m_e x T/E; dropped are the convection current (order v^2 = T/m_e of the
    g_V^2 term) and radiative corrections.

    Parameters
    ----------
    flavour : {"nue", "nuebar", "numu", "numubar"}
    sin2w : float
    delta_gV : float
        Added to g_V (the charge radius: :func:`charge_radius_shift`).
    """

    name = "weak"

    def __init__(self, flavour="nuebar", sin2w=SIN2_THETA_W, delta_gV=0.0):
        self.flavour = flavour
        gV, self.gA = couplings(flavour, sin2w)
        self.gV = gV + float(delta_gV)

    def terms(self, T, E):
        T, E, Ep, lo, hi = _kin(T, E)
        gV, gA = self.gV, self.gA
        pre = G_F**2 / (2.0 * np.pi) * Ep / E * _CM2
        B = (gA**2 - gV**2) / (4.0 * E * Ep) + gV * gA * (E + Ep) / (2.0 * M_E * E * Ep)
        A = gV**2 + gA**2 - B * T**2
        return [QTerm("S", {1: pre * A, 2: pre * B}, lo, hi)]

    def dcs_fe(self, T, E):
        r"""Relativistic free electron at rest ([2]), cm^2/keV per electron, zero beyond the endpoint.

        .. math:: \frac{G_F^2 m_e}{2\pi}\Big[(g_V + g_A)^2 + (g_V - g_A)^2(1 - T/E)^2 + (g_A^2 - g_V^2)\frac{m_e T}{E^2}\Big]
        """
        return _endpoint(T, E, self.dcs_fe_formula(T, E))

    def dcs_fe_formula(self, T, E):
        """:meth:`dcs_fe` without the endpoint (the rates' normalization of the atom's shell ratios)."""
        T = np.asarray(T, dtype=float)
        E = np.asarray(E, dtype=float)
        gV, gA = self.gV, self.gA
        return G_F**2 * M_E / (2.0 * np.pi) * _CM2 * (
            (gV + gA) ** 2 + (gV - gA) ** 2 * (1.0 - T / E) ** 2 + (gA**2 - gV**2) * M_E * T / E**2)

    def with_flavour(self, flavour):
        """The same channel (and g_V shift) for another flavour."""
        shift = self.gV - couplings(self.flavour)[0]
        return Weak(flavour, delta_gV=shift) if type(self) is Weak else _shifted(self, flavour, shift)


class ChargeRadius(Weak):
    r"""Weak scattering with a neutrino charge radius (and anapole): g_V -> g_V + :func:`charge_radius_shift`.

    The DCS is the weak one with the shifted g_V ([3]); the signal of a search is its excess over
    :class:`Weak` (interference, linear in <r^2>, plus the square).
    """

    name = "charge-radius"

    def __init__(self, r2_cm2=1e-32, flavour="nuebar", sin2w=SIN2_THETA_W, anapole_cm2=0.0):
        super().__init__(flavour, sin2w, charge_radius_shift(r2_cm2, anapole_cm2))
        self.r2_cm2 = float(r2_cm2)


class Millicharge(Channel):
    r"""Photon exchange with a neutrino millicharge q_nu = delta_Q e ([3], [4]; docs/channels.md).

    .. math::
        \frac{d^2\sigma}{dT\,dQ} = 4\pi\alpha^2\delta_Q^2\frac{E'}{E}\Big\{(1 - x)\frac{S}{Q^2}
            + \Big[\frac{1 - x}{Q} + \frac{1}{2EE'}\Big]\frac{R}{Q_4}\Big\}
            - 4\pi\alpha^2\delta_Q^2\frac{E'}{E}\,\frac{Q_{4,min}}{Q\,Q_4^2}\,R

    Coulomb (S) and transverse-photon (R) exchange; the last term is the neutrino mass's
    suppression of forward transverse emission (|k x q|^2 vanishes at Q4_min), which integrates
    to -4 pi alpha^2 delta_Q^2 (E'/E) R(T, T^2)/T^2. The transverse pole 1/Q4 is cut at the
    kinematic limit of a massive neutrino, Q4_min = m_nu^2 T^2/(E E') (docs/channels.md,
    sec. 'The forward divergence'), which leaves the logarithm ln(T^2/Q4_min).

    Parameters
    ----------
    delta_q : float
        q_nu / e.
    m_nu : float
        Neutrino mass in keV (default 0.05 eV).
    """

    name = "millicharge"

    def __init__(self, delta_q=1e-12, m_nu=M_NU_DEFAULT):
        if m_nu <= 0:
            raise ValueError(f"m_nu must be > 0 keV (it regulates the transverse photon pole), got {m_nu!r}")
        self.delta_q, self.m_nu = float(delta_q), float(m_nu)

    def _pre(self, T, E):
        return 4.0 * np.pi * ALPHA**2 * self.delta_q**2 * (E - T) / E * _CM2

    def q4_min(self, T, E):
        """Q4_min = m_nu^2 T^2 / (E E') (keV^2), the massive neutrino's forward limit to first order in m_nu^2."""
        T, E, Ep, _, _ = _kin(T, E)
        return self.m_nu**2 * T**2 / (E * Ep)

    def terms(self, T, E):
        T, E, Ep, t2, hi = _kin(T, E)
        M = self._pre(T, E)
        inv = 1.0 / (4.0 * E * Ep)
        lo = t2 + self.q4_min(T, E)
        return [
            QTerm("S", {-1: M * (1.0 + T**2 * inv), 0: -M * inv}, lo, hi),
            QTerm("R", {-1: M * (1.0 + 2.0 * T**2 * inv), 0: M * inv}, lo, hi),
        ]

    def pole(self, T, E):
        T, E, Ep, _, _ = _kin(T, E)
        M = self._pre(T, E)
        return M * (1.0 + T**2 / (2.0 * E * Ep)), -M, self.q4_min(T, E)

    def dcs_epa(self, T, E, R_photon):
        r"""Equivalent-photon (Weizsaecker-Williams) approximation of the transverse part, cm^2/keV.

        .. math:: \frac{d\sigma_\perp}{dT} \simeq \frac{\alpha\,\delta_Q^2}{\pi}\,\frac{\sigma_\gamma(T)}{T}
                  \ln\frac{E E'}{m_\nu^2},\qquad \sigma_\gamma(T) = \frac{4\pi^2\alpha}{T} R(T, T^2)

        (photoabsorption cross section: eq. (23) of [1]). The leading logarithm of the pole term of
        :meth:`pole`, ln(T^2/Q4_min): for E >> T it is the EPA form (2 alpha delta_Q^2/pi)
        (sigma_gamma/T) ln(E/m_nu) that the literature on millicharged neutrinos uses
        (docs/channels.md, sec. 'The forward divergence'; that form is recalled, not read, here).
        It has the m_nu dependence of the full transverse part to O(T/E) and misses its
        non-logarithmic terms (a few per cent) and the Coulomb (S) part entirely.

        Parameters
        ----------
        T, E : array_like
            keV, T < E.
        R_photon : array_like
            R(T, T^2) of the target in keV^-1 (summed over its electrons).

        Returns
        -------
        ndarray
            cm^2/keV per target.
        """
        T, E, Ep, _, _ = _kin(T, E)
        return ALPHA**2 * self.delta_q**2 * 4.0 * np.pi * np.asarray(R_photon) / T**2 * np.log(E * Ep / self.m_nu**2) * _CM2

    def dcs_fe(self, T, E):
        r"""Relativistic free electron at rest ([3]), cm^2/keV per electron, zero beyond the endpoint.

        .. math:: \frac{2\pi\alpha^2\delta_Q^2}{m_e T^2}\Big[1 - \frac TE + \frac{T^2}{2E^2} - \frac{m_e T}{2E^2}\Big]
        """
        return _endpoint(T, E, self.dcs_fe_formula(T, E))

    def dcs_fe_formula(self, T, E):
        """:meth:`dcs_fe` without the endpoint."""
        T = np.asarray(T, dtype=float)
        E = np.asarray(E, dtype=float)
        return 2.0 * np.pi * ALPHA**2 * self.delta_q**2 / (M_E * T**2) * _CM2 * (
            1.0 - T / E + T**2 / (2.0 * E**2) - M_E * T / (2.0 * E**2))


def get(name, flavour="nuebar", mu_nu=MU_NU_DEFAULT, delta_q=1e-12, r2_cm2=1e-32, m_nu=M_NU_DEFAULT, sin2w=SIN2_THETA_W):
    """The channel ``name`` of :data:`CHANNELS` with its coupling (mu_nu in Bohr magnetons, delta_q = q_nu/e, <r^2> in cm^2)."""
    if name == "magnetic":
        return Magnetic(mu_nu)
    if name == "weak":
        return Weak(flavour, sin2w)
    if name == "charge-radius":
        return ChargeRadius(r2_cm2, flavour, sin2w)
    if name == "millicharge":
        return Millicharge(delta_q, m_nu)
    raise ValueError(f"channel must be one of {', '.join(CHANNELS)}; got {name!r}")


def beside_magnetic(names):
    """The channels of ``names`` other than the magnetic one, each from :func:`get` at its default coupling.

    The defaults are the command line's (``nuion limit --channel``: q_nu/e = 1e-12, m_nu = 0.05 eV,
    <r^2> = 1e-32 cm^2, anti-nu_e); a limit does not depend on the reference coupling, the millicharge's on
    m_nu (docs/channels.md, sec. 'Rates and limits'). The workflow's limits and sensitivity stages compute
    these beside the magnetic limit, which they always compute (config ``datasets.channels``, ``rates.channels``).

    Examples
    --------
    >>> [c.name for c in beside_magnetic(["magnetic", "millicharge", "charge-radius"])]
    ['millicharge', 'charge-radius']
    >>> beside_magnetic(["millicharge"])[0].m_nu == M_NU_DEFAULT
    True
    """
    return [get(name) for name in names if name != "magnetic"]
