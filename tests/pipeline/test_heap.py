"""Freed heap memory goes back to the system between steps (pipeline.heap)."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from pipeline.heap import release_free_memory

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_pages_freed_in_the_middle_of_the_heap_are_returned() -> None:
    # 200 MB in blocks below glibc's mapping threshold, so they come from the heap; the last
    # one stays alive, pinning the heap's top, as a long-lived object of a real run would.
    blocks = [bytearray(100_000) for _ in range(2_000)]
    keep = bytearray(100_000)
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])  # touch every page
    del blocks
    before = _resident_mb()
    assert release_free_memory()
    after = _resident_mb()
    assert before - after > 100
    assert keep is not None


def test_releasing_twice_is_harmless() -> None:
    assert release_free_memory() == release_free_memory()
