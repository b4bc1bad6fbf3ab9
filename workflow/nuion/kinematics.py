"""Kinematics of magnetic neutrino scattering on a hydrogen-like ion.

Binding energy, the kinematic range of Q = |q|^2, conversions between keV / keV^2
and the scaled variables W, K of docs/physics.md, sec. 'Kinematics', the validity indicators of the
nonrelativistic treatment, and the argument checks shared by the public API.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numbers

import numpy as np

from nuion.constants import ALPHA, M_E

__all__ = [
    "binding_energy",
    "momentum_unit",
    "to_scaled",
    "from_scaled",
    "q_limits",
    "fe_endpoint",
    "ejected_speed",
    "bound_speed",
    "validity",
    "check_Z",
    "check_E",
    "Z_MIN",
    "Z_MAX",
    "COMFORT_SPEED",
]

#: Allowed nuclear charges, the one source of truth of the schema
#: (workflow/schemas/config.schema.yaml, checked by tests/test_config_schema.py), the
#: API (:func:`check_Z`) and the command line: Z alpha < 1, where the Dirac 1s level
#: exists; the nonrelativistic model is trustworthy only far below (:func:`validity`).
Z_MIN, Z_MAX = 1, 137

#: Largest v/c (bound alpha Z or ejected electron) inside the model's comfort zone:
#: relativistic corrections are of relative order (v/c)^2, 9 % at 0.3.
COMFORT_SPEED = 0.3


def check_Z(Z):
    """Return Z as an int after checking that it is an integer in [Z_MIN, Z_MAX] = [1, 137].

    Raises
    ------
    ValueError
        Naming ``Z`` and its allowed values.
    """
    integral = isinstance(Z, numbers.Integral) or (isinstance(Z, numbers.Real) and float(Z).is_integer())
    if isinstance(Z, bool | np.bool_) or not integral or not Z_MIN <= Z <= Z_MAX:
        raise ValueError(f"Z must be an integer >= {Z_MIN} and <= {Z_MAX} (nuclear charge), got {Z!r}")
    return int(Z)


def check_E(E):
    """Return the neutrino energy E (keV) as a float after checking it is a positive finite scalar.

    Raises
    ------
    ValueError
        Naming ``E`` and its allowed range.
    """
    if np.ndim(E) != 0 or not np.isfinite(E) or E <= 0:
        raise ValueError(f"E must be a positive finite scalar in keV, got {E!r}")
    return float(E)


def binding_energy(Z):
    r"""Binding energy of the hydrogen-like 1s state.

    .. math:: \varepsilon_b = (\alpha Z)^2 m_e / 2

    Nonrelativistic Bohr level (docs/physics.md, sec. 'Kinematics'; [1] sec. 3), infinitely heavy nucleus.

    Parameters
    ----------
    Z : int
        Nuclear charge, Z >= 1.

    Returns
    -------
    float
        eps_b in keV.

    Examples
    --------
    >>> round(binding_energy(32), 2)   # 13.93 keV for Ge^31+
    13.93
    """
    Z = check_Z(Z)
    return 0.5 * (ALPHA * Z) ** 2 * M_E


def momentum_unit(Z):
    """alpha Z m_e in keV: the unit of q (and of k) in the scaled variables."""
    return ALPHA * check_Z(Z) * M_E


def to_scaled(T, Q, Z):
    """Convert (T [keV], Q [keV^2]) to (W, K) = (T/eps_b, sqrt(Q)/(alpha Z m_e)); docs/physics.md, sec. 'Kinematics'."""
    return np.asarray(T, float) / binding_energy(Z), np.sqrt(np.asarray(Q, float)) / momentum_unit(Z)


def from_scaled(W, K, Z):
    """Convert (W, K) back to (T [keV], Q [keV^2]); inverse of :func:`to_scaled` (docs/physics.md, sec. 'Kinematics')."""
    return np.asarray(W, float) * binding_energy(Z), (np.asarray(K, float) * momentum_unit(Z)) ** 2


def q_limits(T, E):
    r"""Kinematic range of Q = |q|^2 for energy transfer T, eq. (4) of [1].

    .. math:: T^2 \le Q \le (2E - T)^2

    Massless neutrino, infinitely heavy target.

    Parameters
    ----------
    T, E : array_like
        Energy transfer and neutrino energy in keV, 0 < T <= E.

    Returns
    -------
    Q_min, Q_max : ndarray
        In keV^2.

    Examples
    --------
    >>> [float(q) for q in q_limits(1.0, 10.0)]
    [1.0, 361.0]
    """
    T = np.asarray(T, float)
    E = np.asarray(E, float)
    return T**2, (2.0 * E - T) ** 2


def fe_endpoint(E):
    r"""Kinematic endpoint of magnetic scattering on a free electron at rest.

    .. math:: T_{max} = \frac{2E^2}{m_e + 2E}

    Backward scattering of a massless neutrino on a free electron at rest
    (docs/physics.md, sec. 'Kinematics'). Eq. (1) of [1] ignores it; above it a free electron cannot
    take up T while a bound one can.

    Parameters
    ----------
    E : array_like
        Neutrino energy in keV.

    Returns
    -------
    ndarray
        T_max in keV.

    Examples
    --------
    >>> bool(np.isclose(fe_endpoint(1e9), 1e9, rtol=1e-6))  # T_max -> E as E >> m_e
    True
    """
    E = np.asarray(E, float)
    return 2.0 * E**2 / (M_E + 2.0 * E)


def ejected_speed(T, Z):
    r"""Speed v/c of the ejected electron, nonrelativistic kinematics.

    .. math:: v/c = \sqrt{2 (T - \varepsilon_b) / m_e}

    The model treats the final electron nonrelativistically ([1] sec. 2:
    T << m_e); v/c of a few tenths signals corrections of order (v/c)^2.

    Parameters
    ----------
    T : array_like
        Energy transfer in keV, T >= eps_b.
    Z : int
        Nuclear charge.

    Returns
    -------
    ndarray
        v/c (dimensionless).

    Examples
    --------
    >>> bool(np.isclose(ejected_speed(2 * binding_energy(1), 1), ALPHA))
    True
    """
    return np.sqrt(2.0 * np.maximum(np.asarray(T, float) - binding_energy(Z), 0.0) / M_E)


def bound_speed(Z):
    """Mean speed v/c = alpha Z of the 1s electron (virial theorem); needs alpha Z << 1."""
    return ALPHA * check_Z(Z)


def validity(T, Z, threshold=COMFORT_SPEED):
    """Report whether the nonrelativistic hydrogenic treatment is trustworthy.

    The paper assumes T << m_e and alpha Z << 1 ([1] sec. 2). Relativistic
    corrections to S and R are of relative order (v/c)^2 for the bound and the
    ejected electron; ``threshold`` is the speed above which we flag a point.
    The nonrelativistic ejected speed exceeds 1 (faster than light) for
    T - eps_b > m_e/2: such points are flagged, never silently valid.

    Parameters
    ----------
    T : array_like
        Energy transfer in keV.
    Z : int
        Nuclear charge.
    threshold : float
        Largest acceptable v/c (default :data:`COMFORT_SPEED`).

    Returns
    -------
    dict
        ``alpha_Z`` (bound speed v/c = alpha Z), ``v_over_c`` (ejected speed, array),
        ``valid`` (bool array: both speeds below ``threshold``); the same under
        the older names ``bound_speed``, ``ejected_speed``, ``ok``.

    Examples
    --------
    >>> bool(validity(2 * binding_energy(32), 32)["valid"])
    True
    >>> bool(validity(2 * binding_energy(92), 92)["valid"])  # alpha Z = 0.67 for uranium
    False
    """
    v_ej = ejected_speed(T, Z)
    v_b = bound_speed(Z)
    ok = (v_ej < threshold) & (v_b < threshold)
    return {"alpha_Z": v_b, "v_over_c": v_ej, "valid": ok, "bound_speed": v_b, "ejected_speed": v_ej, "ok": ok}
