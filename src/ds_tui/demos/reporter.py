"""How a demo's worker reports to the engine, in a thread or a process, and every worker process's entry
point. Spawn-safe and light: worker processes started with spawn/forkserver import this.

Every workload (a top-level worker function of a demo module) takes a :class:`Reporter` first: it counts
progress, records when the worker was busy (the timeline) and, in a thread, raises :class:`Cancelled`
when the run is being stopped (threads cannot be killed; processes are).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any
from collections.abc import Callable

from ds_tui.demos import lifeline

_perf = time.perf_counter

FLUSH_S = 0.1  # a worker sends its progress and spans at most this often (observation stays cheap)
GAP_S = 0.001  # a pause shorter than this does not split a busy span


class Cancelled(Exception):
    """Raised inside a thread worker when its run is stopped."""


class Reporter:
    """Progress and busy spans of one worker, sent in batches to the runner.

    Messages (tuples, picklable): ("p", worker, done, spans, parts) every FLUSH_S at most, where spans
    is a list of (lane, start_s, end_s, kind) and parts is None, or {lane: done} when the worker counts
    its progress by lane (asyncio tasks sharing one thread); the runner adds "ready", "done" and
    "error" around the work.

    CPU spans: between ``cpu_begin()`` and ``cpu_end()`` a worker calls ``tick(units)`` after each
    small chunk of work (well under a millisecond). A chunk that took much longer than usual means
    the worker was not running during it (waiting for the GIL, or for a core): the span is split
    there. So the timeline shows threads taking turns under the GIL, and processes side by side.
    """

    __slots__ = ("send", "worker", "t0", "observe", "stop", "in_process", "done", "_spans", "_next_flush",
                 "_last", "_start", "_typ", "_parts")

    def __init__(self, send: Callable[[Any], Any], worker: int, t0: float, observe: bool = True,
                 stop: threading.Event | None = None, in_process: bool = False) -> None:
        self.send = send
        self.worker = worker
        self.t0 = t0
        self.observe = observe
        self.stop = stop
        self.in_process = in_process
        self.done = 0
        self._parts: dict[int, int] | None = None
        self._spans: list[tuple[int, float, float, str]] = []
        self._next_flush = _perf() + FLUSH_S
        self._last = 0.0
        self._start: float | None = None
        self._typ = 0.0

    # -- time and cancellation
    def now(self) -> float:
        return _perf() - self.t0

    def check(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise Cancelled()

    def sleep(self, seconds: float) -> None:
        """Wait (standing for the network); a thread's wait ends at once when the run is stopped."""
        if self.stop is None:
            time.sleep(seconds)
        elif self.stop.wait(seconds):
            raise Cancelled()

    # -- progress
    def add(self, units: int = 1, lane: int | None = None) -> None:
        """Progress without CPU timing (I/O work); ``lane``: the asyncio task slot that did it."""
        self.done += units
        if lane is not None:
            parts = self._parts if self._parts is not None else {}
            parts[lane] = parts.get(lane, 0) + units
            self._parts = parts
        if self.observe and _perf() >= self._next_flush:
            self.flush()
        self.check()

    def tick(self, units: int = 1) -> None:
        """After each small chunk of CPU work: progress, busy-span bookkeeping, cancellation."""
        now = _perf()
        self.done += units
        if self.observe and self._start is not None:
            dt = now - self._last
            typ = self._typ
            if typ and dt > 2.0 * typ + GAP_S:  # off the CPU during this chunk: split the span
                self._close(self._last)
                self._start = now - typ
            elif not typ or dt < typ:
                self._typ = dt
            else:
                self._typ = typ + (dt - typ) * 0.05
            self._last = now
            if now >= self._next_flush:
                self.flush()
        if self.stop is not None and self.stop.is_set():
            raise Cancelled()

    def cpu_begin(self) -> None:
        self._start = self._last = _perf()
        self._typ = 0.0

    def cpu_end(self) -> None:
        if self._start is not None:
            self._close(_perf())
            self._start = None

    def _close(self, end: float) -> None:
        start = self._start
        if start is not None and end > start:
            self._spans.append((self.worker, start - self.t0, end - self.t0, "cpu"))

    def io_span(self, start_s: float, end_s: float, lane: int | None = None) -> None:
        """A wait from start_s to end_s (run-relative seconds); ``lane`` for asyncio task slots."""
        if self.observe:
            self._spans.append((self.worker if lane is None else lane, start_s, end_s, "io"))

    def span(self, start_s: float, end_s: float, kind: str) -> None:
        """A span of any kind (run-relative seconds), e.g. "cpu" for a numpy computation timed by the
        caller, or a pipeline stage's "fwd" / "bwd" operation."""
        if self.observe:
            self._spans.append((self.worker, start_s, end_s, kind))

    def flush(self) -> None:
        if self._start is not None:  # report the open CPU span so far
            now = _perf()
            self._close(now)
            self._start = now
        spans, self._spans = self._spans, []
        self._next_flush = _perf() + FLUSH_S
        if self.observe:
            self.send(("p", self.worker, self.done, spans, None if self._parts is None else dict(self._parts)))


def describe_exception(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        text += f" (at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno})"
    return text


def process_entry(conn: Any, worker: int, fn: Callable[..., Any], args: tuple[Any, ...], t0: float,
                  observe: bool) -> None:
    """The target of every demo worker process: run ``fn(reporter, *args)``, report through ``conn``.

    Ctrl+C is the parent's business (it stops and reaps us), so SIGINT is ignored here; an
    exception is reported through the pipe and ends the process with exit code 1, without
    printing a traceback over the user's screen. The process ends with ``os._exit``: everything it
    had to say went through the pipe (sends are synchronous), and skipping the interpreter's exit
    (flushing stdio, atexit) means a child forked from a multi-threaded parent (the TUI) cannot
    block on a lock another parent thread held at fork time, nor touch the parent's terminal.
    Its first act: end with the parent (:mod:`ds_tui.demos.lifeline`), however the parent ends.
    """
    lifeline.guard()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for name in ("SIGTERM", "SIGHUP"):  # a forked worker inherits the headless CLI's handlers for these
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        if hasattr(signal, "pthread_sigmask"):  # the parent started us with these blocked (Session.process)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    except (ValueError, OSError):
        pass
    rep = Reporter(conn.send, worker, t0, observe, in_process=True)
    conn.send(("ready", worker, rep.now()))
    c0 = time.process_time()
    try:
        result = fn(rep, *args)
        rep.cpu_end()
        rep.flush()
        conn.send(("done", worker, result, time.process_time() - c0, rep.now()))
    except BaseException as exc:  # noqa: BLE001 - every failure is reported to the parent
        try:
            rep.cpu_end()
            rep.flush()
            conn.send(("error", worker, describe_exception(exc)))
        except Exception:  # noqa: BLE001 - the pipe may be gone; the exit code still tells
            pass
        os._exit(1)
    os._exit(0)
