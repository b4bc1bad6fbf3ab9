"""Figures of the detectors: rate spectra, model ratios and limits of the presets, and the limits from data releases."""

import numpy as np


from nuion.plotting.style import plt, STYLE, plain_log_ticks
__all__ = ["fig_rate_spectra", "fig_rate_ratio", "fig_limit_threshold", "RATE_FIGURES", "fig_limit_spectrum", "fig_limit_scan", "fig_limit_summary", "LIMIT_FIGURES"]


_MODEL_STYLE = {"fe": {"color": "k"}, "stepping": {"color": "C1", "ls": "-."}, "atom": {"color": "C0", "ls": "--"}}


def _preset_title(ds):
    return f"{ds.attrs['preset']} ({ds.attrs['material']}), threshold {ds.attrs['threshold_keV']:g} keV"


def fig_rate_spectra(rates, sens=None):
    """dR/dT of the magnetic and weak interactions per model: observed (solid, from the threshold) and
    true (dotted, the whole T range), the range below the threshold shaded."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.6))
        T = rates["T"].values
        threshold = rates.attrs["threshold_keV"]
        for m in rates["model"].values:
            style = _MODEL_STYLE.get(str(m), {})
            r = rates.sel(model=m)
            curves = (
                ("magnetic", rf"magnetic, {m}, $\mu_\nu$ = {rates.attrs['mu_nu']:.1e} $\mu_B$", style, 1.0),
                ("weak", f"weak (SM), {m}", {**style, "color": "C2" if m == "fe" else style.get("color")}, 0.8 if m == "fe" else 0.5),
            )
            for interaction, label, line, alpha in curves:
                observed = r[f"rate_{interaction}_observed"].values  # 0 below the threshold: not drawn on the log axis
                ax.plot(T, np.where(observed > 0, observed, np.nan), label=label, alpha=alpha, gid=f"{interaction} observed {m}",
                        **line)
                ax.plot(T, r[f"rate_{interaction}_true"], lw=0.7, alpha=0.6 * alpha, gid=f"{interaction} true {m}",
                        **{**line, "ls": ":"})
        ax.axvspan(T[0], threshold, color="0.92", lw=0, zorder=0, label="below threshold (true only)")
        ax.axvline(threshold, color="0.5", lw=0.8, ls="--", label="threshold")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(T[0], T[-1])
        plain_log_ticks(ax.xaxis)
        positive = np.concatenate([rates[f"rate_{i}_true"].values.ravel() for i in ("magnetic", "weak")])
        positive = positive[positive > 0]
        ax.set_ylim(max(positive.min(), 1e-6 * positive.max()), 2 * positive.max())
        ax.set_xlabel(r"recoil energy $T$ (keV)")
        ax.set_ylabel(r"$dR/dT$ (kg$^{-1}$ d$^{-1}$ keV$^{-1}$)")
        ax.set_title(_preset_title(rates) + "; dotted: true (no resolution, no threshold)", fontsize=8)
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
        plain_log_ticks(ax.xaxis)
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
        plain_log_ticks(ax.xaxis)  # thresholds span less than a decade: "2", not 2x10^0
        ax.set_xlabel("threshold (keV)")
        ax.set_ylabel(r"expected 90 % CL limit on $\mu_\nu$ ($\mu_B$)")
        ax.set_title(_preset_title(sens), fontsize=8)
        ax.legend(frameon=False)
    return fig


#: Figures per preset by name (rule rates_figures): f(rates dataset, sensitivity dataset).
RATE_FIGURES = {"rate_spectra": fig_rate_spectra, "rate_ratio": fig_rate_ratio, "limit_threshold": fig_limit_threshold}


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
