r"""Responses S_nl and R_nl of one shell and its discrete strengths (docs/atoms.md, secs. 'Responses of a shell', 'Sum rules').

Hartree atomic units inside (docs/atoms.md, sec. 'Radial engine'; references in :mod:`nuion.targets.atom.radial`).
"""

import numpy as np
from threadpoolctl import threadpool_limits

from nuion.constants import ALPHA
from nuion.targets.atom.radial.angular import angular_matrices
from nuion.targets.atom.radial.bessel import _BesselCache, _bessel_onset
from nuion.targets.atom.radial.grid import HARTREE_KEV, MOMENTUM_KEV, derivative
from nuion.targets.atom.radial.exchange import exchange_continuum_states
from nuion.targets.atom.radial.solver import bound_states, continuum_states

__all__ = ["discrete_strengths", "shell_response"]


def _support(u, cut=1e-12):
    """Number of leading grid points outside which |u| < cut max|u| (integration range)."""
    big = np.abs(u) > cut * np.abs(u).max()
    return int(u.size - np.argmax(big[::-1]))


def _partial_wave_terms(U, l, lf, bessel, kern_S, kern_R, cols=slice(None), lo=0, work=None):
    """S and R terms (a.u., per electron) of final partial wave lf for final radial functions U.

    U : (M, n) final radial functions on the integration range; kern_S and kern_R[+-1] the
    weighted radial factors, shape (n,); cols: the q columns wanted; lo: first radial index
    (U and the kernels vanish below it; U has shape (M, n - lo)); work: a float64 buffer for
    the kernels, reused from one partial wave to the next if large enough (a fresh array of
    this size per partial wave cost a fifth of a valence shell's time in page faults).
    Returns s_term, r_term of shape (M, n_cols) and the radial integrals I_L, shape
    (M, n_keys_S, n_cols). One matrix product for all (L, q).
    """
    keys_S, B_S, keys_R, B_R = angular_matrices(l, lf)
    weights = [(L, kern_S) for L in keys_S] + [(L, kern_R[s]) for s, L in keys_R]
    n = bessel.rq.shape[0] - lo
    n_q = bessel.rq[0, cols].size
    size = n * len(weights) * n_q
    kern = (work[:size] if work is not None and work.size >= size else np.empty(size)).reshape(n, len(weights), n_q)
    for k, (L, wr) in enumerate(weights):
        tab, pick = bessel.stored(L, cols, lo)
        if pick is None:
            np.multiply(tab, wr[lo:, None], out=kern[:, k, :])
        else:
            np.take(tab, pick, axis=1, out=kern[:, k, :], mode="clip")  # pick is in range
            kern[:, k, :] *= wr[lo:, None]
    ints = (U @ kern.reshape(n, -1)).reshape(U.shape[0], len(weights), n_q)
    I = ints[:, : len(keys_S)]
    J = ints[:, len(keys_S) :]
    s_term = np.einsum("kj,ekq,ejq->eq", B_S, I, I)
    r_term = np.einsum("kj,ekq,ejq->eq", B_R, J, J)
    return s_term, r_term, I


def _relative_term(term, total, peak, floor):
    """|term| / max(total, floor * peak), elementwise (0 where both vanish)."""
    scale = np.maximum(np.abs(total), floor * peak)
    return np.abs(term) / np.where(scale > 0, scale, np.inf)


def _mean_radius(grid, u):
    """<r> = int r u^2 dr / int u^2 dr of the orbital (bohr)."""
    return float(np.sum(grid.weights * grid.r * u**2) / np.sum(grid.weights * u**2))


def shell_response(
    grid,
    V,
    Z_asym,
    u,
    l,
    occupancy,
    binding,
    T,
    q,
    *,
    du=None,
    orthogonalize=None,
    monopole_patch=False,
    exchange=None,
    tol=1e-6,
    floor=1e-6,
    l_max=600,
    r_match=None,
    cut=1e-12,
    info=False,
    blas_threads=1,
):
    r"""Continuum responses S_nl(T, q) and R_nl(T, q) of one shell, in keV^-1.

    .. math::
        S_{nl}(T,q) = \sum_{m,\sigma}\sum_f |\langle f|e^{i\mathbf q\cdot\mathbf r}|nlm\rangle|^2
                      \delta(T - E_f + \varepsilon_{nl})
                    = \frac{N}{\mathcal E_h}\sum_{l'} \sum_{L,L'} B^S_{LL'} I_L I_{L'}

    .. math::
        R_{nl}(T,q) = \frac{1}{2}\sum_{\lambda=\pm1}\sum_{m,\sigma}\sum_f
          |\langle f|e^{i\mathbf q\cdot\mathbf r}\,\hat e_\lambda\cdot\mathbf p/m_e|nlm\rangle|^2
          \delta(\ldots) = \frac{N\alpha^2}{\mathcal E_h}\sum_{l'}\sum_{\kappa\kappa'}
          B^R_{\kappa\kappa'} J_\kappa J_{\kappa'}

    over energy-normalized continuum final states f = u_{El'}(r) Y_{l'm'}/r of the potential
    V, E = (T - binding) / E_h; I, J and B as in :func:`angular_matrices`; E_h = 27.2 eV
    is the hartree (docs/atoms.md, secs. 'Responses of a shell' and 'Angular algebra').
    Partially filled shells are averaged over m (factor N / (2l+1) per m). For a hydrogenic
    1s orbital in -Z/r (N = 1) this is S and R of :mod:`nuion.targets.ion.responses`.

    Parameters
    ----------
    grid : RadialGrid
    V : ndarray, shape (N_r,)
        Potential energy of the final states, hartree; -Z_asym/r beyond ``r_match``.
    Z_asym : float
        Asymptotic charge of V (1 for a neutral atom's mean field, Z_eff for ``coulomb``).
    u : ndarray, shape (N_r,)
        Initial orbital u_nl = r R_nl (bohr^-1/2), normalized, on the grid.
    l : int
        Orbital momentum of the shell.
    occupancy : float
        Electrons in the shell, N (2(2l+1) when closed).
    binding : float
        |eps_nl| in keV (> 0): the threshold, E_f = T - binding.
    T : array_like, shape (n_T,)
        Energy transfers in keV. Points with T <= binding give 0.
    q : array_like, shape (n_q,)
        Momentum transfers |q| in keV (not Q = q^2), q >= 0.
    du : ndarray, optional
        du/dr on the grid (bohr^-3/2); default :func:`derivative` (8th order).
    orthogonalize : dict {l': ndarray (n_b, N_r)}, optional
        Occupied orbitals u_b per l' (normalized): each continuum partial wave is replaced by
        u_El' - sum_b <u_b|u_El'> u_b before the matrix elements (``coulomb-orth``).
    exchange : FrozenCore, optional
        The final waves l' <= ``exchange.l_max`` solve the Hartree-Fock equation with the
        nonlocal exchange of this frozen core (:func:`~.exchange.exchange_continuum_states`),
        the others the local equation of V (``hf``).
    monopole_patch : bool
        The dark-matter codes' convention for non-orthogonal Coulomb waves (``coulomb``):
        the l' = l, L = 0 term I_q^2 gains I_0^2 - 2 I_0 I_q (I_0 = <u_El|u_nl>, i.e.
        j_0(qr) -> j_0(qr) - 1) wherever that is negative. Affects S only.
    tol, floor : float
        Convergence of the partial-wave sum: stop after two consecutive l' > l + 1 whose
        terms are below ``tol`` times max(S, floor * max_q S) at every (T, q), and the same
        for R. floor = 0 asks every point to converge to ``tol`` relative; the default
        settles points more than 1e6 below the Bethe ridge of their T to tol * 1e-6 of
        the ridge (irrelevant for every Q integral, and costly: their partial-wave sums
        converge slowly).
    l_max : int
        Hard cap on l'; ``info`` reports whether the sum converged before it.
    r_match : float, optional
        Matching radius for the continuum (bohr); default: the edge of the orbital support.
    cut : float
        The orbital support ends where |u| < cut max|u| (integration range).
    info : bool
        Also return a dict with ``l_used`` (last l'), ``converged`` (bool) and
        ``last_term`` (largest relative size of the last term).
    blas_threads : int or None
        BLAS threads during the call (:mod:`threadpoolctl`); the products are small and
        many, and multithreaded OpenBLAS spins on a loaded machine (measured: 1 thread is
        10-400x faster than 2 for the per-l' products at load 4 on 2 cores). None: leave as is.

    Returns
    -------
    S, R : ndarray, shape (n_T, n_q)
        keV^-1, summed over the shell's electrons.

    Notes
    -----
    Cost: one continuum solve per (l', T) (all T in one banded solve), one matrix product
    (n_T x n_r) @ (n_r x n_keys n_q) per l'; j_L(q r) is evaluated once per L and reused
    for every l' and T. Nonrelativistic, dipole-free (retardation kept to all orders in q).

    Examples
    --------
    Hydrogen 1s against the closed form of :mod:`nuion.targets.ion.responses`:

    >>> import nuion
    >>> from nuion.targets.atom.radial.grid import radial_grid
    >>> g = radial_grid(1e-6, 80.0, 0.01, 4.0)
    >>> u = 2 * g.r * np.exp(-g.r)
    >>> eb = nuion.binding_energy(1)
    >>> T, q = np.array([2.0 * eb]), np.array([MOMENTUM_KEV])
    >>> S, R = shell_response(g, -1 / g.r, 1.0, u, 0, 1, eb, T, q)
    >>> bool(np.allclose(S, nuion.longitudinal_response(T[:, None], q**2, 1), rtol=1e-6))
    True
    """
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return _shell_response(
            grid, V, Z_asym, u, l, occupancy, binding, T, q, du, orthogonalize,
            monopole_patch, exchange, tol, floor, l_max, r_match, cut, info,
        )


def _shell_response(
    grid, V, Z_asym, u, l, occupancy, binding, T, q, du, orthogonalize,
    monopole_patch, exchange, tol, floor, l_max, r_match, cut, info,
):
    """Body of :func:`shell_response` (BLAS thread count already limited)."""
    T = np.atleast_1d(np.asarray(T, dtype=float))
    qa = np.atleast_1d(np.asarray(q, dtype=float)) / MOMENTUM_KEV
    u = np.asarray(u, dtype=float)
    above = T > binding
    E = (T[above] - binding) / HARTREE_KEV
    S = np.zeros((T.size, qa.size))
    R = np.zeros((T.size, qa.size))
    meta = {"l_used": -1, "converged": True, "last_term": 0.0}
    if E.size == 0:
        return (S, R, meta) if info else (S, R)
    if du is None:
        du = derivative(grid, u)
    n = _support(u, cut)
    r = grid.r[:n]
    if r_match is None:
        r_match = r[-1]
    w = grid.weights[:n]
    kern_S = u[:n] * w
    kern_R = {1: (du[:n] - (l + 1) * u[:n] / r) * w, -1: (du[:n] + l * u[:n] / r) * w}
    bessel = _BesselCache(r, qa)
    work = np.empty(n * (3 * l + 3) * qa.size)  # the most kernels of a partial wave: 3l + 3 (l' > l)
    S_sum = np.zeros((E.size, qa.size))
    R_sum = np.zeros((E.size, qa.size))
    # per point (T, q): l' beyond which its terms fall (the final wave under its centrifugal
    # barrier, or j_L(qr) small, over most of the orbital: l' > min(k, q) <r>), and the count of
    # consecutive terms below tolerance; converged points leave the computation
    l_min = np.minimum(np.sqrt(2.0 * E)[:, None], qa[None, :]) * _mean_radius(grid, u) + l + 2
    quiet = np.zeros((E.size, qa.size), dtype=int)
    done = np.zeros((E.size, qa.size), dtype=bool)
    lo_prev = 0
    for lf in range(l_max + 1):
        rows = np.flatnonzero(~done.all(axis=1))
        if rows.size == 0:
            break
        cols = np.flatnonzero(~done[rows].all(axis=0))
        block = np.ix_(rows, cols)
        bessel.evict_below(lf - l - 1)
        if exchange is not None and lf <= exchange.l_max:
            U = exchange_continuum_states(grid, V, Z_asym, E[rows], lf, r_match, exchange)[:, :n]
        else:
            U = continuum_states(grid, V, Z_asym, E[rows], lf, r_match)[0][:, :n]
        if orthogonalize is not None and lf in orthogonalize:
            ub = np.atleast_2d(orthogonalize[lf])[:, :n]
            U = U - (U @ (ub * w).T) @ ub
        # radial range that matters: above the seeds of U (40 e-folds under the centrifugal
        # barrier) and above the onset of j_L(q r) for the lowest L and highest active q
        lo_u = int(np.argmax(np.any(U != 0, axis=0)))
        L_low = min(angular_matrices(l, lf)[0][0], min(L for _, L in angular_matrices(l, lf)[2]))
        lo_j = int(np.searchsorted(r, _bessel_onset(L_low) / qa[cols].max()))
        lo = max(lo_u if orthogonalize is None or lf not in orthogonalize else 0, lo_j if not monopole_patch else 0, lo_prev)
        lo_prev = lo
        U = np.ascontiguousarray(U[:, lo:])
        s_term, r_term, I = _partial_wave_terms(U, l, lf, bessel, kern_S, kern_R, cols, lo, work)
        if monopole_patch and lf == l:
            I0 = (U @ kern_S[lo:])[:, None]
            Iq = I[:, angular_matrices(l, lf)[0].index(0)]
            s_term += np.minimum(I0**2 - 2.0 * I0 * Iq, 0.0)
        S_sum[block] += s_term
        R_sum[block] += r_term
        rel = np.maximum(
            _relative_term(s_term, S_sum[block], S_sum[rows].max(axis=1, keepdims=True), floor),
            _relative_term(r_term, R_sum[block], R_sum[rows].max(axis=1, keepdims=True), floor),
        )
        quiet[block] = np.where(rel < tol, quiet[block] + 1, 0)
        done[block] = (quiet[block] >= 2) & (lf >= l_min[block])
        meta.update(l_used=lf, last_term=float(rel.max()))
    meta["converged"] = bool(done.all())
    S[above] = occupancy * S_sum / HARTREE_KEV
    R[above] = occupancy * ALPHA**2 * R_sum / HARTREE_KEV
    return (S, R, meta) if info else (S, R)


def discrete_strengths(grid, V, u, l, occupancy, binding, q, n_max, *, du=None, cut=1e-12, blas_threads=1):
    r"""Strengths of the transitions from one shell to the bound states of V (all of them).

    .. math::
        s^S_{n'l'}(q) = \sum_{m,\sigma,m'} |\langle n'l'm'|e^{i\mathbf q\cdot\mathbf r}|nlm\rangle|^2,
        \qquad
        s^R_{n'l'}(q) = \frac12\sum_{\lambda=\pm1}\sum_{m,\sigma,m'}
        |\langle n'l'm'|e^{i\mathbf q\cdot\mathbf r}\,\hat e_\lambda\cdot\mathbf p/m_e|nlm\rangle|^2

    at the excitation energies omega = E_n'l' + binding, so that the discrete part of the
    responses is S = sum s^S delta(T - omega), R = sum s^R delta(T - omega). The same
    angular algebra as :func:`shell_response` (:func:`angular_matrices`); final states from
    :func:`bound_states`. Occupied final states are included: this is the sum over all
    final states of the Bethe sum rule (docs/atoms.md, sec. 'Sum rules'), and the caller
    removes Pauli-blocked ones when it builds a response.

    Parameters
    ----------
    grid, V, u, l, occupancy, binding, q, du, cut, blas_threads
        As in :func:`shell_response` (binding in keV, q in keV).
    n_max : int
        Final states n' <= n_max, every l' < n_max that the grid holds (see :func:`bound_states`).

    Returns
    -------
    omega : ndarray, shape (K,)
        Excitation energies in keV (negative for final states below the shell).
    s_S : ndarray, shape (K, n_q)
        Dimensionless, summed over the shell's electrons.
    s_R : ndarray, shape (K, n_q)
        In units of c^2 (velocities squared), summed over the shell's electrons.
    labels : list of (n', l')

    Examples
    --------
    Hydrogen 1s -> 2p at q -> 0: the Lyman-alpha oscillator strength
    f = 2 omega s^S / q^2 (a.u.) = 2^13 3 / 3^10 = 0.4162.

    >>> from nuion.targets.atom.radial.grid import radial_grid
    >>> g = radial_grid(1e-6, 200.0, 0.01, 1.0)
    >>> u = 2 * g.r * np.exp(-g.r)
    >>> q = np.array([1e-4 * MOMENTUM_KEV])
    >>> om, sS, sR, lab = discrete_strengths(g, -1 / g.r, u, 0, 1, HARTREE_KEV / 2, q, 2)
    >>> f = 2 * (om / HARTREE_KEV) * sS[:, 0] / (q[0] / MOMENTUM_KEV) ** 2
    >>> [(int(n), int(lf)) for n, lf in lab], bool(np.isclose(f[lab.index((2, 1))], 24576 / 59049, rtol=1e-7))
    ([(1, 0), (2, 0), (2, 1)], True)
    """
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        qa = np.atleast_1d(np.asarray(q, dtype=float)) / MOMENTUM_KEV
        u = np.asarray(u, dtype=float)
        if du is None:
            du = derivative(grid, u)
        n = _support(u, cut)
        r = grid.r[:n]
        w = grid.weights[:n]
        kern_S = u[:n] * w
        kern_R = {1: (du[:n] - (l + 1) * u[:n] / r) * w, -1: (du[:n] + l * u[:n] / r) * w}
        bessel = _BesselCache(r, qa)
        omega, sS, sR, labels = [], [], [], []
        for lf in range(n_max):
            E, Ub = bound_states(grid, V, lf, n_max)
            if E.size == 0:
                continue
            s_term, r_term, _ = _partial_wave_terms(np.ascontiguousarray(Ub[:, :n]), l, lf, bessel, kern_S, kern_R)
            omega.append(E * HARTREE_KEV + binding)
            sS.append(occupancy * s_term)
            sR.append(occupancy * ALPHA**2 * r_term)
            labels += [(lf + 1 + i, lf) for i in range(E.size)]
        return np.concatenate(omega), np.concatenate(sS), np.concatenate(sR), labels
