"""One run of a demo (a mode): its workers, threads or processes, watched in a loop, measured, cleaned up.

The engine's part that a demo's run function drives (through :class:`ds_tui.demos.runner.Engine`); it
knows no demo. See :mod:`ds_tui.demos.runner` for the guarantees (cancellation, failures, observation).
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing import connection as mp_connection
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Sequence

from ds_tui.demos import reporter
from ds_tui.demos.events import CoreSample, Progress, RunStarted, WorkerFailed, WorkerSpan
from ds_tui.demos.results import Failure, RunResult, Span

if TYPE_CHECKING:
    from ds_tui.demos.runner import Engine

TICK_S = 0.05  # the loop wakes at least this often: cancellation, thread lanes, core samples
SAMPLE_S = 0.25  # core sampling interval
TERMINATE_GRACE_S = 0.3  # after terminate(), wait this long before kill()

_RUNNING, _DONE, _FAILED = "running", "done", "failed"


class DemoCancelled(Exception):
    """Raised inside a demo's run when the caller set ``cancel``; the runner turns it into a partial report."""


@dataclass(eq=False)
class _Lane:
    worker: int
    total: int
    proc: Any = None
    conn: Any = None
    thread: threading.Thread | None = None
    state: str = _RUNNING
    result: Any = None
    cpu_s: float = 0.0
    error: str | None = None
    ready_s: float | None = None
    end_s: float | None = None
    shared: bool = False  # total is the queue the workers share: done is this worker's part of it
    done: int = 0  # the last progress reported
    parts: dict[int, int] | None = None  # progress by lane (asyncio task slots in this one worker)


class _CoreSampler:
    """Busy % of each logical CPU between two ``psutil.cpu_times(percpu=True)`` readings (never
    ``cpu_percent``: its state is per thread and the hardware sampler owns it)."""

    def __init__(self) -> None:
        import psutil  # lazy: psutil stays out of the first frame

        self._psutil = psutil
        self._prev = psutil.cpu_times(percpu=True)
        self.samples: list[tuple[float, tuple[float, ...], float]] = []  # (t, percents, weight)

    @staticmethod
    def _split(t: Any) -> tuple[float, float]:
        total = sum(t)
        total -= getattr(t, "guest", 0.0) + getattr(t, "guest_nice", 0.0)  # Linux counts these in user
        idle = t.idle + getattr(t, "iowait", 0.0)
        return total, total - idle

    def sample(self) -> tuple[float, ...] | None:
        now = self._psutil.cpu_times(percpu=True)
        out = []
        weight = 0.0
        for a, b in zip(self._prev, now):
            ta, ba = self._split(a)
            tb, bb = self._split(b)
            dt = tb - ta
            weight = max(weight, dt)
            out.append(min(100.0, max(0.0, 100.0 * (bb - ba) / dt)) if dt > 0 else 0.0)
        self._prev = now
        if weight <= 0:
            return None
        return tuple(out)

    def mean(self) -> tuple[float, ...]:
        if not self.samples:
            return ()
        total = sum(w for _, _, w in self.samples)
        n = len(self.samples[0][1])
        return tuple(sum(p[i] * w for _, p, w in self.samples) / total for i in range(n))


def _start_helpers(ctx: Any) -> None:
    """Start multiprocessing's resource tracker (and fork server) now, not inside Process.start(): the
    tracker's launcher unblocks SIGINT when done (CPython 3.11-3.13), which would undo our mask."""
    if sys.platform == "win32":
        return
    method = ctx.get_start_method()
    if method in ("spawn", "forkserver"):
        from multiprocessing import resource_tracker  # lazy: POSIX only

        resource_tracker.ensure_running()
    if method == "forkserver":
        from multiprocessing import forkserver  # lazy: POSIX only

        forkserver.ensure_running()


# Ctrl+C, and what the headless CLI turns into a clean stop (ds_tui.demos.cli): never mid-start
STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _block_stop_signals() -> Any:
    if hasattr(signal, "pthread_sigmask"):
        return signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    return None


def _restore_sigmask(mask: Any) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _exit_reason(code: int | None, error: str | None) -> str:
    if code is None:
        how = "stopped"
    elif code < 0:
        try:
            how = f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exited with code {code}"
    return f"raised {error} ({how})" if error else how


class Session:
    """One run of a demo: its workers (lanes of the timeline), its event loop, its clean-up.

    Use as a context manager: leaving the block always stops and reaps every worker it started.
    """

    def __init__(self, engine: Engine, mode: str, workers: int, lanes: tuple[str, ...], total: int) -> None:
        self.engine = engine
        self.mode = mode
        self.workers = workers
        self.lanes = lanes
        self.observe = engine.observe
        self.stop = threading.Event()
        self.local: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lanes: dict[int, _Lane] = {}
        self.spans: list[Span] = []
        self.failures: list[Failure] = []
        self._queues: list[Any] = []
        self._on_failure: list[Callable[[], None]] = []
        self._closed = False
        engine.emit(RunStarted(engine.demo, mode, workers, lanes, total))
        self._sampler = _CoreSampler() if self.observe else None
        self._next_sample = time.perf_counter() + SAMPLE_S
        self.t0 = time.perf_counter()
        self._last_sample = self.t0
        self.t_end: float | None = None

    # -- context manager
    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- starting workers
    def queue(self) -> Any:
        """A multiprocessing queue for this run's data (closed and abandoned with the session)."""
        q = self.engine.ctx.Queue()
        self._queues.append(q)
        return q

    def value(self, typecode: str, init: Any) -> Any:
        return self.engine.ctx.Value(typecode, init)

    def on_failure(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when a worker of this run fails (e.g. to tell the others, blocked waiting for
        a message from it, to stop)."""
        self._on_failure.append(callback)

    def process(self, worker: int, fn: Callable[..., Any], *args: Any, total: int = 0, shared: bool = False) -> None:
        """Start ``fn(reporter, *args)`` in a new process (``fn`` top-level in a demo module). ``shared``: ``total``
        is a queue this worker shares with others (it reports the part it did, see events.Progress)."""
        ctx = self.engine.ctx
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=reporter.process_entry, args=(writer, worker, fn, args, self.t0, self.observe),
                           name=f"ds-tui-{self.engine.demo}-{self.mode}-{worker}", daemon=True)
        lane = _Lane(worker, total, proc=proc, conn=reader, shared=shared)
        self._lanes[worker] = lane
        # The child starts with SIGINT blocked (the mask survives fork and exec) until it ignores it: a
        # Ctrl+C in the terminal reaches the whole process group, and stopping children is our job.
        # SIGTERM and SIGHUP wait too: raised here in the middle of start(), a spawned child would be
        # left without its start-up data and print a traceback.
        _start_helpers(ctx)
        mask = _block_stop_signals()
        try:
            proc.start()
        finally:
            _restore_sigmask(mask)
            writer.close()

    def thread(self, worker: int, fn: Callable[..., Any], *args: Any, total: int = 0, shared: bool = False) -> None:
        """Start ``fn(reporter, *args)`` in a new thread of this process (``shared``: as for :meth:`process`)."""
        lane = _Lane(worker, total, shared=shared)
        th = threading.Thread(target=self._thread_main, args=(lane, fn, args), daemon=True,
                              name=f"ds-tui-{self.engine.demo}-{self.mode}-{worker}")
        lane.thread = th
        self._lanes[worker] = lane
        th.start()

    def _thread_main(self, lane: _Lane, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        put = self.local.put
        rep = reporter.Reporter(put, lane.worker, self.t0, self.observe, stop=self.stop)
        put(("ready", lane.worker, rep.now()))
        c0 = time.thread_time()
        try:
            result = fn(rep, *args)
            rep.cpu_end()
            rep.flush()
            put(("done", lane.worker, result, time.thread_time() - c0, rep.now()))
        except reporter.Cancelled:
            put(("cancelled", lane.worker))
        except BaseException as exc:  # noqa: BLE001 - reported, never raised into the caller
            rep.cpu_end()
            rep.flush()
            put(("error", lane.worker, reporter.describe_exception(exc)))

    # -- the loop
    def wait(self) -> None:
        """Until every worker finished or failed (processes joined). Raises DemoCancelled on cancel."""
        while any(lane.state == _RUNNING for lane in self._lanes.values()):
            self._tick()
        self._join_processes()
        self.t_end = time.perf_counter()

    def work_end(self) -> float | None:
        """When the last worker returned from its function (``perf_counter``): the end of the work itself,
        before the processes exit and are joined (an interpreter's teardown is not the workers' work)."""
        ends = [lane.end_s for lane in self._lanes.values() if lane.end_s is not None]
        return self.t0 + max(ends) if ends else None

    def wait_ready(self, workers: Sequence[int]) -> float:
        """Until the given workers started running their function; the seconds that took."""
        lanes = [self._lanes[w] for w in workers]
        while any(lane.ready_s is None and lane.state == _RUNNING for lane in lanes):
            self._tick()
        return max((lane.ready_s or 0.0 for lane in lanes), default=0.0)

    def _tick(self) -> None:
        if self.engine.cancel.is_set():
            raise DemoCancelled()
        self._pump(TICK_S)
        if self._sampler is not None and time.perf_counter() >= self._next_sample:
            self._sample()

    def _sample(self) -> None:
        assert self._sampler is not None
        now = time.perf_counter()
        percents = self._sampler.sample()
        if percents is not None:
            t = now - self.t0
            self._sampler.samples.append((t, percents, max(now - self._last_sample, 1e-6)))
            self.engine.emit(CoreSample(self.mode, t, percents))
        self._last_sample = now
        self._next_sample = now + SAMPLE_S

    def _pump(self, timeout: float) -> None:
        procs = [lane for lane in self._lanes.values() if lane.proc is not None and lane.state == _RUNNING]
        if procs:
            waitables: list[Any] = [lane.conn for lane in procs if lane.conn is not None]
            waitables += [lane.proc.sentinel for lane in procs]
            ready = mp_connection.wait(waitables, timeout)
            for lane in procs:
                if lane.conn is not None and lane.conn in ready:
                    self._drain_conn(lane)
            self._drain_local()
            for lane in procs:
                if lane.state == _RUNNING and lane.proc.sentinel in ready:
                    self._reap(lane)
        else:
            try:
                self._handle(self.local.get(timeout=timeout))
            except queue.Empty:
                pass
            self._drain_local()
        for lane in self._lanes.values():
            if lane.thread is not None and lane.state == _RUNNING and not lane.thread.is_alive():
                self._drain_local()
                if lane.state == _RUNNING:
                    self._fail(lane, "the thread ended without a result", None)

    def _drain_local(self) -> None:
        while True:
            try:
                msg = self.local.get_nowait()
            except queue.Empty:
                return
            self._handle(msg)

    def _drain_conn(self, lane: _Lane) -> None:
        conn = lane.conn
        try:
            while conn.poll():
                self._handle(conn.recv())
        except (EOFError, OSError, ValueError, TypeError, AttributeError, ImportError, IndexError) as exc:
            # the other end is closed (the process ended) or a dying process left half a message
            if not isinstance(exc, EOFError) and lane.error is None and lane.state == _RUNNING:
                lane.error = f"broken message ({type(exc).__name__})"
            conn.close()
            lane.conn = None

    def _reap(self, lane: _Lane) -> None:
        """The process ended: collect its last messages, then decide whether it finished or failed."""
        if lane.conn is not None:
            self._drain_conn(lane)
        lane.proc.join()
        if lane.state == _RUNNING:
            code = lane.proc.exitcode
            self._fail(lane, _exit_reason(code, lane.error), code)

    def _progress(self, lane: _Lane) -> None:
        """A worker's progress: its own, or each of its lanes' part of the queue they share."""
        if lane.parts:
            for k, done in sorted(lane.parts.items()):
                self.engine.emit(Progress(self.mode, k, done, lane.total, shared=True))
        else:
            self.engine.emit(Progress(self.mode, lane.worker, lane.done, lane.total, shared=lane.shared))

    def _fail(self, lane: _Lane, reason: str, exitcode: int | None) -> None:
        lane.state = _FAILED
        lane.end_s = time.perf_counter() - self.t0
        self.failures.append(Failure(lane.worker, reason, exitcode))
        self.engine.emit(WorkerFailed(self.mode, lane.worker, reason, exitcode))
        for callback in self._on_failure:
            callback()

    def _handle(self, msg: tuple[Any, ...]) -> None:
        kind, worker = msg[0], msg[1]
        lane = self._lanes.get(worker)
        if lane is None:
            return
        if kind == "p":
            _, _, done, spans, parts = msg
            emit = self.engine.emit
            for w, start, end, span_kind in spans:
                self.spans.append(Span(w, start, end, span_kind))
                emit(WorkerSpan(self.mode, w, start, end, span_kind))
            lane.done = done
            if parts:
                lane.parts = parts
            self._progress(lane)
        elif kind == "ready":
            lane.ready_s = msg[2]
        elif kind == "done":
            lane.result, lane.cpu_s, lane.end_s = msg[2], msg[3], msg[4]
            lane.state = _DONE
            if self.observe:
                if not (lane.shared or lane.parts):
                    lane.done = lane.total  # whatever units it counted, its work is done
                self._progress(lane)
        elif kind == "error":
            lane.error = msg[2]
            if lane.thread is not None:  # a thread's exception ends only that thread
                self._fail(lane, f"raised {msg[2]}", None)
        elif kind == "cancelled" and lane.state == _RUNNING:
            lane.state = _FAILED

    def _join_processes(self) -> None:
        for lane in self._lanes.values():
            if lane.proc is not None and lane.proc.pid is not None:
                lane.proc.join()

    # -- results
    @property
    def results(self) -> dict[int, Any]:
        """Each finished worker's return value (failed workers are absent)."""
        return {w: lane.result for w, lane in sorted(self._lanes.items()) if lane.state == _DONE}

    def ready_times(self) -> dict[int, float]:
        return {w: lane.ready_s for w, lane in self._lanes.items() if lane.ready_s is not None}

    def result(self, ok: bool, extra: dict[str, Any] | None = None, cpu_extra_s: float = 0.0,
               wall_s: float | None = None, origin_s: float = 0.0) -> RunResult:
        """The measured run. ``wall_s`` defaults to start → last worker joined. ``origin_s``: the run-relative
        time the timeline starts from (with a ``wall_s`` measured from there, e.g. once every process ran)."""
        end = self.t_end if self.t_end is not None else time.perf_counter()
        if self._sampler is not None and time.perf_counter() - self._last_sample > 0.02:
            self._sample()  # the tail of the run
        cpu = sum(lane.cpu_s for lane in self._lanes.values()) + cpu_extra_s
        spans = tuple(sorted((Span(s.worker, s.start_s - origin_s, s.end_s - origin_s, s.kind) for s in self.spans),
                             key=lambda s: (s.worker, s.start_s)))
        extra = dict(extra or {})
        ready = [lane.ready_s for lane in self._lanes.values() if lane.proc is not None and lane.ready_s is not None]
        if ready:
            extra.setdefault("startup_s", max(ready))  # until the last process was running its work
        return RunResult(
            mode=self.mode, workers=self.workers, wall_s=wall_s if wall_s is not None else end - self.t0,
            cpu_s=cpu, ok=ok, lanes=self.lanes, spans=spans,
            core_mean=self._sampler.mean() if self._sampler is not None else (),
            failures=tuple(self.failures), extra=extra)

    # -- clean-up
    def close(self) -> None:
        """Stop everything this run started: threads are told to stop; processes are terminated, then
        killed, and always joined (reaped)."""
        if self._closed:
            return
        self._closed = True
        self.stop.set()
        procs = [lane.proc for lane in self._lanes.values() if lane.proc is not None and lane.proc.pid is not None]
        live = [p for p in procs if p.exitcode is None]
        for p in live:
            try:
                p.terminate()
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + TERMINATE_GRACE_S
        for p in live:
            p.join(max(0.0, deadline - time.monotonic()))
        for p in live:
            if p.exitcode is None:
                try:
                    p.kill()
                except (OSError, ValueError):
                    pass
        for p in procs:
            p.join()
            try:
                p.close()
            except ValueError:
                pass
        for lane in self._lanes.values():
            if lane.conn is not None:
                lane.conn.close()
                lane.conn = None
        for q in self._queues:  # never wait at exit for data nobody will read
            q.cancel_join_thread()
            q.close()
        deadline = time.monotonic() + 1.0
        for lane in self._lanes.values():
            if lane.thread is not None and lane.thread.ident is not None:  # not one that failed to start
                lane.thread.join(max(0.0, deadline - time.monotonic()))
