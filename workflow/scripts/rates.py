"""Rates stage: dR/dT per atomic model and interaction for one preset (nuion.detectors.presets)."""

import signal
import sys

if __name__ == "__main__":
    sys.stderr = open(snakemake.log[0], "w")  # noqa: F821
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the job from here (common.smk)

from nuion import io
from nuion.detectors import presets


def main(nc, params, response=None):
    preset = params["preset"]
    grid = params["T"]
    T = presets.spectrum_grid(preset, grid["min"], grid["max"], grid["n"])
    models = presets.atomic_models(preset, tuple(params["models"]), response=response)
    spectra = presets.spectra(preset, T, models, params["mu_nu"])
    n_el = {m.name: m.n_electrons(T) for m in models}
    atom = next((m for m in models if m.name == "atom"), None)
    ds = io.rates_dataset(T, spectra, preset, params["mu_nu"], presets.flux(preset).total(), n_el, params, atom)
    io.write_netcdf(ds, nc, "rates")


if __name__ == "__main__":
    with io.script_errors():
        main(snakemake.output.nc, dict(snakemake.params.rates), snakemake.input.get("response") or None)  # noqa: F821
