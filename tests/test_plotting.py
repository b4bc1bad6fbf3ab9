"""nuion.plotting: a figure is never blank (issue 10 items 2 and 3)."""

import numpy as np
import pytest
from matplotlib.collections import QuadMesh

import nuion
from nuion import plotting


def dataset(Z, E_over_eb, W):
    eb = nuion.binding_energy(Z)
    return nuion.dcs(np.asarray(W, float) * eb, E_over_eb * eb, Z)


def drawn_artists(fig):
    """Lines, collections and images with data, over every axes of ``fig``."""
    count = 0
    for ax in fig.axes:
        count += sum(np.isfinite(np.asarray(line.get_ydata(), float)).any() for line in ax.lines)
        count += sum(np.ma.count(c.get_array()) > 0 for c in ax.collections if c.get_array() is not None)
    return count


class TestMap:
    def test_single_E_is_not_drawn_blank(self):
        # issue 10 item 3: energies=[500keV] gave empty axes and colour bars without a word
        fig = plotting.fig_map([dataset(6, 500 / nuion.binding_energy(6), [1.1, 2.0, 5.0])], 6)
        assert not fig.axes
        assert "needs at least two energies" in plotting.note(fig)
        assert any("nothing to draw" in t.get_text() for t in fig.texts)

    def test_two_E_draw_a_map(self):
        fig = plotting.fig_map([dataset(6, e, [1.1, 2.0, 5.0]) for e in (10, 100)], 6)
        assert plotting.note(fig) is None and drawn_artists(fig) >= 2


@pytest.fixture(scope="module")
def datasets():
    return [dataset(32, 1.05, [1.001])]


class TestJustAboveThreshold:
    """Issue 10 item 2: E = 1.05 eps_b (one T point below E): every figure draws what exists."""

    @pytest.mark.parametrize("name", ["fig1", "fig2", "approximations"])
    def test_single_point_is_visible(self, datasets, name):
        fig = plotting.FIGURES[name](datasets, 32)
        assert plotting.note(fig) is None
        markers = [line for ax in fig.axes for line in ax.lines if line.get_marker() not in ("None", None, "")]
        assert markers and all(np.isfinite(np.asarray(m.get_ydata(), float)).any() for m in markers[:1])

    def test_energy_figure_says_why_it_is_empty(self, datasets):
        # ratio vs E at T/eps_b = 1.1, 2, 5: no E reaches any of them
        fig = plotting.fig_energy(datasets, 32)
        assert "no configured E reaches T/eps_b = 1.1, 2, 5" in plotting.note(fig)

    def test_vs_Z_figure_says_why_it_is_empty(self, datasets):
        fig = plotting.fig_vs_Z({32: datasets[0]}, "15keV")
        assert "nothing to draw" in plotting.note(fig)

    def test_partly_empty_energy_figure_names_the_missing_curve(self):
        # E = 3 eps_b reaches T = 1.1 and 2 eps_b but not 5: the legend says so
        fig = plotting.fig_energy([dataset(32, 3, [1.05, 1.5, 2.5])], 32)
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert any("beyond every E" in label and "5" in label for label in labels), labels


# issue 20, item 9: the figures a new user found wrong, tested on the matplotlib objects

#: Shell thresholds (keV, model) and occupancies of Ge and Xe (nuion.targets.get(...).shells).
GE = {"1s": (10.9467, 2), "2s": (1.3932, 2), "2p": (1.2526, 6), "3s": (0.1852, 2), "3p": (0.1367, 6),
      "3d": (0.0506, 10), "4s": (0.0165, 2), "4p": (0.0077, 2)}
XE = {"1s": (33.1766, 2), "2s": (5.1026, 2), "2p": (4.8193, 6), "3s": (1.0716, 2), "3p": (0.9494, 6),
      "3d": (0.7204, 10), "4s": (0.2056, 2), "4p": (0.1609, 6), "4d": (0.0828, 10), "5s": (0.0256, 2), "5p": (0.0144, 6)}


def atom_dataset(shells, E=1000.0, T=np.geomspace(0.1, 30.0, 60)):
    """A DCS dataset of an atom with the variables fig_atom_dcs draws: each open shell 0.8 x its free electrons."""
    import xarray as xr

    binding = np.array([b for b, _ in shells.values()])
    occupancy = np.array([n for _, n in shells.values()])
    fe = 1e-46 / T
    open_ = T[None, :] > binding[:, None]
    per_shell = 0.8 * occupancy[:, None] * open_ * fe
    Z, n_open = int(occupancy.sum()), (occupancy[:, None] * open_).sum(axis=0)
    return xr.Dataset(
        {"dcs_total_shell": (("shell", "T"), per_shell), "dcs_fe": ("T", fe), "n_open": ("T", n_open),
         "ratio_fe_atom": ("T", per_shell.sum(axis=0) / (Z * fe)), "ratio_stepping": ("T", per_shell.sum(axis=0) / (n_open * fe)),
         "binding": ("shell", binding), "occupancy": ("shell", occupancy)},
        coords={"T": T, "shell": list(shells)}, attrs={"Z": Z, "E_nu": E},
    )


class TestMapEdges:
    def test_cells_are_geometric_bands_around_every_E(self):
        # E = 2 eps_b was a sliver: linear mid-points put its lower edge at 2 - (6 - 2) < 0 on the log axis
        e = np.array([2.0, 10.0, 50.0, 100.0])
        fig = plotting.fig_map([dataset(6, x, [1.1, 1.5, 1.9]) for x in e], 6)
        meshes = [c for ax in fig.axes[:2] for c in ax.collections if isinstance(c, QuadMesh)]
        assert len(meshes) == 2  # ratio_total and perp/par (fig.axes[2:] are their colour bars)
        for mesh in meshes:
            ax, edges = mesh.axes, mesh.get_coordinates()[:, 0, 1]
            assert np.all(edges[:-1] < e) and np.all(e < edges[1:])  # every E inside its band
            np.testing.assert_allclose(edges[1:-1], np.sqrt(e[:-1] * e[1:]), rtol=1e-12)  # geometric mid-points
            np.testing.assert_allclose([edges[0], edges[-1]], [e[0] ** 2 / edges[1], e[-1] ** 2 / edges[-2]], rtol=1e-12)
            assert ax.get_ylim()[0] <= edges[0] and ax.get_ylim()[1] >= edges[-1]  # 2 is on the axis
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["2", "10", "50", "100"]  # rows named by E


class TestShellColours:
    def test_xe_shells_distinct_and_closed_shells_not_listed(self):
        # Xe: 11 shells (C0..C9 gave 1s and 5p one colour); the K shell (33.2 keV) is closed below 30 keV
        fig = plotting.fig_atom_dcs([atom_dataset(XE)], "Xe")
        bands = fig.axes[0].collections[:11]
        colours = [tuple(np.round(b.get_facecolor()[0][:3], 6)) for b in bands]
        assert len(set(colours)) == 11
        labels = [t.get_text() for t in fig.legends[0].get_texts()]
        assert labels[:10] == [s for s in XE if s != "1s"] and "1s" not in labels

    def test_photo_lists_the_open_shells_once(self):
        import xarray as xr

        w = np.geomspace(1.0, 30.0, 20)
        sigma = np.array([(w > b) * n * 1e3 / w**3 for b, n in XE.values()])
        ds = xr.Dataset({"sigma_photo_shell": (("shell", "omega"), sigma), "sigma_photo": ("omega", sigma.sum(0)),
                         "sigma_table_elam": ("omega", sigma.sum(0)), "sigma_table_chantler": ("omega", sigma.sum(0)),
                         "photo_ratio": ("omega", np.ones_like(w))},
                        coords={"omega": w, "shell": list(XE)}, attrs={"continuum": "mean-field"})
        ax = plotting.fig_photo(ds, "Xe").axes[0]
        shells = {line.get_label(): line.get_color() for line in ax.lines if line.get_label() in XE}
        assert set(shells) == set(XE) - {"1s"} and len(set(shells.values())) == 10


class TestEdgeLabels:
    def test_ge_2s_2p_labels_do_not_overlap(self):
        # the L edges of Ge, 1.39 and 1.25 keV, are 0.05 decades apart: their labels overlapped
        fig = plotting.fig_atom_dcs([atom_dataset(GE, E=420.0), atom_dataset(GE)], "Ge")
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            texts = [t for t in ax.texts if t.get_text().strip() in GE]
            assert {t.get_text().strip() for t in texts} >= {"2s", "2p", "1s"}
            boxes = [t.get_window_extent(renderer) for t in texts]
            for i, a in enumerate(boxes):
                for j in range(i):
                    assert not a.overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())


def sensitivity_dataset():
    import xarray as xr

    return xr.Dataset(
        {"mu_nu_limit_vs_threshold": (("model", "threshold"), [[4.0e-11, 4.9e-11, 6.3e-11], [4.1e-11, 5.1e-11, 6.6e-11]])},
        coords={"model": ["fe", "stepping"], "threshold": [1.4, 2.8, 5.6]},
        attrs={"preset": "gemma", "material": "Ge", "threshold_keV": 2.8, "published_mu_nu_limit": 2.9e-11},
    )


def test_limit_threshold_ticks_are_plain_numbers():
    # thresholds 1.4-5.6 keV span less than a decade: the log axis labelled its minor ticks 2x10^0, 3x10^0
    fig = plotting.fig_limit_threshold(None, sensitivity_dataset())
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels(which="both") if t.get_text()]
    assert labels and not any("times" in s or "10^" in s for s in labels), labels
    assert {"2", "3", "4"} <= set(labels), labels


def test_rate_spectra_draw_magnetic_and_weak_alike():
    # the magnetic rate was drawn below the threshold (true, dotted) and the weak one not
    import xarray as xr

    T = np.geomspace(0.5, 60.0, 40)
    true = {"magnetic": 0.015 / T, "weak": np.full_like(T, 0.0064)}
    data = {}
    for kind, y in true.items():
        data[f"rate_{kind}_true"] = (("model", "T"), [y, 0.9 * y])
        data[f"rate_{kind}_observed"] = (("model", "T"), [y * (T > 2.8), 0.9 * y * (T > 2.8)])
    rates = xr.Dataset(data, coords={"model": ["fe", "stepping"], "T": T},
                       attrs={"preset": "gemma", "material": "Ge", "threshold_keV": 2.8, "mu_nu": 1e-11})
    ax = plotting.fig_rate_spectra(rates).axes[0]

    def extent(gid):
        (line,) = [line for line in ax.lines if line.get_gid() == gid]
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        drawn = x[np.isfinite(y) & (y > 0)]
        return drawn.min(), drawn.max()

    for model in ("fe", "stepping"):
        assert extent(f"magnetic true {model}") == extent(f"weak true {model}") == (T[0], T[-1])
        assert extent(f"magnetic observed {model}") == extent(f"weak observed {model}") == (T[T > 2.8][0], T[-1])
    assert any(p.get_x() == T[0] for p in ax.patches)  # the range below the threshold shaded
