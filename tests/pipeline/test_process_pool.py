"""`map_in_order`: results in input order on any number of processes, nothing lost silently."""

from __future__ import annotations

import os

import pytest

from pipeline.heap import (
    PARSING_PROCESS_THRESHOLD,
    TABLE_PROCESS_THRESHOLD,
    hold_mapping_threshold,
    mapping_threshold,
)
from pipeline.process_pool import map_in_order
from tests.pipeline.glibc import requires_glibc

_state: dict[str, int] = {}


def _start(offset: int) -> None:
    _state["offset"] = offset


def _shifted(item: int) -> tuple[int, int]:
    return item + _state["offset"], os.getpid()


def _dies_on_seven(item: int) -> int:
    if item == 7:
        os._exit(1)  # a worker killed mid-task, as by the OOM killer
    return item * 10


def _lost(item: int, error: BaseException) -> int:
    return -item


@pytest.mark.parametrize("processes", [1, 2])
def test_results_come_back_in_input_order(processes: int) -> None:
    results = map_in_order(
        _shifted,
        range(40),
        processes=processes,
        on_lost=lambda item, error: (-1, 0),
        initializer=_start,
        initargs=(100,),
    )
    assert [value for value, _ in results] == [item + 100 for item in range(40)]


def test_workers_are_replaced_after_their_share_of_tasks() -> None:
    results = list(
        map_in_order(
            _shifted,
            range(12),
            processes=2,
            on_lost=lambda item, error: (-1, 0),
            initializer=_start,
            initargs=(0,),
            tasks_per_process=2,
        )
    )
    assert [value for value, _ in results] == list(range(12))
    # Twelve tasks at two per worker and two workers per pool: three pools, six workers at most,
    # and never fewer than three distinct processes.
    workers = {pid for _, pid in results}
    assert 3 <= len(workers) <= 6
    assert os.getpid() not in workers


def test_items_lost_with_a_dead_worker_get_their_stand_in_and_the_rest_goes_on() -> None:
    results = list(map_in_order(_dies_on_seven, range(20), processes=2, on_lost=_lost))
    assert len(results) == 20
    assert results[7] == -7
    # Items in flight with the dead one may be lost too, but every result is one or the other.
    for item, result in enumerate(results):
        assert result in (item * 10, -item)
    assert sum(1 for item, result in enumerate(results) if result == item * 10) >= 12


def test_one_process_runs_here_after_the_initializer() -> None:
    results = list(
        map_in_order(
            _shifted,
            [1, 2],
            processes=1,
            on_lost=lambda i, e: (0, 0),
            initializer=_start,
            initargs=(5,),
        )
    )
    assert results == [(6, os.getpid()), (7, os.getpid())]


def test_default_processes_follow_the_affinity_mask() -> None:
    from pipeline.process_pool import available_cores, resolve_processes

    assert available_cores() == len(os.sched_getaffinity(0))
    assert resolve_processes(None) == available_cores()
    assert resolve_processes(1) == 1


def _threshold_here(item: int) -> int | None:
    from pipeline.heap import mapping_threshold

    return mapping_threshold()


@requires_glibc
@pytest.mark.parametrize("processes", [1, 2])
def test_the_map_keeps_large_blocks_for_its_parse_whatever_its_parent_holds(
    processes: int,
) -> None:
    # Run in a forked child, so the settings do not outlive the test in this process.
    def child() -> None:
        hold_mapping_threshold(TABLE_PROCESS_THRESHOLD)
        seen = list(map_in_order(_threshold_here, range(4), processes=processes, on_lost=_lost))
        after = mapping_threshold()
        os._exit(
            0 if seen == [PARSING_PROCESS_THRESHOLD] * 4 and after == TABLE_PROCESS_THRESHOLD else 3
        )

    pid = os.fork()
    if pid == 0:
        try:
            child()
        finally:
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
