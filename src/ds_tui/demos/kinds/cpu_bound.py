"""The CPU-bound demo: counting primes in pure Python, sequentially, with N threads, with N processes.

Sizes are fixed amounts of work (not time budgets), so results compare across machines; on a typical
laptop core the sequential run of "small" takes well under a second, "medium" 1–3 s, "large" 4–8 s.
"""

from __future__ import annotations

import time
from typing import Any

from ds_tui.demos.kinds.common import (
    CPU_BASE,
    PROCESSES,
    SEQUENTIAL,
    SPEEDUP_PROCESSES,
    SPEEDUP_SPREAD,
    SPEEDUP_THREADS,
    THREADS,
    count_primes,
    count_primes_at_gate,
    prime_count_reference,
    speedup_headline,
    speedups,
    split_range,
    worker_lanes,
)
from ds_tui.demos.prose import (
    Doc,
    amdahl_limit_range,
    amdahl_parallel_fraction,
    grp,
    ideal_speedup,
    num,
    secs,
    times,
    value_range,
)
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec
from ds_tui.i18n import Text, many, t

CPU_NUMBERS = {"small": 24_000, "medium": 200_000, "large": 600_000}

SPEC = DemoSpec(
    "cpu-bound",
    Text(vi="Tác vụ CPU-bound: luồng hay tiến trình", en="CPU-bound work: threads or processes"),
    Text(vi="Đếm số nguyên tố bằng Python thuần: tuần tự, N luồng, N tiến trình.",
         en="Counting primes in pure Python: sequentially, with N threads, with N processes."),
    Text(vi="Demo tác vụ CPU-bound", en="CPU-bound demo"),
    (SEQUENTIAL, THREADS, PROCESSES), 4, Text(vi="số luồng và số tiến trình", en="threads and processes"),
    (SPEEDUP_THREADS, SPEEDUP_PROCESSES))


def run(eng: Engine, p: DemoParams) -> None:
    lo, hi = CPU_BASE, CPU_BASE + CPU_NUMBERS[p.size]
    expected = prime_count_reference(lo, hi)
    shares = split_range(lo, hi, p.workers)
    base: float | None = None
    for mode in ("sequential", "threads", "processes"):
        if not eng.wants(mode):
            continue
        parts = [(lo, hi)] if mode == "sequential" else shares
        lanes = worker_lanes("process" if mode == "processes" else "thread", len(parts))
        with eng.session(mode, len(parts), lanes, hi - lo) as s:
            phases: dict[str, float] = {}
            if mode == "processes":  # start-up, then the parallel phase, timed apart
                gate = eng.ctx.Event()
                for i, (a, b) in enumerate(parts):
                    s.process(i, count_primes_at_gate, gate, a, b, total=b - a)
                phases["startup_s"] = s.wait_ready(range(len(parts)))
                go = time.perf_counter()
                gate.set()
                s.wait()
                # to the last worker's end of work (perf_counter is the machine's clock, the same in
                # every process), not to the processes' exit: a warm pool's figure has no teardown either
                phases["parallel_s"] = (s.work_end() or s.t_end or time.perf_counter()) - go
            else:
                for i, (a, b) in enumerate(parts):
                    s.thread(i, count_primes, a, b, total=b - a)
                s.wait()
            found = sum(s.results.values())
            ok = len(s.results) == len(parts) and found == expected
            run = eng.finish(s.result(ok, {"primes": found, "expected": expected, "numbers": hi - lo,
                                           "range": [lo, hi], **phases}), base)
        if mode == "sequential":
            base = run.wall_s


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    return speedups(runs, ("threads", "processes"))


def note(run: RunResult, lang: str) -> str:
    """A process run: its start-up apart from its parallel phase."""
    extra = run.extra
    if "parallel_s" in extra and run.speedup and extra["parallel_s"] > 0:
        phase = run.speedup * run.wall_s / extra["parallel_s"]  # the sequential time over the parallel phase
        return t("demonote.startup", lang, startup=num(extra.get("startup_s", 0.0), lang),
                 parallel=num(extra["parallel_s"], lang), speedup=num(phase, lang))
    return ""


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    seq, th, pr = by.get("sequential"), by.get("threads"), by.get("processes")
    free = not m["gil_enabled"]
    if seq:
        doc.add(f"Sequential: {secs(seq.wall_s, 'en')} to test {grp(seq.extra.get('numbers', 0), 'en')} numbers for primes "
                f"(found {seq.extra.get('primes')}, checked against a sieve).",
                f"Tuần tự: {secs(seq.wall_s, 'vi')} để kiểm tra {grp(seq.extra.get('numbers', 0), 'vi')} số "
                f"(tìm được {seq.extra.get('primes')} số nguyên tố, đối chiếu với sàng Eratosthenes).")
    if th and th.speedup is not None:
        s = th.speedup
        if free:
            doc.add(f"{many(th.workers, 'thread')}: {secs(th.wall_s, 'en')}, {times(s, 'en')}. This Python runs without the GIL, "
                    f"so the threads execute Python code on several cores at once, like processes but sharing "
                    f"memory; at best {times(ideal_speedup(m, th.workers), 'en')} here (min(threads, usable cores)).",
                    f"{th.workers} luồng: {secs(th.wall_s, 'vi')}, {times(s, 'vi')}. Python này chạy không có GIL, nên "
                    f"các luồng chạy mã Python trên nhiều lõi cùng lúc, như tiến trình nhưng dùng chung bộ nhớ; "
                    f"tối đa {times(ideal_speedup(m, th.workers), 'vi')} trên máy này (min(số luồng, số lõi dùng được)).")
        else:
            surprise_en = surprise_vi = ""
            if s > 1.3:
                surprise_en = (" That is more than the GIL should allow: the measurement was probably disturbed "
                               "(another program slowed the sequential run); run it again.")
                surprise_vi = (" Con số này cao hơn mức GIL cho phép: có lẽ phép đo bị nhiễu (một chương trình khác "
                               "làm chậm lần chạy tuần tự); hãy chạy lại.")
            doc.add(f"{many(th.workers, 'thread')}: {secs(th.wall_s, 'en')}, {times(s, 'en')}. With the GIL only one thread runs "
                    f"Python bytecode at a time: the threads take turns on one core (the timeline shows "
                    f"each one computing only part of the time: lower blocks), so the same work takes as long as "
                    f"sequentially, plus the cost of switching."
                    + surprise_en,
                    f"{th.workers} luồng: {secs(th.wall_s, 'vi')}, {times(s, 'vi')}. Với GIL, mỗi lúc chỉ một luồng chạy "
                    f"bytecode Python: các luồng thay phiên nhau trên một lõi (dòng thời gian cho thấy "
                    f"mỗi luồng chỉ tính một phần thời gian: khối thấp hơn), nên cùng khối lượng việc vẫn mất ngần ấy thời gian, cộng thêm chi phí chuyển luồng."
                    + surprise_vi)
    if pr and pr.speedup is not None:
        s, bound = pr.speedup, ideal_speedup(m, pr.workers)
        share = 100 * s / bound if bound else 0
        startup, parallel = pr.extra.get("startup_s"), pr.extra.get("parallel_s")
        st_en = f" Starting the processes took {secs(startup, 'en')}." if startup else ""
        st_vi = f" Khởi động các tiến trình mất {secs(startup, 'vi')}." if startup else ""
        seq_wall = seq.wall_s if seq else None
        if startup and parallel and seq_wall:
            phase = seq_wall / parallel
            st_en = (f" Starting the processes took {secs(startup, 'en')}; then all of them began at once, and that "
                     f"parallel phase took {secs(parallel, 'en')}: {times(phase, 'en')} counting it alone "
                     f"({100 * phase / bound:.0f}% of {times(bound, 'en')}).")
            st_vi = (f" Khởi động các tiến trình mất {secs(startup, 'vi')}; sau đó tất cả bắt đầu cùng lúc, và pha "
                     f"song song đó mất {secs(parallel, 'vi')}: {times(phase, 'vi')} nếu chỉ tính pha này "
                     f"({100 * phase / bound:.0f}% của {times(bound, 'vi')}).")
        doc.add(f"{many(pr.workers, 'process')}: {secs(pr.wall_s, 'en')}, {times(s, 'en')}. Each process has its own "
                f"interpreter and its own GIL, so they truly run in parallel. {many(pr.workers, 'process')} on "
                f"{many(m['usable_cores'], 'usable core')}: at best {times(bound, 'en')}; measured {times(s, 'en')} "
                f"({share:.0f}% of that).{st_en}",
                f"{pr.workers} tiến trình: {secs(pr.wall_s, 'vi')}, {times(s, 'vi')}. Mỗi tiến trình có trình thông dịch "
                f"và GIL riêng, nên chúng chạy song song thật. {pr.workers} tiến trình trên {m['usable_cores']} lõi dùng "
                f"được: tối đa {times(bound, 'vi')}; đo được {times(s, 'vi')} ({share:.0f}% mức đó).{st_vi}")
        if pr.workers > m["usable_cores"]:
            doc.add(f"More processes than cores does not help: the extra ones wait for a core (in the timeline "
                    f"they take turns: each computes only part of the time, lower blocks), and {many(pr.workers, 'process')} can never beat {many(m['usable_cores'], 'core')}.",
                    f"Nhiều tiến trình hơn số lõi không giúp gì: các tiến trình thừa phải chờ lõi (trên dòng thời "
                    f"gian chúng thay phiên nhau: mỗi tiến trình chỉ tính một phần thời gian, khối thấp hơn), và {pr.workers} tiến trình không thể vượt quá {m['usable_cores']} lõi.")
        frac = amdahl_parallel_fraction(s, bound)
        if frac is not None and s > 1:
            low, high = amdahl_limit_range(s, bound, SPEEDUP_SPREAD)
            if high is not None and high <= 2 * low:  # the data pins the limit down within a factor of 2
                cap_en = f", which caps any number of cores at about {value_range(low, high, 'en')}"
                cap_vi = f", nên dù có bao nhiêu lõi cũng chỉ đạt khoảng {value_range(low, high, 'vi')}"
            else:
                cap_en = (f"; but one run on {many(bound, 'core', num(bound, 'en', 0))} cannot say how far more cores would go: within "
                          f"the run-to-run spread (±10%) the limit could be anything from {times(low, 'en')} to "
                          f"{'no limit' if high is None else times(high, 'en')}; runs with more workers on more cores "
                          f"would tell")
                cap_vi = (f"; nhưng một lần chạy trên {num(bound, 'vi', 0)} lõi không cho biết thêm lõi sẽ được bao xa: "
                          f"trong dao động giữa các lần chạy (±10%), giới hạn có thể từ {times(low, 'vi')} đến "
                          f"{'không giới hạn' if high is None else times(high, 'vi')}; chạy với nhiều worker hơn trên "
                          f"máy nhiều lõi hơn mới biết")
            doc.add(f"Amdahl's law, S(N) = 1 / ((1 − p) + p/N): {times(s, 'en')} on N = {many(bound, 'core', num(bound, 'en', 0))} means "
                    f"about {100 * frac:.0f}% of this run was parallel; the rest (starting processes, collecting "
                    f"results) is serial{cap_en}.",
                    f"Luật Amdahl, S(N) = 1 / ((1 − p) + p/N): {times(s, 'vi')} trên N = {num(bound, 'vi', 0)} lõi nghĩa là "
                    f"khoảng {100 * frac:.0f}% lần chạy này song song được; phần còn lại (khởi động tiến trình, gom kết "
                    f"quả) là tuần tự{cap_vi}.")
        elif bound <= 1:
            doc.add("This program may use only one core here, so no parallel speedup is possible: processes only "
                    "add their start-up cost.",
                    "Ở đây chương trình chỉ được dùng một lõi, nên không thể tăng tốc song song: tiến trình chỉ "
                    "thêm chi phí khởi động.")


DEMO = Demo(SPEC, run, explain, metrics, note, headline=speedup_headline)
