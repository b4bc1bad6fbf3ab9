"""Figures in journal style: the only subpackage that knows matplotlib.

:mod:`~.style` (rcParams, files), :mod:`~.paper` (the hydrogen-like ion), :mod:`~.atoms`, :mod:`~.detectors`
(presets and data releases); their figures are re-exported here.

Each function takes the DCS datasets of one target (as written by the workflow) and
returns a matplotlib Figure; :func:`save` writes it as vector PDF and PNG with
deterministic metadata. Mathtext only (no TeX installation needed).

A figure is never blank: what exists is drawn (a curve of one point as a marker),
what is empty is said in the legend, and a figure with nothing to show (e.g. the
(T, E) map of a single E) states why on its face; :func:`note` returns that reason.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252, Figs. 1, 2.
"""

from nuion.plotting.atoms import fig_atom_dcs, fig_atom_perp_par, fig_channel_ratios, fig_kshell, fig_photo
from nuion.plotting.detectors import (
    LIMIT_FIGURES,
    RATE_FIGURES,
    fig_limit_scan,
    fig_limit_spectrum,
    fig_limit_summary,
    fig_limit_threshold,
    fig_rate_ratio,
    fig_rate_spectra,
)
from nuion.plotting.paper import fig_approximations, fig_energy, fig_map, fig_perp_over_par, fig_ratio, fig_vs_Z
from nuion.plotting.style import note, save

__all__ = [
    "fig_ratio",
    "fig_perp_over_par",
    "fig_approximations",
    "fig_energy",
    "fig_map",
    "fig_vs_Z",
    "fig_atom_dcs",
    "fig_atom_perp_par",
    "fig_photo",
    "fig_kshell",
    "FIGURES",
    "fig_rate_spectra",
    "fig_rate_ratio",
    "fig_limit_threshold",
    "RATE_FIGURES",
    "fig_limit_spectrum",
    "fig_limit_scan",
    "fig_limit_summary",
    "LIMIT_FIGURES",
    "note",
    "fig_channel_ratios",
    "save",
]

#: Figures per target by name (the names of the figure rules' outputs, ``<name>_pdf``/``<name>_png``).
FIGURES = {
    "fig1": fig_ratio,
    "fig2": fig_perp_over_par,
    "approximations": fig_approximations,
    "energy": fig_energy,
    "map": fig_map,
    "atom_dcs": fig_atom_dcs,
    "atom_perp_par": fig_atom_perp_par,
}
