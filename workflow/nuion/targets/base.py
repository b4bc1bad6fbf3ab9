r"""The Target/Shell interface: what a neutrino scatters on.

A target has a name, a nuclear charge, shells (n, l, j, occupancy, threshold), the
response functions S(T, Q) and R(T, Q) per shell and summed, a natural energy unit
and a validity report. Everything downstream of the responses (Q integrals, DCS, sum
rules, figures) takes a target and per-shell arrays, whatever the target is: a
hydrogen-like ion is a target with one shell (:mod:`nuion.targets.ion`), a neutral
atom one with many (:mod:`nuion.targets.atom`).
"""

import re
from dataclasses import dataclass

import numpy as np

from nuion.constants import ALPHA, M_E

__all__ = ["Shell", "Target", "StoredTarget", "CONTINUA", "THRESHOLDS", "ENERGY_UNITS", "L_LETTERS"]

#: Continuum models of the atoms (``continuum`` argument of :func:`nuion.targets.get`).
CONTINUA = ("coulomb", "coulomb-orth", "mean-field", "hf")
#: Threshold conventions of the atoms (``thresholds`` argument of :func:`nuion.targets.get`).
THRESHOLDS = ("model", "measured")
#: Energy units of configured energies (keV per unit); "eb" is the target's eps_b.
ENERGY_UNITS = {"keV": 1.0, "MeV": 1000.0}
_ENERGY = re.compile(r"([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)(eb|keV|MeV)")
#: Letters of the orbital quantum number l = 0, 1, 2, ...
L_LETTERS = "spdfg"
#: Shell labels: "2p" (the nl shell) or "2p3_2" (its spin-orbit subshell j = 3/2, written 2j "_2").
_LABEL = re.compile(rf"([1-9])([{L_LETTERS}])(?:([1-9])_2)?")


@dataclass(frozen=True)
class Shell:
    """One shell nl of a target, or one of its spin-orbit subshells nl_j.

    Attributes
    ----------
    label : str
        Spectroscopic label: "1s", "2p" for a shell nl; "2p1_2", "2p3_2" for its subshells
        j = l -+ 1/2 (2p_{1/2}, 2p_{3/2}), safe in file names and wildcards.
    n, l : int
        Principal and orbital quantum numbers.
    occupancy : int
        Electrons in the shell (2j + 1 in a closed subshell).
    binding : float
        Threshold |eps_nl| in keV (> 0) that the target uses, model or measured.
    j : float or None
        Total angular momentum l -+ 1/2 of a spin-orbit subshell; None for a shell nl, which
        holds both (nonrelativistic: one threshold, one radial function).

    Examples
    --------
    >>> sh = Shell.from_label("2p3_2", 4, 4.786)
    >>> sh.n, sh.l, sh.j, sh.nl
    (2, 1, 1.5, '2p')
    >>> Shell.from_label("2p", 6, 4.893).j is None
    True
    """

    label: str
    n: int
    l: int  # noqa: E741 - the quantum number's name
    occupancy: int
    binding: float
    j: float | None = None

    @property
    def nl(self):
        """Label of the shell nl (the orbital a subshell shares), "2p" for "2p3_2"."""
        return f"{self.n}{L_LETTERS[self.l]}"

    @staticmethod
    def label_of(n, l, j=None):  # noqa: E741
        """Label of shell nl (j None) or of its subshell j = l -+ 1/2: (2, 1, 1.5) -> "2p3_2"."""
        nl = f"{n}{L_LETTERS[l]}"
        if j is None:
            return nl
        if l == 0 or abs(j - l) != 0.5:
            raise ValueError(f"a subshell of {nl} has j = l -+ 1/2 with l > 0, got j = {j}")
        return f"{nl}{int(2 * j)}_2"

    @classmethod
    def parse(cls, label):
        """(n, l, j) of a label: "2p" -> (2, 1, None), "2p3_2" -> (2, 1, 1.5).

        Raises
        ------
        ValueError
            For a label that is not "<n><l>" or "<n><l><2j>_2" with j = l -+ 1/2.
        """
        m = _LABEL.fullmatch(str(label))
        if m is None:
            raise ValueError(f"shell label must look like '2p' or '2p3_2' (2p_3/2), got {label!r}")
        n, l = int(m.group(1)), L_LETTERS.index(m.group(2))  # noqa: E741
        j = None if m.group(3) is None else int(m.group(3)) / 2
        if j is not None and (l == 0 or abs(j - l) != 0.5):
            raise ValueError(f"shell label {label!r} is not a subshell of {m.group(1)}{m.group(2)}: j = l -+ 1/2 with l > 0")
        return n, l, j

    @classmethod
    def from_label(cls, label, occupancy, binding):
        """The Shell of a label ("2p", "2p3_2", :meth:`parse`), with its occupancy and binding (keV)."""
        n, l, j = cls.parse(label)  # noqa: E741
        return cls(str(label), n, l, int(occupancy), float(binding), j)


class Target:
    """Base class of every target: shells, responses per shell and summed, units, validity.

    Attributes
    ----------
    name : str
        Canonical name: "Z32" for the hydrogen-like ion, "Ge", "Xe" for atoms; result
        files are named by it (results/response/<name>.nc).
    Z : int
        Nuclear charge.
    n_electrons : int
        Electrons of the target (sum of the shells' occupancies).
    shells : tuple of Shell
    unit : float
        Natural energy unit in keV: eps_b for an ion, 1.0 for an atom.
    unit_name : str
        "eps_b" or "keV".
    threshold : float
        Lowest binding among the shells, keV.
    model : str
        One line describing the physics model (provenance of the datasets).
    method : str
        How its responses are computed (provenance of the response datasets).
    q_order : {1, 3}
        Interpolation of ln S and ln R in ln Q by the Q integrals of its stored grids
        (:func:`nuion.integrals.qintegrals.cumulative_integrals`): 1 (linear) where the responses
        are power laws on the scale of the grid (the hydrogen-like ion), 3 (cubic) where narrow
        Bethe ridges need it (atoms).

    Subclasses implement :meth:`_S_shell`, :meth:`_R_shell` (keV^-1, called only
    with T above the shell's threshold) and may refine :meth:`validity`.
    """

    name: str
    Z: int
    n_electrons: int
    shells: tuple
    unit: float
    unit_name: str
    threshold: float
    model: str = ""
    q_order: int = 3
    method: str = ""

    # -- responses -------------------------------------------------------------------

    def S(self, T, Q, shell=None):
        """Longitudinal response S(T, Q) in keV^-1, per shell or summed (``shell=None``).

        Parameters
        ----------
        T : array_like
            Energy transfer in keV, finite; zero response below the shell's threshold.
        Q : array_like
            Squared momentum transfer in keV^2, Q >= 0 (broadcasts against T).
        shell : str or Shell, optional
            Label ("1s") or Shell of this target; all shells when None.

        Returns
        -------
        ndarray
            keV^-1, summed over the shell's electrons.
        """
        return self._over_shells(self._S_shell, T, Q, shell)

    def R(self, T, Q, shell=None):
        """Transverse response R(T, Q) in keV^-1, per shell or summed; arguments as :meth:`S`."""
        return self._over_shells(self._R_shell, T, Q, shell)

    def _S_shell(self, shell, T, Q):  # pragma: no cover - interface
        raise NotImplementedError

    def _R_shell(self, shell, T, Q):  # pragma: no cover - interface
        raise NotImplementedError

    def validity(self, T):
        """Speeds of the deepest shell open at T and of the fastest ejected electron.

        Returns
        -------
        dict
            ``alpha_Z``: bound speed sqrt(2 |eps| / m_e) of the deepest shell with binding
            below T (= alpha Z_eff / n; 0 below every threshold); ``v_over_c``: speed of an
            electron ejected from the outermost shell, sqrt(2 (T - threshold) / m_e);
            ``valid``: both below 0.3 (relativistic corrections O((v/c)^2) < 10 %).

        Examples
        --------
        >>> t = StoredTarget("X", 54, (Shell("1s", 1, 0, 2, 33.2), Shell("5p", 5, 1, 6, 0.012)))
        >>> v = t.validity([10.0, 40.0])
        >>> [bool(x) for x in v["valid"]], [round(float(a), 2) for a in v["alpha_Z"]]
        ([True, False], [0.01, 0.36])
        """
        T = np.asarray(T, dtype=float)
        deepest = np.zeros_like(T)
        for s in self.shells:
            deepest = np.where(T > s.binding, np.maximum(deepest, s.binding), deepest)
        alpha_z = np.sqrt(2.0 * deepest / M_E)
        v = np.sqrt(2.0 * np.clip(T - self.threshold, 0.0, None) / M_E)
        return {"alpha_Z": alpha_z, "v_over_c": v, "valid": (alpha_z < 0.3) & (v < 0.3)}

    def shell(self, label):
        """The Shell of this target with ``label`` (a Shell of this target passes through)."""
        for sh in self.shells:
            if sh == label or sh.label == label:
                return sh
        raise ValueError(f"shell must be one of {[s.label for s in self.shells]} of target {self.name}, got {label!r}")

    def _over_shells(self, per_shell, T, Q, shell):
        T = np.asarray(T, dtype=float)
        if not np.all(np.isfinite(T)):
            raise ValueError(f"T must be finite (keV), got {T[~np.isfinite(T)].ravel()[0]!r}")
        total = None
        for sh in self.shells if shell is None else (self.shell(shell),):
            above = T > sh.binding
            value = np.where(above, per_shell(sh, np.where(above, T, 2.0 * sh.binding), Q), 0.0)
            total = value if total is None else total + value
        return total

    # -- units and helpers -----------------------------------------------------------

    @property
    def momentum_unit(self):
        """Natural unit of q in keV for the momentum grids: alpha Z m_e (the K-shell momentum)."""
        return ALPHA * self.Z * M_E

    def energy_keV(self, label):
        """Energy in keV of a configured energy: a number (multiple of eps_b) or "<x>eb",
        "<x>keV", "<x>MeV".

        Raises
        ------
        ValueError
            For an unparseable label, and for an eps_b energy of a target that has no
            eps_b (an atom), naming the target and the allowed units.

        Examples
        --------
        >>> from nuion.targets import get
        >>> get("Z32").energy_keV("1MeV"), get("Z32").energy_keV("700keV")
        (1000.0, 700.0)
        >>> bool(np.isclose(get("Z32").energy_keV(2), 2 * get("Z32").eps_b))
        True
        """
        if isinstance(label, (int, float)) and not isinstance(label, bool):
            number, unit = float(label), "eb"
        else:
            m = _ENERGY.fullmatch(str(label))
            if m is None:
                raise ValueError(f"energy {label!r} is not a number (eps_b) or a string like '2eb', '700keV', '1MeV'")
            number, unit = float(m.group(1)), m.group(2)
        if unit == "eb":
            if self.unit_name != "eps_b":
                raise ValueError(
                    f"energy {label!r} is in units of eps_b, which only a hydrogen-like ion has; "
                    f"give energies of target {self.name} in keV or MeV (e.g. '700keV', '1MeV')"
                )
            return number * self.unit
        return number * ENERGY_UNITS[unit]

    def _key(self):
        # equal targets: same class, name and (for atoms) continuum and threshold options
        return (type(self).__name__, self.name, getattr(self, "continuum", None), getattr(self, "thresholds", None))

    def __eq__(self, other):
        return isinstance(other, Target) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class StoredTarget(Target):
    """A target as a dataset records it: name, charge, shells and model labels, without responses.

    The later stages of the workflow need a target's shells (thresholds, occupancies), its
    validity and its Q rule, not its responses, which the stored grid holds; rebuilding an atom's
    mean field would take seconds (:func:`nuion.io.netcdf.read_target`).

    Parameters
    ----------
    name : str
    Z : int
    shells : tuple of Shell
    continuum, thresholds, model : str
        The model labels of the dataset.
    q_order : {1, 3}
    """

    unit = 1.0
    unit_name = "keV"

    def __init__(self, name, Z, shells, *, continuum="", thresholds="", model="", q_order=3):
        self.name, self.Z, self.shells = name, int(Z), tuple(shells)
        self.n_electrons = sum(s.occupancy for s in self.shells)
        self.threshold = min(s.binding for s in self.shells)
        self.continuum, self.thresholds, self.model, self.q_order = continuum, thresholds, model, q_order

    def _S_shell(self, shell, T, Q):
        raise NotImplementedError(f"{self.name} is a stored target: its responses are on its response grid")

    _R_shell = _S_shell
