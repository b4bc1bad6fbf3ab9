"""Speed of the rates stage: rate spectra and expected limits of every preset (make bench)."""

import numpy as np
import pytest

from nuion.detectors import presets

T = np.geomspace(0.5, 60.0, 120)  # the default rates.T grid of config/config.yaml


def _stage():
    """Rates (fe, stepping) and the pyhf limit per model at each preset's threshold."""
    out = {}
    for name in ("gemma", "texono", "conus", "xenonnt"):
        p = presets.get(name)
        models = presets.atomic_models(p)
        presets.spectra(p, T, models)
        out[name] = [presets.limit(p, m) for m in models]
    return out


def test_rates_and_limits_all_presets(benchmark):
    limits = benchmark.pedantic(_stage, rounds=1, iterations=1)
    # the numbers of docs/rates.md, "Expected limits" (FE), to 1 %
    assert limits["gemma"][0] == pytest.approx(4.94e-11, rel=0.01)
    assert limits["xenonnt"][0] == pytest.approx(8.29e-12, rel=0.01)


def test_rate_spectra_all_presets(benchmark):
    def spectra():
        for name in ("gemma", "texono", "conus", "xenonnt"):
            p = presets.get(name)
            presets.spectra(p, T, presets.atomic_models(p))

    benchmark.pedantic(spectra, rounds=3, iterations=1)
