"""Neutral atoms (Ge, Xe), every shell, in the independent-electron model.

:class:`Atom` is the :class:`nuion.targets.Target` of a neutral atom: RHF bound orbitals of
Bunge et al. 1993 (:mod:`nuion.targets.atom.orbitals`), final states from one of four continuum models,
shell thresholds from the model or from measured X-ray edges (:mod:`nuion.targets.atom.thresholds`; with
measured edges every closed l > 0 shell is split into its spin-orbit subshells j = l -+ 1/2, each at its own
edge and sharing the orbital nl), and the per-shell responses S_nl, R_nl of the radial engine
(:func:`nuion.targets.atom.radial.shell_response`).
Energies in keV, Q in keV^2, S and R in keV^-1 (summed over the shell's electrons).

Continuum models (docs/atoms.md, sec. 'Continuum models'):

* ``coulomb``: initial state the RHF orbital; final states Coulomb waves of charge
  Z_eff,nl = n sqrt(|eps_nl| / Ry) (eps_nl the RHF orbital energy), with the monopole
  convention of the dark-matter-electron scattering codes (the l' = l, L = 0 term taken with
  j_0(qr) - 1 where that lowers it);
* ``coulomb-orth``: the same waves, each partial wave l' Schmidt-orthogonalized to the
  occupied RHF orbitals of the same l';
* ``mean-field``: bound and continuum states of one local potential
  (:func:`nuion.targets.atom.mean_field.mean_field_potential`), so that final states are orthogonal to
  all occupied orbitals (Pauli-blocked bound states are excluded: the continuum response
  contains no bound final states);
* ``hf`` (default): initial state the RHF orbital; final states in the frozen-core Hartree-Fock field of
  the ion (:mod:`nuion.targets.atom.hartree_fock`): nonlocal exchange for l' <= 3, orthogonalized
  to the occupied RHF orbitals of their l'.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252 (arXiv:1011.5847).
.. [2] C. F. Bunge, J. A. Barrientos, A. V. Bunge, At. Data Nucl. Data Tables 53 (1993) 113.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nuion.targets.atom import radial
from nuion.constants import ALPHA, HBAR_C_CM_KEV, M_E
from nuion.targets.atom.hartree_fock import ion_fields
from nuion.targets.atom.mean_field import latter_radius, mean_field_potential
from nuion.targets.atom.orbitals import ELEMENTS, HARTREE_KEV, load_rhf
from nuion.targets.base import CONTINUA, THRESHOLDS, Shell, Target
from nuion.targets.atom.thresholds import BARN_CM2, measured_shells

__all__ = ["Atom", "GRID", "DISCRETE_GRID", "T_MAX_KEV", "OMEGA_MAX_KEV", "check_design_range"]

#: Design range of the radial engine, the one source of truth (the workflow's schema, common.smk and the
#: ``nuion`` command read it; docs/atoms.md, sec. 'Workflow'): energy transfer T up to 30 keV (Ge 4p
#: needs 495 partial waves there, the engine's cap is 600) and photon energies up to 200 keV (the radial
#: grid resolves final states to 200 keV: 20 points per wavelength, :data:`GRID`).
T_MAX_KEV = 30.0
OMEGA_MAX_KEV = 200.0

#: Radial grid of the atoms (radial.radial_grid arguments): log-linear, spacing 0.0025 bohr
#: beyond 0.25 bohr (20 points per wavelength at E_f = 200 keV), to 100 bohr (room for the
#: decaying tails of the valence orbitals and of the first Rydberg states of model (b)).
GRID = {"r_min": 1e-6, "r_max": 100.0, "h": 0.01, "beta": 4.0}
#: Grid of the bound final states of the Bethe sums: to 1500 bohr (Rydberg states of the
#: -1/r tail up to n = 16 with 40 e-folds of decay), spacing 0.02 bohr far out.
DISCRETE_GRID = {"r_min": 1e-6, "r_max": 1500.0, "h": 0.01, "beta": 0.5}
#: Photon energies per call of the radial engine in :meth:`Atom.photoabsorption`.
_PHOTO_CHUNK = 12
#: Relative tolerance of the bound-state energies (radial.bound_states); 1e-11 is reached
#: for every shell of Ge and Xe (1e-13 is below the rounding of the deepest levels).
BOUND_TOL = 1e-11


def check_design_range(value, name, maximum):
    """``value`` (keV) if it lies within the engine's design range, else ValueError naming ``name`` and the range.

    >>> check_design_range(20.0, "T", T_MAX_KEV)
    20.0
    """
    if not value <= maximum:
        raise ValueError(f"{name} = {value:g} keV lies beyond the atoms' design range, {name} <= {maximum:g} keV "
                         f"(nuion.targets.atom.atom; docs/atoms.md, sec. 'Workflow')")
    return value


@dataclass(frozen=True)
class _ShellModel:
    """What the radial engine needs for one shell: initial orbital and final-state field."""

    u: np.ndarray  # u_nl = r R_nl on the grid, bohr^-1/2
    energy: float  # |eps_nl| of the model, keV
    V: np.ndarray  # potential energy of the final states on the grid, hartree
    Z_asym: float  # its asymptotic charge
    orthogonalize: dict | None
    monopole_patch: bool
    r_match: float | None  # continuum matching radius (V = -Z_asym/r beyond), bohr; None: orbital edge
    exchange: radial.FrozenCore | None = None  # nonlocal exchange of the final states (``hf``)


def _support_edge(r, u, cut=1e-12):
    """Largest radius where |u| exceeds cut max|u| (the engine's integration range, bohr)."""
    return float(r[np.nonzero(np.abs(u) > cut * np.abs(u).max())[0][-1]])


class Atom(Target):
    """A neutral atom, every occupied shell: S and R per shell and summed (keV^-1).

    Parameters
    ----------
    name : str
        Element symbol, one of :data:`nuion.targets.atom.orbitals.ELEMENTS` ("Ge", "Xe").
    continuum : {"coulomb", "coulomb-orth", "mean-field", "hf"}
        Final-state model (module docstring; docs/atoms.md, sec. 'Continuum models').
    thresholds : {"model", "measured"}
        Shell binding energies: the model's orbital energies (RHF for the Coulomb models and
        ``hf``, mean-field eigenvalues for ``mean-field``), one shell nl per orbital; or the measured
        X-ray edges of xraydb, every closed l > 0 shell split into its spin-orbit subshells
        nl_j (labels "2p1_2", "2p3_2"; occupancies 2j + 1) at their own edges, each with the
        orbital nl of the model (:func:`nuion.targets.atom.thresholds.measured_shells`).
        Final-state energy E_f = T - binding.

    Notes
    -----
    The responses vanish below each shell's threshold and contain only ionizing (continuum)
    final states; discrete excitations below threshold are left out, as for the ion.
    Nonrelativistic: for the Xe K shell alpha Z = 0.39 (see :meth:`validity`). A subshell nl_j
    differs from its shell nl only by its threshold and occupancy: its responses are
    (2j + 1)/N_nl of the shell's at the same ejected energy E_f = T - binding, the radial
    engine taking E_f alone from T (docs/atoms.md, sec. 'Spin-orbit subshells').

    Examples
    --------
    >>> ge = Atom("Ge", continuum="mean-field")
    >>> [s.label for s in ge.shells], ge.n_electrons, ge.unit_name
    (['1s', '2s', '2p', '3s', '3p', '3d', '4s', '4p'], 32, 'keV')
    >>> [s.label for s in Atom("Ge", thresholds="measured").shells][2:6]
    ['2p1_2', '2p3_2', '3s', '3p1_2']
    """

    unit = 1.0
    unit_name = "keV"
    method = "radial engine, one shell (nuion.targets.atom.Atom.shell_responses)"

    def __init__(self, name, *, continuum="hf", thresholds="model"):
        if name not in ELEMENTS:
            raise ValueError(f"atom must be one of {list(ELEMENTS)}, got {name!r}")
        if continuum not in CONTINUA:
            raise ValueError(f"continuum must be one of {list(CONTINUA)}, got {continuum!r}")
        if thresholds not in THRESHOLDS:
            raise ValueError(f"thresholds must be one of {list(THRESHOLDS)}, got {thresholds!r}")
        self.rhf = load_rhf(name)
        self.name = name
        self.Z = self.rhf.Z
        self.n_electrons = self.rhf.n_electrons
        self.continuum = continuum
        self.thresholds = thresholds
        self.grid = radial.radial_grid(**GRID)
        self._models = self._build_models()
        if thresholds == "model":
            orbitals = sorted(self.rhf.orbitals, key=lambda o: (o.n, o.l))
            self.shells = tuple(Shell(o.label, o.n, o.l, o.occupancy, float(self._models[o.label].energy)) for o in orbitals)
        else:
            self.shells = measured_shells(name)
        self.threshold = min(s.binding for s in self.shells)
        self.model = (
            f"{name} atom, RHF orbitals (Bunge et al. 1993), continuum '{continuum}', thresholds '{thresholds}'"
        )
        self._cache = {}

    # -- models -------------------------------------------------------------------------
    def _build_models(self):
        g, out = self.grid, {}
        if self.continuum == "mean-field":
            V = mean_field_potential(self.rhf, g.r)
            self.potential = V
            # the continuum is matched to Coulomb functions of charge 1 where V = -1/r exactly
            # (beyond Latter's radius) and beyond the orbital (the engine's waves end at the
            # matching point), not at the edge of a deep orbital inside the atom
            r_latter = latter_radius(self.rhf) * 1.01
            for l in sorted({o.l for o in self.rhf.orbitals}):
                occ = [o for o in self.rhf.orbitals if o.l == l]
                E, U = radial.bound_states(g, V, l, max(o.n for o in occ), tol=BOUND_TOL)
                for o in occ:
                    i = o.n - l - 1
                    if i >= E.size:
                        raise FloatingPointError(f"{self.name} {o.label}: bound state not found in the mean field")
                    r_match = max(r_latter, _support_edge(g.r, U[i]))
                    out[o.label] = _ShellModel(U[i], -E[i] * HARTREE_KEV, V, 1.0, None, False, r_match)
            return out
        rhf_u = {o.label: g.r * o.radial(g.r) for o in self.rhf.orbitals}
        orth = None
        if self.continuum in ("coulomb-orth", "hf"):
            orth = {}
            for o in self.rhf.orbitals:
                orth.setdefault(o.l, []).append(rhf_u[o.label])
            orth = {l: np.array(v) for l, v in orth.items()}
        if self.continuum == "hf":
            fields = ion_fields(self.rhf, g.r)
            for o in self.rhf.orbitals:
                V, core = fields[o.label]
                # matched beyond the core, where the ion's field is -1/r and the exchange has vanished
                r_match = max(float(g.r[core.extent()]), _support_edge(g.r, rhf_u[o.label]))
                out[o.label] = _ShellModel(rhf_u[o.label], o.energy_kev, V, 1.0, orth, False, r_match, core)
            return out
        for o in self.rhf.orbitals:
            z_eff = o.n * np.sqrt(-2.0 * o.energy)  # n sqrt(|eps| / Ry), eps in hartree
            out[o.label] = _ShellModel(
                rhf_u[o.label], -o.energy * HARTREE_KEV, -z_eff / g.r, float(z_eff), orth, self.continuum == "coulomb", None
            )
        return out

    def z_eff(self, shell):
        """Charge of the Coulomb final states of a shell (Coulomb models; 1 for ``mean-field``)."""
        return self._models[self.shell(shell).nl].Z_asym

    def rhf_comparison(self):
        """The model's bound orbitals against RHF: energies (keV) and overlaps, per shell.

        Returns
        -------
        dict
            label -> (|eps_RHF|, |eps_model|, |<u_RHF|u_model>|); for the Coulomb models the
            orbitals are the RHF ones (overlap 1). docs/atoms.md, sec. 'Mean field against RHF'.
        """
        out = {}
        w = self.grid.weights
        for o in self.rhf.orbitals:
            m = self._models[o.label]
            overlap = abs(float(np.sum(w * m.u * self.grid.r * o.radial(self.grid.r))))
            out[o.label] = (o.energy_kev, m.energy, overlap)
        return out

    # -- responses ----------------------------------------------------------------------
    def shell_responses(self, shell, T, q):
        """S and R of one shell on the outer grid (T, q), keV^-1.

        Parameters
        ----------
        shell : str or Shell
        T : array_like, shape (n_T,)
            Energy transfers, keV (0 at and below the shell's threshold).
        q : array_like, shape (n_q,)
            Momentum transfers |q| in keV (not Q).

        Returns
        -------
        S, R : ndarray, shape (n_T, n_q)

        Raises
        ------
        FloatingPointError
            If the partial-wave sum does not converge or a value is not finite, naming the
            target, shell and energies.
        """
        sh = self.shell(shell)
        m = self._models[sh.nl]  # a subshell nl_j shares the orbital and final states of nl
        T = np.atleast_1d(np.asarray(T, dtype=float))
        q = np.atleast_1d(np.asarray(q, dtype=float))
        key = (sh.label, T.tobytes(), q.tobytes())
        if key not in self._cache:
            S, R, info = radial.shell_response(
                self.grid, m.V, m.Z_asym, m.u, sh.l, sh.occupancy, sh.binding, T, q,
                orthogonalize=m.orthogonalize, monopole_patch=m.monopole_patch, exchange=m.exchange, r_match=m.r_match,
                info=True,
            )  # fmt: skip
            if not info["converged"] or not (np.all(np.isfinite(S)) and np.all(np.isfinite(R))):
                raise FloatingPointError(
                    f"{self.name} shell {sh.label} ({self.continuum}): partial-wave sum failed "
                    f"(l' up to {info['l_used']}, last term {info['last_term']:.1e}) at T = "
                    f"{T.min():.4g}..{T.max():.4g} keV, q = {q.min():.4g}..{q.max():.4g} keV"
                )
            if len(self._cache) > 8:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (S, R)
        return self._cache[key]

    def _pointwise(self, which, shell, T, Q):
        Q = np.asarray(Q, dtype=float)
        if np.any(Q < 0):
            raise ValueError("Q must be >= 0 (keV2)")
        Tb, Qb = np.broadcast_arrays(np.asarray(T, dtype=float), Q)
        uT, iT = np.unique(Tb, return_inverse=True)
        uQ, iQ = np.unique(Qb, return_inverse=True)
        out = self.shell_responses(shell, uT, np.sqrt(uQ))[which]
        return out[iT.ravel(), iQ.ravel()].reshape(Tb.shape)

    def _S_shell(self, shell, T, Q):
        return self._pointwise(0, shell, T, Q)

    def _R_shell(self, shell, T, Q):
        return self._pointwise(1, shell, T, Q)

    def photoabsorption(self, omega, shell=None):
        """Photoabsorption cross section per atom from the real-photon limit, in barn.

        .. math:: \\sigma_\\gamma(\\omega) = 4\\pi^2\\alpha\\,R(\\omega, \\omega^2)/\\omega

        (eq. (23) of [1] per electron, here summed over the shell's electrons; docs/atoms.md,
        sec. 'Photoabsorption'). (hbar c)^2 converts keV^-2 to cm^2.

        Parameters
        ----------
        omega : array_like
            Photon energy in keV (> 0).
        shell : str or Shell, optional
            One shell; all shells when None.

        Returns
        -------
        ndarray
            sigma_gamma in barn per atom, shape of omega.
        """
        w = np.asarray(omega, dtype=float)
        if np.any(w <= 0):
            raise ValueError("omega must be > 0 (keV)")
        flat = w.ravel()
        R = np.zeros(flat.size)
        # only the photon line q = omega is wanted: the engine works on outer products (T, q),
        # so chunks of nearby photon energies keep the wasted off-diagonal points few
        for sh in self.shells if shell is None else (self.shell(shell),):
            for c in np.array_split(np.arange(flat.size), max(1, int(np.ceil(flat.size / _PHOTO_CHUNK)))):
                if c.size:
                    R[c] += np.diag(self.shell_responses(sh, flat[c], flat[c])[1])
        return (4.0 * np.pi**2 * ALPHA * R / flat * HBAR_C_CM_KEV**2 / BARN_CM2).reshape(w.shape)

    # -- sum rules ------------------------------------------------------------------------
    def bethe_sum(self, shell, Q, *, n_E=160, E_max=None, n_max=16):
        """Bethe sum of one shell: oscillator strength summed over all final states.

        .. math:: \\sum_f \\frac{2 m_e \\omega_f}{Q} |\\langle f|e^{i\\mathbf q\\cdot\\mathbf r}|nl\\rangle|^2
                  = \\int \\frac{2 m_e T}{Q} S_{nl}(T, Q)\\, dT + \\sum_{n'l'} \\frac{2 m_e \\omega_{n'l'}}{Q} s^S_{n'l'}(Q)
                  = N_{nl}

        (Bethe 1930; exact when initial and final states are eigenstates of one local
        Hamiltonian, i.e. in ``mean-field`` with model thresholds; docs/atoms.md, sec. 'Sum
        rules'). Bound final states include the occupied ones (omega < 0 for deeper shells);
        those of the Coulomb models are the levels of -Z_eff/r, those of ``hf`` the levels of the
        ion's local field (no exchange; the nonlocal exchange breaks the rule by itself). A measured threshold B (a
        shell or a spin-orbit subshell, N electrons) shifts every omega_f by B - |eps_nl| of
        the model; closure, sum_f |<f|e^{iq.r}|nl>|^2 = 1 per electron, turns the sum into
        N [1 + 2 m_e (B - |eps_nl|) / Q] (docs/atoms.md, sec. 'Spin-orbit subshells').

        Parameters
        ----------
        shell : str or Shell
        Q : array_like, shape (n_Q,)
            Squared momentum transfers in keV^2, > 0.
        n_E : int
            Continuum energies E_f = T - binding, log-spaced from 1e-4 keV to ``E_max``
            (trapezoid in ln E; below 1e-4 keV the GOS density is taken constant).
        E_max : float, optional
            Upper end in keV; default 40 (binding + Q / 2 m_e) + 2 keV (Bethe ridge and
            its tail); beyond it a power-law tail fitted to the last two points is added.
        n_max : int
            Bound final states n' <= n_max, on a longer grid (:data:`DISCRETE_GRID`) that
            holds the Rydberg states of the -1/r tail; the rest of each Rydberg series is
            added with the n*^-3 law of its highest state n_h (effective quantum number
            n* = Z_asym (2 |E|)^-1/2, E in hartree): strength x n*^3 x sum_{k >= 1} (n* + k)^-3 (Hurwitz zeta).

        Returns
        -------
        dict
            ``continuum``, ``discrete``, ``total`` (arrays over Q, in electrons) and
            ``occupancy`` N_nl (2j + 1 for a subshell).
        """
        from scipy.special import zeta

        sh = self.shell(shell)
        m = self._models[sh.nl]
        Q = np.atleast_1d(np.asarray(Q, dtype=float))
        q = np.sqrt(Q)
        if E_max is None:
            E_max = 40.0 * (sh.binding + Q.max() / (2 * M_E)) + 2.0
        E = np.geomspace(1e-4, E_max, n_E)
        T = sh.binding + E
        S, _ = self.shell_responses(sh, T, q)
        f = 2 * M_E * T[:, None] * S / Q[None, :]  # GOS density per keV
        g = f * E[:, None]  # per unit ln E
        lnE = np.log(E)
        cont = np.sum(0.5 * (g[1:] + g[:-1]) * np.diff(lnE)[:, None], axis=0) + g[0]  # head: f ~ const
        with np.errstate(divide="ignore", invalid="ignore"):
            p = -np.log(f[-1] / f[-2]) / (lnE[-1] - lnE[-2])  # f ~ E^-p at the end
            tail = np.where(p > 1.0, f[-1] * E[-1] / (p - 1.0), 0.0)
        cont = cont + tail
        # bound final states on a long grid (Rydberg states of -1/r need hundreds of bohr)
        gd = radial.radial_grid(**DISCRETE_GRID)
        if self.continuum == "mean-field":
            Vd = mean_field_potential(self.rhf, gd.r)
            Eb, Ub = radial.bound_states(gd, Vd, sh.l, sh.n, tol=BOUND_TOL)
            ud = Ub[sh.n - sh.l - 1]
        elif self.continuum == "hf":  # the levels of the ion's local field, without exchange
            Vd = ion_fields(self.rhf, gd.r)[sh.nl][0]
            ud = gd.r * self.rhf.orbital(sh.nl).radial(gd.r)
        else:
            Vd = -m.Z_asym / gd.r
            ud = gd.r * self.rhf.orbital(sh.nl).radial(gd.r)
        om, sS, _, labels = radial.discrete_strengths(gd, Vd, ud, sh.l, sh.occupancy, sh.binding, q, n_max)
        fd = 2 * M_E * om[:, None] * sS / Q[None, :]
        disc = np.sum(fd, axis=0)
        occupied = {(o.n, o.l) for o in self.rhf.orbitals}
        for lf in {lf for _, lf in labels}:
            n_h = max(n for n, l2 in labels if l2 == lf)
            k = labels.index((n_h, lf))
            e_h = (om[k] - sh.binding) / HARTREE_KEV  # its energy, hartree (< 0)
            if (n_h, lf) not in occupied:  # unoccupied: complete its series
                n_eff = m.Z_asym / np.sqrt(-2.0 * e_h)  # E = -Z_asym^2 / (2 n*^2)
                disc = disc + fd[k] * n_eff**3 * zeta(3.0, n_eff + 1.0)  # sum_k (n* + k)^-3
        return {"continuum": cont, "discrete": disc, "total": cont + disc, "occupancy": sh.occupancy}
