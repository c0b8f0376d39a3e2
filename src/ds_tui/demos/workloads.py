"""The work the demos run, in threads and in processes. Spawn-safe: top-level functions and classes only,
picklable arguments, nothing heavy imported (worker processes started with spawn/forkserver import this).

Every workload takes a :class:`Reporter` first: it counts progress, records when the worker was busy
(the timeline) and, in a thread, raises :class:`Cancelled` when the run is being stopped (threads
cannot be killed; processes are).
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
import zlib
from math import isqrt
from typing import Any, Callable

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


# ---------------------------------------------------------------------------------------------- CPU
def is_prime(n: int) -> bool:
    """Trial division, in pure Python: CPU-bound work that holds the GIL the whole time."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(rep: Reporter, lo: int, hi: int, step: int = 32, progress: bool = True) -> int:
    """How many primes in [lo, hi). Deterministic; checked against :func:`prime_count_reference`.
    Progress counts the numbers checked (``progress=False``: part of a bigger task, counted by it)."""
    count = 0
    rep.cpu_begin()
    for a in range(lo, hi, step):
        b = min(a + step, hi)
        for n in range(a, b):
            if is_prime(n):
                count += 1
        rep.tick(b - a if progress else 0)
    rep.cpu_end()
    return count


def count_primes_at_gate(rep: Reporter, gate: Any, lo: int, hi: int) -> int:
    """:func:`count_primes` once ``gate`` (a multiprocessing Event) is set: every process starts its
    work at the same moment, after all of them started, so start-up and the parallel phase are timed
    apart."""
    while not gate.wait(0.1):
        if rep.stop is not None and rep.stop.is_set():
            raise Cancelled()
    return count_primes(rep, lo, hi)


def prime_count_reference(lo: int, hi: int) -> int:
    """The same count by a segmented sieve (fast, independent of the demo's code)."""
    if hi <= lo:
        return 0
    root = isqrt(hi - 1) + 1
    small = bytearray([1]) * (root + 1)
    small[0:2] = b"\x00\x00"
    for i in range(2, isqrt(root) + 1):
        if small[i]:
            small[i * i::i] = bytes(len(range(i * i, root + 1, i)))
    seg = bytearray([1]) * (hi - lo)
    for p in (i for i in range(2, root + 1) if small[i]):
        start = max(p * p, (lo + p - 1) // p * p)
        if start < hi:
            seg[start - lo::p] = bytes(len(range(start, hi, p)))
    for n in (0, 1):
        if lo <= n < hi:
            seg[n - lo] = 0
    return seg.count(1)


def split_range(lo: int, hi: int, parts: int) -> list[tuple[int, int]]:
    """[lo, hi) in ``parts`` contiguous shares of (almost) equal size."""
    n = hi - lo
    cuts = [lo + n * i // parts for i in range(parts + 1)]
    return list(zip(cuts, cuts[1:]))


# ---------------------------------------------------------------------------------------------- I/O
def payload(i: int, nbytes: int) -> bytes:
    """The deterministic content of task ``i`` (a downloaded page, an uploaded image)."""
    return random.Random(i).randbytes(nbytes)


def file_roundtrip(path: str, data: bytes) -> int:
    """Real local I/O: write, fsync (wait for the disk), read back; the CRC-32 of what was read."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    with open(path, "rb") as f:
        back = f.read()
    os.unlink(path)
    return zlib.crc32(back)


def io_tasks(rep: Reporter, task_ids: list[int], wait_s: float, nbytes: int, tmpdir: str) -> dict[int, int]:
    """I/O-bound tasks: each waits ``wait_s`` (the network) then writes, syncs and reads a file."""
    crcs = {}
    for i in task_ids:
        start = rep.now()
        rep.sleep(wait_s)
        crcs[i] = file_roundtrip(os.path.join(tmpdir, f"io-{i}-{os.getpid()}.bin"), payload(i, nbytes))
        rep.io_span(start, rep.now())
        rep.add(1)
    return crcs


def _timed_roundtrip(path: str, data: bytes) -> tuple[int, float]:
    c0 = time.thread_time()
    crc = file_roundtrip(path, data)
    return crc, time.thread_time() - c0


def asyncio_io_tasks(rep: Reporter, task_ids: list[int], slots: int, wait_s: float, nbytes: int,
                     tmpdir: str) -> dict[str, Any]:
    """The same tasks in one thread with asyncio, ``slots`` at a time. asyncio has no asynchronous file
    API, so the file part goes to a helper thread (``asyncio.to_thread``), as real code does."""
    import asyncio  # here, not at the top: worker processes never need it

    return asyncio.run(_asyncio_main(rep, task_ids, slots, wait_s, nbytes, tmpdir))


async def _asyncio_main(rep: Reporter, task_ids: list[int], slots: int, wait_s: float, nbytes: int,
                        tmpdir: str) -> dict[str, Any]:
    import asyncio

    free: asyncio.Queue[int] = asyncio.Queue()
    for k in range(slots):
        free.put_nowait(k)
    helper_cpu = [0.0]
    crcs: dict[int, int] = {}

    async def one(i: int) -> None:
        k = await free.get()
        try:
            start = rep.now()
            await asyncio.sleep(wait_s)
            path = os.path.join(tmpdir, f"aio-{i}-{os.getpid()}.bin")
            crcs[i], cpu = await asyncio.to_thread(_timed_roundtrip, path, payload(i, nbytes))
            helper_cpu[0] += cpu
            rep.io_span(start, rep.now(), lane=k)
            rep.add(1, lane=k)
        finally:
            free.put_nowait(k)

    main = asyncio.ensure_future(asyncio.gather(*(one(i) for i in task_ids)))
    while not main.done():
        await asyncio.wait({main}, timeout=0.02)
        if not main.done() and rep.stop is not None and rep.stop.is_set():
            main.cancel()
            try:
                await main  # collect the cancellation (no "exception was never retrieved")
            except BaseException:  # noqa: BLE001 - CancelledError, or what a task raised meanwhile
                pass
            raise Cancelled()
    main.result()  # raises what a task raised (Cancelled included)
    return {"crcs": crcs, "helper_cpu_s": helper_cpu[0]}


# -------------------------------------------------------------------------------- mixed (web + images)
def blur(rep: Reporter, pixels: bytes, side: int, passes: int) -> int:
    """A 3×3 box blur of a side×side grey image, ``passes`` times, in pure Python (the CPU stage of an
    image upload); the CRC-32 of the result."""
    img = list(pixels)
    n = side * side
    last = side - 1
    rep.cpu_begin()
    for _ in range(passes):
        tmp = [0] * n
        for y in range(side):
            row = y * side
            for x in range(side):
                tmp[row + x] = img[row + (x - 1 if x else 0)] + img[row + x] + img[row + (x + 1 if x < last else x)]
            rep.tick(0)
        out = [0] * n
        for y in range(side):
            up = (y - 1 if y else 0) * side
            row = y * side
            down = (y + 1 if y < last else y) * side
            for x in range(side):
                out[row + x] = (tmp[up + x] + tmp[row + x] + tmp[down + x]) // 9
            rep.tick(0)
        img = out
    rep.cpu_end()
    return zlib.crc32(bytes(img))


def receive_upload(rep: Reporter, i: int, wait_s: float, side: int, tmpdir: str) -> bytes:
    """The I/O stage of request ``i``: wait for the upload (the network), save it to disk, read it back."""
    start = rep.now()
    rep.sleep(wait_s)
    data = payload(i, side * side)
    path = os.path.join(tmpdir, f"upload-{i}-{os.getpid()}.bin")
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    rep.io_span(start, rep.now())
    return data


def handle_requests(rep: Reporter, ids: list[int], wait_s: float, side: int, passes: int,
                    tmpdir: str) -> dict[int, int]:
    """Whole requests, one after another in this worker: receive (I/O), then process (CPU)."""
    out = {}
    for i in ids:
        pixels = receive_upload(rep, i, wait_s, side, tmpdir)
        out[i] = blur(rep, pixels, side, passes)
        rep.add(1)
    return out


class Countdown:
    """The last of ``n`` parties to arrive runs ``on_zero`` (thread workers in one process only)."""

    def __init__(self, n: int, on_zero: Callable[[], Any]) -> None:
        self._n = n
        self._on_zero = on_zero
        self._lock = threading.Lock()

    def arrive(self) -> None:
        with self._lock:
            self._n -= 1
            last = self._n == 0
        if last:
            self._on_zero()


def receive_uploads(rep: Reporter, ids: list[int], wait_s: float, side: int, tmpdir: str, tasks: Any,
                    countdown: Countdown) -> int:
    """Hybrid, I/O stage (a thread): receive uploads and hand each one to the process pool's queue."""
    try:
        for i in ids:
            tasks.put((i, receive_upload(rep, i, wait_s, side, tmpdir)))
            rep.add(1)
    finally:
        countdown.arrive()  # the last receiver tells the pool there is no more work
    return len(ids)


def process_uploads(rep: Reporter, tasks: Any, side: int, passes: int) -> dict[int, int]:
    """Hybrid, CPU stage (a process): take images from the queue and process them until told to stop."""
    out = {}
    while True:
        item = tasks.get()
        if item is None:
            return out
        i, pixels = item
        out[i] = blur(rep, pixels, side, passes)
        rep.add(1)


# ---------------------------------------------------------------------------------------------- race
class SharedCounter:
    """One counter. Threads share this very object; each process works on its own copy of it."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


def race_increment(rep: Reporter, counter: SharedCounter, n: int, lock: Any = None) -> int:
    """Add 1 to ``counter.value`` ``n`` times as read, wait, write — the read-modify-write of real code,
    where something that lets other threads run (a database call, a log write; here ``time.sleep(0)``)
    sits between reading and writing. Without a lock, another thread's updates made in between are
    overwritten. (A bare ``counter += 1`` rarely loses updates on CPython 3.10+, because the GIL only
    switches threads at certain points, but it is not atomic either.)"""
    rep.cpu_begin()
    for k in range(1, n + 1):
        if lock is None:
            value = counter.value
            time.sleep(0)
            counter.value = value + 1
        else:
            with lock:
                value = counter.value
                time.sleep(0)
                counter.value = value + 1
        if not k & 63:
            rep.tick(64)
    rep.tick(n & 63)
    rep.cpu_end()
    return counter.value


def race_shared_value(rep: Reporter, value: Any, n: int) -> int:
    """The same increments on a ``multiprocessing.Value`` (shared memory), under its lock."""
    lock = value.get_lock()
    rep.cpu_begin()
    for k in range(1, n + 1):
        with lock:
            v = value.value
            time.sleep(0)
            value.value = v + 1
        if not k & 63:
            rep.tick(64)
    rep.tick(n & 63)
    rep.cpu_end()
    return n


# ----------------------------------------------------------------------------------------- isolation
FAILURES: tuple[str, ...] = ("ok", "exception", "exit", "signal")


def kill_signal() -> int:
    """SIGKILL on POSIX; on Windows os.kill(pid, SIGTERM) calls TerminateProcess."""
    return getattr(signal, "SIGKILL", signal.SIGTERM)


def isolation_worker(rep: Reporter, behaviour: str, lo: int, hi: int) -> int:
    """Count primes in [lo, hi); all but the "ok" worker fail halfway: by an exception, by ending the
    process with ``os._exit(3)`` or by being killed with a signal (as the OOM killer would)."""
    if behaviour == "ok":
        return count_primes(rep, lo, hi)
    count_primes(rep, lo, (lo + hi) // 2)
    rep.flush()
    if behaviour == "exception":
        raise ValueError("simulated bug: a bad record in this task")
    if not rep.in_process:  # in a thread either would end the whole program: never do it here
        raise RuntimeError(f"refusing to run failure {behaviour!r} in a thread")
    if behaviour == "exit":
        os._exit(3)
    if behaviour == "signal":
        os.kill(os.getpid(), kill_signal())
        time.sleep(5)  # the signal arrives asynchronously
    raise ValueError(f"unknown behaviour {behaviour!r}")


# --------------------------------------------------------------------------------------- worker pool
def pool_producer(rep: Reporter, tasks: Any, n_tasks: int, n_consumers: int) -> list[float]:
    """A burst of ``n_tasks`` tasks put on the queue (like a web app queueing jobs for Celery), then one
    stop marker per consumer. Returns when each task was queued (run-relative seconds)."""
    queued = []
    for i in range(n_tasks):
        t = rep.now()
        tasks.put((i, t))
        queued.append(t)
        rep.check()
    for _ in range(n_consumers):
        tasks.put(None)
    return queued


def pool_consumer(rep: Reporter, tasks: Any, wait_s: float, cpu_lo: int,
                  cpu_hi: int) -> list[tuple[int, float, float, float]]:
    """A pool worker (a process, like Celery's prefork pool): take a task, run it — a call to a slow
    service (``wait_s``) and a little CPU — and take the next. Returns (task, queued, started, ended)."""
    records = []
    while True:
        item = tasks.get()
        if item is None:
            return records
        i, queued = item
        start = rep.now()
        rep.sleep(wait_s)
        rep.io_span(start, rep.now())
        count_primes(rep, cpu_lo, cpu_hi, progress=False)
        records.append((i, queued, start, rep.now()))
        rep.add(1)
