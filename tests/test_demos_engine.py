"""Each demo's engine on the small size, under the platform's default start method and under spawn:
results correct, events in order, metrics named as in docs/lesson-format.md, the parent survives."""

from __future__ import annotations

import threading

import pytest

from ds_tui.demos import events as ev
from ds_tui.demos.catalog import DEMOS
from ds_tui.demos.machine import gil_enabled
from ds_tui.demos.catalog import UnknownDemo, run_demo
from ds_tui.registry import ids_of
from tests.demos_helpers import METHOD_IDS, START_METHODS, Recorder, check_order, wait_no_children

pytestmark = pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)


def _run(demo: str, method: str | None, **params):
    rec = Recorder()
    report = run_demo(demo, {"size": "small", **params}, rec, threading.Event(), method)
    check_order(rec.events)
    assert rec.thread_ids == {threading.get_ident()}, "events must come from the calling thread"
    assert rec.of(ev.DemoFinished)[0].report is report
    assert [r.mode for r in report.runs] == [e.mode for e in rec.of(ev.RunStarted)]
    assert not report.cancelled
    assert set(report.metrics) == set(DEMOS[demo].metrics)
    assert report.explanation.en and report.explanation.vi
    # shown as plain text: no Markdown backticks, which would be shown as they are
    assert "`" not in report.explanation.en + report.explanation.vi
    assert report.machine["start_method"] == (method or report.machine["start_method"])
    assert not wait_no_children(), "a worker process outlived its run"
    return report, rec


def test_cpu_bound(method):
    report, rec = _run("cpu-bound", method)
    assert [r.mode for r in report.runs] == ["sequential", "threads", "processes"]
    assert [r.workers for r in report.runs] == [1, 4, 4]
    for r in report.runs:
        assert r.ok, r
        assert r.extra["primes"] == r.extra["expected"] == 1502
        assert r.wall_s > 0 and r.cpu_s > 0
        assert r.spans and r.core_mean
    seq, th, pr = report.runs
    assert seq.speedup is None and th.speedup == pytest.approx(seq.wall_s / th.wall_s)
    assert report.metrics["speedup.threads"] == th.speedup
    assert report.metrics["speedup.processes"] == pr.speedup
    assert pr.efficiency == pytest.approx(pr.speedup / 4)
    # start-up and the parallel phase timed apart: all processes began their work together
    assert 0 < pr.extra["startup_s"] and 0 < pr.extra["parallel_s"] < pr.wall_s
    assert pr.extra["startup_s"] + pr.extra["parallel_s"] <= pr.wall_s + 1e-6
    # every worker's progress reaches its total
    last = {}
    for e in rec.of(ev.Progress):
        last[(e.mode, e.worker)] = (e.done, e.total)
    assert all(done == total for done, total in last.values())
    if gil_enabled():
        # with the GIL the threads take turns: their CPU spans barely overlap
        assert _overlap(th) < 0.35 * sum(th.busy_s()), "threads ran in parallel under the GIL?"


def _overlap(run) -> float:
    """Seconds during which two or more workers had a CPU span open."""
    points = sorted([(s.start_s, 1) for s in run.spans if s.kind == "cpu"] +
                    [(s.end_s, -1) for s in run.spans if s.kind == "cpu"])
    depth, last, total = 0, 0.0, 0.0
    for t, d in points:
        if depth >= 2:
            total += t - last
        depth += d
        last = t
    return total


def last_progress(rec: Recorder) -> dict[str, dict[int, ev.Progress]]:
    """Each run's last Progress of each lane."""
    out: dict[str, dict[int, ev.Progress]] = {}
    for e in rec.of(ev.Progress):
        out.setdefault(e.mode, {})[e.worker] = e
    return out


def assert_progress_adds_up(rec: Recorder) -> None:
    """Every run's lanes' last progress adds up to the run's total (RunStarted.total): a worker that takes
    tasks from a shared queue reports its own part of it, not the whole queue."""
    last = last_progress(rec)
    for started in rec.of(ev.RunStarted):
        lanes = last[started.mode]
        assert sum(p.done for p in lanes.values()) == started.total, (started.mode, lanes)
        for p in lanes.values():
            assert p.done <= p.total and (p.shared or p.done == p.total), p


def test_io_bound(method):
    report, rec = _run("io-bound", method)
    assert_progress_adds_up(rec)
    # asyncio: one thread, but each of its 8 task slots is a lane with its own progress, as threads have
    slots = last_progress(rec)["asyncio"]
    assert sorted(slots) == list(range(8)) and all(p.shared and p.total == 16 for p in slots.values())
    assert all(p.done >= 1 for p in slots.values())
    assert [r.mode for r in report.runs] == ["sequential", "threads", "processes", "asyncio"]
    assert all(r.ok for r in report.runs)
    assert report.runs[1].workers == 8  # 16 tasks on 8 threads, as the lessons say
    # waiting overlaps in threads even with the GIL (16 tasks of 30 ms, 8 at a time: ideal 8x)
    assert report.metrics["speedup.threads"] > 2.5
    assert report.metrics["speedup.asyncio"] > 2.0
    assert all(s.kind == "io" for s in report.runs[1].spans)


def test_mixed(method):
    report, rec = _run("mixed", method)
    assert_progress_adds_up(rec)
    assert [r.mode for r in report.runs] == ["sequential", "threads", "processes", "hybrid"]
    assert all(r.ok for r in report.runs), [(r.mode, r.failures) for r in report.runs]
    hybrid = report.runs[-1]
    assert hybrid.workers == 4 and hybrid.extra["io_threads"] == 8
    assert len(hybrid.lanes) == 12
    kinds = {(s.worker < 8, s.kind) for s in hybrid.spans}
    assert (True, "io") in kinds and (False, "cpu") in kinds  # threads wait, processes compute


def test_race_loses_updates_only_without_a_lock(method):
    report, _ = _run("race", method)
    runs = {r.mode: r for r in report.runs}
    unlocked, locked = runs["threads-unlocked"], runs["threads-locked"]
    # read, time.sleep(0), write: another thread runs between the read and the write (see workloads)
    assert unlocked.extra["lost"] > 0 and not unlocked.ok
    assert report.metrics["lost_updates.unlocked"] == unlocked.extra["lost"] > 0
    assert locked.extra["lost"] == 0 and locked.ok
    assert report.metrics["lost_updates.locked"] == 0
    procs = runs["processes"]
    assert procs.ok and procs.extra["final"] == 0  # the parent's counter is untouched
    assert procs.extra["child_finals"] == [1000] * 4  # each process counted in its own copy
    shared = runs["shared-value"]
    assert shared.ok and shared.extra["final"] == 4000 and shared.extra["lost"] == 0


def test_isolation_reports_each_failure_and_the_parent_lives(method):
    report, rec = _run("isolation", method)
    procs, threads = report.runs
    assert procs.ok and threads.ok
    failed = {e.worker: e for e in rec.of(ev.WorkerFailed) if e.mode == "processes"}
    assert set(failed) == {1, 2, 3}
    assert failed[1].exitcode == 1 and "ValueError" in failed[1].reason
    assert failed[2].exitcode == 3 and "code 3" in failed[2].reason
    assert failed[3].exitcode is not None and failed[3].exitcode < 0 and "SIGKILL" in failed[3].reason
    assert procs.extra["survivors_done"] == [0] and procs.extra["survivors_ok"]
    t_failed = [e for e in rec.of(ev.WorkerFailed) if e.mode == "threads"]
    assert [(e.worker, e.exitcode) for e in t_failed] == [(1, None)]
    assert threads.extra["survivors_done"] == [0, 2, 3]
    assert "os._exit" in report.explanation.en and "os._exit" in report.explanation.vi


def test_worker_pool(method):
    report, rec = _run("worker-pool", method)
    assert_progress_adds_up(rec)  # each worker its own tasks (pool-4: about 4 each), not 16/16 each
    pool4 = last_progress(rec)["pool-4"]
    assert all(pool4[k].shared and pool4[k].total == 16 for k in range(1, 5))
    assert [r.mode for r in report.runs] == ["pool-1", "pool-2", "pool-4"]
    assert all(r.ok for r in report.runs)
    for r in report.runs:
        e = r.extra
        assert e["throughput_per_s"] > 0 and e["latency_mean_s"] > 0 and e["queue_depth_max"] >= 1
        assert e["queue_depth"][0][0] == 0.0
    ratio = report.metrics["throughput.ratio"]
    assert ratio == pytest.approx(report.runs[-1].extra["throughput_per_s"] / report.runs[0].extra["throughput_per_s"])
    assert ratio > 1.5  # the tasks mostly wait: 4 workers serve several at once even on few cores


def test_catalog_matches_registry(method):
    assert set(DEMOS) <= set(ids_of("demo"))
    with pytest.raises(UnknownDemo):
        run_demo("nope", start_method=method)
    with pytest.raises(ValueError):
        run_demo("race", {"workers": 0}, start_method=method)
    with pytest.raises(ValueError):
        run_demo("race", {"size": "huge"}, start_method=method)
