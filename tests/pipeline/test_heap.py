"""Freed heap memory goes back to the system: between steps, and as it is freed (pipeline.heap)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.heap import TABLE_PROCESS_THRESHOLD, release_free_memory
from tests.pipeline.glibc import requires_glibc

REPO_ROOT = Path(__file__).resolve().parents[2]


def _resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


@requires_glibc
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


#: Run in a fresh interpreter: a held threshold outlives the test that sets it, and the test
#: process's own may already be held.
_FREED_BLOCKS = """
import sys
from pathlib import Path
from pipeline.heap import hold_mapping_threshold

def resident_mb():
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024

if sys.argv[1] != "none":
    assert hold_mapping_threshold(int(sys.argv[1]))
# Freeing one large mapped block raises glibc's own threshold past 1 MB.
large = bytearray(8_000_000)
large[::4096] = b"x" * len(large[::4096])
del large
start = resident_mb()
blocks, pins = [], []
for _ in range(100):
    block = bytearray(1_000_000)
    block[::4096] = b"x" * len(block[::4096])
    blocks.append(block)
    pins.append(bytearray(2_000))  # a small long-lived neighbour of each block
del blocks
print(resident_mb() - start)
"""


def _resident_after_freeing_mb(hold: int | None) -> float:
    """MB still resident after 100 blocks of 1 MB, each pinned by a small neighbour, are freed."""
    result = subprocess.run(
        [sys.executable, "-c", _FREED_BLOCKS, "none" if hold is None else str(hold)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout)


@requires_glibc
def test_a_held_low_threshold_returns_large_blocks_as_they_are_freed() -> None:
    assert _resident_after_freeing_mb(TABLE_PROCESS_THRESHOLD) < 20


@requires_glibc
def test_glibcs_own_threshold_keeps_them_which_is_why_it_is_held() -> None:
    assert _resident_after_freeing_mb(None) > 70


_RESTORED = """
from pipeline.heap import (
    PARSING_PROCESS_THRESHOLD, TABLE_PROCESS_THRESHOLD, hold_mapping_threshold,
    mapping_threshold, mapping_threshold_held,
)
assert mapping_threshold() is None
with mapping_threshold_held(PARSING_PROCESS_THRESHOLD):
    assert mapping_threshold() == PARSING_PROCESS_THRESHOLD
assert mapping_threshold() == PARSING_PROCESS_THRESHOLD  # glibc's own cannot come back
hold_mapping_threshold(TABLE_PROCESS_THRESHOLD)
with mapping_threshold_held(PARSING_PROCESS_THRESHOLD):
    assert mapping_threshold() == PARSING_PROCESS_THRESHOLD
assert mapping_threshold() == TABLE_PROCESS_THRESHOLD
"""


@requires_glibc
def test_a_held_threshold_is_restored_after_a_block_that_changes_it() -> None:
    subprocess.run([sys.executable, "-c", _RESTORED], cwd=REPO_ROOT, check=True)
