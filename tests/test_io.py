"""nuion.io: CF metadata, deterministic files, clear errors for damaged datasets."""

import filecmp

import numpy as np
import pytest

import nuion
from nuion import grids, io


@pytest.fixture
def small_grid():
    Z = 6
    T = grids.energy_grid(Z, 1.01, 5.0, 8)
    Q = grids.momentum_grid(Z, 1e-3, 50.0, 30)
    S, R = grids.response_grid(T, Q, Z)
    return io.response_dataset(T, Q, S, R, Z, {"Z": Z}, grids.all_cumulative(Q, S, R))


def test_every_variable_has_units_and_long_name(small_grid):
    for name in list(small_grid.variables):
        assert small_grid[name].attrs["units"] and small_grid[name].attrs["long_name"], name


def test_byte_identical_writes(small_grid, tmp_path):
    io.write_netcdf(small_grid, tmp_path / "a.nc")
    io.write_netcdf(small_grid, tmp_path / "b.nc")
    assert filecmp.cmp(tmp_path / "a.nc", tmp_path / "b.nc", shallow=False)
    assert not list(tmp_path.glob(".*tmp"))


def test_roundtrip(small_grid, tmp_path):
    io.write_netcdf(small_grid, tmp_path / "g.nc")
    back = io.read_dataset(tmp_path / "g.nc", "response")
    np.testing.assert_array_equal(back["S"].values, small_grid["S"].values)
    np.testing.assert_array_equal(io.read_cumulative(back, slice(2, 4))["R"][1], small_grid["R_cum_p1"].values[2:4])
    assert back.attrs["Z"] == 6


def test_garbage_file_named_in_error(tmp_path):
    path = tmp_path / "Z6.nc"
    path.write_bytes(b"\x89HDF garbage" * 50)
    with pytest.raises(ValueError, match="Z6.nc: not a readable NetCDF dataset"):
        io.read_dataset(path, "response")


def test_truncated_file_named_in_error(small_grid, tmp_path):
    path = tmp_path / "t.nc"
    io.write_netcdf(small_grid, path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError, match="t.nc: not a readable NetCDF dataset"):
        io.read_dataset(path, "response")


def test_missing_variable_named(small_grid, tmp_path):
    path = tmp_path / "m.nc"
    io.write_netcdf(small_grid.drop_vars("R"), path)
    with pytest.raises(ValueError, match=r"m.nc: variables \['R'\] missing"):
        io.read_dataset(path, "response")


def test_nonpositive_values_named(small_grid, tmp_path):
    path = tmp_path / "n.nc"
    bad = small_grid.copy(deep=True)
    bad["S"][0, 0] = np.nan
    io.write_netcdf(bad, path)
    with pytest.raises(ValueError, match="n.nc: S has 1 non-finite"):
        io.read_dataset(path, "response")


def test_provenance_has_no_timestamp(small_grid):
    assert not any("date" in key.lower() or "time" in key.lower() for key in small_grid.attrs)
    assert small_grid.attrs["nuion_version"] == nuion.__version__


def test_script_errors_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        with io.script_errors():
            raise ValueError("results/x.nc: broken")
    assert exc.value.code == 1
    assert "nuion error: results/x.nc: broken" in capsys.readouterr().err
