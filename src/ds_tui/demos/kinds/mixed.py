"""The mixed I/O + CPU demo: a web app receives image uploads (I/O) and blurs them (CPU) — with threads
only, processes only, or both (threads receive, a process pool blurs). Spawn-safe: the workers are top-level."""

from __future__ import annotations

import os
import tempfile
import threading
import zlib
from collections.abc import Callable
from functools import partial
from typing import Any

from ds_tui.demos.kinds.common import (
    PROCESSES,
    SEQUENTIAL,
    SPEEDUP_PROCESSES,
    SPEEDUP_SPREAD,
    SPEEDUP_THREADS,
    THREADS,
    payload,
    speedup_headline,
    speedups,
    worker_lanes,
)
from ds_tui.demos.prose import Doc, secs, times
from ds_tui.demos.reporter import Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.i18n import Text, many

MIXED_REQUESTS = 16
MIXED_SIZES = {"small": (0.03, 48, 8), "medium": (0.15, 64, 50), "large": (0.3, 64, 130)}  # wait s, side, passes

HYBRID = Mode("hybrid", Text(vi="Kết hợp", en="Hybrid"),
              Text(vi="Luồng nhận dữ liệu (I/O) và chuyển cho một pool tiến trình xử lý (CPU).",
                   en="Threads receive the data (I/O) and hand it to a pool of processes (CPU)."))

SPEC = DemoSpec(
    "mixed",
    Text(vi="Kết hợp I/O + CPU: web app xử lý ảnh", en="Mixed I/O + CPU: a web app that processes images"),
    Text(vi="Nhận ảnh tải lên (I/O) rồi làm mờ ảnh (CPU): chỉ luồng, chỉ tiến trình, hay kết hợp.",
         en="Receive an upload (I/O), then blur the image (CPU): threads only, processes only, or both."),
    Text(vi="Demo kết hợp I/O + CPU", en="Mixed I/O + CPU demo"),
    (SEQUENTIAL, THREADS, PROCESSES, HYBRID), 4,
    Text(vi="số tiến trình xử lý ảnh (số luồng nhận = gấp đôi)",
         en="image-processing processes (receiving threads: twice as many)"),
    (Metric("speedup.hybrid", Text(en="speedup, threads + processes", vi="tăng tốc, luồng + tiến trình"), "times",
            SPEEDUP_SPREAD),
     SPEEDUP_THREADS, SPEEDUP_PROCESSES))


# --------------------------------------------------------------------------------------------------
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


def _stop_all(tasks: Any, procs: int) -> None:
    """One stop sign per process of the pool: the last receiving thread is done."""
    for _ in range(procs):
        tasks.put(None)


def process_uploads(rep: Reporter, tasks: Any, side: int, passes: int) -> dict[int, int]:
    """Hybrid, CPU stage (a process): take images from the queue and process them until told to stop."""
    out: dict[int, int] = {}
    while True:
        item = tasks.get()
        if item is None:
            return out
        i, pixels = item
        out[i] = blur(rep, pixels, side, passes)
        rep.add(1)


# --------------------------------------------------------------------------------------------------
def run(eng: Engine, p: DemoParams) -> None:
    wait_s, side, passes = MIXED_SIZES[p.size]
    ids = list(range(MIXED_REQUESTS))
    procs = min(p.workers, MIXED_REQUESTS)
    threads = min(2 * p.workers, MIXED_REQUESTS)
    extra = {"requests": MIXED_REQUESTS, "wait_s": wait_s, "image": f"{side}x{side}", "blur_passes": passes}
    base: float | None = None
    reference: dict[int, int] | None = None
    with tempfile.TemporaryDirectory(prefix="ds-tui-mixed-") as tmp:
        for mode in ("sequential", "threads", "processes", "hybrid"):
            if not eng.wants(mode):
                continue
            if reference is None and mode != "sequential":
                reference = _mixed_reference(ids, side, passes)
            if mode == "sequential":
                lanes, workers = ["thread 0"], 1
            elif mode == "threads":
                lanes, workers = worker_lanes("thread", threads), threads
            elif mode == "processes":
                lanes, workers = worker_lanes("process", procs), procs
            else:
                lanes, workers = worker_lanes("I/O thread", threads) + worker_lanes("CPU process", procs), procs
            with eng.session(mode, workers, lanes, len(ids) * (2 if mode == "hybrid" else 1)) as s:
                if mode == "sequential":
                    s.thread(0, handle_requests, ids, wait_s, side, passes, tmp, total=len(ids))
                elif mode in ("threads", "processes"):
                    n = len(lanes)
                    start = s.process if mode == "processes" else s.thread
                    for k in range(n):
                        start(k, handle_requests, ids[k::n], wait_s, side, passes, tmp, total=len(ids[k::n]))
                else:
                    tasks = s.queue()
                    for k in range(procs):  # processes first: never fork while our threads run
                        s.process(threads + k, process_uploads, tasks, side, passes, total=len(ids), shared=True)
                    countdown = Countdown(threads, partial(_stop_all, tasks, procs))
                    for k in range(threads):
                        s.thread(k, receive_uploads, ids[k::threads], wait_s, side, tmp, tasks, countdown,
                                 total=len(ids[k::threads]))
                s.wait()
                got: dict[int, int] = {}
                for r in s.results.values():
                    if isinstance(r, dict):
                        got.update(r)
                if mode == "sequential":
                    reference = got if len(got) == len(ids) else None
                ok = reference is not None and got == reference
                run_extra = dict(extra, io_threads=threads if mode in ("threads", "hybrid") else 0)
                run = eng.finish(s.result(ok, run_extra), base)
            if mode == "sequential":
                base = run.wall_s


def _mixed_reference(ids: list[int], side: int, passes: int) -> dict[int, int]:
    """The correct results, computed here when the sequential run (the usual reference) was not run."""
    rep = Reporter(lambda msg: None, 0, 0.0, observe=False)
    return {i: blur(rep, payload(i, side * side), side, passes) for i in ids}


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    return speedups(runs, ("threads", "processes", "hybrid"))


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    seq = by.get("sequential")
    if seq is None:
        return
    n, wait, image = seq.extra.get("requests"), seq.extra.get("wait_s", 0.0), seq.extra.get("image")
    doc.add(f"A web app with image uploads: each of {n} requests waits {secs(wait, 'en')} for its upload and saves it "
            f"(I/O), then blurs a {image} image in pure Python (CPU). Sequential: {secs(seq.wall_s, 'en')}.",
            f"Một web app nhận ảnh tải lên: mỗi yêu cầu trong {n} yêu cầu chờ {secs(wait, 'vi')} để nhận ảnh và lưu lại "
            f"(I/O), rồi làm mờ một ảnh {image} bằng Python thuần (CPU). Tuần tự: {secs(seq.wall_s, 'vi')}.")
    th, pr, hy = by.get("threads"), by.get("processes"), by.get("hybrid")
    if th and th.speedup is not None:
        doc.add(f"Threads only ({th.workers}): {times(th.speedup, 'en')} — the uploads overlap, but the blurs take turns "
                f"under the GIL{'' if m['gil_enabled'] else ' (here there is no GIL, so they overlap too)'}.",
                f"Chỉ luồng ({th.workers}): {times(th.speedup, 'vi')} — các lần nhận ảnh chạy chồng nhau, nhưng các lần "
                f"làm mờ phải thay phiên dưới GIL{'' if m['gil_enabled'] else ' (ở đây không có GIL nên cũng chạy chồng được)'}.")
    if pr and pr.speedup is not None:
        doc.add(f"Processes only ({pr.workers}): {times(pr.speedup, 'en')} — the blurs run in parallel on "
                f"{many(m['usable_cores'], 'core')}, but each process also sits through its own uploads, so only "
                f"{pr.workers} waits overlap.",
                f"Chỉ tiến trình ({pr.workers}): {times(pr.speedup, 'vi')} — việc làm mờ chạy song song trên "
                f"{m['usable_cores']} lõi, nhưng mỗi tiến trình còn phải tự chờ nhận ảnh, nên chỉ {pr.workers} lần chờ "
                f"chồng lên nhau.")
    if hy and hy.speedup is not None:
        t = int(hy.extra.get("io_threads") or 0)
        doc.add(f"Hybrid: {many(t, 'thread')} receive uploads (many cheap waits at once) and hand each image to a pool of "
                f"{many(hy.workers, 'process')} that blur in parallel: {times(hy.speedup, 'en')}. This is “threads inside for "
                f"I/O, processes outside for CPU”, the shape of web apps that hand heavy work to a process pool.",
                f"Kết hợp: {t} luồng nhận ảnh (nhiều lần chờ rẻ cùng lúc) rồi chuyển từng ảnh cho một pool {hy.workers} "
                f"tiến trình làm mờ song song: {times(hy.speedup, 'vi')}. Đây là mô hình “luồng bên trong cho I/O, tiến "
                f"trình bên ngoài cho CPU” của các web app giao việc nặng cho một pool tiến trình.")
    done = [r for r in (th, pr, hy) if r is not None and r.speedup is not None]
    if done:
        best = max(done, key=lambda r: r.speedup or 0)
        names = {"threads": Text(en="threads only", vi="chỉ luồng"), "processes": Text(en="processes only", vi="chỉ tiến trình"),
                 "hybrid": Text(en="the hybrid", vi="cách kết hợp")}
        doc.add(f"Fastest here: {names[best.mode].en} ({times(best.speedup, 'en')}).",
                f"Nhanh nhất trên máy này: {names[best.mode].vi} ({times(best.speedup, 'vi')}).")


DEMO = Demo(SPEC, run, explain, metrics, headline=speedup_headline)
