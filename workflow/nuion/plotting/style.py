"""Journal style of every figure, the note of a figure with nothing to draw, and deterministic PDF/PNG files."""

import re
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.transforms import ScaledTranslation  # noqa: E402

__all__ = ["STYLE", "note", "save", "plt", "shell_colors", "edge_lines", "separate_edge_labels", "plain_log_ticks"]


STYLE = {
    "font.size": 9,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "lines.linewidth": 1.3,
    "figure.dpi": 150,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,
    "svg.hashsalt": "nuion",
}


#: Colour family of the shells of each principal quantum number n = 1, 2, ...: a qualitative map of
#: four shades per hue (blue, orange, green, purple, gold, pink, olive), s the darkest.
_SHELL_HUES = (("tab20c", 0), ("tab20c", 4), ("tab20c", 8), ("tab20c", 12), ("tab20b", 8), ("tab20b", 16), ("tab20b", 4))


def shell_colors(labels):
    """One colour per shell label ("1s" ... "7f"): hue by n, shade by l, so that no two shells of an
    atom share one (Xe's 11 shells included) and the shells of one n look alike. Spin-orbit subshells
    ("2p3_2", measured thresholds: Xe has 17) take the 20 colours of tab20 in order instead, since a
    hue has four shades only."""
    labels = [str(label) for label in labels]
    if any("_" in label for label in labels):
        return [matplotlib.colormaps["tab20"].colors[k % 20] for k in range(len(labels))]
    colors = []
    for label in labels:
        m = re.fullmatch(r"([1-7])([spdf])", label)
        if m is None:
            raise ValueError(f"shell label must be <n><l> with n = 1..7 and l in s, p, d, f, got {label!r}")
        cmap, first = _SHELL_HUES[int(m.group(1)) - 1]
        colors.append(matplotlib.colormaps[cmap].colors[first + "spdf".index(m.group(2))])
    return colors


def edge_lines(ax, edges):
    """Dotted verticals at the shell thresholds ``{label: keV}`` inside the x range, labelled at the top
    (:func:`separate_edge_labels` moves apart labels that overlap, once the figure is laid out)."""
    lo, hi = ax.get_xlim()
    for label, b in edges.items():
        if lo < b < hi:
            ax.axvline(b, color="0.7", lw=0.6, ls=":")
            ax.text(b, 1.0, f" {label}", transform=ax.get_xaxis_transform(), fontsize=6, color="0.4",
                    rotation=90, va="top", ha="left", gid="edge-label")


def _overlapped(text, boxes, renderer):
    """The first of ``boxes`` (display coordinates) that ``text`` overlaps, or None."""
    box = text.get_window_extent(renderer)
    return next((b for b in boxes if box.overlaps(b)), None)


def separate_edge_labels(fig):
    """Move apart the labels of :func:`edge_lines` whose boxes overlap (thresholds close on the axis,
    e.g. Ge 2s and 2p at 1.39 and 1.25 keV); call after the layout is final (tight_layout).

    Per axes from the right: a label that overlaps one already placed goes to the left of its line;
    if it still overlaps, it moves down below that label.
    """
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.texts if t.get_gid() == "edge-label"]
        placed = []
        for text in sorted(labels, key=lambda t: t.get_position()[0], reverse=True):
            if _overlapped(text, placed, renderer) is not None:
                text.set_text(text.get_text().strip() + " ")
                text.set_horizontalalignment("right")
            while (hit := _overlapped(text, placed, renderer)) is not None:
                down = (text.get_window_extent(renderer).y1 - hit.y0 + 1.0) / fig.dpi  # inches
                text.set_transform(text.get_transform() + ScaledTranslation(0, -down, fig.dpi_scale_trans))
            placed.append(text.get_window_extent(renderer))


class _PlainLogFormatter(ticker.LogFormatter):
    """Labels the ticks a log axis labels (its decades, and in a range of few decades some of the
    ticks between) as plain numbers, "0.5", "2", "20", not 2x10^0."""

    def __call__(self, x, pos=None):
        return f"{x:g}" if super().__call__(x, pos) else ""


def plain_log_ticks(axis):
    """Plain tick labels on a log ``axis`` (ax.xaxis or ax.yaxis) spanning few decades (keV, thresholds)."""
    axis.set_major_formatter(_PlainLogFormatter())
    axis.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False))


def _nothing_to_draw(what, who, reason):
    """A figure whose face says why it shows nothing; :func:`note` returns ``reason``."""
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=(3.6, 2.0))
        fig.text(0.5, 0.62, f"{what}, {who}: nothing to draw", ha="center", va="center", fontsize=9)
        fig.text(0.5, 0.38, reason, ha="center", va="center", fontsize=8, wrap=True)
    fig._nuion_note = f"{what}: nothing to draw: {reason}"
    return fig


def note(fig):
    """Why ``fig`` shows nothing (None for a figure with data); the figure script logs it."""
    return getattr(fig, "_nuion_note", None)


def _few(n):
    """Marker style for a curve of ``n`` points: a line of one point would be invisible."""
    return {"marker": "o", "ms": 3} if n < 3 else {}


def _finite_positive(values):
    values = np.asarray(values, float)
    return bool(np.any(np.isfinite(values) & (values > 0)))


def _label(ds):
    e = ds.attrs["E_over_eb"]
    return rf"$E_\nu = {e:.4g}\,\varepsilon_b$ ({ds.attrs['E_nu']:.4g} keV)"


def save(fig, pdf_path, png_path, source):
    """Write ``fig`` as PDF and PNG without timestamps; ``source`` names the input data."""
    for path in (pdf_path, png_path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    meta = {"Title": Path(pdf_path).stem, "Subject": f"made by nuion from {source}", "CreationDate": None}
    with plt.rc_context(STYLE):
        fig.savefig(pdf_path, metadata=meta)
        fig.savefig(png_path, dpi=200, metadata={"Software": "nuion (matplotlib)", "Source": source})
    plt.close(fig)
