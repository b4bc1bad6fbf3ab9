"""Heap settings for the long array jobs of the workflow (private helper).

A response job allocates and frees arrays of 1-30 MB thousands of times (a continuum wave of
every energy, its kernels, the temporaries of the recurrences). glibc's malloc returns such
memory to the system as soon as it is freed (mmap above a threshold that it adapts, and trims
the top of the heap), so the next array of the same size is faulted in again and zeroed by the
kernel page by page: in the Ge 4s job on the default grids that was a fifth of the time
(perf: ``clear_page`` 22 %; 5-6 s of system time in 24-26 s). Keeping freed memory for reuse
removes it (1.9 s of system time, 21 s in all). The job's peak memory does not change; its
resident size stays at the peak until it exits.
"""

import ctypes
import ctypes.util

__all__ = ["retain_freed_memory"]

# mallopt parameters of glibc's malloc.h
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3


def retain_freed_memory(mmap_threshold=32 * 2**20, top_pad=2**30):
    """Keep freed heap memory in the process for reuse (glibc ``mallopt``); False where that is not glibc.

    Arrays up to ``mmap_threshold`` bytes (32 MB: the per-wave arrays of a job; the Bessel blocks
    of up to 500 MB stay mapped) come from the heap, which is never trimmed, and grows in steps of
    ``top_pad`` bytes. For a job process, not a library
    call: the setting holds until the process exits.

    Returns
    -------
    bool
        Whether every setting was accepted.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    settings = ((_M_MMAP_THRESHOLD, mmap_threshold), (_M_TRIM_THRESHOLD, 2**31 - 1), (_M_TOP_PAD, top_pad))
    return all(mallopt(ctypes.c_int(p), ctypes.c_int(v)) == 1 for p, v in settings)
