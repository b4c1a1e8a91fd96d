"""How a process's freed memory goes back to the system: between steps, and as it is freed.

Python and Arrow (on the system allocator, see `pipeline/__init__.py`) return what they free
to the C library's heap, and glibc keeps it. Two glibc controls decide how much stays:

* `malloc_trim` returns every free page of the heap. Calling it when a step has written its
  table took the 20,000-article peak from 563 to 535 MB and the 5,000-article one from 507 to
  492 MB (`release_free_memory`).
* The mapping threshold: a block at least this large is mapped on its own and unmapped the
  moment it is freed; smaller ones come from the heap. glibc starts it at 128 KiB but raises
  it to the size of every mapped block freed, up to 32 MiB, so after the first decoded row
  group nearly every buffer of a step comes from the heap and, freed between two long-lived
  objects, stays resident. A process that only moves tables (the main process of a run: row
  groups read, checked and written) does better with the threshold held where glibc starts
  it: on the 20,000-article benchmark its resident size while coding fell from 495 to 424 MB.
  A process that parses does worse: spaCy's network frees and reallocates arrays of a few
  megabytes per batch, and mapping each anew cost the coding workers half their time in the
  kernel. So the processes of a CPU map (`pipeline.process_pool`) hold it at the ceiling of
  glibc's own adjustment instead, with the heap's top kept up to twice that, as glibc's
  adjustment keeps it; the coding speed is unchanged (2,000 articles, alternating runs).

Setting the threshold switches glibc's adjustment off for good in that process (and in the
processes it forks); `mapping_threshold_held` restores the value set before it, if any.
Elsewhere (musl, macOS) there are no such calls and nothing is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
from collections.abc import Callable, Iterator

#: For a process that moves tables: glibc's starting threshold, held there.
TABLE_PROCESS_THRESHOLD = 128 * 1024
#: For a process that parses: the ceiling glibc's own adjustment stops at on 64-bit systems.
PARSING_PROCESS_THRESHOLD = 32 * 1024 * 1024

#: `mallopt`'s parameter numbers (glibc's `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD`).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

#: The threshold this module last set in this process (absent while glibc adjusts its own).
_held: dict[str, int] = {}


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; False where the C library cannot."""
    trim = _libc_function("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True


def hold_mapping_threshold(size: int) -> bool:
    """Map blocks of at least `size` bytes on their own, from now on in this process.

    Returns:
        False where the C library has no such setting (nothing is changed).
    """
    mallopt = _libc_function("mallopt")
    if mallopt is None or not mallopt(_M_MMAP_THRESHOLD, size):
        return False
    # As glibc's own adjustment does: the heap's top is given back only past twice the
    # threshold, so a parse does not shrink and regrow it around every batch's arrays.
    mallopt(_M_TRIM_THRESHOLD, 2 * size)
    _held["threshold"] = size
    return True


def mapping_threshold() -> int | None:
    """The threshold this module set in this process, or None if glibc still adjusts its own."""
    return _held.get("threshold")


@contextlib.contextmanager
def mapping_threshold_held(size: int) -> Iterator[None]:
    """`hold_mapping_threshold(size)` for a block of code, then the value set before, if any.

    A process in which nothing was set before keeps `size` afterwards: glibc's own adjustment
    cannot be switched back on.
    """
    before = mapping_threshold()
    hold_mapping_threshold(size)
    try:
        yield
    finally:
        if before is not None:
            hold_mapping_threshold(before)


@functools.cache
def _libc_function(name: str) -> Callable[..., int] | None:
    library_name = ctypes.util.find_library("c")
    if library_name is None:
        return None
    try:
        library = ctypes.CDLL(library_name)
    except OSError:
        return None
    function: Callable[..., int] | None = getattr(library, name, None)
    return function
