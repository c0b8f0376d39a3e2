"""The I/O-bound demo: 16 tasks that wait (a simulated network), then write, sync and read a file back —
sequentially, with threads, with processes and with asyncio. Spawn-safe: the workers are top-level."""

from __future__ import annotations

import math
import os
import tempfile
import time
import zlib
from typing import Any

from ds_tui.demos.kinds.common import (
    PROCESSES,
    SEQUENTIAL,
    SPEEDUP_PROCESSES,
    SPEEDUP_SPREAD,
    SPEEDUP_THREADS,
    THREADS,
    file_roundtrip,
    payload,
    speedup_headline,
    speedups,
    worker_lanes,
)
from ds_tui.demos.prose import Doc, secs, times
from ds_tui.demos.reporter import Cancelled, Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.i18n import Text, many

IO_TASKS = 16
IO_SIZES = {"small": (0.03, 64 << 10), "medium": (0.1, 256 << 10), "large": (0.25, 1 << 20)}  # wait s, file bytes

ASYNCIO = Mode("asyncio", Text(vi="asyncio", en="asyncio"),
               Text(vi="Một luồng, một vòng lặp sự kiện xen kẽ N tác vụ đang chờ.",
                    en="One thread whose event loop interleaves N waiting tasks."))

SPEC = DemoSpec(
    "io-bound",
    Text(vi="Tác vụ I/O-bound: chờ mạng và đĩa", en="I/O-bound work: waiting for the network and the disk"),
    Text(vi="16 tác vụ chờ (giả lập mạng) rồi ghi-đọc tệp: tuần tự, luồng, tiến trình, asyncio.",
         en="16 tasks that wait (a simulated network) then write and read a file: sequential, threads, "
            "processes, asyncio."),
    Text(vi="Demo tác vụ I/O-bound", en="I/O-bound demo"),
    (SEQUENTIAL, THREADS, PROCESSES, ASYNCIO), 8,
    Text(vi="số luồng, tiến trình, hoặc tác vụ asyncio chạy cùng lúc", en="threads, processes, or asyncio tasks at a time"),
    (SPEEDUP_THREADS, SPEEDUP_PROCESSES,
     Metric("speedup.asyncio", Text(en="speedup with asyncio", vi="tăng tốc với asyncio"), "times",
            SPEEDUP_SPREAD)))


# --------------------------------------------------------------------------------------------------
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
    import asyncio  # lazy: worker processes never need asyncio

    return asyncio.run(_asyncio_main(rep, task_ids, slots, wait_s, nbytes, tmpdir))


async def _asyncio_main(rep: Reporter, task_ids: list[int], slots: int, wait_s: float, nbytes: int,
                        tmpdir: str) -> dict[str, Any]:
    import asyncio  # lazy: worker processes never need asyncio

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


# --------------------------------------------------------------------------------------------------
def run(eng: Engine, p: DemoParams) -> None:
    wait_s, nbytes = IO_SIZES[p.size]
    ids = list(range(IO_TASKS))
    expected = {i: zlib.crc32(payload(i, nbytes)) for i in ids}
    n = min(p.workers, IO_TASKS)
    extra = {"tasks": IO_TASKS, "wait_s": wait_s, "file_bytes": nbytes}
    base: float | None = None
    with tempfile.TemporaryDirectory(prefix="ds-tui-io-") as tmp:
        for mode in ("sequential", "threads", "processes", "asyncio"):
            if not eng.wants(mode):
                continue
            if mode == "sequential":
                lanes, workers = ["thread 0"], 1
            elif mode == "asyncio":
                lanes, workers = worker_lanes("async task", n), n
            else:
                lanes, workers = worker_lanes(mode[:-1] if mode == "threads" else "process", n), n
            with eng.session(mode, workers, lanes, IO_TASKS) as s:
                cpu_extra = 0.0
                if mode == "asyncio":
                    # one thread; its n task slots are the lanes, each doing its part of the shared tasks
                    s.thread(0, asyncio_io_tasks, ids, n, wait_s, nbytes, tmp, total=IO_TASKS, shared=True)
                elif mode == "sequential":
                    s.thread(0, io_tasks, ids, wait_s, nbytes, tmp, total=IO_TASKS)
                else:
                    start = s.process if mode == "processes" else s.thread
                    for k in range(n):
                        start(k, io_tasks, ids[k::n], wait_s, nbytes, tmp, total=len(ids[k::n]))
                s.wait()
                got: dict[int, int] = {}
                for r in s.results.values():
                    if mode == "asyncio":
                        got.update(r["crcs"])
                        cpu_extra += r["helper_cpu_s"]
                    else:
                        got.update(r)
                run = eng.finish(s.result(got == expected, dict(extra), cpu_extra_s=cpu_extra), base)
            if mode == "sequential":
                base = run.wall_s


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    return speedups(runs, ("threads", "processes", "asyncio"))


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    seq = by.get("sequential")
    if seq is None:
        return
    tasks, wait = seq.extra.get("tasks", 16), seq.extra.get("wait_s", 0.0)
    doc.add(f"Each of {many(tasks, 'task')} waits {secs(wait, 'en')} (standing for the network), then writes a file, waits "
            f"for the disk (fsync) and reads it back. Sequential: {secs(seq.wall_s, 'en')}.",
            f"Mỗi tác vụ trong {tasks} tác vụ chờ {secs(wait, 'vi')} (thay cho mạng), rồi ghi một tệp, chờ đĩa (fsync) "
            f"và đọc lại. Tuần tự: {secs(seq.wall_s, 'vi')}.")
    th, pr, aio = by.get("threads"), by.get("processes"), by.get("asyncio")
    if th and th.speedup is not None:
        ideal = tasks / math.ceil(tasks / th.workers)
        doc.add(f"{many(th.workers, 'thread')}: {times(th.speedup, 'en')} (at best about {times(ideal, 'en')}: {many(tasks, 'task')} in "
                f"rounds of {th.workers}). A thread that waits releases the GIL, so the waits overlap — the GIL "
                f"does not matter for waiting.",
                f"{th.workers} luồng: {times(th.speedup, 'vi')} (tối đa khoảng {times(ideal, 'vi')}: {tasks} tác vụ, mỗi "
                f"đợt {th.workers}). Luồng đang chờ thì nhả GIL, nên các lần chờ chồng lên nhau — GIL không cản "
                f"việc chờ.")
    if pr and pr.speedup is not None:
        st = pr.extra.get("startup_s") or 0.0
        doc.add(f"{many(pr.workers, 'process')}: {times(pr.speedup, 'en')}. They overlap the waits too, but each one is a "
                f"new interpreter: starting them took {secs(st, 'en')} here (\"{m['start_method']}\"), and each costs "
                f"memory — for waiting, threads do the same job cheaper.",
                f"{pr.workers} tiến trình: {times(pr.speedup, 'vi')}. Chúng cũng chờ song song, nhưng mỗi tiến trình là "
                f"một trình thông dịch mới: khởi động mất {secs(st, 'vi')} (\"{m['start_method']}\"), lại tốn bộ nhớ — "
                f"để chờ, luồng làm cùng việc đó rẻ hơn.")
    if aio and aio.speedup is not None:
        doc.add(f"asyncio, {many(aio.workers, 'task')} at a time in one thread: {times(aio.speedup, 'en')}. One event loop "
                f"interleaves the waits without threads — it scales to thousands of idle connections. Files have "
                f"no asynchronous API, so their part ran in helper threads (asyncio.to_thread).",
                f"asyncio, {aio.workers} tác vụ cùng lúc trong một luồng: {times(aio.speedup, 'vi')}. Một vòng lặp sự "
                f"kiện xen kẽ các lần chờ mà không cần luồng — mở rộng được tới hàng nghìn kết nối nhàn rỗi. Tệp "
                f"không có API bất đồng bộ, nên phần đọc-ghi tệp chạy trong luồng phụ (asyncio.to_thread).")
    if th:
        doc.add(f"Cores hardly matter here: the threads used {secs(th.cpu_s, 'en')} of CPU in {secs(th.wall_s, 'en')}. "
                f"What limits I/O-bound work is how many waits you can overlap, not the number of cores.",
                f"Số lõi gần như không quan trọng ở đây: các luồng dùng {secs(th.cpu_s, 'vi')} CPU trong "
                f"{secs(th.wall_s, 'vi')}. Giới hạn của việc I/O-bound là số lần chờ chạy chồng được, không phải số lõi.")


DEMO = Demo(SPEC, run, explain, metrics, headline=speedup_headline)
