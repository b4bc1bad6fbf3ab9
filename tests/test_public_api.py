"""docs/workflow.md, sec. 'Python API': the public API is exactly the documented one, and each entry point works."""

import numpy as np
import pytest
import xarray as xr

import nuion

PUBLIC_API = {"binding_energy", "longitudinal_response", "transverse_response", "dcs"}
#: Beyond the stable API: the target interface (module nuion.targets and its get()).
TARGET_API = {"targets", "get_target"}
#: Any target at points or from stored grids (docs/workflow.md, sec. 'Python API'; tests/test_stored_dcs.py).
TARGET_DCS_API = {"atom_dcs", "channel_dcs", "stored_dcs", "dcs_at"}
DCS_VARIABLES = {"dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "ratio_total", "ratio_par", "perp_over_par"}


def test_all_matches_spec():
    assert set(nuion.__all__) == PUBLIC_API | TARGET_API | TARGET_DCS_API
    for name in PUBLIC_API | TARGET_DCS_API | {"get_target"}:
        assert callable(getattr(nuion, name))
    assert nuion.targets.get is nuion.get_target


def test_get_target_is_the_ion_of_the_api():
    # the target Z32 (alias Ge31+) carries the same S and R as the integer-Z API
    eb = nuion.binding_energy(32)
    ion = nuion.get_target("Ge31+")
    T, Q = np.array([[1.5], [3.0]]) * eb, np.array([1e2, 1e4])
    np.testing.assert_array_equal(ion.S(T, Q), nuion.longitudinal_response(T, Q, 32))
    np.testing.assert_array_equal(ion.R(T, Q), nuion.transverse_response(T, Q, 32))
    assert ion.name == "Z32" and ion.unit == eb


def test_entry_points_broadcast():
    eb = nuion.binding_energy(32)
    T = np.array([[1.5], [3.0]]) * eb
    Q = np.array([1e2, 1e4, 1e6])
    assert nuion.longitudinal_response(T, Q, 32).shape == (2, 3)
    assert nuion.transverse_response(T, Q, 32).shape == (2, 3)


def test_dcs_dataset_schema():
    eb = nuion.binding_energy(32)
    ds = nuion.dcs(np.array([1.5, 3.0]) * eb, 10 * eb, 32)
    assert isinstance(ds, xr.Dataset)
    assert DCS_VARIABLES <= set(ds.data_vars)
    assert ds["T"].attrs["units"] == "keV" and "T_over_eb" in ds.coords
    for name in list(ds.data_vars) + list(ds.coords):
        assert ds[name].attrs.get("units") and ds[name].attrs.get("long_name"), name
    for attr in ("Z", "eps_b", "E_nu", "E_over_eb", "T_max_fe", "nuion_version", "config_hash"):
        assert attr in ds.attrs, attr
    assert abs(ds.attrs["E_over_eb"] - 10.0) < 1e-12


@pytest.mark.parametrize("old", sorted(nuion.MOVED))
def test_moved_modules_keep_an_alias_that_warns(old):
    # the layout of subpackages moved modules; their old import names still work, with a warning
    import importlib
    import sys

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} moved to {nuion.MOVED[old]}"):
        alias = importlib.import_module(old)
    assert alias is importlib.import_module(nuion.MOVED[old])
