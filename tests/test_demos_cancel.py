"""Stopping a demo mid-run: within a second, no child process left (no orphan, no zombie), a partial
report; a KeyboardInterrupt in the caller cleans up the same way and propagates."""

from __future__ import annotations

import _thread
import threading
import time

import pytest

from ds_tui.demos import events as ev
from ds_tui.demos.catalog import run_demo
from tests.demos_helpers import METHOD_IDS, START_METHODS, Recorder, check_order, demo_children, wait_no_children

CASES = [
    ("cpu-bound", "processes"),  # CPU-bound children: terminate, then kill
    ("cpu-bound", "threads"),  # threads cannot be killed: they stop at their next check
    ("mixed", "hybrid"),  # threads feeding processes through a queue
    ("worker-pool", "pool-2"),  # consumers blocked on a queue
    ("io-bound", "asyncio"),  # an event loop in a thread
    ("allreduce", "ring"),  # workers blocked on each other's pipes
    ("pipeline", "gpipe"),  # stages waiting for their neighbours
]


@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
@pytest.mark.parametrize(("demo", "mode"), CASES, ids=[f"{d}-{m}" for d, m in CASES])
def test_cancel_mid_run_stops_within_a_second_and_leaves_no_process(demo, mode, method):
    rec = Recorder(cancel_mode=mode, cancel_after=0.4)
    report = run_demo(demo, {"size": "large"}, rec, rec.cancel, method, modes=[mode])
    returned = time.perf_counter()
    assert rec.cancel_set_at is not None, "the run ended before it could be cancelled"
    assert returned - rec.cancel_set_at < 1.0
    assert not wait_no_children(1.0), "child processes left behind"
    assert report.cancelled and report.runs == ()
    assert "Stopped before the end" in report.explanation.en
    check_order(rec.events, cancelled=True)
    assert not rec.of(ev.RunFinished)
    assert not [t for t in threading.enumerate() if t.name.startswith("ds-tui-")], "worker threads left running"


@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
def test_keyboard_interrupt_in_the_caller_cleans_up_and_propagates(method):
    started = threading.Event()
    reporting: set[int] = set()

    def on_event(event):
        # every worker has reported progress: the caller is past starting them. An interrupt that came
        # while the caller was still forking one could land in a fork handler, where Python ignores it
        # (seen on Python 3.13: "Exception ignored in: <function _afterFork>")
        if isinstance(event, ev.Progress):
            reporting.add(event.worker)
            if len(reporting) >= 4:
                started.set()

    def interrupt():
        if started.wait(10):
            deadline = time.monotonic() + 10
            while len(demo_children()) < 4 and time.monotonic() < deadline:  # the processes are up
                time.sleep(0.02)
            _thread.interrupt_main()

    threading.Thread(target=interrupt, daemon=True).start()
    t0 = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run_demo("cpu-bound", {"size": "large"}, on_event, threading.Event(), method, modes=["processes"])
    assert time.perf_counter() - t0 < 10
    assert not wait_no_children(1.0)


def test_cancel_before_start_runs_nothing():
    cancel = threading.Event()
    cancel.set()
    rec = Recorder()
    report = run_demo("race", {"size": "small"}, rec, cancel)
    assert report.cancelled and report.runs == ()
    assert [type(e) for e in rec.events] == [ev.DemoFinished]
