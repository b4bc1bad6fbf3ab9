"""Human-readable reports (markdown) of the sum-rule and photoabsorption datasets."""

import numpy as np

__all__ = ["sumrules_markdown", "photo_markdown"]


_RULE_TEXT = {
    "cumulative": "stored cumulative Q integrals agree with S and R (they feed the DCS stage)",
    "bethe": "Bethe sum rule, eq. (15): sum f_n + Int df/dT dT = 1, per Q",
    "closure": "transverse closure: sum R_n + Int R dT = (alpha Z)^2/3, per Q",
    "dipole": "dipole limit, eq. (22): R Q/(S T^2) -> 1 at the smallest stored Q",
    "stobbe": "real-photon limit, eq. (23): 4 pi^2 alpha R(T, Q -> 0)/T = Stobbe",
    "momentum_transfer": "momentum-transfer rule, eq. (17): T Int S dQ/Q vs 1 (reported, not enforced)",
}


def _ion_markdown(ds, source):
    """The hydrogen-like ion's report: closed-form identities per rule, momentum-transfer rule, retardation."""
    Z = int(ds.attrs["Z"])
    lines = [
        f"# Sum rules and limits, {ds.attrs['target']}: Z = {Z} (eps_b = {ds.attrs['eps_b']:.6g} keV)",
        "",
        f"Evaluated on the stored grid `{source}`; the continuum outside its T range and the",
        "discrete lines come from the closed forms and are stored separately (`*_outside`,",
        "`*_discrete`). Deviations are maxima over the checked Q columns or T rows.",
        "",
        "| rule | max deviation | tolerance | result |",
        "|---|---|---|---|",
    ]
    for name, text in _RULE_TEXT.items():
        dev = ds.attrs[f"{name}_max_deviation"]
        if f"{name}_pass" in ds.attrs:
            tol = f"{ds.attrs[f'{name}_tolerance']:.1e}"
            verdict = "pass" if ds.attrs[f"{name}_pass"] else "**FAIL**"
        else:
            tol, verdict = "—", "reported"
        lines.append(f"| {text} | {dev:.3e} | {tol} | {verdict} |")
    mt = ds["momentum_transfer_total"]
    lines += [
        "",
        "Momentum-transfer rule T Int_0^inf S dQ/Q (eq. 17) at selected T/eps_b:",
        "",
        "| T/eps_b | value | from grid | outside grid (closed form) |",
        "|---|---|---|---|",
    ]
    for i in np.unique(np.linspace(0, ds.sizes["T"] - 1, 6).astype(int)):
        lines.append(
            f"| {float(ds['T_over_eb'][i]):.4g} | {float(mt[i]):.6f} | "
            f"{float(ds['momentum_transfer_grid'][i]):.6f} | {float(ds['momentum_transfer_outside'][i]):.2e} |"
        )
    ret = ds["retardation_factor"]
    lines += [
        "",
        f"Retardation factor sigma_gamma/sigma_Stobbe = R(T, T^2)/R(T, 0): {float(ret[0]):.5f} at "
        f"T/eps_b = {float(ds['T_over_eb'][0]):.4g}, {float(ret[-1]):.5f} at {float(ds['T_over_eb'][-1]):.4g}.",
        "",
    ]
    return "\n".join(lines)


_ATOM_RULE_TEXT = {
    "finite": "stored S_nl and R_nl finite and non-negative (count of bad values)",
    "dipole": "dipole limit, eq. (22): R Q/(S T^2) -> 1 at the smallest stored Q, summed over shells",
    "bethe": "Bethe sum per shell over all final states (nuion.targets.atom.atom.Atom.bethe_sum) / N_nl - 1",
}


def _shell_table(title, shells, Q, values, fmt, binding=None):
    """Markdown lines: ``title``, then one row per shell of ``values`` (shell, Q) over the Q columns."""
    extra = binding is not None
    lines = ["", *title.split("\n"), ""]
    lines.append("| shell | " + ("binding (keV) | " if extra else "") + " | ".join(f"Q = {q:.3g} keV^2" for q in Q) + " |")
    lines.append("|---|" + ("---|" if extra else "") + "---|" * Q.size)
    for k, label in enumerate(shells):
        cells = ([f"{float(binding[k]):.4g}"] if extra else []) + [fmt.format(v) for v in values[k]]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _atom_markdown(ds, source):
    """An atom's report: checks, per-shell sums, photoabsorption."""
    lines = [
        f"# Sum rules and limits, {ds.attrs['target']} atom (continuum '{ds.attrs['continuum']}', "
        f"thresholds '{ds.attrs['thresholds']}')",
        "",
        f"Evaluated on the stored per-shell grid `{source}`.",
        "",
        "| check | max deviation | tolerance | result |",
        "|---|---|---|---|",
    ]
    for name, text in _ATOM_RULE_TEXT.items():
        if f"{name}_max_deviation" not in ds.attrs:
            continue
        dev, tol = ds.attrs[f"{name}_max_deviation"], ds.attrs[f"{name}_tolerance"]
        if f"{name}_pass" in ds.attrs:
            verdict = "pass" if ds.attrs[f"{name}_pass"] else "**FAIL**"
        else:
            verdict = "reported (not exact in this model)"
        lines.append(f"| {text} | {dev:.3e} | {tol:.1e} | {verdict} |")
    lines += _shell_table(
        "Continuum oscillator strength inside the stored T range, per shell, over N_nl (a lower bound\n"
        "of the Bethe sum: bound final states and T outside the grid are not on the grid):",
        ds["shell"].values, ds["Q_check"].values, ds["bethe_grid_shell"].values, "{:.4f}",
        binding=ds["binding"].values,
    )
    if "bethe_sum_shell" in ds:
        lines += _shell_table(
            "Full Bethe sums (all final states, nuion.targets.atom.atom.Atom.bethe_sum) over N_nl:",
            ds["shell"].values, ds["Q_bethe"].values, ds["bethe_sum_shell"].values, "{:.5f}",
        )
    T = ds["T"].values
    lines += [
        "",
        "Photoabsorption from the stored grid (real-photon limit) over the Elam table, and the",
        "dipole ratio R Q/(S T^2) at the smallest Q:",
        "",
        "| T (keV) | sigma_gamma (barn) | Elam (barn) | model / table | dipole ratio |",
        "|---|---|---|---|---|",
    ]
    for t in (0.2, 0.5, 1, 2, 5, 10, 20, 30):
        if T[0] <= t <= T[-1]:
            i = int(np.argmin(np.abs(np.log(T / t))))
            lines.append(
                f"| {T[i]:.4g} | {float(ds['sigma_gamma'][i]):.4g} | {float(ds['sigma_table_elam'][i]):.4g} | "
                f"{float(ds['photo_ratio'][i]):.4f} | {float(ds['dipole_ratio'][i]):.5f} |"
            )
    lines.append("")
    return "\n".join(lines)


def sumrules_markdown(ds, source):
    """Report of a sum-rule dataset (:func:`nuion.io.datasets.sumrules_dataset`): value, tolerance,
    pass/fail per check, then the tables of the checks that apply to the target."""
    return _ion_markdown(ds, source) if "eps_b" in ds.attrs else _atom_markdown(ds, source)


#: Shell groups of the photoabsorption report, by principal quantum number.
_GROUPS = {1: "K", 2: "L", 3: "M", 4: "N", 5: "O"}


def photo_markdown(ds, tables, offsets=(0.02, 0.1, 0.3)):
    """Report of the photo stage: model over the Elam and Chantler tables just above each shell group's edge.

    For each group (K: n = 1, L: n = 2, ...) whose deepest edge B lies on the omega grid, the
    ratios at omega = B (1 + offset) (while below the next edge): the model interpolated in
    ln omega between its grid points above B, the tables evaluated there by ``tables(omega)``
    -> (Elam, Chantler) in barn (their measured edges need not coincide with the model's).
    """
    w = ds["omega"].values
    binding = ds["binding"].values
    n_of = {str(s): int(str(s)[0]) for s in ds["shell"].values}
    edges = np.sort(binding)
    lines = [
        f"# Photoabsorption, {ds.attrs['target']} atom (continuum '{ds.attrs['continuum']}', thresholds '{ds.attrs['thresholds']}')",
        "",
        "Real-photon limit sigma = 4 pi^2 alpha R(omega, omega^2)/omega of every shell (radial engine at q = omega)",
        "over the photoeffect tables of Elam et al. 2002 and Chantler 1995/2000 (xraydb), just above the",
        "deepest edge B of each shell group:",
        "",
        "| group | B (keV) | omega / B | model (barn) | model / Elam | model / Chantler | share of the group |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, name in _GROUPS.items():
        members = [k for k, s in enumerate(ds["shell"].values) if n_of[str(s)] == n]
        if not members:
            continue
        B = float(binding[members].max())
        higher = edges[edges > B * (1 + 1e-9)]
        for off in offsets:
            x = B * (1 + off)
            if not (w[0] <= x <= w[-1]) or (higher.size and x >= higher[0]):
                continue
            above = w > B
            at = lambda y: float(np.exp(np.interp(np.log(x), np.log(w[above]), np.log(y[above]))))  # noqa: E731
            model = at(ds["sigma_photo"].values)
            group = sum(at(np.maximum(ds["sigma_photo_shell"].values[k], 1e-300)) for k in members)
            elam, chantler = tables(x)
            lines.append(
                f"| {name} | {B:.4g} | {1 + off:.2f} | {model:.4g} | {model / elam:.3f} | "
                f"{model / chantler:.3f} | {group / model:.3f} |"
            )
    lines += ["", "| omega (keV) | model (barn) | Elam (barn) | model / Elam |", "|---|---|---|---|"]
    for x in (0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 50, 100):
        if w[0] <= x <= w[-1]:
            i = int(np.argmin(np.abs(np.log(w / x))))
            lines.append(f"| {w[i]:.4g} | {float(ds['sigma_photo'][i]):.4g} | {float(ds['sigma_table_elam'][i]):.4g} | {float(ds['photo_ratio'][i]):.4f} |")
    lines.append("")
    return "\n".join(lines)
