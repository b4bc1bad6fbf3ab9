"""The paper's figures (Figs. 1 and 2 of Kouzakov & Studenikin 2011) and the comparisons beyond them, for a hydrogen-like ion."""

import re

import numpy as np
from matplotlib.ticker import NullLocator

from nuion.plotting.style import plt, STYLE, _few, _finite_positive, _label, _nothing_to_draw
from nuion.summary import T_POINTS, at_T

__all__ = ["APPROXIMATIONS", "fig_ratio", "fig_perp_over_par", "fig_approximations", "fig_energy", "fig_map", "fig_vs_Z"]


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
    ("ratio_stepping_fe", "stepping (FE above threshold)", {"color": "C1", "ls": "-."}),
)


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


def _cell_edges(x, log=False):
    r"""Edges of the cells centred on the increasing grid ``x``, for pcolormesh.

    .. math:: x_{i-1/2} = \tfrac12 (x_{i-1} + x_i), \quad x_{-1/2} = 2 x_0 - x_{1/2}, \quad x_{n-1/2} = 2 x_{n-1} - x_{n-3/2}

    in x, or with ``log`` in ln x: geometric mid-points sqrt(x_{i-1} x_i), the first and last edges
    extrapolated geometrically (x_0^2 / x_{1/2}), so that on a log axis every cell is a band
    around its value (a linear mid-point would put the edge below x_0 = 2 at 2 - 4 < 0).
    """
    u = np.log(x) if log else np.asarray(x, float)
    mid = 0.5 * (u[1:] + u[:-1])
    edges = np.concatenate([[2 * u[0] - mid[0]], mid, [2 * u[-1] - mid[-1]]])
    return np.exp(edges) if log else edges


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
            mesh = ax.pcolormesh(_cell_edges(t), _cell_edges(e, log=True), np.ma.masked_invalid(grid), shading="flat",
                                 norm=norm, cmap="viridis")
            fig.colorbar(mesh, ax=ax, label=label)
            ax.set_yscale("log")
            ax.set_xlabel(r"$T/\varepsilon_b$")
        axes[0].set_yticks(e, [f"{x:g}" for x in e], minor=False)  # one row per configured E, labelled by it
        axes[0].yaxis.set_minor_locator(NullLocator())
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
