"""Shared by the demo tests: start methods to run under, event collection, leftover-process checks."""

from __future__ import annotations

import multiprocessing
import threading
import time

import psutil

from ds_tui.demos import events as ev

DEFAULT_METHOD = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
# the platform default and spawn (once, where spawn is the default)
START_METHODS = [None] if DEFAULT_METHOD == "spawn" else [None, "spawn"]
METHOD_IDS = [f"default-{DEFAULT_METHOD}" if m is None else m for m in START_METHODS]

# multiprocessing's own helpers live as long as the program, by design: not demo workers
_HELPERS = ("resource_tracker", "forkserver")


def demo_children() -> list[psutil.Process]:
    """Child processes of this test process that are not multiprocessing's long-lived helpers."""
    out = []
    for child in psutil.Process().children(recursive=True):
        try:
            cmd = " ".join(child.cmdline())
            if child.status() == psutil.STATUS_ZOMBIE or not any(h in cmd for h in _HELPERS):
                out.append(child)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return out


def wait_no_children(timeout: float = 1.0) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while True:
        left = demo_children()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.02)


class Recorder:
    """Collects events; can set ``cancel`` a while after a given run starts."""

    def __init__(self, cancel_mode: str | None = None, cancel_after: float = 0.3) -> None:
        self.events: list[object] = []
        self.cancel = threading.Event()
        self.cancel_mode = cancel_mode
        self.cancel_after = cancel_after
        self.cancel_set_at: float | None = None
        self.thread_ids: set[int] = set()

    def __call__(self, event: object) -> None:
        self.thread_ids.add(threading.get_ident())
        self.events.append(event)
        if isinstance(event, ev.RunStarted) and event.mode == self.cancel_mode:
            threading.Timer(self.cancel_after, self._cancel).start()

    def _cancel(self) -> None:
        self.cancel_set_at = time.perf_counter()
        self.cancel.set()

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def check_order(events: list[object], cancelled: bool = False) -> None:
    """RunStarted -> (Progress | WorkerSpan | CoreSample | WorkerFailed)* -> RunFinished, per run; DemoFinished last."""
    assert events, "no events"
    assert isinstance(events[-1], ev.DemoFinished)
    assert sum(isinstance(e, ev.DemoFinished) for e in events) == 1
    current = None
    progressed = False
    for e in events[:-1]:
        if isinstance(e, ev.RunStarted):
            assert current is None, f"run {e.mode} started inside run {current}"
            current, progressed = e.mode, False
        elif isinstance(e, ev.RunFinished):
            assert current == e.run.mode, f"RunFinished({e.run.mode}) outside its run"
            assert progressed, f"no Progress in run {current}"
            current = None
        elif isinstance(e, ev.DemoFinished):
            raise AssertionError("DemoFinished before the end")
        else:
            assert current is not None, f"{type(e).__name__} outside a run"
            assert e.mode == current
            if isinstance(e, ev.Progress):
                progressed = True
    assert current is None or cancelled, f"run {current} never finished"
