"""Physical response functions S(T, Q) and R(T, Q) in keV^-1 (docs/physics.md, sec. 'Response functions').

Thin unit layer over :mod:`nuion.targets.ion.hydrogenic`, which works in scaled units.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np

from nuion.targets.ion import hydrogenic
from nuion.constants import M_E
from nuion.kinematics import binding_energy, check_Z, to_scaled

__all__ = ["longitudinal_response", "transverse_response", "check_continuum"]


def check_continuum(T, Z, Q=None):
    """Validate (T, Q) for the continuum responses; return eps_b in keV.

    Raises
    ------
    ValueError
        If T <= eps_b (below the ionization threshold), Q < 0 or not finite,
        naming the argument and the allowed range.
    """
    eps_b = binding_energy(check_Z(Z))
    T = np.asarray(T, dtype=float)
    if not np.all(np.isfinite(T)) or np.any(T <= eps_b):
        raise ValueError(
            f"T must be finite and > eps_b = {eps_b:.6g} keV (continuum of Z = {Z}), "
            f"got min(T) = {np.min(T):.6g} keV"
        )
    if Q is not None:
        Q = np.asarray(Q, dtype=float)
        if not np.all(np.isfinite(Q)) or np.any(Q < 0):
            raise ValueError(f"Q must be finite and >= 0 keV2, got min(Q) = {np.min(Q):.6g}")
    return eps_b


def longitudinal_response(T, Q, Z):
    r"""Dynamical structure factor S(T, Q) of the hydrogen-like 1s state, continuum.

    .. math::
        S(T,Q) = \sum_n |\langle n|e^{i\mathbf{q}\cdot\mathbf{r}}|0\rangle|^2
                 \delta(T - \omega_n) = \frac{Q}{2 m_e T}\frac{df}{dT}
               = \frac{K^2}{W \varepsilon_b}\frac{df}{dW}

    Eqs. (11) and (14) of [1] with the Bethe GOS density
    (:func:`nuion.targets.ion.hydrogenic.gos_density`; docs/physics.md, sec. 'Longitudinal response').

    Parameters
    ----------
    T : array_like
        Energy transfer in keV, T > eps_b.
    Q : array_like
        Squared momentum transfer |q|^2 in keV^2, Q >= 0.
    Z : int
        Nuclear charge, Z >= 1.

    Returns
    -------
    ndarray
        S in keV^-1 (one electron).

    Notes
    -----
    Nonrelativistic, point nucleus of infinite mass; see
    :func:`nuion.kinematics.validity`.

    Examples
    --------
    Bethe sum rule per unit K (docs/physics.md, sec. 'Bethe sum rule'): the continuum carries 1 - sum f_n.

    >>> from nuion.targets.ion.sum_rules import bethe_sum
    >>> bool(np.isclose(bethe_sum(2.0), 1.0, rtol=1e-10))
    True
    """
    eps_b = check_continuum(T, Z, Q)
    W, K = to_scaled(T, Q, Z)
    return K**2 * hydrogenic.gos_density(W, K) / (W * eps_b)


def transverse_response(T, Q, Z):
    r"""Transverse (current) response R(T, Q) of the hydrogen-like 1s state, continuum.

    .. math::
        R(T,Q) = \sum_n |\langle n|\hat{\mathbf e}_\perp\cdot\mathbf{j}(-\mathbf{q})|0\rangle|^2
                 \delta(T - \omega_n) = R_{sc}(W, K) / m_e

    Eq. (20) of [1], averaged over the two transverse polarizations, from the
    closed form :func:`nuion.targets.ion.hydrogenic.transverse_density` (docs/physics.md, sec. 'Transverse response').

    Parameters
    ----------
    T : array_like
        Energy transfer in keV, T > eps_b.
    Q : array_like
        Squared momentum transfer in keV^2, Q >= 0.
    Z : int
        Nuclear charge, Z >= 1.

    Returns
    -------
    ndarray
        R in keV^-1.

    Notes
    -----
    Dipole limit, eq. (22) of [1]: R/S -> T^2/Q for Q << 2 m_e eps_b. At Q = T^2 it
    gives the photoionization cross section, eq. (23), retardation included.

    Examples
    --------
    >>> T, Q = 30.0, 1e-3
    >>> ratio = transverse_response(T, Q, 32) / longitudinal_response(T, Q, 32)
    >>> bool(np.isclose(ratio, T**2 / Q, rtol=1e-6))
    True
    """
    check_continuum(T, Z, Q)
    W, K = to_scaled(T, Q, Z)
    return hydrogenic.transverse_density(W, K) / M_E
