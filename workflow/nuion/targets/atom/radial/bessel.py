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
    downward where it decays (x below; stable), and zero below the onset x where j_L0 < 1e-20
    (DLMF 10.14.8). The downward recurrence of a block that follows another is Miller's
    algorithm, normalized to the previous block's last two orders (:func:`_miller`); the first
    block starts from :func:`scipy.special.spherical_jn` at its two highest orders, cheap at
    low order, with the library per order where those seeds underflow.
    Absolute error below 1e-12 for every order up to 700 (|j_L| <= 1; tests/test_radial.py).
    One ``spherical_jn`` call per order, whose cost grows as L, was 75 % of the time of a
    valence shell (docs/atoms.md, sec. 'Responses of a shell'); two per block, 15 % of the
    Ge 4p job.

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
        tab, pick = self.stored(L, cols, lo)
        return tab if pick is None else tab[:, pick]

    def stored(self, L, cols, lo=0):
        """The stored rows r[lo:] of j_L and the positions of ``cols`` among its columns (None: all).

        What :meth:`__call__` returns without selecting the columns, so that a caller can
        select them into an array of its own (``np.take(..., out=)``) rather than a new copy.
        """
        cols = np.arange(self.rq.shape[1])[cols]
        if L not in self.table:
            L0 = 0 if self._last is None and L < 4 else L  # blocks follow each other upward
            for Lb, tab in enumerate(self._block(L0, self.rq[lo:][:, cols], lo, cols), start=L0):
                self.table[Lb] = (lo, cols, tab)
        lo0, cols0, tab = self.table[L]
        assert lo >= lo0 and np.isin(cols, cols0).all(), "requests may only narrow the computed block"
        return tab[lo - lo0 :], (None if cols.size == cols0.size else np.searchsorted(cols0, cols))

    def _block(self, L0, x, lo, cols):
        """j_L0, j_L0+1, ... at x (one block of orders), shape (n,) + x.shape."""
        n = int(np.clip(self.MEMORY // (8 * max(x.size, 1)), 4, self.BLOCK))
        top = L0 + n - 1
        out = np.zeros((n,) + x.shape)
        inv = 1.0 / np.where(x > 0, x, 1.0)
        osc = np.zeros(x.shape, dtype=bool)
        follows = self._last is not None and self._last[0] == L0 - 1
        if follows:  # j_{L0-2}, j_{L0-1} of the previous block, on this block's (lo, cols)
            _, lo1, cols1, j2, j1 = self._last
            pos = np.searchsorted(cols1, cols)
            j2, j1 = j2[lo - lo1 :][:, pos], j1[lo - lo1 :][:, pos]
            osc = x > top
            a, b = np.where(osc, j2, 0.0), np.where(osc, j1, 0.0)
            for i in range(n):  # upward: j_{L0+i} from j_{L0+i-1} = b and j_{L0+i-2} = a
                np.multiply(b, inv, out=out[i])
                out[i] *= 2 * (L0 + i) - 1
                out[i] -= a
                a, b = b, out[i]
        live = (x >= _bessel_onset(L0)) & ~osc & (x > 0)
        inv_s = inv[live]
        if follows:
            out[:, live] = _miller(L0, top, inv_s, j2[live], j1[live])
        else:
            xs = x[live]
            down = np.empty((n, xs.size))
            down[-1] = spherical_jn(top, xs)
            down[-2] = spherical_jn(top - 1, xs)
            _downward(down, L0, top - 1, down[-1], down[-2], inv_s)
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


def _downward(f, L, N, hi, mid, inv):
    r"""Fill f (row i: order L + i) by the recurrence DLMF 10.51.1 taken downward, from f_{N+1} = hi, f_N = mid.

    Orders above the last row pass through one spare array: Miller's algorithm starts up to
    8 top^(1/3) orders above its block (73 for a block ending near 700), and the block's memory
    budget bounds only the block.
    """
    top = L + len(f) - 1
    spare = np.empty_like(mid)
    for k in range(N, L, -1):  # f_{k-1} = (2k+1)/x f_k - f_{k+1}
        dest = f[k - 1 - L] if k - 1 <= top else spare
        np.multiply(mid, inv, out=dest)
        dest *= 2 * k + 1
        dest -= hi
        if dest is spare:
            spare = hi
        hi, mid = mid, dest


def _miller(L0, top, inv, j2, j1):
    r"""j_L0 .. j_top at x = 1 / inv by Miller's algorithm, normalized to j_{L0-2} = j2, j_{L0-1} = j1.

    The recurrence DLMF 10.51.1 is run downward from f_{N+1} = 0, f_N = 1e-60 at N = top + m,
    and f is scaled to the known lower orders (Gautschi [1]_; DLMF 3.6(iii)). Library seeds at
    the top of the block cost about 2 us per point each at orders of hundreds, where
    :func:`scipy.special.spherical_jn` evaluates the cylindrical J_{L+1/2} (AMOS); the m extra
    steps of the recurrence, about 1 ns per point each.

    Start order. The computed f_L is proportional to j_L y_{N+1} - y_L j_{N+1}: j_L contaminated
    by y_L with relative weight |j_{N+1} y_L / (y_{N+1} j_L)|. By Debye's expansions (DLMF 10.19.3;
    across the turning point, 10.20) at x = (L + 1/2) sech alpha, j_L ~ exp(-F(L)) and y_L ~
    exp(+F(L)) with F = (L + 1/2)(alpha - tanh alpha), dF/dL = alpha, so the contamination is
    exp(-2 sum_{k=L+1}^{N+1} alpha_k): largest at L = top and x = top (alpha_top = 0; live points
    have x <= top), where alpha_k ~ sqrt(2 (k - x) / x) gives exp(-(4 sqrt 2 / 3) m^1.5 / sqrt x).
    m = ceil(8 (top + 1/2)^(1/3)) makes that e^-43 = 3e-19; evaluated with
    :func:`scipy.special.spherical_yn`, the contamination at x = top is below 1e-19 for every top
    from 3 to 1000. After the normalization at orders below the block (where |y/j| is smaller) the
    error stays of that order.

    Range. f grows downward as j_{L0-2}(x) / j_N(x), largest at the smallest live x, the onset of
    j_L0 (j_L0 = 1e-20): at most 1e119 there (L0 = 4 in blocks of 4 orders, the smallest block
    that follows another; 1e83 in blocks of 32); from 1e-60 every f and f^2 stays well inside
    the double range.

    Normalization. A least-squares factor on both known orders,
    c = (f_{L0-1} j_{L0-1} + f_{L0-2} j_{L0-2}) / (f_{L0-1}^2 + f_{L0-2}^2): j_{L0-1} has zeros
    inside the block's downward range (the first near x = L0 + 1.86 L0^(1/3), DLMF 10.21(vii),
    below top), where one order alone would not fix the scale; two consecutive orders never
    vanish together.

    References
    ----------
    .. [1] W. Gautschi, Computational aspects of three-term recurrence relations, SIAM Review 9
       (1967) 24.
    """
    n = top - L0 + 1
    N = top + int(np.ceil(8 * (top + 0.5) ** (1 / 3)))
    f = np.empty((n + 2, inv.size))  # orders L0-2 .. top
    _downward(f, L0 - 2, N, np.zeros(inv.size), np.full(inv.size, 1e-60), inv)
    f[2:] *= (f[1] * j1 + f[0] * j2) / (f[1] ** 2 + f[0] ** 2)
    return f[2:]
