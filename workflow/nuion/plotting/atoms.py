"""Figures of an atom: DCS over free electrons and stepping with the shells stacked, perp/par, photoabsorption, the K shell, the channels."""

import numpy as np


from nuion.plotting.style import plt, STYLE, edge_lines, separate_edge_labels, shell_colors
from nuion.targets import Shell
__all__ = ["fig_atom_dcs", "fig_atom_perp_par", "fig_photo", "fig_kshell", "fig_channel_ratios"]


def _e_title(ds):
    e = ds.attrs["E_nu"]
    return rf"$E_\nu$ = {e / 1000:.4g} MeV" if e >= 1000 else rf"$E_\nu$ = {e:.4g} keV"


def _shell_tex(label):
    """A shell label as figures show it: "2p" as is, the subshell "2p3_2" as 2p$_{3/2}$.

    >>> _shell_tex("2p3_2"), _shell_tex("4d")
    ('2p$_{3/2}$', '4d')
    """
    n, l, j = Shell.parse(str(label))  # noqa: E741
    return Shell.label_of(n, l) + ("" if j is None else f"$_{{{int(2 * j)}/2}}$")


def _edges(ax, ds):
    """The shell thresholds of an atom dataset as dotted, labelled verticals (:func:`edge_lines`)."""
    edge_lines(ax, {_shell_tex(label): float(b) for label, b in zip(ds["shell"].values, ds["binding"].values)})


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
            # a shell closed over the whole T range (Xe 1s below 33 keV) has no band, so no legend entry
            labels = [_shell_tex(s) if np.any(p > 0) else f"_{s}" for s, p in zip(ds["shell"].values, parts)]
            top.stackplot(T, parts, labels=labels, alpha=0.9, colors=shell_colors(ds["shell"].values))
            top.plot(T, ds["ratio_fe_atom"].values, color="k", lw=1.2, label="atom, all shells")
            top.plot(T, ds["n_open"].values / Z, color="k", ls="--", lw=0.9, label="stepping / (Z FE)")
            top.axhline(1.0, color="0.4", lw=0.8, ls=":")
            top.set_ylim(0, 1.15)
            top.set_ylabel(r"$(d\sigma/dT)\,/\,(Z\,d\sigma_{\rm FE}/dT)$")
            top.set_title(rf"{target}, {_e_title(ds)}", fontsize=9)
            bottom.plot(T, ds["ratio_stepping"].values, color="k")
            bottom.axhline(1.0, color="0.4", lw=0.8, ls=":")
            bottom.set_xscale("log")
            bottom.set_xlabel(r"$T$ (keV)")
            bottom.set_ylabel(r"$(d\sigma/dT)\,/\,(d\sigma/dT)_{\rm stepping}$")
            bottom.set_xlim(T[0], T[-1])
            for ax in (top, bottom):
                _edges(ax, ds)
        # one legend for every column: the shells open in any of them, in shell order, then the lines
        entries = {}
        for ax in axes[0]:
            for handle, label in zip(*ax.get_legend_handles_labels()):
                entries.setdefault(label, handle)
        shells = [_shell_tex(s) for s in datasets[0]["shell"].values]
        labels = sorted(entries, key=lambda label: shells.index(label) if label in shells else len(shells))
        fig.legend([entries[label] for label in labels], labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=6,
                   frameon=False)
        fig.tight_layout()
        separate_edge_labels(fig)
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
        fig.tight_layout()
        separate_edge_labels(fig)
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
        for label, color, y in zip(ds["shell"].values, shell_colors(ds["shell"].values), ds["sigma_photo_shell"].values):
            if np.any(y > 0):  # a shell closed over the whole omega range is neither drawn nor listed
                ax.plot(w, np.where(y > 0, y, np.nan), color=color, lw=0.8, label=_shell_tex(label))
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
            edge_lines(ax, {_shell_tex(label): b for label, b in edges.items()})
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False)
        fig.tight_layout()
        separate_edge_labels(fig)
    return fig
