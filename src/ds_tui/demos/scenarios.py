"""What each demo runs, mode by mode, how its results are checked, and its metrics.

Sizes are fixed amounts of work (not time budgets), so results compare across machines; on a typical
laptop core the sequential run of "small" takes well under a second, "medium" 1–3 s, "large" 4–8 s.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import threading
import time
import zlib
from typing import Any

from ds_tui.demos import workloads as w
from ds_tui.demos.catalog import DemoParams, pool_sizes
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine

CPU_BASE = 10_000_000  # numbers this large cost about the same to test anywhere in the range
CPU_NUMBERS = {"small": 24_000, "medium": 200_000, "large": 600_000}

IO_TASKS = 16
IO_SIZES = {"small": (0.03, 64 << 10), "medium": (0.1, 256 << 10), "large": (0.25, 1 << 20)}  # wait s, file bytes

MIXED_REQUESTS = 16
MIXED_SIZES = {"small": (0.03, 48, 8), "medium": (0.15, 64, 50), "large": (0.3, 64, 130)}  # wait s, side, passes

RACE_INCREMENTS = {"small": 1_000, "medium": 5_000, "large": 20_000}  # per worker

ISOLATION_NUMBERS = {"small": 16_000, "medium": 60_000, "large": 200_000}  # per worker

POOL_SIZES = {"small": (16, 0.02), "medium": (48, 0.03), "large": (120, 0.05)}  # tasks, wait per task (s)
POOL_CPU_NUMBERS = 200  # a little CPU per task (~2 ms)


def _lanes(prefix: str, n: int, first: int = 0) -> list[str]:
    return [f"{prefix} {i}" for i in range(first, first + n)]


# ------------------------------------------------------------------------------------------ cpu-bound
def cpu_bound(eng: Engine, p: DemoParams) -> None:
    lo, hi = CPU_BASE, CPU_BASE + CPU_NUMBERS[p.size]
    expected = w.prime_count_reference(lo, hi)
    shares = w.split_range(lo, hi, p.workers)
    base: float | None = None
    for mode in ("sequential", "threads", "processes"):
        if not eng.wants(mode):
            continue
        parts = [(lo, hi)] if mode == "sequential" else shares
        lanes = _lanes("process" if mode == "processes" else "thread", len(parts))
        with eng.session(mode, len(parts), lanes, hi - lo) as s:
            phases: dict[str, float] = {}
            if mode == "processes":  # start-up, then the parallel phase, timed apart
                gate = eng.ctx.Event()
                for i, (a, b) in enumerate(parts):
                    s.process(i, w.count_primes_at_gate, gate, a, b, total=b - a)
                phases["startup_s"] = s.wait_ready(range(len(parts)))
                go = time.perf_counter()
                gate.set()
                s.wait()
                phases["parallel_s"] = (s.t_end or time.perf_counter()) - go
            else:
                for i, (a, b) in enumerate(parts):
                    s.thread(i, w.count_primes, a, b, total=b - a)
                s.wait()
            found = sum(s.results.values())
            ok = len(s.results) == len(parts) and found == expected
            run = eng.finish(s.result(ok, {"primes": found, "expected": expected, "numbers": hi - lo,
                                           "range": [lo, hi], **phases}), base)
        if mode == "sequential":
            base = run.wall_s


# ------------------------------------------------------------------------------------------- io-bound
def io_bound(eng: Engine, p: DemoParams) -> None:
    wait_s, nbytes = IO_SIZES[p.size]
    ids = list(range(IO_TASKS))
    expected = {i: zlib.crc32(w.payload(i, nbytes)) for i in ids}
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
                lanes, workers = _lanes("async task", n), n
            else:
                lanes, workers = _lanes(mode[:-1] if mode == "threads" else "process", n), n
            with eng.session(mode, workers, lanes, IO_TASKS) as s:
                cpu_extra = 0.0
                if mode == "asyncio":
                    # one thread; its n task slots are the lanes, each doing its part of the shared tasks
                    s.thread(0, w.asyncio_io_tasks, ids, n, wait_s, nbytes, tmp, total=IO_TASKS, shared=True)
                elif mode == "sequential":
                    s.thread(0, w.io_tasks, ids, wait_s, nbytes, tmp, total=IO_TASKS)
                else:
                    start = s.process if mode == "processes" else s.thread
                    for k in range(n):
                        start(k, w.io_tasks, ids[k::n], wait_s, nbytes, tmp, total=len(ids[k::n]))
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


# ---------------------------------------------------------------------------------------------- mixed
def mixed(eng: Engine, p: DemoParams) -> None:
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
                lanes, workers = _lanes("thread", threads), threads
            elif mode == "processes":
                lanes, workers = _lanes("process", procs), procs
            else:
                lanes, workers = _lanes("I/O thread", threads) + _lanes("CPU process", procs), procs
            with eng.session(mode, workers, lanes, len(ids) * (2 if mode == "hybrid" else 1)) as s:
                if mode == "sequential":
                    s.thread(0, w.handle_requests, ids, wait_s, side, passes, tmp, total=len(ids))
                elif mode in ("threads", "processes"):
                    n = len(lanes)
                    start = s.process if mode == "processes" else s.thread
                    for k in range(n):
                        start(k, w.handle_requests, ids[k::n], wait_s, side, passes, tmp, total=len(ids[k::n]))
                else:
                    tasks = s.queue()
                    for k in range(procs):  # processes first: never fork while our threads run
                        s.process(threads + k, w.process_uploads, tasks, side, passes, total=len(ids), shared=True)
                    countdown = w.Countdown(threads, lambda: [tasks.put(None) for _ in range(procs)])
                    for k in range(threads):
                        s.thread(k, w.receive_uploads, ids[k::threads], wait_s, side, tmp, tasks, countdown,
                                 total=len(ids[k::threads]))
                s.wait()
                got: dict[int, int] = {}
                for k, r in s.results.items():
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
    rep = w.Reporter(lambda msg: None, 0, 0.0, observe=False)
    return {i: w.blur(rep, w.payload(i, side * side), side, passes) for i in ids}


# ----------------------------------------------------------------------------------------------- race
def race(eng: Engine, p: DemoParams) -> None:
    n = RACE_INCREMENTS[p.size]
    expected = n * p.workers
    for mode in ("threads-unlocked", "threads-locked", "processes", "shared-value"):
        if not eng.wants(mode):
            continue
        kind = "thread" if mode.startswith("threads") else "process"
        with eng.session(mode, p.workers, _lanes(kind, p.workers), n * p.workers) as s:
            extra: dict[str, Any] = {"increments_per_worker": n, "expected": expected}
            if mode.startswith("threads"):
                counter = w.SharedCounter()
                lock = threading.Lock() if mode == "threads-locked" else None
                for k in range(p.workers):
                    s.thread(k, w.race_increment, counter, n, lock, total=n)
                s.wait()
                extra.update(final=counter.value, lost=expected - counter.value)
                ok = counter.value == expected and len(s.results) == p.workers
            elif mode == "processes":
                counter = w.SharedCounter()  # each process gets its own copy of this object
                for k in range(p.workers):
                    s.process(k, w.race_increment, counter, n, None, total=n)
                s.wait()
                finals = [s.results.get(k) for k in range(p.workers)]
                extra.update(final=counter.value, child_finals=finals, expected_if_shared=expected)
                extra.pop("expected")
                ok = counter.value == 0 and finals == [n] * p.workers
            else:
                value = s.value("q", 0)
                for k in range(p.workers):
                    s.process(k, w.race_shared_value, value, n, total=n)
                s.wait()
                final = value.value
                extra.update(final=final, lost=expected - final)
                ok = final == expected and len(s.results) == p.workers
            eng.finish(s.result(ok, extra))


# ------------------------------------------------------------------------------------------ isolation
def isolation(eng: Engine, p: DemoParams) -> None:
    per = ISOLATION_NUMBERS[p.size]
    ranges = [(CPU_BASE + k * per, CPU_BASE + (k + 1) * per) for k in range(p.workers)]
    for mode in ("processes", "threads"):
        if not eng.wants(mode):
            continue
        if mode == "processes":
            behaviours = list(w.FAILURES) + ["ok"] * (p.workers - len(w.FAILURES))
        else:  # in a thread only an exception can be shown: os._exit or a signal would end this program
            behaviours = ["ok", "exception"] + ["ok"] * (p.workers - 2)
        kind = mode[:-2] if mode == "processes" else "thread"
        totals = [per if b == "ok" else per // 2 for b in behaviours]
        lanes = [f"{kind} {k} ({b})" for k, b in enumerate(behaviours)]
        with eng.session(mode, p.workers, lanes, sum(totals)) as s:
            start = s.process if mode == "processes" else s.thread
            for k, (b, (lo, hi)) in enumerate(zip(behaviours, ranges)):
                start(k, w.isolation_worker, b, lo, hi, total=totals[k])
            s.wait()
            failed = {f.worker: f for f in s.failures}
            expect_failed = {k for k, b in enumerate(behaviours) if b != "ok"}
            survivors_ok = all(s.results.get(k) == w.prime_count_reference(*ranges[k])
                               for k, b in enumerate(behaviours) if b == "ok")
            codes_ok = all(_failure_matches(behaviours[k], failed[k].exitcode, mode) for k in failed)
            ok = set(failed) == expect_failed and survivors_ok and codes_ok
            extra = {"behaviours": behaviours, "parent_alive": True,
                     "exit_codes": {k: f.exitcode for k, f in failed.items()},
                     "survivors_done": sorted(s.results), "survivors_ok": survivors_ok}
            eng.finish(s.result(ok, extra))


def _failure_matches(behaviour: str, code: int | None, mode: str) -> bool:
    if mode == "threads":
        return behaviour == "exception" and code is None
    if behaviour == "exception":
        return code == 1
    if behaviour == "exit":
        return code == 3
    if behaviour == "signal":
        return code is not None and (code < 0 or code == int(w.kill_signal()))
    return False


# ---------------------------------------------------------------------------------------- worker-pool
def worker_pool(eng: Engine, p: DemoParams) -> None:
    n_tasks, wait_s = POOL_SIZES[p.size]
    cpu_lo, cpu_hi = CPU_BASE, CPU_BASE + POOL_CPU_NUMBERS
    base: float | None = None
    for n in pool_sizes(p.workers):
        if not eng.wants(f"pool-{n}"):
            continue
        with eng.session(f"pool-{n}", n, ["producer"] + _lanes("worker", n), n_tasks) as s:
            tasks = s.queue()
            for k in range(n):
                s.process(1 + k, w.pool_consumer, tasks, wait_s, cpu_lo, cpu_hi, total=n_tasks, shared=True)
            startup = s.wait_ready(range(1, n + 1))  # a prefork pool is running before work arrives
            s.thread(0, w.pool_producer, tasks, n_tasks, n)  # no progress units: consumers count the tasks
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


# ------------------------------------------------------------------------------------------ allreduce
def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def allreduce(eng: Engine, p: DemoParams) -> None:
    """Data-parallel training: one process (the reference), then N processes with a ring all-reduce
    through pipes, then (torch installed) N ranks of torch.distributed with gloo. Each run is timed from
    the moment every process is running (start-up is reported apart) to the last step's end."""
    from ds_tui.demos import allreduce as ar
    from ds_tui.demos.catalog import demo_modes

    cfg = ar.SIZES[p.size]
    n = p.workers
    common: dict[str, Any] = {"model": f"{cfg.inputs}→{cfg.hidden}→1", "params": cfg.params,
                              "grad_bytes": cfg.grad_bytes, "steps": cfg.steps, "batch": cfg.batch}
    ref: dict[str, Any] | None = None
    base: float | None = None
    for mode in demo_modes("allreduce", p):
        if not eng.wants(mode):
            continue
        if mode == "single":
            with eng.session(mode, 1, ["process 0"], cfg.steps) as s:
                go = s.queue()
                s.process(0, ar.single_worker, cfg, go, total=cfg.steps)
                s.wait_ready([0])
                go.put(1)
                s.wait()
                out = s.results.get(0)
                extra = dict(common)
                ok = False
                if out is not None:
                    loss = [v / cfg.batch for v in out["loss_sums"]]
                    ok = all(math.isfinite(v) for v in loss) and loss[-1] < loss[0]
                    if ok:
                        ref = dict(out, loss=loss)
                    extra.update(loss=loss, compute_s=[out["compute_s"]], comm_s=[0.0])
                run = eng.finish(s.result(ok, extra, *_window([out] if out else [])), base)
            base = run.wall_s if ok else None
            continue
        kind = "rank" if mode == "torch-gloo" else "worker"
        with eng.session(mode, n, _lanes(kind, n), n * cfg.steps) as s:
            go, abort = s.queue(), s.value("b", 0)
            s.on_failure(lambda flag=abort: setattr(flag, "value", 1))
            if mode == "ring":
                pipes = [eng.ctx.Pipe(duplex=False) for _ in range(n)]  # pipes[r]: worker r → worker r+1
                for r in range(n):
                    s.process(r, ar.ring_worker, r, n, cfg, pipes[r][1], pipes[(r - 1) % n][0], go, abort,
                              total=cfg.steps)
                for reader, writer in pipes:  # the workers have their own copies
                    reader.close()
                    writer.close()
            else:
                from ds_tui.demos import torch_gloo

                port = _free_port()
                for r in range(n):
                    s.process(r, torch_gloo.gloo_worker, r, n, cfg, port, go, abort, total=cfg.steps)
            s.wait_ready(range(n))
            for _ in range(n):
                go.put(1)
            s.wait()
            outs = [s.results.get(r) for r in range(n)]
            extra = dict(common)
            ok = all(o is not None for o in outs)
            if ok:
                if ref is None:  # the single run was left out (or failed): the reference, computed here
                    ref = ar.reference(cfg)
                ok = _check_training(ar, cfg, ref, outs, extra)
                if mode == "ring":
                    ok = _check_ring(ar, cfg, n, outs, extra) and ok
            run = eng.finish(s.result(ok, extra, *_window([o for o in outs if o])), base)


def _window(outs: list[dict[str, Any]]) -> tuple[float, float] | tuple[()]:
    """(cpu_extra_s, wall_s, origin_s) arguments of Session.result: the run from the first worker's first
    step to the last worker's last step."""
    if not outs:
        return ()
    start = min(o["start_s"] for o in outs)
    return 0.0, max(o["end_s"] for o in outs) - start, start


def _check_training(ar: Any, cfg: Any, ref: dict[str, Any], outs: list[dict[str, Any]],
                    extra: dict[str, Any]) -> bool:
    """The workers trained one model, single-process training's: same parameters in every worker, the
    same loss curve and final parameters as the reference, to float64 rounding."""
    import numpy as np

    loss = [sum(o["loss_sums"][k] for o in outs) / cfg.batch for k in range(cfg.steps)]
    params = outs[0]["params"]
    same_everywhere = all(np.array_equal(params, o["params"]) for o in outs)
    loss_diff = max(abs(a - b) for a, b in zip(loss, ref["loss"]))
    params_diff = float(np.max(np.abs(params - ref["params"])))
    grad_diff = float(np.max(np.abs(outs[0]["first_grad"] - ref["first_grad"])))
    extra.update(loss=loss, loss_max_diff=loss_diff, params_max_diff=params_diff, first_grad_max_diff=grad_diff,
                 params_identical=same_everywhere, compute_s=[o["compute_s"] for o in outs],
                 comm_s=[o["comm_s"] for o in outs])
    return (same_everywhere and np.allclose(loss, ref["loss"], rtol=1e-9, atol=1e-12)
            and np.allclose(params, ref["params"], rtol=1e-9, atol=1e-12)
            and np.allclose(outs[0]["first_grad"], ref["first_grad"], rtol=1e-9, atol=1e-14))


def _check_ring(ar: Any, cfg: Any, n: int, outs: list[dict[str, Any]], extra: dict[str, Any]) -> bool:
    """Bytes as the ring says: each worker sends every chunk but two per all-reduce, which is
    2·(N−1)/N × the gradient on average over the workers (exactly; each worker within one value)."""
    per_step = [ar.expected_bytes(r, n, cfg.params) for r in range(n)]
    sent = [o["bytes_sent"] for o in outs]
    ratios = [b / (cfg.steps * cfg.grad_bytes) for b in sent]
    steps_ok = all(o["bytes_per_step"] == [per_step[r]] * cfg.steps for r, o in enumerate(outs))
    total_ok = sum(sent) == cfg.steps * 2 * (n - 1) * cfg.grad_bytes
    ring_s = [sum(o["ring_step_s"][k] for o in outs) / n for k in range(2 * (n - 1))]
    extra.update(
        workers=n, chunks=[hi - lo for lo, hi in ar.chunk_bounds(cfg.params, n)],
        bytes_sent=sent, bytes_per_step=[o["bytes_per_step"][0] for o in outs],
        bytes_ratio_per_worker=ratios, bytes_ratio=sum(ratios) / n, bytes_formula_ratio=2 * (n - 1) / n,
        messages_per_step=2 * (n - 1), ring_log=[o["ring_log"] for o in outs], ring_step_s=ring_s)
    return steps_ok and total_ok


# ------------------------------------------------------------------------------------------- pipeline
def pipeline(eng: Engine, p: DemoParams) -> None:
    """GPipe, then 1F1B: p stage processes, m micro-batches. The batch is timed from the first operation's
    start to the last one's end (stage start-up is reported apart)."""
    from ds_tui.demos import pipeline as pl
    from ds_tui.demos.catalog import DEMOS

    n, m = p.workers, DEMOS["pipeline"].microbatches(p) or 4
    cfg = pl.config(n, m, p.size)
    ref = pl.reference(cfg)
    formula = pl.bubble_formula(n, m)
    for mode in ("gpipe", "1f1b"):
        if not eng.wants(mode):
            continue
        schedule = pl.SCHEDULES[mode](n, m)
        ideal = pl.simulate(schedule, cfg.forward_s, cfg.backward_s)
        ideal_bubble, ideal_window, _ = pl.bubble(ideal)
        with eng.session(mode, n, _lanes("stage", n), 2 * m * n) as s:
            abort = s.value("b", 0)
            s.on_failure(lambda flag=abort: setattr(flag, "value", 1))
            # (reader, writer) pairs. fwd[0]: the data loader (here) → stage 0; fwd[i]: stage i−1 → stage i;
            # bwd[i]: stage i+1 → stage i
            fwd = [eng.ctx.Pipe(duplex=False) for _ in range(n)]
            bwd = [eng.ctx.Pipe(duplex=False) for _ in range(n - 1)]
            for i in range(n):
                s.process(i, pl.stage_worker, i, cfg, mode, fwd[i][0], fwd[i + 1][1] if i < n - 1 else None,
                          bwd[i][0] if i < n - 1 else None, bwd[i - 1][1] if i > 0 else None, abort, total=2 * m)
            loader = fwd[0][1]
            for end in [e for pair in fwd + bwd for e in pair if e is not loader]:
                end.close()  # the stages have their own copies
            s.wait_ready(range(n))  # every stage is running: feed the micro-batches
            for j in range(m):
                loader.send((j, pl.micro_batch(cfg, j)[0]))
            loader.close()
            s.wait()
            outs = [s.results.get(i) for i in range(n)]
            extra: dict[str, Any] = {"stages": n, "microbatches": m, "forward_s": cfg.forward_s,
                                     "backward_s": cfg.backward_s, "bubble_formula": formula,
                                     "bubble_schedule": ideal_bubble, "ideal_window_s": ideal_window,
                                     "peak_activations_expected": [pl.peak_in_flight(ops) for ops in schedule]}
            ok, window, t0 = False, None, 0.0
            if all(o is not None for o in outs):
                ops = [o["ops"] for o in outs]
                measured, window, idle = pl.bubble(ops)
                t0 = min(op[2] for stage in ops for op in stage)
                problems = pl.check_order(ops, schedule)
                grads_ok = all(_close(o["dw"], ref["dw"][i]) and _close(o["db"], ref["db"][i])
                               for i, o in enumerate(outs))
                losses = outs[-1]["losses"]
                losses_ok = _close([losses.get(j, math.nan) for j in range(m)], ref["losses"])
                peaks = [o["peak_activations"] for o in outs]
                extra.update(bubble=measured, window_s=window, idle=idle, peak_activations=peaks,
                             ops=[[[op, j, a - t0, b - t0] for op, j, a, b in stage] for stage in ops],
                             problems=problems, gradients_ok=grads_ok, losses_ok=losses_ok)
                ok = not problems and grads_ok and losses_ok and peaks == extra["peak_activations_expected"]
            eng.finish(s.result(ok, extra, wall_s=window, origin_s=t0))


def _close(a: Any, b: Any) -> bool:
    import numpy as np

    return bool(np.allclose(a, b, rtol=1e-12, atol=1e-14))


# -------------------------------------------------------------------------------------------- metrics
def metrics(demo_id: str, runs: tuple[RunResult, ...]) -> dict[str, float]:
    """The report's metrics, named as in docs/lesson-format.md (only for runs that finished)."""
    by_mode = {r.mode: r for r in runs}
    out: dict[str, float] = {}
    if demo_id in ("cpu-bound", "io-bound", "mixed"):
        for mode in ("threads", "processes", "asyncio", "hybrid"):
            r = by_mode.get(mode)
            if r is not None and r.speedup is not None:
                out[f"speedup.{mode}"] = r.speedup
    elif demo_id == "race":
        for mode, name in (("threads-unlocked", "unlocked"), ("threads-locked", "locked")):
            r = by_mode.get(mode)
            if r is not None and "lost" in r.extra:
                out[f"lost_updates.{name}"] = float(r.extra["lost"])
    elif demo_id == "allreduce":
        r = by_mode.get("ring")
        if r is not None and "bytes_ratio" in r.extra:
            out["bytes_ratio"] = float(r.extra["bytes_ratio"])
    elif demo_id == "pipeline":
        r = by_mode.get("gpipe") or by_mode.get("1f1b")  # the lessons ask about GPipe; 1F1B's bubble is the same
        if r is not None and "bubble" in r.extra:
            out["bubble"] = float(r.extra["bubble"])
    elif demo_id == "worker-pool":
        pools = [r for r in runs if r.mode.startswith("pool-") and "throughput_per_s" in r.extra]
        one = next((r for r in pools if r.workers == 1), None)
        if one is not None and len(pools) > 1:
            out["throughput.ratio"] = pools[-1].extra["throughput_per_s"] / one.extra["throughput_per_s"]
    return out
