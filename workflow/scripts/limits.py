"""Limits stage: observed and expected 90 % CL limits on mu_nu of one data release, per atomic model, and on
the couplings of the other channels of params["channels"] (q_nu, <r^2>; docs/channels.md)."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

import numpy as np

from nuion import io
from nuion.cross_sections import channels as ch
from nuion.detectors import likelihood, releases


def display_edges(release):
    """Bins of the figures: the release's own, else 1 keV bins over the window (the last one wider)."""
    if release.kind == "binned":
        return release.edges
    lo, hi = release.window
    return np.append(np.arange(lo, hi - 0.5, 1.0), hi)


def main(nc, params, response=None):
    release = releases.load(params["release"])
    extra = ch.beside_magnetic(params.get("channels", ["magnetic"]))
    models = likelihood.atomic_models(release, params["models"], response=response, channels=extra)
    results, specs = likelihood.limits(release, models)
    for r in results:
        band = ", ".join(f"{x:.3g}" for x in r.band)
        print(f"{release.name} {r.model}: mu_nu < {r.observed:.4g} mu_B observed, {r.expected:.4g} expected "
              f"(band -2..+2 sigma: {band}); best fit strength {r.strength_hat:.3g}, background x {r.background_norm_hat:.4f}",
              file=sys.stderr)
    by_channel = [(c, likelihood.channel_limits(release, models, c)) for c in extra]
    for c, res in by_channel:
        for r in res:
            observed, expected = (", ".join(f"{x:.4g}" for x in np.atleast_1d(v)) for v in (r.observed, r.expected))
            print(f"{release.name} {r.model}: {io.CHANNEL_LIMITS[c.name]} {observed} observed, {expected} expected",
                  file=sys.stderr)
    atom = next((m for m in models if m.name == "atom"), None)
    ds = io.limits_dataset(release, results, specs, params, display_edges(release), atom, by_channel)
    io.write_netcdf(ds, nc, "limits")


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output.nc, dict(snakemake.params.limits), snakemake.input.get("response") or None)  # noqa: F821
