"""Print every validation figure of docs/validation.md: ``python -m nuion.validation``.

The tests assert these numbers with tolerances; this module states them, so that
the README and the issue notes quote measured values with the command that
measured them. Takes about 15 s (the partial-wave route dominates).
"""

import numpy as np
from scipy.integrate import quad

from nuion import cross_sections as cs
from nuion import hydrogenic as h
from nuion import partial_waves as pw
from nuion import sum_rules as sr
from nuion.constants import M_E
from nuion.kinematics import binding_energy
from nuion.responses import longitudinal_response, transverse_response

__all__ = ["figures", "quad_reference"]


def quad_reference(T, E, Z, kind, mu_nu=cs.MU_NU_DEFAULT, epsrel=1e-12):
    """One DCS component at scalar T by scipy.integrate.quad in ln Q (default epsrel 1e-12),
    with the Bethe ridge Q = 2 m_e T as a breakpoint: the baseline for the panel rule.

    ``kind`` as in :func:`nuion.cross_sections.q_weights`; returns cm^2/keV.
    """
    weight = cs.q_weights(T, E, kind)
    resp = longitudinal_response if kind.startswith("par") else transverse_response
    lo, hi, ridge = np.log(T**2), np.log(float(weight.q_max)), np.log(2 * M_E * T)
    val = quad(
        lambda u: float(weight(np.exp(u)) * resp(T, np.exp(u), Z)),
        lo, hi, points=[ridge] if lo < ridge < hi else None, epsabs=0, epsrel=epsrel, limit=500,
    )[0]
    return cs.prefactor(mu_nu) * val


def figures():
    """Dict of the measured validation figures (name -> value or table)."""
    out = {}
    K = np.geomspace(0.1, 10, 21)
    out["Bethe sum rule: max |sum - 1|, K in [0.1, 10]"] = np.max(np.abs(sr.bethe_sum(K) - 1))
    out["transverse closure: max |3 sum - 1|, K in [0.1, 10]"] = np.max(np.abs(3 * sr.closure_sum(K) - 1))
    W = np.array([1.01, 1.1, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0])
    out["momentum-transfer rule T Int S dQ/Q at W = " + ", ".join(f"{w:g}" for w in W)] = sr.momentum_transfer_rule(W)
    out["dipole limit: max |R Q/(S T^2) - 1| at K = 1e-3, W in [1.01, 10]"] = np.max(
        np.abs(sr.dipole_ratio(np.array([1.01, 2.0, 10.0]), 1e-3) - 1)
    )
    Wr = np.array([1.01, 2.0, 5.0, 10.0])
    for Z in (1, 32, 54, 79):
        out[f"retardation factor sigma_gamma/sigma_Stobbe, Z = {Z}, W = 1.01, 2, 5, 10"] = sr.retardation_factor(
            Wr * binding_energy(Z), Z
        )
    worst_S = worst_R = 0.0
    Kp = np.array([0.01, 0.05, 0.3, 1.0, 2.0, 3.0, 6.0, 10.0])
    for Wp in (1.01, 1.3, 2.0, 3.5, 6.0, 10.0):
        S, R, _ = pw.partial_wave_responses(np.sqrt(Wp - 1), Kp, l_max=80)
        worst_S = max(worst_S, np.max(np.abs(S / (2 * Kp**2 * h.gos_density(Wp, Kp) / Wp) - 1)))
        worst_R = max(worst_R, np.max(np.abs(R / h.transverse_density(Wp, Kp) - 1)))
    out["partial waves vs closed form S: max rel diff (48 points)"] = worst_S
    out["partial waves vs closed form R: max rel diff (48 points)"] = worst_R
    eb = binding_energy(32)
    worst = 0.0
    for E in (2.0, 10.0, 100.0):
        Tw = np.array([1.001, 1.3, 1.9, 5.0, 9.0])
        Tw = Tw[Tw < E] * eb
        got = cs.dcs_components(Tw, E * eb, 32)
        for kind, key in (("par", "dcs_par"), ("perp", "dcs_perp")):
            ref = np.array([quad_reference(t, E * eb, 32, kind) for t in Tw])
            worst = max(worst, np.max(np.abs(got[key] / ref - 1)))
    out["Q integrals vs scipy quad (epsrel 1e-12): max rel diff, Z = 32"] = worst
    return out


if __name__ == "__main__":  # pragma: no cover
    np.set_printoptions(precision=5)
    for name, value in figures().items():
        print(f"{name}: {value:.3g}" if np.ndim(value) == 0 else f"{name}: {value}")
