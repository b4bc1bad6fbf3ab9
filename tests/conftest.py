"""Shared fixtures: the paper's ion (Z = 32) and its binding energy."""

import pytest

import nuion


@pytest.fixture(scope="session")
def eb32():
    """eps_b of Ge^31+ in keV (13.93 keV; docs/physics.md, sec. 'Kinematics')."""
    return nuion.binding_energy(32)
