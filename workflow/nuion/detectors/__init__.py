"""Detectors: neutrino sources, event rates, presets of published setups, statistics and data releases."""
