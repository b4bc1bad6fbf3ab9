"""Figures in journal style: the only module that knows matplotlib.

Each function takes the DCS datasets of one Z (as written by the workflow) and
returns a matplotlib Figure; :func:`save` writes it as vector PDF and PNG with
deterministic metadata. Mathtext only (no TeX installation needed).

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252, Figs. 1, 2.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

__all__ = ["fig_ratio", "fig_perp_over_par", "save"]

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
            ax.plot(x[solid], y[solid], color=color, label=_label(ds))
        if beyond.any():
            # start one point early so the dashed part joins the solid one
            start = max(int(beyond.argmax()) - 1, 0)
            ax.plot(x[start:], y[start:], color=color, ls="--", label=None if solid.any() else _label(ds))


def fig_ratio(datasets, Z):
    """Fig. 1 of [1]: DCS (eq. (9)) over the free-electron DCS (eq. (1)) against T/eps_b.

    Parameters
    ----------
    datasets : list of xarray.Dataset
        DCS datasets of one Z (one per E).
    Z : int
        Nuclear charge (title).

    Returns
    -------
    matplotlib.figure.Figure
    """
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        ax.axhline(1.0, color="0.4", lw=0.8, ls=":", label="free electron, eq. (1)")
        _curves(ax, datasets, "ratio_total")
        ax.plot([], [], color="0.3", ls="--", label=r"$T > T_{\max}^{\rm FE}$ (eq. (1) has no free-electron support)")
        ax.set_xlabel(r"$T/\varepsilon_b$")
        ax.set_ylabel(r"$(d\sigma/dT)\,/\,(d\sigma_{\rm FE}/dT)$")
        ax.set_ylim(0, 1.1)
        ax.set_title(rf"$Z = {Z}$, $\varepsilon_b = {datasets[0].attrs['eps_b']:.4g}$ keV", fontsize=9)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return fig


def fig_perp_over_par(datasets, Z):
    """Fig. 2 of [1]: transverse over longitudinal DCS (eqs. (6)/(5)) against T/eps_b.

    Parameters and returns as :func:`fig_ratio`.
    """
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        _curves(ax, datasets, "perp_over_par")
        ax.set_xlabel(r"$T/\varepsilon_b$")
        ax.set_ylabel(r"$(d\sigma_\perp/dT)\,/\,(d\sigma_\parallel/dT)$")
        ax.set_yscale("log")
        ax.set_title(rf"$Z = {Z}$", fontsize=9)
        ax.plot([], [], color="0.3", ls="--", label=r"$T > T_{\max}^{\rm FE}$")
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
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
