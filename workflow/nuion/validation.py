"""Print every validation figure of docs/validation.md: ``python -m nuion.validation``.

The tests assert these numbers with tolerances; this module states them, so that
docs/validation.md and the issue notes quote measured values with the command that
measured them: one line per row of its table "What is validated, and how
well" (named by its first column; tests/test_validation.py keeps them in step),
then the numbers behind the findings of docs/paper.md. Takes about 20 s (the partial-wave route
and the default grid dominate).
"""

import numpy as np
from scipy.integrate import quad

from nuion import cross_sections as cs
from nuion.targets.ion import hydrogenic as h
from nuion.targets.ion import partial_waves as pw
from nuion.targets.ion import sum_rules as sr
from nuion.constants import M_E, MU_NU_DEFAULT
from nuion.kinematics import binding_energy
from nuion.targets.ion.responses import longitudinal_response, transverse_response

__all__ = ["figures", "format_value", "quad_reference", "continuation_deviation", "default_grid_deviation"]


def quad_reference(T, E, Z, kind, mu_nu=MU_NU_DEFAULT, epsrel=1e-12):
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


def _gos_complex(k, K):
    """The continuum df/dW of :func:`nuion.targets.ion.hydrogenic.gos_density` written literally in
    complex arithmetic, Sommerfeld factor dropped: its value at k = i/n continues to f_n."""
    W = 1 + k**2
    C = np.exp(-(2 / k) * np.arctan(2 * k / (K**2 - k**2 + 1)))
    return 2**7 * W * (K**2 + (1 + k**2) / 3) * C / (((K + k) ** 2 + 1) ** 3 * ((K - k) ** 2 + 1) ** 3)


def _mu_integral(a, b):
    """Int_{-1}^{1} (1 - mu^2)(a - b mu)^-4 dmu for complex a, b (400-point Gauss-Legendre)."""
    mu, w = np.polynomial.legendre.leggauss(400)
    return np.sum(w * (1 - mu**2) * (a - b * mu) ** -4)


def continuation_deviation():
    """Largest relative difference of f_n and R_n (nuion.targets.ion.hydrogenic) from the continuum
    forms continued to k = i/n, n = 2..40, K = 0..4: (f_n, R_n)."""
    worst_f = worst_R = 0.0
    for n in (2, 3, 5, 7, 10, 25, 40):
        k = 1j / n
        for K in (0.0, 0.3, 0.5, 1.0, 2.0, 4.0):
            f = (2 * n**-3.0 * _gos_complex(k, K)).real
            worst_f = max(worst_f, abs(h.gos_discrete(n, K) / f - 1))
            C = np.exp(-(2 / k) * np.arctan(2 * k / (K**2 - k**2 + 1)))
            R = (n**-3.0 * 16 * (1 + k**2) * C * _mu_integral(K**2 + k**2 + 1, 2 * k * K)).real
            worst_R = max(worst_R, abs(h.transverse_discrete(n, K) / R - 1))
    return worst_f, worst_R


def default_grid_deviation():
    """Stage 2 and stage 3 on the default configuration's grid (config/config.yaml values,
    Z = 32): (largest relative difference of the grid DCS from nuion.dcs over every T and
    E, {rule: max deviation} of the enforced sum rules)."""
    from nuion.integrals import checks, dcs, grids
    from nuion.targets import HydrogenLikeIon

    Z, E_over_eb, mu_nu = 32, (2, 10, 50, 100), 1e-11
    ion = HydrogenLikeIon(Z)
    T = grids.energy_grid(ion, 1.001, 10.0, 200)
    Q = grids.momentum_grid(ion, 1e-3, 200.0, 2400)
    S, R = grids.shell_response_grid(ion, "1s", T, Q)
    eb = binding_energy(Z)
    worst = 0.0
    for E in E_over_eb:
        rows = T < E * eb
        got = dcs.dcs_from_grid(T[rows], Q, S[None, rows], R[None, rows], ion, E * eb, mu_nu)
        ref = cs.dcs_components(T[rows], E * eb, Z, mu_nu)
        for key in ("dcs_par", "dcs_perp", "dcs_par_simplified", "dcs_perp_simplified"):
            worst = max(worst, np.max(np.abs(got[key] / ref[key] - 1)))
    found = checks.ion_checks(T, Q, S, R, ion, 1e-3, 1e-3, 120)["checks"]
    return worst, {name: found[name][0] for name in ("bethe", "closure", "dipole", "stobbe")}


def figures():
    """Dict of the measured validation figures (name -> value, table or dict).

    The first entries are the rows of the table "What is validated, and how well" (docs/validation.md),
    named by its first column; the rest back the findings of docs/paper.md.
    """
    out = {}
    K = np.geomspace(0.1, 10, 21)
    out["Bethe sum rule, discrete + continuum = 1, K in [0.1, 10]"] = np.max(np.abs(sr.bethe_sum(K) - 1))
    out["transverse closure, sum = (alpha Z)^2/3, K in [0.1, 10]"] = np.max(np.abs(3 * sr.closure_sum(K) - 1))
    worst_S = worst_R = 0.0
    Kp = np.array([0.01, 0.05, 0.3, 1.0, 2.0, 3.0, 6.0, 10.0])
    for Wp in (1.01, 1.3, 2.0, 3.5, 6.0, 10.0):
        S, R, _ = pw.partial_wave_responses(np.sqrt(Wp - 1), Kp, l_max=80)
        worst_S = max(worst_S, np.max(np.abs(S / (2 * Kp**2 * h.gos_density(Wp, Kp) / Wp) - 1)))
        worst_R = max(worst_R, np.max(np.abs(R / h.transverse_density(Wp, Kp) - 1)))
    out["closed-form S vs partial waves (Coulomb functions, 48 points, W in [1.01, 10], K in [0.01, 10])"] = worst_S
    out["closed-form R vs partial waves (same points)"] = worst_R
    eb = binding_energy(32)
    worst = 0.0
    for E in (2.0, 10.0, 100.0):
        Tw = np.array([1.001, 1.3, 1.9, 5.0, 9.0])
        Tw = Tw[Tw < E] * eb
        got = cs.dcs_components(Tw, E * eb, 32)
        for kind, key in (("par", "dcs_par"), ("perp", "dcs_perp")):
            ref = np.array([quad_reference(t, E * eb, 32, kind) for t in Tw])
            worst = max(worst, np.max(np.abs(got[key] / ref - 1)))
    out["ln Q panel quadrature vs `scipy.integrate.quad` (epsrel 1e-12)"] = worst
    out["dipole limit R/S -> T^2/Q at K = 1e-3"] = np.max(np.abs(sr.dipole_ratio(np.array([1.01, 2.0, 10.0]), 1e-3) - 1))
    grid_dcs, grid_rules = default_grid_deviation()
    out["grid-based DCS (stage 2, default grids) vs `nuion.dcs`, every T and E of the default config"] = grid_dcs
    out["sum rules on the stored default grid (stage 3)"] = {
        "Bethe": grid_rules["bethe"], "closure": grid_rules["closure"],
        "dipole": grid_rules["dipole"], "Stobbe": grid_rules["stobbe"],
    }
    f_n, R_n = continuation_deviation()
    out["f_n and R_n from the continuation k -> i/n of the continuum forms"] = {"f_n": f_n, "R_n": R_n}
    W = np.array([1.01, 1.1, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0])
    out["momentum-transfer rule T Int S dQ/Q at W = " + ", ".join(f"{w:g}" for w in W)] = sr.momentum_transfer_rule(W)
    Wr = np.array([1.01, 2.0, 5.0, 10.0])
    for Z in (1, 32, 54, 79):
        out[f"retardation factor sigma_gamma/sigma_Stobbe, Z = {Z}, W = 1.01, 2, 5, 10"] = sr.retardation_factor(
            Wr * binding_energy(Z), Z
        )
    return out


def format_value(value):
    """One line of text for a value of :func:`figures`."""
    if isinstance(value, dict):
        return ", ".join(f"{name} {v:.2g}" for name, v in value.items())
    if np.ndim(value) == 0:
        return f"{value:.2g}"
    return np.array2string(np.asarray(value), precision=5)


if __name__ == "__main__":  # pragma: no cover
    for name, value in figures().items():
        print(f"{name}: {format_value(value)}")
