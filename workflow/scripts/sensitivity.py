"""Sensitivity stage: expected 90 % CL limits on mu_nu per atomic model for one preset, and on the couplings of
the other channels of params["channels"] (q_nu, <r^2>; docs/channels.md)."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

import numpy as np

from nuion import io
from nuion.cross_sections import channels as ch
from nuion.detectors import presets
from nuion.constants import MU_NU_DEFAULT


def main(nc, params, response=None):
    preset = params["preset"]
    extra = ch.beside_magnetic(params.get("channels", ["magnetic"]))
    models = presets.atomic_models(preset, tuple(params["models"]), response=response, channels=extra)
    thr = preset["detector"]["threshold_keV"]
    thresholds = [thr * f for f in params["threshold_factors"]]
    n_bins = int(params["n_bins"])
    counts = [presets.binned(preset, m, n_bins=n_bins) for m in models]
    limits = [presets.limit(preset, m, n_bins=n_bins) for m in models]
    analytic = [presets.limit(preset, m, n_bins=n_bins, method="analytic") for m in models]
    scan = presets.limits_vs_threshold(preset, models, thresholds, n_bins)
    for m, lim in zip(models, limits, strict=True):
        print(f"{preset['name']} {m.name}: mu_nu < {lim:.4g} mu_B (90 % CL, expected)", file=sys.stderr)
    by_channel = []
    for c in extra:
        lims = [presets.limit(preset, m, n_bins=n_bins, channel=c) for m in models]
        analytic_lims = [presets.limit(preset, m, n_bins=n_bins, method="analytic", channel=c) for m in models]
        by_channel.append((c, lims, analytic_lims))
        for m, lim in zip(models, lims, strict=True):
            shown = ", ".join(f"{x:.4g}" for x in np.atleast_1d(lim))
            print(f"{preset['name']} {m.name}: {io.CHANNEL_LIMITS[c.name]} {shown} (90 % CL, expected)", file=sys.stderr)
    ds = io.sensitivity_dataset(preset, [m.name for m in models], limits, analytic, thresholds, scan, counts, params,
                                MU_NU_DEFAULT, by_channel)
    io.write_netcdf(ds, nc, "sensitivity")


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output.nc, dict(snakemake.params.rates), snakemake.input.get("response") or None)  # noqa: F821
