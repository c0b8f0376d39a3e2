"""Run a demo in a child process and relay its events: the caller's process never runs demo code.

Why: the sequential and thread modes are pure-Python loops. Run inside the app's own process they
hold its GIL, and the interface thread — which gives the GIL up at every read and write of the
terminal — gets it back only after each switch interval (the "convoy effect"): the screen lagged by
seconds. In a child process the demo measures the same thing (its threads share that child's GIL),
and the app stays responsive. Spawn-safe: the child's entry point is a top-level function.

The demo's id is looked up in the one list here (:mod:`ds_tui.demos.catalog`), and the child is given the
demo itself (a :class:`ds_tui.demos.spec.Demo` pickles by reference to its module's functions).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from ds_tui.demos import catalog
from ds_tui.demos.events import DemoFinished
from ds_tui.demos.results import DemoReport
from ds_tui.demos.spec import Demo, DemoParams
from ds_tui.i18n import Text

STOP_GRACE_S = 1.5  # after a cancel: the child stops its workers itself; past this it is killed
BATCH_S = 0.05  # the child sends frequent events (spans, progress, samples) together, at most this often


class EventBatcher:
    """Sends the frequent events of a run as lists, at most every BATCH_S; any other event (a run starts
    or ends, a worker fails) goes at once, after what was waiting. Hundreds of single events a second
    each woke the app's relay thread, which then held the interface's GIL: on a machine whose cores the
    demo keeps busy, a relay thread preempted while holding it kept a key press waiting."""

    FREQUENT = ("Progress", "WorkerSpan", "CoreSample")

    def __init__(self, send: Callable[[Any], None], clock: Callable[[], float] = time.monotonic) -> None:
        self._send = send
        self._clock = clock
        self._waiting: list[Any] = []
        self._since = clock()

    def __call__(self, event: Any) -> None:
        self._waiting.append(event)
        if type(event).__name__ not in self.FREQUENT or self._clock() - self._since >= BATCH_S:
            self.flush()

    def flush(self) -> None:
        if self._waiting:
            self._send(self._waiting)
            self._waiting = []
        self._since = self._clock()


class DemoProcessFailed(RuntimeError):
    pass


def lower_priority() -> None:
    """Demo workers yield the CPU to the interface: a key press is answered even when every core is busy.
    (Alone on the machine they run as fast; the speedups measured do not change.) Nice 10: at 5 the
    interface got ~60% of a core shared with two workers, and key presses took longer."""
    try:
        if sys.platform != "win32":
            os.nice(10)
        else:
            import psutil  # lazy: psutil: Windows only here

            psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
    except (OSError, ImportError, AttributeError):
        pass


def _child(demo: Demo, params: dict[str, Any], events: Any, cancel: Any, start_method: str | None,
           parent: int) -> None:
    from ds_tui.demos import lifeline  # lazy: the child sets its lifeline before it imports the engine

    lifeline.guard()  # killed with the app: its workers, whose parent it is, follow it the same way
    from ds_tui.demos.runner import run  # lazy: after the lifeline: the engine's import takes time

    lower_priority()  # inherited by the worker processes the demo starts
    # Python 3.12+ warns on every fork from a process with threads; here the other threads (the watch
    # below, the event queue's feeder) hold nothing a worker uses, and the warning would be written
    # over the full-screen interface, which shares this process's stderr
    warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks", category=DeprecationWarning)
    if start_method is None and multiprocessing.get_start_method() == "fork":
        # this process runs threads (the watch below, the queue's feeder): forking it could copy a held
        # lock into a worker and hang it, so workers start from a clean fork server instead
        start_method = "forkserver"

    local_cancel = threading.Event()

    def watch() -> None:  # the app was cancelled or died: stop, so no worker outlives it
        while not local_cancel.is_set():
            if cancel.value or os.getppid() != parent:
                local_cancel.set()
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    batcher = EventBatcher(events.put)
    try:
        run(demo, params, on_event=batcher, cancel=local_cancel, start_method=start_method)
    except BaseException as exc:  # reported to the caller, never a traceback on the terminal
        batcher.flush()
        events.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        local_cancel.set()


def _start_resource_tracker() -> None:
    """POSIX spawn starts multiprocessing's resource tracker with sys.stderr's file descriptor. Under a
    full-screen interface sys.stderr is a capture object without one ("bad value(s) in fds_to_keep"),
    so start the tracker once with the real stderr."""
    if os.name != "posix" or sys.__stderr__ is None:
        return
    from multiprocessing import resource_tracker  # lazy: POSIX only

    saved = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def run_demo_isolated(demo_id: str, params: DemoParams | Mapping[str, Any] | None = None,
                      on_event: Callable[[object], None] | None = None, cancel: threading.Event | None = None,
                      start_method: str | None = None) -> DemoReport:
    """Like :func:`ds_tui.demos.catalog.run_demo`, but the demo runs in a child process (spawned).

    Events reach ``on_event`` in this thread, in order. Setting ``cancel`` stops the demo: the child
    ends its workers and exits; if it has not within ``STOP_GRACE_S`` it is killed."""
    demo = catalog.demo(demo_id)  # UnknownDemo here, before any process starts
    if isinstance(params, DemoParams):
        params = {"workers": params.workers, "size": params.size, "microbatches": params.microbatches}
    _start_resource_tracker()
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of the app is copied
    events = ctx.Queue()
    # a shared flag, polled: a multiprocessing.Event deadlocks its setter when a waiter died mid-wait
    child_cancel = ctx.Value("b", 0, lock=False)
    child = ctx.Process(target=_child, args=(demo, dict(params or {}), events, child_cancel, start_method,
                                             os.getpid()), name=f"ds-tui demo {demo_id}")  # not daemonic: it starts workers
    child.start()
    cancel = cancel or threading.Event()
    report: DemoReport | None = None
    stop_at: float | None = None
    try:
        while True:
            if cancel.is_set() and stop_at is None:
                child_cancel.value = 1
                stop_at = time.monotonic() + STOP_GRACE_S
            try:
                event = events.get(timeout=0.05)
            except queue.Empty:
                if not child.is_alive():
                    break
                if stop_at is not None and time.monotonic() > stop_at:
                    child.kill()
                    break
                continue
            if isinstance(event, tuple) and event and event[0] == "error":
                raise DemoProcessFailed(event[1])
            for one in event:  # a batch (EventBatcher)
                if on_event is not None:
                    on_event(one)
                if isinstance(one, DemoFinished):
                    report = one.report
            if report is not None:
                break
    finally:
        child_cancel.value = 1
        child.join(STOP_GRACE_S)
        if child.is_alive():
            child.kill()
            child.join(1)
        events.close()
    if report is None:
        if cancel.is_set():
            spec = demo.spec
            report = DemoReport(demo_id, spec.report_params(spec.params(params)), {}, (),
                                Text(vi="Đã dừng.", en="Cancelled."), {}, cancelled=True)
            if on_event is not None:
                on_event(DemoFinished(report))
            return report
        raise DemoProcessFailed(f"the demo process ended without a result (exit code {child.exitcode})")
    return report
