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
