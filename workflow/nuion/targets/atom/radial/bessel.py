r"""Spherical Bessel tables j_L(qr) by block recurrence in the stable direction (docs/atoms.md, sec. 'Responses of a shell').

Hartree atomic units inside (docs/atoms.md, sec. 'Radial engine'; references in :mod:`nuion.targets.atom.radial`).
"""

import numpy as np
from scipy.special import gammaln, spherical_jn

__all__ = []


def _bessel_onset(L, eps=1e-20):
    r"""x below which j_L(x) < eps: from j_L(x) <= x^L / (2L+1)!! (DLMF 10.14.8)."""
    L = max(int(L), 1)
    log_dfact = gammaln(2 * L + 2) - L * np.log(2.0) - gammaln(L + 1)
    return float(np.exp((log_dfact + np.log(eps)) / L))


class _BesselCache:
    r"""j_L(q r) on (r[lo:], q[cols]) for L = 0, 1, 2, ...: each order computed once, in blocks.

    The orders come in blocks [L0, L0 + n), n <= BLOCK within a memory budget, filled with the
    three-term recurrence (DLMF 10.51.1)

    .. math:: j_{L+1}(x) = \frac{2L+1}{x} j_L(x) - j_{L-1}(x)

    in its stable direction: upward from the previous block's last two orders where j_L
    oscillates (x above every order of the block: neutral, as scipy itself recurs there),
    downward from :func:`scipy.special.spherical_jn` at the block's two highest orders where it
    decays (x below; stable), and zero below the onset x where j_L0 < 1e-20 (DLMF 10.14.8).
    Absolute error below 1e-12 for every order up to 700 (|j_L| <= 1; tests/test_radial.py).
    One ``spherical_jn`` call per order, whose cost grows as L, was 75 % of the time of a
    valence shell (docs/atoms.md, sec. 'Responses of a shell').

    Only the block (r[lo:], q[cols]) still needed is evaluated; lo only grows and the set of
    active columns only shrinks as the partial-wave sum proceeds, so a block computed at the
    first request of one of its orders covers every later request.
    """

    #: Orders per recurrence block, at most; fewer where a block would exceed MEMORY bytes.
    BLOCK = 32
    MEMORY = 5e8

    def __init__(self, r, q):
        self.rq = r[:, None] * q[None, :]
        self.table = {}
        self._last = None  # (top order, lo, cols, j_top-1, j_top) of the last block

    def __call__(self, L, cols, lo=0):
        cols = np.arange(self.rq.shape[1])[cols]
        if L not in self.table:
            L0 = 0 if self._last is None and L < 4 else L  # blocks follow each other upward
            for Lb, tab in enumerate(self._block(L0, self.rq[lo:][:, cols], lo, cols), start=L0):
                self.table[Lb] = (lo, cols, tab)
        lo0, cols0, tab = self.table[L]
        assert lo >= lo0 and np.isin(cols, cols0).all(), "requests may only narrow the computed block"
        if cols.size == cols0.size:  # the same columns: a view, no copy
            return tab[lo - lo0 :]
        return tab[lo - lo0 :][:, np.searchsorted(cols0, cols)]

    def _block(self, L0, x, lo, cols):
        """j_L0, j_L0+1, ... at x (one block of orders), shape (n,) + x.shape."""
        n = int(np.clip(self.MEMORY // (8 * max(x.size, 1)), 4, self.BLOCK))
        top = L0 + n - 1
        out = np.zeros((n,) + x.shape)
        inv = 1.0 / np.where(x > 0, x, 1.0)
        osc = np.zeros(x.shape, dtype=bool)
        if self._last is not None and self._last[0] == L0 - 1:
            _, lo1, cols1, a, b = self._last
            osc = x > top
            pos = np.searchsorted(cols1, cols)
            a = np.where(osc, a[lo - lo1 :][:, pos], 0.0)
            b = np.where(osc, b[lo - lo1 :][:, pos], 0.0)
            for i in range(n):  # upward: j_{L0+i} from j_{L0+i-1} = b and j_{L0+i-2} = a
                np.multiply(b, inv, out=out[i])
                out[i] *= 2 * (L0 + i) - 1
                out[i] -= a
                a, b = b, out[i]
        live = (x >= _bessel_onset(L0)) & ~osc & (x > 0)
        xs = x[live]
        down = np.empty((n, xs.size))
        down[-1] = spherical_jn(top, xs)
        down[-2] = spherical_jn(top - 1, xs)
        for i in range(n - 3, -1, -1):  # downward: j_{L-1} = (2L+1)/x j_L - j_{L+1}
            down[i] = (2 * (L0 + i + 1) + 1) / xs * down[i + 1] - down[i + 2]
        lost = down[-1] == 0  # seeds underflowed (x < ~1e-9 in the first block): the library per order
        if lost.any():
            down[:, lost] = [spherical_jn(L0 + i, xs[lost]) for i in range(n)]
        out[:, live] = down
        if L0 == 0:
            out[0][x == 0] = 1.0  # j_L(0) = delta_L0
        self._last = (top, lo, cols, out[-2], out[-1])
        return out

    def evict_below(self, L_lo):
        for L in [L for L in self.table if L < L_lo]:
            del self.table[L]
