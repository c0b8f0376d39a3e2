"""The worker-pool demo: a producer queues tasks, a pool of 1, 2, 4, … worker processes takes them (like
Celery's prefork pool); throughput, latency and the queue's depth. Spawn-safe: the workers are top-level."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

from ds_tui.demos.kinds.common import CPU_BASE, count_primes, worker_lanes
from ds_tui.demos.prose import Doc, num, secs, times
from ds_tui.demos.reporter import Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.i18n import Text, many, t
from ds_tui.numbers import decimal

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary

POOL_SIZES = {"small": (16, 0.02), "medium": (48, 0.03), "large": (120, 0.05)}  # tasks, wait per task (s)
POOL_CPU_NUMBERS = 200  # a little CPU per task (~2 ms)


def pool_mode(mode: str) -> Mode | None:
    """"pool-N": a pool of N workers."""
    if not mode.startswith("pool-"):
        return None
    n = mode.removeprefix("pool-")
    return Mode(mode, Text(vi=f"Pool {n} worker", en=f"Pool of {n}"),
                Text(vi=f"Một producer và {n} tiến trình worker lấy việc từ một hàng đợi.",
                     en=f"A producer and {n} worker process(es) taking tasks from one queue."))


def pool_sizes(workers: int) -> list[int]:
    """The worker counts the demo compares: 1, 2, 4, ... up to ``workers`` (and it)."""
    sizes = [1]
    while sizes[-1] * 2 <= workers:
        sizes.append(sizes[-1] * 2)
    if sizes[-1] != workers:
        sizes.append(workers)
    return sizes


def modes(p: DemoParams) -> tuple[str, ...]:
    return tuple(f"pool-{n}" for n in pool_sizes(p.workers))


SPEC = DemoSpec(
    "worker-pool",
    Text(vi="Worker pool: hàng đợi và các worker", en="Worker pool: a queue and its workers"),
    Text(vi="Một producer đẩy việc vào hàng đợi, các tiến trình worker lấy ra (như pool prefork của Celery).",
         en="A producer queues tasks, worker processes take them (like Celery's prefork pool)."),
    Text(vi="Demo worker pool", en="Worker-pool demo"),
    tuple(m for m in map(pool_mode, ("pool-1", "pool-2", "pool-4")) if m is not None), 4,
    Text(vi="số worker lớn nhất (chạy 1, 2, 4, …)", en="the largest pool (runs 1, 2, 4, …)"),
    (Metric("throughput.ratio", Text(en="throughput, most workers vs one", vi="thông lượng, nhiều worker so với một"),
            "times", 0.10),))


# --------------------------------------------------------------------------------------------------
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
    records: list[tuple[Any, ...]] = []
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


# --------------------------------------------------------------------------------------------------
def run(eng: Engine, p: DemoParams) -> None:
    n_tasks, wait_s = POOL_SIZES[p.size]
    cpu_lo, cpu_hi = CPU_BASE, CPU_BASE + POOL_CPU_NUMBERS
    base: float | None = None
    for n in pool_sizes(p.workers):
        if not eng.wants(f"pool-{n}"):
            continue
        with eng.session(f"pool-{n}", n, ["producer"] + worker_lanes("worker", n), n_tasks) as s:
            tasks = s.queue()
            for k in range(n):
                s.process(1 + k, pool_consumer, tasks, wait_s, cpu_lo, cpu_hi, total=n_tasks, shared=True)
            startup = s.wait_ready(range(1, n + 1))  # a prefork pool is running before work arrives
            s.thread(0, pool_producer, tasks, n_tasks, n)  # no progress units: consumers count the tasks
            s.wait()
            records = [r for k, rs in s.results.items() if k > 0 for r in rs]
            queued = s.results.get(0) or []
            ok = sorted(r[0] for r in records) == list(range(n_tasks)) and len(s.failures) == 0
            extra: dict[str, Any] = {"tasks": n_tasks, "task_wait_s": wait_s, "startup_s": startup}
            window = None
            if records and queued:
                first, last = min(queued), max(r[3] for r in records)
                window = max(last - first, 1e-9)
                latencies = sorted(r[3] - r[1] for r in records)
                extra.update(
                    throughput_per_s=len(records) / window,
                    latency_mean_s=statistics.fmean(latencies),
                    latency_p95_s=latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
                    queue_depth=_depth_series(queued, [r[2] for r in records], first, last),
                )
                extra["queue_depth_max"] = max(d for _, d in extra["queue_depth"])
            run = eng.finish(s.result(ok, extra, wall_s=window), base)
        if n == 1:
            base = run.wall_s


def _depth_series(queued: list[float], started: list[float], first: float, last: float,
                  points: int = 20) -> list[list[float]]:
    """Tasks waiting in the queue (queued, not yet taken by a worker) at ``points`` instants."""
    out = []
    for i in range(points + 1):
        t = first + (last - first) * i / points
        depth = sum(1 for q in queued if q <= t) - sum(1 for st in started if st <= t)
        out.append([round(t - first, 4), max(0, depth)])
    return out


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    pools = [r for r in runs if r.mode.startswith("pool-") and "throughput_per_s" in r.extra]
    one = next((r for r in pools if r.workers == 1), None)
    if one is not None and len(pools) > 1:
        out["throughput.ratio"] = pools[-1].extra["throughput_per_s"] / one.extra["throughput_per_s"]
    return out


def note(run: RunResult, lang: str) -> str:
    extra = run.extra
    if "throughput_per_s" in extra:
        return t("demonote.throughput", lang, rate=decimal(extra["throughput_per_s"], lang, 1),
                 p95=f"{extra['latency_p95_s'] * 1000:.0f}")
    return ""


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    pools = [r for r in runs if "throughput_per_s" in r.extra]
    if not pools:
        return
    first = pools[0]
    doc.add(f"A producer puts {many(first.extra['tasks'], 'task')} on a queue at once; each task calls a slow service "
            f"({secs(first.extra['task_wait_s'], 'en')}) and computes a little. The pool's processes were started "
            f"before the work arrived, as a prefork pool is.",
            f"Một producer đẩy {first.extra['tasks']} tác vụ vào hàng đợi cùng lúc; mỗi tác vụ gọi một dịch vụ chậm "
            f"({secs(first.extra['task_wait_s'], 'vi')}) và tính toán một chút. Các tiến trình của pool đã khởi động "
            f"trước khi việc đến, như pool prefork.")
    for r in pools:
        e = r.extra
        doc.add(f"{many(r.workers, 'worker')}: {num(e['throughput_per_s'], 'en', 1)} tasks/s, mean latency "
                f"{secs(e['latency_mean_s'], 'en')} (95%: {secs(e['latency_p95_s'], 'en')}), queue up to "
                f"{many(e['queue_depth_max'], 'task')} deep.",
                f"{r.workers} worker: {num(e['throughput_per_s'], 'vi', 1)} tác vụ/s, độ trễ trung bình "
                f"{secs(e['latency_mean_s'], 'vi')} (95%: {secs(e['latency_p95_s'], 'vi')}), hàng đợi sâu nhất "
                f"{e['queue_depth_max']} tác vụ.")
    ratio = metrics.get("throughput.ratio")
    if ratio is not None:
        last = pools[-1]
        doc.add(f"Throughput with {many(last.workers, 'worker')} ÷ with 1: {times(ratio, 'en')}. The tasks mostly wait, so more "
                f"workers serve more at once even on {many(m['usable_cores'], 'core')} — until the CPU part fills the "
                f"cores. Celery's prefork pool starts one process per CPU by default: right for CPU-heavy tasks; "
                f"for tasks that wait, more workers (or a thread/gevent pool) serve more.",
                f"Thông lượng với {last.workers} worker ÷ với 1 worker: {times(ratio, 'vi')}. Các tác vụ chủ yếu là chờ, "
                f"nên nhiều worker phục vụ được nhiều việc cùng lúc kể cả trên {m['usable_cores']} lõi — cho tới khi "
                f"phần CPU lấp đầy các lõi. Pool prefork của Celery mặc định mỗi CPU một tiến trình: hợp với tác vụ "
                f"nặng CPU; với tác vụ phải chờ, nhiều worker hơn (hoặc pool thread/gevent) phục vụ được nhiều hơn.")


def headline(summary: RunSummary, lang: str) -> str | None:
    m = summary.metrics
    if "throughput.ratio" not in m:
        return None
    workers = summary.params.get("workers", "N")
    return t("demonote.pool_headline", lang, ratio=num(m["throughput.ratio"], lang), n=workers)


DEMO = Demo(SPEC, run, explain, metrics, note, modes_for=modes, mode_named=pool_mode, headline=headline)
