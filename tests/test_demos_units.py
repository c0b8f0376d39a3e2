"""The demo engine's parts without running a demo: workloads, the span recorder, results, JSON,
explanations, the catalog's defaults (they must match the lessons' predict prompts)."""

from __future__ import annotations

import json
import threading
import time

import pytest

from ds_tui.demos import reporter
from ds_tui.demos.kinds import common, io_bound, isolation, mixed, race, worker_pool
from ds_tui.demos.catalog import DEMOS, DemoParams, demo_modes, explain, metrics
from ds_tui.demos.kinds.worker_pool import pool_sizes
from ds_tui.demos.prose import amdahl_limit_range, amdahl_parallel_fraction
from ds_tui.demos.machine import machine_info, speedup_bound, usable_cores
from ds_tui.demos.results import DemoReport, Failure, RunResult, Span, to_json
from ds_tui.lessons.model import Text


def test_prime_reference_agrees_with_trial_division():
    for lo, hi in [(0, 200), (1, 2), (2, 3), (97, 98), (10_000_000, 10_002_000)]:
        brute = sum(1 for n in range(lo, hi) if common.is_prime(n))
        assert common.prime_count_reference(lo, hi) == brute
    assert common.prime_count_reference(0, 100) == 25


def test_split_range_covers_everything_once():
    parts = common.split_range(10, 1013, 4)
    assert parts[0][0] == 10 and parts[-1][1] == 1013
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    assert max(b - a for a, b in parts) - min(b - a for a, b in parts) <= 1


def test_workloads_are_top_level_and_picklable():
    import pickle

    for fn in (common.count_primes, io_bound.io_tasks, io_bound.asyncio_io_tasks, mixed.handle_requests, mixed.process_uploads,
               race.race_increment, race.race_shared_value, isolation.isolation_worker, worker_pool.pool_consumer, reporter.process_entry):
        assert pickle.loads(pickle.dumps(fn)) is fn
    counter = pickle.loads(pickle.dumps(race.SharedCounter()))
    assert counter.value == 0


def test_reporter_batches_progress_and_splits_spans_at_pauses():
    sent = []
    rep = reporter.Reporter(sent.append, 3, time.perf_counter())
    rep.cpu_begin()
    for i in range(40):
        t = time.perf_counter()
        while time.perf_counter() - t < 0.0002:  # a small chunk of work
            pass
        if i == 20:
            time.sleep(0.02)  # the worker is off the CPU (waiting for the GIL, or a core)
        rep.tick(1)
    rep.cpu_end()
    rep.flush()
    assert len(sent) <= 3  # batched: not one message per tick
    kind, worker, done, _, parts = sent[-1]
    assert (kind, worker, done, parts) == ("p", 3, 40, None)
    spans = [s for m in sent for s in m[3]]
    assert all(k == "cpu" for *_, k in spans) and len(spans) >= 2, spans
    # split at the 20 ms pause (a loaded machine may also preempt the loop and add a short gap)
    gaps = [later[1] - earlier[2] for earlier, later in zip(spans, spans[1:])]
    assert all(g >= 0 for g in gaps) and sum(1 for g in gaps if g > 0.015) == 1, spans


def test_reporter_in_a_thread_stops_when_told():
    stop = threading.Event()
    rep = reporter.Reporter(lambda m: None, 0, time.perf_counter(), stop=stop)
    stop.set()
    with pytest.raises(reporter.Cancelled):
        rep.tick()
    with pytest.raises(reporter.Cancelled):
        rep.sleep(10)


def test_unobserved_reporter_sends_nothing():
    sent = []
    rep = reporter.Reporter(sent.append, 0, time.perf_counter(), observe=False)
    assert common.count_primes(rep, 0, 1000) == 168
    rep.flush()
    assert sent == [] and rep.done == 1000


def test_isolation_worker_refuses_to_end_the_process_from_a_thread():
    rep = reporter.Reporter(lambda m: None, 0, time.perf_counter(), observe=False)
    with pytest.raises(RuntimeError):
        isolation.isolation_worker(rep, "exit", 0, 100)
    with pytest.raises(ValueError):
        isolation.isolation_worker(rep, "exception", 0, 100)
    assert isolation.isolation_worker(rep, "ok", 0, 100) == 25


def test_catalog_defaults_match_the_lessons():
    assert DEMOS["cpu-bound"].params().workers == 4  # "4 threads"
    assert DEMOS["io-bound"].params().workers == 8  # "16 tasks ... 8 threads"
    assert DEMOS["race"].params().workers == 4  # "4 threads"
    assert demo_modes("worker-pool", DEMOS["worker-pool"].params()) == ("pool-1", "pool-2", "pool-4")
    assert pool_sizes(6) == [1, 2, 4, 6] and pool_sizes(1) == [1]
    for spec in DEMOS.values():
        assert spec.title.en and spec.title.vi and spec.summary.en and spec.summary.vi
        assert spec.params() == DemoParams(spec.default_workers, "medium")


def test_machine_info():
    m = machine_info("spawn")
    assert m["start_method"] == "spawn"
    assert 1 <= m["usable_cores"] <= m["logical_cpus"]
    assert usable_cores() >= 1 and speedup_bound() > 0
    assert isinstance(m["gil_enabled"], bool)


def test_amdahl_fraction():
    assert amdahl_parallel_fraction(2.0, 2) == pytest.approx(1.0)
    assert amdahl_parallel_fraction(1.0, 4) == pytest.approx(0.0)
    # FACTS.md: p = 0.9, N = 8 -> 4.7x; and back
    assert amdahl_parallel_fraction(1 / (0.1 + 0.9 / 8), 8) == pytest.approx(0.9)
    assert amdahl_parallel_fraction(1.5, 1) is None


def _machine(gil: bool = True, cores: int = 2) -> dict:
    return {"usable_cores": cores, "speedup_bound": float(cores), "logical_cpus": cores, "cpu_quota": None,
            "gil_enabled": gil, "free_threaded_build": not gil, "start_method": "spawn",
            "implementation": "CPython", "python": "3.14.0"}


def _cpu_runs(threads: float, processes: float) -> tuple[RunResult, ...]:
    extra = {"primes": 10, "expected": 10, "numbers": 1000}
    seq = RunResult("sequential", 1, 2.0, 2.0, True, extra=extra)
    return (seq, RunResult("threads", 4, 2.0 / threads, 2.0, True, extra=extra).with_baseline(2.0),
            RunResult("processes", 4, 2.0 / processes, 2.0, True, extra=dict(extra, startup_s=0.1)).with_baseline(2.0))


def test_cpu_explanation_quotes_the_measured_speedup_against_the_bound():
    runs = _cpu_runs(0.97, 1.93)
    text = explain("cpu-bound", DemoParams(4, "small"), _machine(), runs, metrics("cpu-bound", runs))
    assert "4 processes on 2 usable cores: at best 2.00×; measured 1.93×" in text.en
    assert "tối đa 2,00×; đo được 1,93×" in text.vi
    assert "GIL" in text.en and "take turns" in text.en
    assert "Amdahl" in text.en and "Amdahl" in text.vi


def test_amdahl_is_not_extrapolated_beyond_what_one_noisy_run_supports():
    """1.93x on 2 cores fits 'p = 96%, at most 28x' but, within ±10%, anything from ~7x to no limit."""
    runs = _cpu_runs(0.97, 1.93)
    text = explain("cpu-bound", DemoParams(4, "small"), _machine(), runs, metrics("cpu-bound", runs))
    assert "caps any number of cores at" not in text.en
    assert "cannot say how far more cores would go" in text.en and "no limit" in text.en
    assert "không cho biết thêm lõi sẽ được bao xa" in text.vi
    low, high = amdahl_limit_range(1.93, 2, 0.10)
    assert high is None and 5 < low < 8


def test_amdahl_limit_is_stated_as_a_range_when_the_data_pins_it_down():
    runs = _cpu_runs(0.97, 2.0)  # 4 processes on 8 cores: N = 4
    text = explain("cpu-bound", DemoParams(4, "small"), _machine(cores=8), runs, metrics("cpu-bound", runs))
    low, high = amdahl_limit_range(2.0, 4, 0.10)
    assert high is not None and low < high <= 2 * low
    assert "caps any number of cores at about" in text.en and "–" in text.en


def test_cpu_explanation_on_free_threaded_python_says_why_threads_scale():
    runs = _cpu_runs(1.9, 1.9)
    text = explain("cpu-bound", DemoParams(4, "small"), _machine(gil=False), runs, {})
    assert "without the GIL" in text.en and "không có GIL" in text.vi


def test_metrics_names():
    runs = _cpu_runs(1.0, 2.0)
    assert set(metrics("cpu-bound", runs)) == {"speedup.threads", "speedup.processes"}
    race = (RunResult("threads-unlocked", 4, 0.1, 0.1, False, extra={"lost": 7}),
            RunResult("threads-locked", 4, 0.1, 0.1, True, extra={"lost": 0}))
    assert metrics("race", race) == {"lost_updates.unlocked": 7.0, "lost_updates.locked": 0.0}
    pools = (RunResult("pool-1", 1, 1.0, 0.1, True, extra={"throughput_per_s": 10.0}),
             RunResult("pool-4", 4, 0.3, 0.1, True, extra={"throughput_per_s": 35.0}))
    assert metrics("worker-pool", pools) == {"throughput.ratio": 3.5}


def test_to_json_shape():
    run = RunResult("processes", 2, 1.23456789, 2.0, True, spans=(Span(0, 0.0, 1.0), Span(1, 0.1, 1.1, "io")),
                    lanes=("process 0", "process 1"), failures=(Failure(1, "exited with code 3", 3),),
                    extra={"startup_s": 0.05, "codes": {1: 3}}).with_baseline(2.0)
    report = DemoReport("cpu-bound", {"workers": 2, "size": "small"}, {"usable_cores": 2}, (run,),
                        Text(vi="xin chào", en="hello"), {"speedup.processes": run.speedup})
    data = json.loads(json.dumps(to_json(report)))
    assert data["runs"][0]["mode"] == "processes" and data["runs"][0]["wall_s"] == 1.2346
    assert data["runs"][0]["speedup"] == pytest.approx(1.62, abs=0.01)
    assert data["runs"][0]["busy_s"] == [1.0, 1.0]
    assert data["runs"][0]["failures"] == [{"worker": 1, "reason": "exited with code 3", "exitcode": 3}]
    assert data["runs"][0]["extra"]["codes"] == {"1": 3}
    assert "timeline" not in data["runs"][0]
    assert to_json(report, timeline=True)["runs"][0]["timeline"][1] == [1, 0.1, 1.1, "io"]
    assert data["explanation"] == {"en": "hello", "vi": "xin chào"}


def test_a_process_run_notes_its_start_up_apart_from_its_parallel_phase():
    from ds_tui.ui.widgets.demo_view import run_note

    run = RunResult("processes", 2, 1.2, 2.0, True, extra={"startup_s": 0.2, "parallel_s": 1.0}).with_baseline(2.0)
    assert run_note(run, "en") == "start-up 0.20 s + parallel 1.00 s = 2.00×"
    assert run_note(run, "vi") == "khởi tạo 0,20 s + song song 1,00 s = 2,00×"


def test_a_range_whose_ends_read_the_same_is_said_as_one_value():
    from ds_tui.demos.prose import value_range

    assert value_range(1.4996, 1.5004, "en", form="between") == "1.50×"
    assert value_range(1.4996, 1.5004, "vi") == "1,50×"
    assert value_range(1.2, 1.5, "en", form="between") == "between 1.20× and 1.50×"
    assert value_range(1.2, 1.5, "vi", form="between") == "từ 1,20× đến 1,50×"
    assert value_range(1.2, 1.5, "en") == "1.20×–1.50×"


def _ring_run(ratios: list[float]) -> RunResult:
    n = len(ratios)
    extra = {"model": "16→64→1", "params": 1153, "grad_bytes": 9224, "steps": 20, "batch": 256,
             "bytes_ratio": sum(ratios) / n, "bytes_formula_ratio": 2 * (n - 1) / n, "chunks": [289, 288, 288, 288],
             "bytes_per_step": [r * 9224 for r in ratios], "bytes_ratio_per_worker": ratios}
    return RunResult("ring", n, 0.06, 0.1, True, extra=extra)


def test_the_allreduce_explanation_never_says_between_a_value_and_itself():
    ring = _ring_run([1.4996, 1.5004, 1.5, 1.5])
    text = explain("allreduce", DemoParams(4, "small"), _machine(), (ring,), {})
    assert "1.50× to two decimals" in text.en and "between" not in text.en
    assert "1,50× nếu làm tròn hai chữ số" in text.vi and "1,5000" not in text.vi
    assert "1.4996" not in text.en  # shown to two decimals, as every other ratio
    wide = _ring_run([1.46, 1.54, 1.5, 1.5])
    text = explain("allreduce", DemoParams(4, "small"), _machine(), (wide,), {})
    assert "each worker sent between 1.46× and 1.54×" in text.en and "từ 1,46× đến 1,54×" in text.vi


def test_the_race_explanation_reads_naturally_and_has_no_markdown():
    runs = (RunResult("threads-unlocked", 4, 0.5, 0.2, False,
                      extra={"increments_per_worker": 5000, "expected": 20000, "final": 5042, "lost": 14958}),
            RunResult("threads-locked", 4, 2.0, 0.7, True,
                      extra={"increments_per_worker": 5000, "expected": 20000, "final": 20000, "lost": 0}))
    text = explain("race", DemoParams(4, "medium"), _machine(), runs, metrics("race", runs))
    assert "4 threads each incremented one shared counter 5,000 times: expected 20,000" in text.en
    assert "added 1 5,000" not in text.en and "1 5" not in text.en
    assert "mỗi luồng cộng 1 vào cùng một biến đếm, lặp lại 5.000 lần" in text.vi
    assert '"counter += 1"' in text.en and '"counter += 1"' in text.vi


def test_the_gil_explanation_describes_what_the_timeline_draws():
    runs = _cpu_runs(0.97, 1.93)
    text = explain("cpu-bound", DemoParams(4, "small"), _machine(), runs, metrics("cpu-bound", runs))
    assert "only part of the time: lower blocks" in text.en and "khối thấp hơn" in text.vi
    assert "alternating" not in text.en


def test_the_parallel_phase_ends_when_the_last_worker_s_work_ends_not_when_its_process_exits():
    from ds_tui.demos.session import Session, _Lane

    session = Session.__new__(Session)  # only the bookkeeping: no engine, no workers
    session.t0 = 100.0
    session._lanes = {0: _Lane(0, 10, end_s=2.5), 1: _Lane(1, 10, end_s=3.25), 2: _Lane(2, 10)}
    assert session.work_end() == 103.25  # the latest end among the workers that ended
    session._lanes = {0: _Lane(0, 10)}
    assert session.work_end() is None  # none ended: the caller falls back to the join


def test_the_race_rows_note_groups_thousands_as_its_language_does():
    run = RunResult("threads", 4, 0.1, 0.1, False, extra={"lost": 1234, "expected": 40000, "final": 38766})
    assert race.note(run, "en") == "lost 1,234 / 40,000"
    assert race.note(run, "vi") == "mất 1.234 / 40.000"
