"""Figures in journal style: the only module that knows matplotlib.

Each function takes the DCS datasets of one target (as written by the workflow) and
returns a matplotlib Figure; :func:`save` writes it as vector PDF and PNG with
deterministic metadata. Mathtext only (no TeX installation needed).

A figure is never blank: what exists is drawn (a curve of one point as a marker),
what is empty is said in the legend, and a figure with nothing to show (e.g. the
(T, E) map of a single E) states why on its face; :func:`note` returns that reason.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252, Figs. 1, 2.
"""

import re
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nuion.summary import T_POINTS, at_T  # noqa: E402

__all__ = [
    "fig_ratio",
    "fig_perp_over_par",
    "fig_approximations",
    "fig_energy",
    "fig_map",
    "fig_vs_Z",
    "fig_atom_dcs",
    "fig_atom_perp_par",
    "fig_photo",
    "fig_kshell",
    "FIGURES",
    "fig_rate_spectra",
    "fig_rate_ratio",
    "fig_limit_threshold",
    "RATE_FIGURES",
    "fig_limit_spectrum",
    "fig_limit_scan",
    "fig_limit_summary",
    "LIMIT_FIGURES",
    "note",
    "fig_channel_ratios",
    "save",
]

#: Approximations drawn in :func:`fig_approximations`: variable, label, style.
APPROXIMATIONS = (
    ("ratio_total", "this model, eq. (9)", {"color": "k", "lw": 1.8}),
    ("ratio_par", r"longitudinal part only, eq. (5)", {"color": "k", "ls": ":"}),
    ("ratio_simplified", "simplified kinematics, eqs. (10)+(19)", {"color": "0.5"}),
    ("ratio_fe_model", r"model's free-electron limit ($S=\delta(T-Q/2m_e)$)", {"color": "C2", "ls": "--"}),
    ("ratio_epa", "real-photon approx. (Wong et al.), R/Q frozen", {"color": "C3"}),
    ("ratio_epa_frozen_R", "real-photon variant, R frozen", {"color": "C3", "ls": "--"}),
    ("ratio_voloshin", "Voloshin eq. (18), per electron", {"color": "C0"}),
    ("ratio_voloshin_exact", "eq. (18) with exact sum rule", {"color": "C0", "ls": "--"}),
    ("ratio_stepping", "stepping (FE above threshold)", {"color": "C1", "ls": "-."}),
)

STYLE = {
    "font.size": 9,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "lines.linewidth": 1.3,
    "figure.dpi": 150,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,
    "svg.hashsalt": "nuion",
}


def _nothing_to_draw(what, who, reason):
    """A figure whose face says why it shows nothing; :func:`note` returns ``reason``."""
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=(3.6, 2.0))
        fig.text(0.5, 0.62, f"{what}, {who}: nothing to draw", ha="center", va="center", fontsize=9)
        fig.text(0.5, 0.38, reason, ha="center", va="center", fontsize=8, wrap=True)
    fig._nuion_note = f"{what}: nothing to draw: {reason}"
    return fig


def note(fig):
    """Why ``fig`` shows nothing (None for a figure with data); the figure script logs it."""
    return getattr(fig, "_nuion_note", None)


def _few(n):
    """Marker style for a curve of ``n`` points: a line of one point would be invisible."""
    return {"marker": "o", "ms": 3} if n < 3 else {}


def _finite_positive(values):
    values = np.asarray(values, float)
    return bool(np.any(np.isfinite(values) & (values > 0)))


def _label(ds):
    e = ds.attrs["E_over_eb"]
    return rf"$E_\nu = {e:.4g}\,\varepsilon_b$ ({ds.attrs['E_nu']:.4g} keV)"


def _curves(ax, datasets, var):
    """Plot ``var`` against T/eps_b per E; dashed where T > T_max of a free electron."""
    for i, ds in enumerate(sorted(datasets, key=lambda d: d.attrs["E_nu"])):
        x = ds["T_over_eb"].values
        y = ds[var].values
        color = f"C{i}"
        beyond = ds["T"].values > ds.attrs["T_max_fe"]
        solid = ~beyond
        if solid.any():
            ax.plot(x[solid], y[solid], color=color, label=_label(ds), **_few(int(solid.sum())))
        if beyond.any():
            # start one point early so the dashed part joins the solid one
            start = max(int(beyond.argmax()) - 1, 0)
            ax.plot(x[start:], y[start:], color=color, ls="--", label=None if solid.any() else _label(ds),
                    **_few(x.size - start))


def _lines(ax, datasets):
    """Discrete 1s -> n lines below threshold as sticks of height sigma_n / (eq. (1) x level
    spacing), the n > 10 rest as a bar up to threshold: the continuation of the curves."""
    if not datasets or "line_ratio_density" not in datasets[0]:
        return
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    for i, ds in enumerate(datasets):
        # side by side per E, so that short sticks are not hidden behind tall ones
        x = ds["line_T"].values / ds.attrs["eps_b"] + 0.005 * (i - (len(datasets) - 1) / 2)
        ax.vlines(x, 0, ds["line_ratio_density"].values, color=f"C{i}", lw=0.9)
        n_last = int(ds["n"].values[-1])
        ax.hlines(float(ds["line_ratio_density_rest"]), 1 - 1 / (n_last + 0.5) ** 2, 1.0, color=f"C{i}", lw=2)
    ax.plot([], [], color="0.3", lw=0.9, label=r"lines $1s\to n$: $\sigma_n/(d\sigma_{\rm FE}/dT\;\Delta T_n)$")


def _who(target):
    """Title of a target name: "$Z = 32$" for the hydrogen-like ion Z32, else the name ("Ge")."""
    m = re.fullmatch(r"Z(\d+)", str(target))
    return rf"$Z = {m.group(1)}$" if m else str(target)


def fig_ratio(datasets, target):
    """Fig. 1 of [1]: DCS (eq. (9)) over the free-electron DCS (eq. (1)) against T/eps_b.

    Parameters
    ----------
    datasets : list of xarray.Dataset
        DCS datasets of one target (one per E).
    target : str
        Canonical target name (title), e.g. "Z32".

    Returns
    -------
    matplotlib.figure.Figure
        Left: the paper's range; right: the threshold region with the discrete
        lines below T = eps_b.
    """
    with plt.rc_context(STYLE):
        fig, (ax, zoom) = plt.subplots(1, 2, figsize=(6.4, 2.8), gridspec_kw={"width_ratios": [1.6, 1]})
        for a in (ax, zoom):
            a.axhline(1.0, color="0.4", lw=0.8, ls=":", label="free electron, eq. (1)")
            _curves(a, datasets, "ratio_total")
            a.axvline(1.0, color="0.6", lw=0.6)
            a.set_xlabel(r"$T/\varepsilon_b$")
            a.set_ylim(0, 1.1)
        ax.plot([], [], color="0.3", ls="--", label=r"$T > T_{\max}^{\rm FE}$ (eq. (1) has no free-electron support)")
        _lines(zoom, datasets)
        zoom.set_xlim(0.7, 1.5)
        zoom.set_title("threshold: lines below, continuum above", fontsize=8)
        ax.set_ylabel(r"$(d\sigma/dT)\,/\,(d\sigma_{\rm FE}/dT)$")
        ax.set_title(rf"{_who(target)}, $\varepsilon_b = {datasets[0].attrs['eps_b']:.4g}$ keV", fontsize=9)
        handles, labels = ax.get_legend_handles_labels()
        extra = zoom.get_legend_handles_labels()
        handles.append(extra[0][-1])
        labels.append(extra[1][-1])
        fig.legend(handles, labels, frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2)
        fig.tight_layout()
    return fig


def fig_perp_over_par(datasets, target):
    """Fig. 2 of [1]: transverse over longitudinal DCS (eqs. (6)/(5)) against T/eps_b.

    Parameters and returns as :func:`fig_ratio`.
    """
    if not any(_finite_positive(d["perp_over_par"].values) for d in datasets):
        return _nothing_to_draw("Fig. 2", _who(target), "no finite positive perp/par at any stored T")
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        _curves(ax, datasets, "perp_over_par")
        ax.set_xlabel(r"$T/\varepsilon_b$")
        ax.set_ylabel(r"$(d\sigma_\perp/dT)\,/\,(d\sigma_\parallel/dT)$")
        ax.set_yscale("log")
        ax.set_title(_who(target), fontsize=9)
        ax.plot([], [], color="0.3", ls="--", label=r"$T > T_{\max}^{\rm FE}$")
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return fig


def fig_approximations(datasets, target):
    """Every approximation of the paper's argument against T/eps_b, one panel per E.

    Ratios to eq. (1) on a log axis: the real-photon approximation's spurious
    enhancement against the full result's suppression (sec. 2.3 of [1]).
    """
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    ncol = min(2, len(datasets))
    nrow = -(-len(datasets) // ncol)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(nrow, ncol, figsize=(3.4 * ncol, 2.6 * nrow), squeeze=False, sharey=True)
        for ax, ds in zip(axes.flat, datasets):
            x = ds["T_over_eb"].values
            for var, label, style in APPROXIMATIONS:
                y = ds[var].values
                ax.plot(x, np.where(y > 0, y, np.nan), label=label, **style, **_few(x.size))
            ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
            ax.set_yscale("log")
            ax.set_ylim(1e-3, 2e3)
            ax.set_title(_label(ds), fontsize=8)
            ax.set_xlabel(r"$T/\varepsilon_b$")
        for ax in axes[:, 0]:
            ax.set_ylabel(r"ratio to eq. (1)")
        for ax in axes.flat[len(datasets):]:
            ax.set_visible(False)
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
        fig.suptitle(rf"Approximations against the full result, {_who(target)}", fontsize=9)
        fig.tight_layout()
    return fig


def fig_energy(datasets, target):
    """ratio_total against E/eps_b at fixed T/eps_b: the approach to the high-energy limit."""
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    e = np.array([d.attrs["E_over_eb"] for d in datasets])
    curves = {t: np.array([at_T(d, "ratio_total", t) for d in datasets]) for t in T_POINTS}
    if not any(np.isfinite(y).any() for y in curves.values()):
        reach = max(float(d["T_over_eb"].values[-1]) for d in datasets)
        return _nothing_to_draw(
            "ratio vs E", _who(target), f"no configured E reaches T/eps_b = {', '.join(f'{t:g}' for t in T_POINTS)} "
            f"(largest stored T/eps_b: {reach:.4g})"
        )
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        for i, (t, y) in enumerate(curves.items()):
            label = rf"$T = {t:g}\,\varepsilon_b$" + ("" if np.isfinite(y).any() else ": beyond every E")
            ax.plot(e, y, "o-", ms=3, color=f"C{i}", label=label)
        ax.axhline(1.0, color="0.4", lw=0.8, ls=":", label="free electron, eq. (1)")
        ax.set_xscale("log")
        ax.set_xlabel(r"$E_\nu/\varepsilon_b$")
        ax.set_ylabel(r"$(d\sigma/dT)\,/\,(d\sigma_{\rm FE}/dT)$")
        ax.set_title(_who(target), fontsize=9)
        ax.legend(frameon=False)
    return fig


def fig_map(datasets, target):
    """Maps of ratio_total and perp/par over (T/eps_b, E/eps_b), one row per configured E."""
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    e = np.array([d.attrs["E_over_eb"] for d in datasets])
    t = max((d["T_over_eb"].values for d in datasets), key=len)
    if len(datasets) < 2 or t.size < 2:
        return _nothing_to_draw(
            "(T, E) map", _who(target),
            f"a map needs at least two energies and two T points; this run has {len(datasets)} E "
            f"and {t.size} T below the largest E (see the Fig. 1 and ratio-vs-E figures)",
        )
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(7.0, 2.8), sharey=True)
        for ax, var, label, norm in (
            (axes[0], "ratio_total", r"$(d\sigma/dT)/(d\sigma_{\rm FE}/dT)$", None),
            (axes[1], "perp_over_par", r"$d\sigma_\perp/d\sigma_\parallel$", "log"),
        ):
            grid = np.array([[at_T(d, var, x) for x in t] for d in datasets])
            if norm == "log" and not _finite_positive(grid):
                norm = None
            mesh = ax.pcolormesh(t, e, np.ma.masked_invalid(grid), shading="nearest", norm=norm, cmap="viridis")
            fig.colorbar(mesh, ax=ax, label=label)
            ax.set_yscale("log")
            ax.set_xlabel(r"$T/\varepsilon_b$")
        axes[0].set_ylabel(r"$E_\nu/\varepsilon_b$")
        fig.suptitle(rf"{_who(target)} (white: $T \geq E_\nu$)", fontsize=9)
        fig.tight_layout()
    return fig


def fig_vs_Z(by_Z, label):
    """ratio_total at fixed T/eps_b against Z, at one neutrino energy in keV.

    Parameters
    ----------
    by_Z : dict
        Z -> DCS dataset at the same E in keV.
    label : str
        The energy label (e.g. "1000keV").

    Notes
    -----
    The lower limit Q >= T^2, i.e. K_min = W alpha Z / 2, grows with Z and cuts
    into the Bethe ridge. Shaded: alpha Z > 0.3; dotted verticals: the Z where the
    ejected electron reaches v/c = alpha Z sqrt(W - 1) = 0.3 at each T/eps_b.
    """
    from nuion.constants import ALPHA

    Zs = np.array(sorted(by_Z))
    curves = {t: np.array([at_T(by_Z[z], "ratio_total", t) for z in Zs]) for t in T_POINTS}
    if not any(np.isfinite(y).any() for y in curves.values()):
        return _nothing_to_draw(
            f"ratio vs Z at {label}", rf"$Z = {', '.join(map(str, Zs))}$",
            f"E = {label} reaches T/eps_b = {', '.join(f'{t:g}' for t in T_POINTS)} for none of these Z",
        )
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        for i, (t, y) in enumerate(curves.items()):
            text = rf"$T = {t:g}\,\varepsilon_b$" + ("" if np.isfinite(y).any() else ": beyond E")
            ax.plot(Zs, y, "o-", ms=3, color=f"C{i}", label=text)
            if t > 1:
                ax.axvline(0.3 / (ALPHA * np.sqrt(t - 1)), color=f"C{i}", ls=":", lw=0.8)
        ax.axvspan(0.3 / ALPHA, max(Zs.max(), 0.3 / ALPHA) + 5, color="0.9", label=r"$\alpha Z > 0.3$")
        ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
        ax.set_xlabel(r"$Z$")
        ax.set_ylabel(r"$(d\sigma/dT)\,/\,(d\sigma_{\rm FE}/dT)$")
        ax.set_title(rf"$E_\nu$ = {label.replace('keV', ' keV')}; dotted: $v/c = 0.3$", fontsize=9)
        ax.legend(frameon=False, fontsize=7)
    return fig


# -- neutral atoms ------------------------------------------------------------------------------


def _e_title(ds):
    e = ds.attrs["E_nu"]
    return rf"$E_\nu$ = {e / 1000:.4g} MeV" if e >= 1000 else rf"$E_\nu$ = {e:.4g} keV"


def _edges(ax, ds):
    """Dotted verticals at the shell thresholds inside the axis range, labelled by shell."""
    lo, hi = ax.get_xlim()
    for label, b in zip(ds["shell"].values, ds["binding"].values):
        if lo < b < hi:
            ax.axvline(b, color="0.7", lw=0.6, ls=":")
            ax.text(b, 1.0, f" {label}", transform=ax.get_xaxis_transform(), fontsize=6, color="0.4",
                    rotation=90, va="top", ha="left")


def fig_atom_dcs(datasets, target):
    """DCS of an atom over Z x eq. (1) (top, shells stacked) and over the stepping approximation (bottom).

    Parameters
    ----------
    datasets : list of xarray.Dataset
        Atom DCS datasets of one target (one per E), as written by the dcs_atom stage.
    target : str
        Atom name (title).

    Returns
    -------
    matplotlib.figure.Figure
        One column per E; T in keV on a log axis; each shell's dcs_total_shell / (Z eq. (1))
        stacked from the deepest shell up, so the top of the stack is ratio_fe_atom.
    """
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    ncol = len(datasets)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, ncol, figsize=(3.4 * ncol, 5.0), squeeze=False, sharex="col")
        for j, ds in enumerate(datasets):
            T = ds["T"].values
            Z = int(ds.attrs["Z"])
            parts = ds["dcs_total_shell"].values / (Z * ds["dcs_fe"].values)
            top, bottom = axes[0, j], axes[1, j]
            top.stackplot(T, parts, labels=[f"{s}" for s in ds["shell"].values], alpha=0.75,
                          colors=[f"C{k % 10}" for k in range(parts.shape[0])])
            top.plot(T, ds["ratio_fe_atom"].values, color="k", lw=1.2, label="atom, all shells")
            top.plot(T, ds["n_open"].values / Z, color="k", ls="--", lw=0.9, label="stepping / (Z FE)")
            top.axhline(1.0, color="0.4", lw=0.8, ls=":")
            top.set_ylim(0, 1.15)
            top.set_ylabel(r"$(d\sigma/dT)\,/\,(Z\,d\sigma_{\rm FE}/dT)$")
            top.set_title(rf"{target}, {_e_title(ds)}", fontsize=9)
            bottom.plot(T, ds["ratio_stepping_atom"].values, color="k")
            bottom.axhline(1.0, color="0.4", lw=0.8, ls=":")
            bottom.set_xscale("log")
            bottom.set_xlabel(r"$T$ (keV)")
            bottom.set_ylabel(r"$(d\sigma/dT)\,/\,(d\sigma/dT)_{\rm stepping}$")
            bottom.set_xlim(T[0], T[-1])
            for ax in (top, bottom):
                _edges(ax, ds)
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=6, frameon=False)
        fig.tight_layout()
    return fig


def fig_atom_perp_par(datasets, target):
    """Transverse over longitudinal DCS of an atom (summed over shells) against T in keV, per E."""
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        for i, ds in enumerate(datasets):
            ax.plot(ds["T"].values, ds["perp_over_par"].values, color=f"C{i}", label=_e_title(ds))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$T$ (keV)")
        ax.set_ylabel(r"$(d\sigma_\perp/dT)\,/\,(d\sigma_\parallel/dT)$")
        ax.set_title(f"{target}, {datasets[0].attrs['continuum']}", fontsize=9)
        _edges(ax, datasets[0])
        ax.legend(frameon=False)
    return fig


def fig_photo(ds, target):
    """Photoabsorption of an atom: the model's real-photon limit per shell and summed against the tables.

    Parameters
    ----------
    ds : xarray.Dataset
        The atom's photo dataset (``sigma_photo_shell``, ``sigma_photo``, ``sigma_table_elam``,
        ``sigma_table_chantler`` in barn over omega in keV).
    target : str
    """
    w = ds["omega"].values
    with plt.rc_context(STYLE):
        fig, (ax, rat) = plt.subplots(2, 1, figsize=(4.2, 4.4), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
        for k, label in enumerate(ds["shell"].values):
            y = ds["sigma_photo_shell"].values[k]
            ax.plot(w, np.where(y > 0, y, np.nan), color=f"C{k % 10}", lw=0.8, label=label)
        ax.plot(w, ds["sigma_photo"].values, color="k", lw=1.4, label="model, all shells")
        ax.plot(w, ds["sigma_table_elam"].values, color="C3", ls="--", lw=1.2, label="Elam et al. 2002")
        ax.plot(w, ds["sigma_table_chantler"].values, color="0.5", ls=":", lw=1.2, label="Chantler 1995/2000")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylabel(r"$\sigma_\gamma$ (barn per atom)")
        ax.set_title(f"{target}: " + r"$4\pi^2\alpha R(\omega,\omega^2)/\omega$" + f" ({ds.attrs['continuum']})", fontsize=9)
        ax.legend(frameon=False, fontsize=6, ncol=2)
        rat.plot(w, ds["photo_ratio"].values, color="k", marker="o", ms=2, label="model / Elam")
        rat.plot(w, ds["sigma_photo"].values / ds["sigma_table_chantler"].values, color="0.5", lw=0.8, label="model / Chantler")
        rat.axhline(1.0, color="0.4", lw=0.8, ls=":")
        rat.set_ylim(0.5, 1.5)
        rat.legend(frameon=False, fontsize=6)
        rat.set_xlabel(r"photon energy $\omega$ (keV)")
        rat.set_ylabel("model / table")
        fig.tight_layout()
    return fig


def fig_kshell(datasets, ions, target):
    """K shell of the atom against the paper's hydrogen-like ion of the same Z, per K electron.

    Parameters
    ----------
    datasets : list of xarray.Dataset
        Atom DCS datasets (one per E).
    ions : list of xarray.Dataset
        DCS datasets of the hydrogen-like ion of the same Z at the same E (:func:`nuion.dcs`).
    target : str

    Returns
    -------
    matplotlib.figure.Figure
        Left: dcs_total_shell(1s) / (N_1s eq. (1)) of the atom and ratio_total of the ion against T
        in keV; right: the same against T over each one's own threshold.
    """
    datasets = sorted(datasets, key=lambda d: d.attrs["E_nu"])
    ions = sorted(ions, key=lambda d: d.attrs["E_nu"])
    with plt.rc_context(STYLE):
        fig, (ax, scaled) = plt.subplots(1, 2, figsize=(6.8, 2.8), sharey=True)
        for i, (ds, ion) in enumerate(zip(datasets, ions)):
            k = list(ds["shell"].values).index("1s")
            b = float(ds["binding"].values[k])
            rows = ds["T"].values > b
            T = ds["T"].values[rows]
            y = ds["dcs_total_shell"].values[k][rows] / (int(ds["occupancy"].values[k]) * ds["dcs_fe"].values[rows])
            eb = float(ion.attrs["eps_b"])
            for a, xa, xi in ((ax, T, ion["T"].values), (scaled, T / b, ion["T"].values / eb)):
                a.plot(xa, y, color=f"C{i}", label=f"{target} atom, 1s ({_e_title(ds)})")
                a.plot(xi, ion["ratio_total"].values, color=f"C{i}", ls="--",
                       label=rf"hydrogen-like $Z = {int(ion.attrs['Z'])}$ ({_e_title(ion)})")
        for a in (ax, scaled):
            a.axhline(1.0, color="0.4", lw=0.8, ls=":")
            a.set_ylim(0, 1.1)
        ax.set_xlabel(r"$T$ (keV)")
        scaled.set_xlabel(r"$T\,/\,$threshold (atom: $B_{1s}$; ion: $\varepsilon_b$)")
        ax.set_ylabel(r"$(d\sigma_{1s}/dT)\,/\,(N_{1s}\,d\sigma_{\rm FE}/dT)$")
        ax.set_title(f"{target} K shell against the paper's ion", fontsize=9)
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
        fig.tight_layout()
    return fig


#: Figures per target by name (the names of the figure rules' outputs, ``<name>_pdf``/``<name>_png``).
FIGURES = {
    "fig1": fig_ratio,
    "fig2": fig_perp_over_par,
    "approximations": fig_approximations,
    "energy": fig_energy,
    "map": fig_map,
    "atom_dcs": fig_atom_dcs,
    "atom_perp_par": fig_atom_perp_par,
}


_MODEL_STYLE = {"fe": {"color": "k"}, "stepping": {"color": "C1", "ls": "-."}, "atom": {"color": "C0", "ls": "--"}}


def _preset_title(ds):
    return f"{ds.attrs['preset']} ({ds.attrs['material']}), threshold {ds.attrs['threshold_keV']:g} keV"


def fig_rate_spectra(rates, sens=None):
    """dR/dT (observed; true dotted) of the magnetic and weak interactions per model, with the threshold."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.6))
        T = rates["T"].values
        for m in rates["model"].values:
            style = _MODEL_STYLE.get(str(m), {})
            r = rates.sel(model=m)
            ax.plot(T, r["rate_magnetic"], label=rf"magnetic, {m}, $\mu_\nu$ = {rates.attrs['mu_nu']:.1e} $\mu_B$",
                    **style)
            ax.plot(T, r["rate_magnetic_true"], lw=0.7, alpha=0.6, **{**style, "ls": ":"})
            ax.plot(T, r["rate_weak"], label=f"weak (SM), {m}", **{**style, "color": "C2" if m == "fe" else style.get("color")},
                    alpha=0.8 if m == "fe" else 0.5)
        ax.axvline(rates.attrs["threshold_keV"], color="0.5", lw=0.8, ls="--", label="threshold")
        ax.set_xscale("log")
        ax.set_yscale("log")
        positive = rates["rate_magnetic_true"].values
        ax.set_ylim(max(positive[positive > 0].min(), 1e-6 * positive.max()), 2 * positive.max())
        ax.set_xlabel(r"recoil energy $T$ (keV)")
        ax.set_ylabel(r"$dR/dT$ (counts kg$^{-1}$ day$^{-1}$ keV$^{-1}$)")
        ax.set_title(_preset_title(rates) + "; dotted: no resolution", fontsize=8)
        ax.legend(frameon=False, fontsize=6)
    return fig


def fig_rate_ratio(rates, sens=None):
    """True magnetic dR/dT of each atomic model over free electrons."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.2))
        for m in rates["model"].values:
            ax.plot(rates["T"], rates["ratio_to_fe"].sel(model=m), label=str(m), **_MODEL_STYLE.get(str(m), {}))
        ax.axvline(rates.attrs["threshold_keV"], color="0.5", lw=0.8, ls="--", label="threshold")
        ax.set_xscale("log")
        ax.set_ylim(0, 1.1)
        ax.set_xlabel(r"recoil energy $T$ (keV)")
        ax.set_ylabel(r"$dR/dT$ / free electrons (magnetic)")
        ax.set_title(_preset_title(rates), fontsize=8)
        ax.legend(frameon=False)
    return fig


def fig_limit_threshold(rates, sens):
    """Expected 90 % CL limit on mu_nu against the threshold, per atomic model; published limit dashed."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.2))
        for m in sens["model"].values:
            ax.plot(sens["threshold"], sens["mu_nu_limit_vs_threshold"].sel(model=m), marker="o", ms=3, label=str(m),
                    **_MODEL_STYLE.get(str(m), {}))
        if "published_mu_nu_limit" in sens.attrs:
            ax.axhline(sens.attrs["published_mu_nu_limit"], color="C3", ls="--", lw=0.8, label="published limit")
        ax.axvline(sens.attrs["threshold_keV"], color="0.5", lw=0.8, ls="--", label="preset threshold")
        ax.set_xscale("log")
        ax.set_xlabel("threshold (keV)")
        ax.set_ylabel(r"expected 90 % CL limit on $\mu_\nu$ ($\mu_B$)")
        ax.set_title(_preset_title(sens), fontsize=8)
        ax.legend(frameon=False)
    return fig


#: Figures per preset by name (rule rates_figures): f(rates dataset, sensitivity dataset).
RATE_FIGURES = {"rate_spectra": fig_rate_spectra, "rate_ratio": fig_rate_ratio, "limit_threshold": fig_limit_threshold}


def fig_channel_ratios(panels):
    """Atom over Z free electrons per channel against T (docs/channels.md, sec. 'Atom over free electrons and stepping').

    Parameters
    ----------
    panels : list of (title, T, {label: ratio}, edges)
        One panel each: T in keV, the ratio per channel (dimensionless, same length as T) and
        the shell thresholds {shell: keV} drawn as dotted verticals.

    Returns
    -------
    matplotlib.figure.Figure
        Log T, log ratio; the line at 1 is free electrons.
    """
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(panels), figsize=(3.6 * len(panels), 3.4), squeeze=False)
        for ax, (title, T, curves, edges) in zip(axes[0], panels):
            for k, (label, r) in enumerate(curves.items()):
                ok = np.isfinite(r) & (r > 0)
                ax.plot(T[ok], r[ok], color=f"C{k}", lw=1.1, label=label)
            ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlim(T[0], T[-1])
            ax.set_xlabel(r"$T$ (keV)")
            ax.set_ylabel(r"$(d\sigma/dT)_{\rm atom}\,/\,(Z\,d\sigma_{\rm FE}/dT)$")
            ax.set_title(title, fontsize=9)
            lo, hi = ax.get_xlim()
            for label, b in edges.items():
                if lo < b < hi:
                    ax.axvline(b, color="0.7", lw=0.6, ls=":")
                    ax.text(b, 1.0, f" {label}", transform=ax.get_xaxis_transform(), fontsize=6, color="0.4",
                            rotation=90, va="top", ha="left")
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False)
        fig.tight_layout()
    return fig


def save(fig, pdf_path, png_path, source):
    """Write ``fig`` as PDF and PNG without timestamps; ``source`` names the input data."""
    for path in (pdf_path, png_path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    meta = {"Title": Path(pdf_path).stem, "Subject": f"made by nuion from {source}", "CreationDate": None}
    with plt.rc_context(STYLE):
        fig.savefig(pdf_path, metadata=meta)
        fig.savefig(png_path, dpi=200, metadata={"Software": "nuion (matplotlib)", "Source": source})
    plt.close(fig)


# -- limits from data releases (docs/releases.md) -------------------------------------------


def _release_title(ds):
    exposure = ds.attrs["exposure_kg_day"] / 365250.0
    return f"{ds.attrs['release']} ({ds.attrs['material']}), {exposure:.3g} t yr, {int(ds.attrs['n_observed'])} events"


def _per_bin(energy, density, lo, hi):
    """Mean density (events/keV) of each bin [lo, hi] from a density on ``energy`` (trapezoid rule)."""
    cum = np.concatenate([[0.0], np.cumsum(np.diff(energy) * 0.5 * (density[1:] + density[:-1]))])
    return (np.interp(hi, energy, cum) - np.interp(lo, energy, cum)) / (hi - lo)


def _steps(ax, lo, hi, y, **style):
    ax.stairs(y, np.append(lo, hi[-1]), **style)


def fig_limit_spectrum(ds):
    """Observed events per keV with the background model and background + signal at each model's observed limit."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.6))
        lo, hi = ds["bin_low"].values, ds["bin_high"].values
        width = hi - lo
        n = ds["observed_counts"].values
        E = ds["energy"].values
        bkg = _per_bin(E, ds["background_density"].values, lo, hi)
        _steps(ax, lo, hi, bkg, color="0.4", lw=1.2, label="background model (release)")
        for m in ds["model"].values:
            d = ds.sel(model=m)
            k = (float(d["mu_nu_limit_observed"]) / ds.attrs["mu_ref"]) ** 2
            total = bkg + _per_bin(E, d["weak_density"].values + k * d["signal_density"].values, lo, hi)
            style = {k2: v for k2, v in _MODEL_STYLE.get(str(m), {}).items() if k2 in ("color", "ls")}
            _steps(ax, lo, hi, total, lw=1.0,
                   label=rf"+ signal, {m}, $\mu_\nu$ = {float(d['mu_nu_limit_observed']):.2e} $\mu_B$", **style)
        ax.errorbar(0.5 * (lo + hi), n / width, xerr=0.5 * width, yerr=np.sqrt(n) / width, fmt="o", ms=2.5, color="k",
                    elinewidth=0.8, capsize=0, label="data")
        ax.set_xlim(lo[0], hi[-1])
        ax.set_ylim(0, None)
        ax.set_xlabel("reconstructed energy (keV)")
        ax.set_ylabel(r"events keV$^{-1}$")
        ax.set_title(_release_title(ds) + "; signal at the observed 90 % CL limit", fontsize=7)
        ax.legend(frameon=False, fontsize=6)
    return fig


def fig_limit_scan(ds):
    """Profile likelihood scan, -2 ln lambda(mu_nu), per atomic model; dotted: observed limits."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.2))
        x = ds["mu_nu_scan"].values
        for m in ds["model"].values:
            style = _MODEL_STYLE.get(str(m), {})
            ax.plot(x, ds["q_scan"].sel(model=m), label=str(m), **style)
            ax.axvline(float(ds["mu_nu_limit_observed"].sel(model=m)), lw=0.7, ls=":", color=style.get("color", "k"))
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(0, None)
        ax.set_xlabel(r"$\mu_\nu$ ($\mu_B$)")
        ax.set_ylabel(r"$-2\,\ln\lambda(\mu_\nu)$ (profile)")
        ax.set_title(_release_title(ds) + "; dotted: observed 90 % CL limits (CLs)", fontsize=7)
        ax.legend(frameon=False)
    return fig


def fig_limit_summary(ds):
    """Observed limit per model (markers) in its expected 1 and 2 sigma bands (green, yellow), beside the published one."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.2, 3.2))
        models = [str(m) for m in ds["model"].values]
        for i, m in enumerate(models):
            band = ds["mu_nu_limit_band"].sel(model=m).values
            ax.bar(i, band[4] - band[0], bottom=band[0], width=0.5, color="#ffdd44",
                   label=r"expected $\pm 2\sigma$" if i == 0 else None)
            ax.bar(i, band[3] - band[1], bottom=band[1], width=0.5, color="#44bb44",
                   label=r"expected $\pm 1\sigma$" if i == 0 else None)
            ax.plot([i - 0.25, i + 0.25], [band[2]] * 2, color="k", ls="--", lw=1.0,
                    label="expected median" if i == 0 else None)
            ax.plot(i, float(ds["mu_nu_limit_observed"].sel(model=m)), "o", color="k", ms=5,
                    label="observed" if i == 0 else None)
        if "published_mu_nu_limit" in ds.attrs:
            ax.axhline(ds.attrs["published_mu_nu_limit"], color="C3", lw=1.0, label="published limit")
        ax.set_xticks(range(len(models)), models)
        ax.set_xlim(-0.6, len(models) - 0.4)
        ax.set_xlabel("atomic model")
        ax.set_ylabel(r"90 % CL upper limit on $\mu_\nu$ ($\mu_B$)")
        ax.set_title(_release_title(ds), fontsize=7)
        ax.legend(frameon=False, fontsize=6)
    return fig


#: Figures per release by name (rule limits_figures): f(limits dataset).
LIMIT_FIGURES = {"limit_spectrum": fig_limit_spectrum, "limit_scan": fig_limit_scan, "limit_summary": fig_limit_summary}
