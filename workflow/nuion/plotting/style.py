"""Journal style of every figure, the note of a figure with nothing to draw, and deterministic PDF/PNG files."""

from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

__all__ = ["STYLE", "note", "save", "plt"]


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
