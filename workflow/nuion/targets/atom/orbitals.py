"""Roothaan-Hartree-Fock bound orbitals of neutral atoms (Slater-type-orbital expansions).

The coefficient tables of Bunge, Barrientos and Bunge [1]_ ship as package data
(``nuion/data/rhf/<symbol>.yaml``, each with its citation and provenance in the header).
Atomic units inside this module: lengths in bohr, energies in hartree; :data:`HARTREE_KEV`
converts. Radial functions are normalized as ``int_0^inf R(r)^2 r^2 dr = 1``.

See docs/atoms.md, sec. 'Bound orbitals', for the transcription and its checks.

References
----------
.. [1] C. F. Bunge, J. A. Barrientos, A. V. Bunge, At. Data Nucl. Data Tables 53 (1993) 113.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml
from scipy.special import gammaln

from nuion.constants import ALPHA, M_E
from nuion.targets.base import L_LETTERS

#: Hartree energy alpha^2 m_e in keV (27.211 eV).
HARTREE_KEV = ALPHA**2 * M_E

#: Elements with a shipped RHF table.
ELEMENTS = ("Ge", "Xe")


def _log_norm(n, zeta):
    """ln N of a normalized STO, N = (2 zeta)^(n + 1/2) / sqrt((2n)!) (eq. of [1], Table header)."""
    n = np.asarray(n, dtype=float)
    return (n + 0.5) * np.log(2.0 * np.asarray(zeta)) - 0.5 * gammaln(2.0 * n + 1.0)


def sto_radial(r, n, zeta):
    """Normalized Slater-type radial function.

    .. math:: \\chi(r) = N r^{n-1} e^{-\\zeta r}, \\quad N = (2\\zeta)^{n+1/2} / \\sqrt{(2n)!}

    (Bunge, Barrientos and Bunge 1993, eq. (2)).

    Parameters
    ----------
    r : array_like
        Radius in bohr, r >= 0.
    n, zeta : array_like
        Principal quantum number (integer >= 1) and exponent (bohr^-1) of the STO.

    Returns
    -------
    ndarray
        chi(r) in bohr^-3/2, broadcast over r, n and zeta.

    Examples
    --------
    >>> from scipy.integrate import quad
    >>> val, _ = quad(lambda x: (sto_radial(x, 3, 2.5) * x) ** 2, 0, 60)
    >>> bool(np.isclose(val, 1.0, rtol=1e-10))
    True
    """
    r = np.asarray(r, dtype=float)
    n = np.asarray(n)
    zeta = np.asarray(zeta, dtype=float)
    with np.errstate(divide="ignore"):
        logr = np.log(r)
    # r^(n-1) with 0^0 = 1
    powr = np.where(n == 1, 1.0, np.exp((n - 1) * np.where(r > 0, logr, -np.inf)))
    return np.exp(_log_norm(n, zeta) - zeta * r) * powr


def sto_overlap(n1, z1, n2, z2, k=0):
    """Radial moment between two normalized STOs, analytic.

    .. math:: \\int_0^\\infty \\chi_1 \\chi_2 r^{2+k} dr
              = N_1 N_2 \\, \\Gamma(n_1 + n_2 + k + 1) / (\\zeta_1 + \\zeta_2)^{n_1 + n_2 + k + 1}

    Parameters
    ----------
    n1, z1, n2, z2 : array_like
        Principal quantum numbers and exponents (bohr^-1) of the two STOs.
    k : int
        Power of r beyond the volume element, k > -(n1 + n2 + 1) (k = 0: overlap).

    Returns
    -------
    ndarray
        In bohr^k, broadcast over the arguments.

    Examples
    --------
    >>> bool(np.isclose(sto_overlap(2, 1.3, 2, 1.3), 1.0))
    True
    """
    n1 = np.asarray(n1, dtype=float)
    n2 = np.asarray(n2, dtype=float)
    s = n1 + n2 + k + 1.0
    return np.exp(
        _log_norm(n1, z1) + _log_norm(n2, z2) + gammaln(s) - s * np.log(np.asarray(z1) + np.asarray(z2))
    )


@dataclass(frozen=True)
class Orbital:
    """One RHF orbital nl: its STO basis (shared by all orbitals of the same l) and coefficients.

    Attributes
    ----------
    label : str
        "1s", "2p", ...
    n, l : int
        Principal and orbital quantum numbers.
    occupancy : int
        Electrons in the shell.
    energy : float
        Tabulated orbital energy eps_nl in hartree (< 0).
    basis_n, basis_zeta, coefficients : ndarray
        STO principal numbers, exponents (bohr^-1) and expansion coefficients.
    tabulated : dict
        Tabulated <r>, <r^2>, <1/r> of [1] (bohr^k), kept to check the transcription.
    """

    label: str
    n: int
    l: int
    occupancy: int
    energy: float
    basis_n: np.ndarray
    basis_zeta: np.ndarray
    coefficients: np.ndarray
    tabulated: dict

    @property
    def energy_kev(self) -> float:
        """|eps_nl| in keV (binding energy of the orbital)."""
        return -self.energy * HARTREE_KEV

    def radial(self, r):
        """R_nl(r) in bohr^-3/2: eq. (1) of [1], sum_j c_j chi_j(r). Broadcasts over r."""
        r = np.asarray(r, dtype=float)
        chi = sto_radial(r[..., None], self.basis_n, self.basis_zeta)
        return chi @ self.coefficients

    def moment(self, k=0, other=None):
        """<self| r^k |other> = int R_a R_b r^(2+k) dr in bohr^k, analytic (other defaults to self)."""
        other = self if other is None else other
        m = sto_overlap(
            self.basis_n[:, None], self.basis_zeta[:, None], other.basis_n[None, :], other.basis_zeta[None, :], k
        )
        return float(self.coefficients @ m @ other.coefficients)


@dataclass(frozen=True)
class RHFAtom:
    """RHF ground state of a neutral atom: Z, orbitals and the tabulated total energies (hartree)."""

    symbol: str
    Z: int
    configuration: str
    term: str
    orbitals: tuple[Orbital, ...]
    total_energy: float
    kinetic_energy: float

    @property
    def n_electrons(self) -> int:
        return sum(o.occupancy for o in self.orbitals)

    def orbital(self, label: str) -> Orbital:
        """The orbital with this label ("2p"); ValueError naming the allowed labels otherwise."""
        for o in self.orbitals:
            if o.label == label:
                return o
        raise ValueError(f"shell must be one of {[o.label for o in self.orbitals]} for {self.symbol}, got {label!r}")

    def density(self, r):
        """Spherical electron density rho(r) = sum_nl N_nl R_nl(r)^2 / (4 pi) in bohr^-3.

        The open shell (Ge 4p^2) is spherically averaged, as in the RHF average of [1].
        Normalization: int 4 pi r^2 rho dr = number of electrons.
        """
        r = np.asarray(r, dtype=float)
        return sum(o.occupancy * o.radial(r) ** 2 for o in self.orbitals) / (4.0 * np.pi)


@cache
def load_rhf(symbol: str) -> RHFAtom:
    """Read the shipped RHF table of an element (Bunge, Barrientos and Bunge 1993).

    Parameters
    ----------
    symbol : str
        Element symbol, one of :data:`ELEMENTS`.

    Returns
    -------
    RHFAtom

    Raises
    ------
    ValueError
        For an element without a shipped table.

    Examples
    --------
    >>> xe = load_rhf("Xe")
    >>> xe.n_electrons, round(xe.orbital("5p").moment(), 5)
    (54, 1.0)
    """
    if symbol not in ELEMENTS:
        raise ValueError(f"element must be one of {list(ELEMENTS)}, got {symbol!r}")
    text = resources.files("nuion").joinpath("data", "rhf", f"{symbol}.yaml").read_text()
    d = yaml.safe_load(text)
    orbitals = []
    for label, o in d["orbitals"].items():
        basis = d["basis"][label[1]]
        c = np.asarray(o["coefficients"], dtype=float)
        if c.size != len(basis["n"]):
            raise ValueError(f"{symbol} {label}: {c.size} coefficients for {len(basis['n'])} basis functions")
        orbitals.append(
            Orbital(
                label=label,
                n=int(label[0]),
                l=L_LETTERS.index(label[1]),
                occupancy=int(o["occupancy"]),
                energy=float(o["energy"]),
                basis_n=np.asarray(basis["n"], dtype=int),
                basis_zeta=np.asarray(basis["zeta"], dtype=float),
                coefficients=c,
                tabulated={k: float(o[k]) for k in ("r", "r2", "r_inv") if k in o},
            )
        )
    return RHFAtom(
        symbol=d["symbol"],
        Z=int(d["Z"]),
        configuration=d["configuration"],
        term=d["term"],
        orbitals=tuple(orbitals),
        total_energy=float(d["total_energy"]),
        kinetic_energy=float(d["kinetic_energy"]),
    )


def _basis_potential(n_i, z_i, n_j, z_j, k: int, r):
    """U^k(r) of every pair of normalized STOs chi_i chi_j, shape r.shape + (i, j), bohr^-1.

    For chi_i chi_j r^2 = N_i N_j r^m exp(-zeta r), m = n_i + n_j, zeta = zeta_i + zeta_j:

    .. math:: U^k = N_i N_j [ \\gamma(m+k+1, \\zeta r) / (\\zeta^{m+k+1} r^{k+1})
                             + r^k \\Gamma(m-k, \\zeta r) / \\zeta^{m-k} ]

    (lower and upper incomplete gamma functions; m - k >= 2 because n >= l + 1 and
    k <= l_a + l_b).
    """
    from scipy.special import gammainc, gammaincc

    ni, nj = np.asarray(n_i, dtype=float)[:, None], np.asarray(n_j, dtype=float)[None, :]
    zi, zj = np.asarray(z_i)[:, None], np.asarray(z_j)[None, :]
    m, z = np.broadcast_arrays(ni + nj, zi + zj)
    lognn = _log_norm(ni, zi) + _log_norm(nj, zj)
    # the incomplete gammas depend on the pair through (m, zeta) only: once per distinct pair
    # (a basis with itself is symmetric: about half the pairs)
    mz, inverse = np.unique(np.stack([m.ravel(), z.ravel()]), axis=1, return_inverse=True)
    mu, zu = mz
    r = np.asarray(r, dtype=float)[..., None]
    s1, s2 = mu + k + 1.0, mu - k
    inner = gammainc(s1, zu * r) * np.exp(gammaln(s1) - s1 * np.log(zu)) / r ** (k + 1)
    outer = gammaincc(s2, zu * r) * np.exp(gammaln(s2) - s2 * np.log(zu)) * r**k
    return (inner + outer)[..., inverse.ravel()].reshape(r.shape[:-1] + m.shape) * np.exp(lognn)


def _pair_potential(a: Orbital, b: Orbital, k: int, r):
    """U^k_ab(r) = int_0^inf r_<^k / r_>^(k+1) R_a(r') R_b(r') r'^2 dr' (bohr^-1), analytic
    (:func:`_basis_potential` contracted with the coefficients)."""
    u = _basis_potential(a.basis_n, a.basis_zeta, b.basis_n, b.basis_zeta, k, r)
    return np.einsum("...ij,i,j->...", u, a.coefficients, b.coefficients)


def shell_potentials(atom: RHFAtom, r):
    """U^0_aa(r) of one electron of every shell a, in hartree (bohr^-1), analytic.

    .. math:: U^0_{aa}(r) = \\frac{1}{r}\\int_0^r R_a^2 r'^2 dr' + \\int_r^\\infty R_a^2 r' dr'

    (:func:`_pair_potential` with k = 0; the STO-pair potentials computed once per basis, i.e.
    per l). Tends to 1/r far out and to <1/r>_a at the nucleus.

    Parameters
    ----------
    atom : RHFAtom
    r : array_like
        Radius in bohr, r > 0.

    Returns
    -------
    dict
        label -> U^0_aa(r), shape of r.

    Examples
    --------
    >>> xe = load_rhf("Xe")
    >>> U = shell_potentials(xe, np.array([1e-7, 200.0]))["5p"]
    >>> bool(np.isclose(U[0], xe.orbital("5p").moment(-1), rtol=1e-6)), bool(np.isclose(U[1] * 200, 1.0))
    (True, True)
    """
    r = np.asarray(r, dtype=float)
    out = {}
    for l in sorted({o.l for o in atom.orbitals}):
        shells = [o for o in atom.orbitals if o.l == l]
        b = shells[0]  # one basis per l
        U = _basis_potential(b.basis_n, b.basis_zeta, b.basis_n, b.basis_zeta, 0, r)
        out.update({o.label: np.einsum("...ij,i,j->...", U, o.coefficients, o.coefficients) for o in shells})
    return out


def hartree_potential(atom: RHFAtom, r):
    """Electrostatic potential of the RHF electron cloud, V_H(r) = int rho(r') / |r - r'| d^3r'.

    .. math:: V_H(r) = \\sum_{nl} N_{nl} U^0_{nl,nl}(r), \\quad
              U^0(r) = \\frac{1}{r}\\int_0^r R^2 r'^2 dr' + \\int_r^\\infty R^2 r' dr'

    (:func:`shell_potentials`).

    Parameters
    ----------
    atom : RHFAtom
    r : array_like
        Radius in bohr, r > 0.

    Returns
    -------
    ndarray
        V_H in hartree: the electron-electron repulsion energy of one electron at r
        (> 0). Tends to N_e / r far out and to sum N_nl <1/r>_nl at the nucleus.

    Examples
    --------
    >>> ge = load_rhf("Ge")
    >>> bool(np.isclose(hartree_potential(ge, 80.0) * 80.0, 32.0, rtol=1e-5))
    True
    """
    U = shell_potentials(atom, r)
    return sum(o.occupancy * U[o.label] for o in atom.orbitals)


def _kinetic(o: Orbital) -> float:
    """<R| -1/2 d^2/dr^2 (r .) / r + l(l+1)/(2 r^2) |R> in hartree, analytic for STOs.

    With P = r chi = N r^n e^{-zeta r}: T = 1/2 int (P_i' P_j' + l(l+1) P_i P_j / r^2) dr.
    """
    ni, nj = o.basis_n[:, None].astype(float), o.basis_n[None, :].astype(float)
    zi, zj = o.basis_zeta[:, None], o.basis_zeta[None, :]
    s, z = ni + nj, zi + zj
    lognn = _log_norm(ni, zi) + _log_norm(nj, zj)

    def I(m):  # int r^m e^{-z r} dr = Gamma(m+1)/z^(m+1), times N_i N_j
        return np.exp(lognn + gammaln(m + 1.0) - (m + 1.0) * np.log(z))

    t = 0.5 * ((ni * nj + o.l * (o.l + 1)) * I(s - 2) - (ni * zj + nj * zi) * I(s - 1) + zi * zj * I(s))
    return float(o.coefficients @ t @ o.coefficients)


def _log_grid(r_min=1e-6, r_max=80.0, n=2001):
    x = np.linspace(np.log(r_min), np.log(r_max), n)
    r = np.exp(x)
    w = np.full(n, x[1] - x[0]) * r  # trapezoid in x: dr = r dx
    w[0] *= 0.5
    w[-1] *= 0.5
    return r, w


def koopmans_energies(atom: RHFAtom, *, grid=None) -> dict[str, float]:
    """Orbital energies recomputed from the RHF orbitals (Hartree-Fock equations), in hartree.

    For a closed-shell atom (Hartree-Fock, e.g. C. Froese Fischer, The Hartree-Fock Method for
    Atoms, Wiley 1977, eq. (3.19)):

    .. math:: \\varepsilon_a = T_a - Z\\langle r^{-1}\\rangle_a + \\sum_b N_b F^0(a,b)
              - \\sum_b \\frac{N_b}{2} \\sum_k \\begin{pmatrix} l_a & k & l_b \\\\ 0&0&0 \\end{pmatrix}^2 G^k(a,b)

    where the b = a term counts the orbital's own shell (N_a - 1 partners for F^0 after the
    k = 0 exchange). An open shell (Ge 4p^2) enters with its occupancy, i.e. spherically
    averaged; for the open-shell orbital itself this is the average-of-configuration energy,
    which differs from the 3P-term RHF value of [1] by O(F^2) -- a few mhartree.

    Parameters
    ----------
    atom : RHFAtom
    grid : tuple (r, w), optional
        Radial quadrature nodes (bohr) and weights; default a 2001-point log grid to 80 bohr (converged to 1e-8 hartree).

    Returns
    -------
    dict
        label -> eps (hartree), and "total" -> the total energy
        E = sum_a N_a (T_a - Z <1/r>_a + eps_a) / 2 (exact for closed shells).

    Notes
    -----
    Independent of the tabulated energies: a transcription error in a coefficient or
    exponent shows up as a shift of eps; a typo in the tabulated eps does not propagate.
    """
    from sympy.physics.wigner import wigner_3j

    r, w = _log_grid() if grid is None else grid
    orbs = atom.orbitals
    R = {o.label: o.radial(r) for o in orbs}
    U0 = {o.label: _pair_potential(o, o, 0, r) for o in orbs}
    G = {}  # (a, b, k) -> G^k(a, b), symmetric in a, b
    for i, a in enumerate(orbs):
        for b in orbs[i:]:
            weight_ab = R[a.label] * R[b.label] * r**2 * w
            for k in range(abs(a.l - b.l), a.l + b.l + 1, 2):
                G[a.label, b.label, k] = G[b.label, a.label, k] = weight_ab @ _pair_potential(a, b, k, r)
    out, total = {}, 0.0
    for a in orbs:
        h = _kinetic(a) - atom.Z * a.moment(-1)
        ee = 0.0
        for b in orbs:
            q = b.occupancy
            open_self = b.label == a.label and q != 2 * (2 * a.l + 1)
            F0 = (R[a.label] ** 2 * r**2 * w) @ U0[b.label]
            ee += (q - 1 if open_self else q) * F0
            for k in range(abs(a.l - b.l), a.l + b.l + 1, 2):
                c2 = float(wigner_3j(a.l, k, b.l, 0, 0, 0)) ** 2
                if open_self:  # average of configuration: -(q - 1) (2l+1)/(4l+1) c2 F^k, k > 0
                    ee -= (q - 1) * (2 * a.l + 1) / (4 * a.l + 1) * c2 * G[a.label, b.label, k] * (k > 0)
                else:
                    ee -= 0.5 * q * c2 * G[a.label, b.label, k]
        out[a.label] = h + ee
        total += a.occupancy * (2 * h + ee) / 2
    out["total"] = total
    return out
