"""nuion._memory: the heap setting of the response jobs (glibc mallopt)."""

import platform
import subprocess
import sys

import pytest


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_accepts_every_setting():
    # in a child process: the setting holds until the process exits
    # (mallopt answers 0 to a parameter it does not know)
    code = "from nuion._memory import retain_freed_memory as r; print(r())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True"]
