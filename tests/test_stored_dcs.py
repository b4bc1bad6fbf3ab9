"""DCS at chosen T from stored grids, without crossing an edge (issue 20 item 6).

`nuion.stored_dcs` (a response dataset -> DCS at any T, seconds) and `nuion.dcs_at` (a DCS dataset
read at any T). The stand-in target has two hydrogenic 1s shells, of Z = 10 (edge 1.36 keV) and
Z = 4 (0.218 keV), so that its exact DCS is the sum of two closed-form ion DCS (eqs. (5) + (6) of
Kouzakov & Studenikin 2011 by direct quadrature, `nuion.cross_sections.dcs_components`): the
second route, sharing no interpolation with the first.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nuion
from nuion import io, targets
from nuion.cross_sections import channels, dcs_components
from nuion.integrals import dcs as grid_dcs
from nuion.targets.base import Shell, StoredTarget

ROOT = Path(__file__).resolve().parents[1]
INNER, OUTER = targets.get("Z10"), targets.get("Z4")
E = 1000.0  # keV
#: between the nodes (12 per decade, 3 above the 1.36 keV edge), on both sides of both edges
T_OFF = np.array([0.3, 0.5, 1.0, 1.3, 1.37, 1.5, 2.0, 5.0, 7.7, 15.0])


def _target(name="X"):
    shells = (Shell("1s", 1, 0, 1, INNER.threshold), Shell("2s", 2, 0, 1, OUTER.threshold))
    return StoredTarget(name, 14, shells, continuum="mean-field", thresholds="model", model="two hydrogenic shells")


@pytest.fixture(scope="module")
def response():
    """Response dataset of the stand-in, as rule response_gather writes it (closed-form S, R per shell)."""
    target = _target()
    T = np.unique(np.concatenate([np.geomspace(0.25, 20.0, 25), INNER.threshold * np.array([1.001, 1.01, 1.03])]))
    Q = np.geomspace(1e-3, 3e5, 600)
    shells = []
    for sh, ion in zip(target.shells, (INNER, OUTER), strict=True):
        above = T[:, None] > ion.threshold
        t = np.maximum(T, ion.threshold * (1 + 1e-9))[:, None]
        S, R = np.where(above, ion.S(t, Q[None, :]), 0.0), np.where(above, ion.R(t, Q[None, :]), 0.0)
        shells.append(io.shell_dataset(T, Q, S, R, target, sh.label, {"grid": "test"}))
    return io.response_dataset(shells)


@pytest.fixture(scope="module")
def dcs_file(response, tmp_path_factory):
    """The DCS dataset of the stand-in at E, as rule dcs writes it."""
    target = io.read_target(response)
    T, Q = response["T"].values, response["Q"].values
    comps = grid_dcs.components(T, Q, response["S_shell"].values, response["R_shell"].values, target, E, 1e-11,
                                io.read_cumulative(response))
    path = tmp_path_factory.mktemp("dcs") / "E1MeV.nc"
    io.write_netcdf(io.dcs_dataset(T, E, target, 1e-11, comps, "test"), path, "dcs")
    return path


def exact(T):
    """Sum of the two shells' DCS by direct quadrature of the closed forms, 0 below each edge."""
    return np.array([sum(dcs_components([t], E, ion.Z)["dcs_total"][0] for ion in (INNER, OUTER) if t > ion.threshold)
                     for t in np.atleast_1d(T)])


def test_stored_dcs_between_nodes_against_direct_quadrature(response):
    out = nuion.stored_dcs(T_OFF, E, response)
    # measured: 1.4e-4 at most (linear in ln T, 12 nodes per decade)
    assert out["dcs_total"] == pytest.approx(exact(T_OFF), rel=3e-4, abs=0)
    assert out["ratio_fe_atom"] == pytest.approx(exact(T_OFF) / (2 * out["dcs_fe"]), rel=3e-4, abs=0)
    assert out["shells"] == ["1s", "2s"] and out["dcs_par_shell"].shape == (2, T_OFF.size)


def test_stored_dcs_on_the_nodes_is_the_grid_route(response):
    T = response["T"].values[[3, 10, 20]]
    out = nuion.stored_dcs(T, E, response)
    c = grid_dcs.dcs_from_grid(T, response["Q"].values, response["S_shell"].values[:, [3, 10, 20]],
                               response["R_shell"].values[:, [3, 10, 20]], io.read_target(response), E, 1e-11)
    np.testing.assert_allclose(out["dcs_total"], c["dcs_total"], rtol=1e-12)


def test_no_interpolation_across_an_edge(response):
    # just below the 1.36 keV edge the inner shell is closed: a plain interpolation of the total
    # between the nodes on either side lets it in
    T = np.array([1.3])
    nodes = response["T"].values
    c = grid_dcs.dcs_from_grid(nodes, response["Q"].values, response["S_shell"].values, response["R_shell"].values,
                               io.read_target(response), E, 1e-11)
    naive = np.exp(np.interp(np.log(T), np.log(nodes), np.log(c["dcs_total"])))
    assert abs(naive[0] / exact(T)[0] - 1) > 0.05
    assert nuion.stored_dcs(T, E, response)["dcs_total"] == pytest.approx(exact(T), rel=1e-4, abs=0)


def test_dcs_at_reads_a_dcs_dataset_at_chosen_T(dcs_file):
    ds = nuion.dcs_at(dcs_file, T_OFF)
    assert ds["dcs_total"].values == pytest.approx(exact(T_OFF), rel=3e-4, abs=0)
    assert ds["ratio_fe_atom"].attrs["units"] == "1" and ds["dcs_total"].attrs["units"] == "cm2 keV-1"
    assert ds.attrs["E_nu"] == E and "interpolation" in ds.attrs
    # the stepping ratio counts the shells open at T: one electron below 1.36 keV, two above
    np.testing.assert_allclose(ds["dcs_stepping"].values / ds["dcs_fe"].values, np.where(T_OFF > INNER.threshold, 2, 1))


def test_outside_the_stored_range_is_one_error(response):
    with pytest.raises(ValueError, match=r"T = 25 keV lies outside the stored grid of X: .* <= T <= 20 keV"):
        nuion.stored_dcs([2.0, 25.0], E, response)
    with pytest.raises(ValueError, match="outside"):
        nuion.stored_dcs([0.1], E, response)  # below the lowest edge


def test_progress_wraps_the_shells():
    seen = []
    nuion.channel_dcs(30.0, 1000.0, "Z32", channels.get("weak"),
                      progress=lambda shells: seen.extend(s.label for s in shells) or shells)
    assert seen == ["1s"]


# -- the command line: `nuion dcs --target ... --T a,b --response PATH` --------------------------

def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "nuion", "dcs", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.fixture(scope="module")
def ge_like(response, tmp_path_factory):
    """The stand-in's grid labelled as a Ge grid (the command reads any response dataset; the physics
    of reading it is tested above)."""
    path = tmp_path_factory.mktemp("grid") / "Ge.nc"
    ds = response.copy()
    ds.attrs.update(target="Ge", continuum="hf", thresholds="model")  # the default model
    ds.to_netcdf(path)
    return path


def test_cli_reads_a_stored_grid_at_a_list_of_T(ge_like, response):
    proc = _cli("--target", "Ge", "--E", "1MeV", "--T", "1.3keV,5keV", "--response", str(ge_like), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["T"]["value"] == [1.3, 5.0] and out["source"]["value"] == "stored grid"
    direct = nuion.stored_dcs([1.3, 5.0], E, response)
    assert out["dcs_total"]["value"] == pytest.approx(direct["dcs_total"], rel=1e-12)
    assert out["ratio_stepping"]["value"] == pytest.approx(direct["ratio_stepping"], rel=1e-12)
    assert set(out) >= {"dcs_1s", "dcs_2s", "ratio_fe_atom", "v_ejected"}
    assert proc.stderr == ""  # no progress bar, no note: nothing was solved


def test_cli_refuses_a_grid_of_another_model(ge_like):
    proc = _cli("--target", "Ge", "--E", "1MeV", "--T", "2keV", "--response", str(ge_like), "--continuum", "coulomb")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"nuion: error: --response: {ge_like} holds continuum hf (asked: coulomb)"]


def test_cli_list_of_T_for_an_ion():
    proc = _cli("--Z", "32", "--E", "100eb", "--T", "1.5eb,3eb", "--json")
    out = json.loads(proc.stdout)
    assert out["ratio_total"]["value"] == pytest.approx([0.9586, 0.9539], abs=5e-5)  # docs/paper.md
    assert len(out["v_ejected"]["value"]) == 2
