"""Limits stage: observed and expected 90 % CL limits on mu_nu of one data release, per atomic model."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

import numpy as np

from nuion import io
from nuion.detectors import likelihood, presets, releases


def display_edges(release):
    """Bins of the figures: the release's own, else 1 keV bins over the window (the last one wider)."""
    if release.kind == "binned":
        return release.edges
    lo, hi = release.window
    return np.append(np.arange(lo, hi - 0.5, 1.0), hi)


def main(nc, params, response=None):
    release = releases.load(params["release"])
    models = presets.atomic_models({"material": release.material, "source": release.flux["source"]},
                                   tuple(params["models"]), response=response)
    results, specs = likelihood.limits(release, models)
    for r in results:
        band = ", ".join(f"{x:.3g}" for x in r.band)
        print(f"{release.name} {r.model}: mu_nu < {r.observed:.4g} mu_B observed, {r.expected:.4g} expected "
              f"(band -2..+2 sigma: {band}); best fit strength {r.strength_hat:.3g}, background x {r.background_norm_hat:.4f}",
              file=sys.stderr)
    atom = next((m for m in models if m.name == "atom"), None)
    ds = io.limits_dataset(release, results, specs, params, display_edges(release), atom)
    io.write_netcdf(ds, nc, "limits")


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output.nc, dict(snakemake.params.limits), snakemake.input.get("response") or None)  # noqa: F821
