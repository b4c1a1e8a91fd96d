"""An ordered map over worker processes, for the CPU-bound parts of one asset's step.

Dagster's executors spread steps and partitions over processes; inside one step (one batch)
the work still has to use every core. This is the one place that does it, for reading raw
files and for coding articles:

* **Order kept.** Results come back in the order of the items, so a step's output is the
  same table whether it ran on one process or on several.
* **Bounded memory.** At most `2 * processes` items are in flight, so a long input streams.
  Workers are replaced after `tasks_per_process` items each: a worker that only grows (spaCy's
  string store learns every new word it sees) starts over from the state it was forked with.
* **No silent loss.** If a worker dies (killed, out of memory), each item it took down with it
  gets `on_lost(item, error)` as its result, the pool is replaced, and the map goes on.

Workers are forked, so the state handed to `initializer` (a loaded model, reference tables)
reaches them without pickling; only items and results cross the process boundary. The work
mapped here is parsing, which frees and reallocates large arrays all the time, so a worker
(or, with one process, the map itself) keeps large freed blocks in its heap for reuse
(`pipeline.heap.PARSING_PROCESS_THRESHOLD`), whatever the process that forked it does.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from pipeline.heap import PARSING_PROCESS_THRESHOLD, hold_mapping_threshold, mapping_threshold_held

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")


def available_cores() -> int:
    """The CPUs this process may run on: its affinity mask, not the machine's count.

    A container or `taskset` may allow fewer cores than the machine has, and a worker per
    machine core would then only queue. Where the mask cannot be read (macOS), the machine's
    count.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_processes(processes: int | None) -> int:
    """`processes` if given (at least 1), else every available core (`available_cores`)."""
    return available_cores() if processes is None else max(1, processes)


def map_in_order(
    function: Callable[[ItemT], ResultT],
    items: Iterable[ItemT],
    *,
    processes: int,
    on_lost: Callable[[ItemT, BaseException], ResultT],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    tasks_per_process: int | None = None,
) -> Iterator[ResultT]:
    """Yield `function(item)` for each item, in order, computed on `processes` processes.

    With one process everything runs here, after `initializer(*initargs)`, by the same
    function a worker would run. `function` must be a module-level function (it is pickled
    by name); it reads whatever `initializer` set up.
    """
    if processes <= 1:
        with mapping_threshold_held(PARSING_PROCESS_THRESHOLD):
            if initializer is not None:
                initializer(*initargs)
            yield from map(function, items)
        return
    pending = iter(items)
    budget_per_pool = tasks_per_process * processes if tasks_per_process else None
    context = multiprocessing.get_context("fork")
    while True:
        with ProcessPoolExecutor(
            processes,
            mp_context=context,
            initializer=_start_worker,
            initargs=(initializer, initargs),
        ) as pool:
            outcome = yield from _run_pool(pool, function, pending, processes, budget_per_pool)
            if outcome.lost:
                # The pool is broken: its workers are gone, and the lost items get their
                # stand-in results before a fresh pool takes the rest.
                for item in outcome.lost:
                    yield on_lost(item, outcome.error or RuntimeError("worker process died"))
        if outcome.exhausted:
            return


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    hold_mapping_threshold(PARSING_PROCESS_THRESHOLD)
    if initializer is not None:
        initializer(*initargs)


class _PoolOutcome:
    def __init__(self) -> None:
        self.exhausted = False
        self.lost: list[Any] = []
        self.error: BaseException | None = None


def _run_pool(
    pool: ProcessPoolExecutor,
    function: Callable[[ItemT], ResultT],
    pending: Iterator[ItemT],
    processes: int,
    budget: int | None,
) -> Generator[ResultT, None, _PoolOutcome]:
    """Run items on one pool until the input ends, the budget is spent or the pool breaks."""
    outcome = _PoolOutcome()
    in_flight: deque[tuple[ItemT, Future[ResultT]]] = deque()
    remaining = budget
    while True:
        while (remaining is None or remaining > 0) and len(in_flight) < 2 * processes:
            item = next(pending, _END)
            if item is _END:
                outcome.exhausted = True
                remaining = 0
                break
            try:
                in_flight.append((item, pool.submit(function, item)))
            except BrokenProcessPool as error:
                outcome.lost = [item]
                outcome.error = error
                break
            if remaining is not None:
                remaining -= 1
        if outcome.lost:
            outcome.lost = [*(i for i, _ in in_flight), *outcome.lost]
            return outcome
        if not in_flight:
            return outcome
        item, future = in_flight.popleft()
        try:
            result = future.result()
        except BrokenProcessPool as error:
            outcome.lost = [item, *(i for i, _ in in_flight)]
            outcome.error = error
            return outcome
        yield result


_END: Any = object()
