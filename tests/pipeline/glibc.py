"""The marker for tests of glibc's heap controls (`pipeline.heap`), which other C libraries lack."""

from __future__ import annotations

import platform

import pytest

#: Skips a test where the C library is not glibc (musl, macOS).
requires_glibc = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="a glibc heap control (malloc_trim, mallopt)",
)
