"""The demo process stays out of the interface's way: its frequent events go in batches (everything else at
once, in order), and it runs at a lower priority."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from ds_tui.demos import events as ev
from ds_tui.demos.isolated import BATCH_S, EventBatcher


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_frequent_events_wait_for_the_batch_interval_and_others_go_at_once():
    sent: list[list[object]] = []
    clock = Clock()
    batch = EventBatcher(sent.append, clock)
    spans = [ev.WorkerSpan("processes", 0, i * 0.01, i * 0.01 + 0.005, "cpu") for i in range(50)]
    for span in spans[:40]:
        batch(span)
    assert sent == []  # no time has passed: they wait together
    clock.now += BATCH_S * 1.2
    batch(spans[40])
    assert sent == [spans[:41]]  # one list, in order
    for span in spans[41:]:
        batch(span)
    failed = ev.WorkerFailed("processes", 2, "killed by signal 9")
    batch(failed)  # not a frequent event: sent now, after the spans that were waiting
    assert sent[1] == [*spans[41:], failed]
    batch.flush()
    assert len(sent) == 2  # nothing left to send


def _niceness_after_lowering() -> int:
    from ds_tui.demos.isolated import lower_priority

    lower_priority()
    return os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX niceness")
def test_the_demo_process_runs_below_the_interface():
    """Its workers inherit it: with every core busy, the interface still gets the CPU when a key comes."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        lowered = pool.submit(_niceness_after_lowering).result(timeout=60)
    assert lowered == min(19, os.nice(0) + 10)
