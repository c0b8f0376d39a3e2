"""The allreduce demo: the ring sums exactly and sends exactly 2(N−1)/N × the gradient, data-parallel training
reproduces single-process training, under the default start method and spawn, for N = 2, 3, 4."""

from __future__ import annotations

import itertools
import multiprocessing
import sys
import threading

import numpy as np
import pytest

from ds_tui.demos import allreduce as ar
from ds_tui.demos import events as ev
from ds_tui.demos.catalog import DEMOS, demo_modes
from ds_tui.demos.catalog import run_demo
from tests.demos_helpers import (
    METHOD_IDS,
    START_METHODS,
    Recorder,
    check_order,
    wait_no_children,
)

SMALL = ar.SIZES["small"]


class CountingConn:
    """A real pipe end that also counts the bytes handed to it, independently of the code under test."""

    def __init__(self, conn) -> None:
        self.conn, self.sent = conn, 0

    def send_bytes(self, data) -> None:
        self.sent += memoryview(data).nbytes
        self.conn.send_bytes(data)


def ring_in_threads(bufs: list[np.ndarray], train_cfg: ar.Config | None = None):
    """Run the ring between len(bufs) threads over real pipes; returns (results, bytes counted on the wire)."""
    n = len(bufs)
    pipes = [multiprocessing.Pipe(duplex=False) for _ in range(n)]  # pipes[r]: r → r+1
    wires = [CountingConn(w) for _, w in pipes]
    out: dict[int, object] = {}
    errors: list[BaseException] = []

    def worker(r: int) -> None:
        link = ar.PipeLink(wires[r], pipes[(r - 1) % n][0])
        try:
            if train_cfg is None:
                log: list = []
                sent = ar.ring_allreduce(bufs[r], r, n, link, log)
                out[r] = (sent, log)
            else:
                out[r] = ar.train(train_cfg, r, n, lambda g, step: ar.ring_allreduce(g, r, n, link))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test
            errors.append(exc)
        finally:
            link.close()

    threads = [threading.Thread(target=worker, args=(r,)) for r in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return out, [w.sent for w in wires]


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("values", [1, 12, 1153, 40_001])  # 12: divisible by 2, 3 and 4; the others not
def test_ring_sums_exactly_and_sends_what_the_formula_says(n, values):
    rng = np.random.default_rng(values)
    inputs = [rng.standard_normal(values) for _ in range(n)]
    bufs = [x.copy() for x in inputs]
    out, wire = ring_in_threads(bufs)
    total = np.sum(inputs, axis=0)
    for r in range(n):
        assert np.allclose(bufs[r], total, rtol=1e-13, atol=1e-13)
        assert np.array_equal(bufs[r], bufs[0])  # every worker holds the same values, bit for bit
        sent, log = out[r]
        assert sent == wire[r] == ar.expected_bytes(r, n, values)  # counted on the wire, not just claimed
        assert [e[0] for e in log] == ["reduce-scatter"] * (n - 1) + ["all-gather"] * (n - 1)
        assert [(e[2], e[3]) for e in log] == [(s, c) for _, s, c in ar.ring_schedule(r, n)]
    # on average over the workers, exactly 2(N−1)/N × the buffer; per worker too when N divides it
    assert sum(wire) == 2 * (n - 1) * values * 8
    if values % n == 0:
        assert wire == [ar.bytes_formula(n, values * 8)] * n
    else:
        assert max(abs(w - ar.bytes_formula(n, values * 8)) for w in wire) <= 2 * 8  # within one value per phase


def test_chunks_cover_the_buffer_and_differ_by_one_value_at_most():
    for n, values in ((4, 1153), (3, 10), (4, 3)):
        bounds = ar.chunk_bounds(values, n)
        assert bounds[0][0] == 0 and bounds[-1][1] == values
        assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
        sizes = [hi - lo for lo, hi in bounds]
        assert max(sizes) - min(sizes) <= 1
    # every chunk but two is sent by each worker: the one after it in reduce-scatter, two after in all-gather
    for r in range(4):
        sent = [c for _, c, _ in ar.ring_schedule(r, 4)]
        assert sorted(set(range(4)) - set(sent[:3])) == [(r + 1) % 4]
        assert sorted(set(range(4)) - set(sent[3:])) == [(r + 2) % 4]


@pytest.mark.parametrize("n", [2, 3, 4])
def test_data_parallel_gradients_and_training_equal_one_process(n):
    ref = ar.reference(SMALL)
    out, _ = ring_in_threads([None] * n, train_cfg=SMALL)  # type: ignore[list-item]
    # the averaged gradient of the first step is the whole batch's gradient
    for r in range(n):
        assert np.allclose(out[r]["first_grad"], ref["first_grad"], rtol=1e-12, atol=1e-15)
        assert np.allclose(out[r]["params"], ref["params"], rtol=1e-10, atol=1e-13)
        assert np.array_equal(out[r]["params"], out[0]["params"])
    loss = [sum(out[r]["loss_sums"][k] for r in range(n)) / SMALL.batch for k in range(SMALL.steps)]
    assert np.allclose(loss, ref["loss"], rtol=1e-12, atol=0)
    assert ref["loss"][-1] < 0.5 * ref["loss"][0]  # it does learn


def test_a_blocked_receive_stops_when_another_worker_failed():
    class Flag:
        value = 1

    reader, writer = multiprocessing.Pipe(duplex=False)
    link = ar.PipeLink(writer, reader, Flag())
    try:
        with pytest.raises(ar.Aborted):
            link.recv()
    finally:
        link.close()


@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
@pytest.mark.parametrize("n", [2, 3, 4])
def test_allreduce_demo(method, n):
    rec = Recorder()
    report = run_demo("allreduce", {"size": "small", "workers": n}, rec, threading.Event(), method)
    check_order(rec.events)
    assert not wait_no_children(), "a worker process outlived its run"
    modes = [r.mode for r in report.runs]
    assert modes == list(demo_modes("allreduce", DEMOS["allreduce"].params({"workers": n})))
    assert modes[:2] == ["single", "ring"]
    assert all(r.ok for r in report.runs), [(r.mode, r.failures) for r in report.runs]
    single, ring = report.runs[:2]
    assert ring.workers == n and len(ring.lanes) == n
    e = ring.extra
    # SMALL has 1,153 parameters: not a multiple of 2, 3 or 4
    assert SMALL.params % n != 0 and e["params"] == SMALL.params
    assert e["bytes_per_step"] == [ar.expected_bytes(r, n, SMALL.params) for r in range(n)]
    assert sum(e["bytes_sent"]) == SMALL.steps * 2 * (n - 1) * SMALL.grad_bytes
    assert report.metrics["bytes_ratio"] == pytest.approx(2 * (n - 1) / n, abs=1e-12)
    assert all(abs(x - 2 * (n - 1) / n) <= 16 / SMALL.grad_bytes for x in e["bytes_ratio_per_worker"])
    # the loss curve is single-process training's
    assert np.allclose(e["loss"], single.extra["loss"], rtol=1e-12, atol=0)
    assert e["loss_max_diff"] < 1e-12 and e["params_identical"]
    assert len(e["ring_log"]) == n and all(len(log) == 2 * (n - 1) for log in e["ring_log"])
    assert ring.speedup == pytest.approx(single.wall_s / ring.wall_s)
    # the timeline starts when the training does: compute and all-reduce spans inside [0, wall]
    kinds = {s.kind for s in ring.spans}
    assert kinds == {"cpu", "io"}
    assert min(s.start_s for s in ring.spans) >= -1e-9 and max(s.end_s for s in ring.spans) <= ring.wall_s + 1e-6
    last = {}
    for event in rec.of(ev.Progress):
        last[(event.mode, event.worker)] = event.done
    assert last[("ring", 0)] == SMALL.steps
    formula = f"2(N−1)/N = {2 * (n - 1) / n:.2f}"
    assert formula in report.explanation.en and formula.replace(".", ",") in report.explanation.vi


def test_four_workers_send_one_and_a_half_gradients_as_the_lesson_predicts():
    assert DEMOS["allreduce"].params().workers == 4
    report = run_demo("allreduce", {"size": "small"}, modes=["ring"])
    assert report.metrics["bytes_ratio"] == pytest.approx(1.5, abs=1e-12)
    assert report.runs[0].ok  # checked against single-process training computed in the parent
    assert "sent 1.50× the gradient size" in report.explanation.en
    assert "gửi 1,50× kích thước gradient" in report.explanation.vi


def test_without_torch_the_torch_run_is_left_out_with_one_line(monkeypatch):
    from ds_tui.demos.catalog import DemoParams, explain
    from ds_tui.demos.kinds import allreduce as allreduce_demo

    monkeypatch.setattr(allreduce_demo, "torch_available", lambda: False)
    assert demo_modes("allreduce", DemoParams(4)) == ("single", "ring")
    text = explain("allreduce", DemoParams(2, "small"), _machine(), (), {})
    assert 'pip install "ds-tui[torch]"' in text.en and 'pip install "ds-tui[torch]"' in text.vi
    monkeypatch.setattr(allreduce_demo, "torch_available", lambda: True)
    assert demo_modes("allreduce", DemoParams(4)) == ("single", "ring", "torch-gloo")


def _machine() -> dict:
    return {"usable_cores": 2, "speedup_bound": 2.0, "logical_cpus": 2, "cpu_quota": None, "gil_enabled": True,
            "free_threaded_build": False, "start_method": "spawn", "implementation": "CPython", "python": "3.11"}


def _fake_torch(monkeypatch, calls: list) -> None:
    """torch and torch.distributed reduced to the documented calls the demo makes, for one rank."""
    import sys
    import types

    dist = types.ModuleType("torch.distributed")

    class ReduceOp:
        SUM, MAX, MIN = "ReduceOp.SUM", "ReduceOp.MAX", "ReduceOp.MIN"

    def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1):
        calls.append(("init", backend, init_method, world_size, rank))

    def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
        assert isinstance(tensor, np.ndarray)  # from_numpy: the tensor shares the gradient's memory
        calls.append(("all_reduce", op))

    dist.ReduceOp, dist.init_process_group, dist.all_reduce = ReduceOp, init_process_group, all_reduce
    dist.destroy_process_group = lambda: calls.append(("destroy",))
    torch = types.ModuleType("torch")
    torch.distributed, torch.from_numpy, torch.float64 = dist, (lambda a: a), np.float64
    torch.tensor = lambda values, dtype=None: np.array(values, dtype=dtype)
    torch.equal = np.array_equal
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setitem(sys.modules, "torch.distributed", dist)


def test_gloo_worker_uses_the_documented_torch_distributed_calls(monkeypatch):
    import time

    from ds_tui.demos import torch_gloo
    from ds_tui.demos.reporter import Reporter

    calls: list = []
    _fake_torch(monkeypatch, calls)

    class Go:
        def get(self, timeout=None):
            return 1

    rep = Reporter(lambda message: None, 0, time.perf_counter(), observe=False)
    out = torch_gloo.gloo_worker(rep, 0, 1, SMALL, 29511, Go(), None)
    assert calls[0] == ("init", "gloo", "tcp://127.0.0.1:29511", 1, 0)
    assert calls[1:-1] == [("all_reduce", "ReduceOp.SUM")] * SMALL.steps and calls[-1] == ("destroy",)
    assert np.allclose(out["params"], ar.reference(SMALL)["params"], rtol=1e-12, atol=0)


def test_gloo_entry_point_for_several_machines(monkeypatch, capsys):
    from ds_tui.demos import torch_gloo

    assert torch_gloo.main(["--size", "small"]) == 2  # no MASTER_ADDR, ...: says which are missing
    assert "MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK" in capsys.readouterr().err
    calls: list = []
    _fake_torch(monkeypatch, calls)
    monkeypatch.setattr(torch_gloo, "available", lambda: True)
    for var, value in (("MASTER_ADDR", "10.0.0.1"), ("MASTER_PORT", "29500"), ("WORLD_SIZE", "1"), ("RANK", "0")):
        monkeypatch.setenv(var, value)
    assert torch_gloo.main(["--size", "small"]) == 0
    assert calls[0] == ("init", "gloo", "env://", 1, 0)  # the variables above, read by torch
    # the losses summed over the ranks, then the parameters compared across them (largest = smallest)
    assert calls[-4:] == [("all_reduce", "ReduceOp.SUM"), ("all_reduce", "ReduceOp.MAX"),
                          ("all_reduce", "ReduceOp.MIN"), ("destroy",)]
    out = capsys.readouterr().out
    assert "rank 0: 20 steps" in out and "the same curve" in out
    digest = torch_gloo.params_digest(ar.reference(SMALL)["params"])  # one rank: one process's training
    assert f"final parameters: sha256 {digest}, the same on every rank, bit for bit" in out


def test_gloo_entry_point_fails_when_the_ranks_parameters_differ(monkeypatch, capsys):
    from ds_tui.demos import torch_gloo

    calls: list = []
    _fake_torch(monkeypatch, calls)
    dist = sys.modules["torch.distributed"]
    plain = dist.all_reduce

    def all_reduce(tensor, op=dist.ReduceOp.SUM, group=None, async_op=False):
        plain(tensor, op)
        if op == dist.ReduceOp.MAX:
            tensor[3] = np.nextafter(tensor[3], np.inf)  # another rank's value one unit in the last place above

    monkeypatch.setattr(dist, "all_reduce", all_reduce)
    monkeypatch.setattr(torch_gloo, "available", lambda: True)
    for var, value in (("MASTER_ADDR", "127.0.0.1"), ("MASTER_PORT", "29500"), ("WORLD_SIZE", "1"), ("RANK", "0")):
        monkeypatch.setenv(var, value)
    assert torch_gloo.main(["--size", "small"]) == 1
    assert "DIFFERENT between ranks" in capsys.readouterr().out


def test_a_worker_killed_mid_ring_ends_the_run_instead_of_hanging_it():
    """The other workers wait for its chunks: the runner tells them to stop (an abort flag they poll)."""
    import signal
    import time

    from tests.demos_helpers import demo_children

    killed: list[int] = []

    def on_event(event):
        if isinstance(event, ev.Progress) and event.mode == "ring" and event.done >= 2 and not killed:
            victim = next(c for c in demo_children() if c.pid)
            killed.append(victim.pid)
            victim.send_signal(signal.SIGKILL)

    t0 = time.perf_counter()
    report = run_demo("allreduce", {"size": "large", "workers": 3}, on_event, modes=["ring"])
    assert killed, "the ring finished before a worker could be killed"
    assert time.perf_counter() - t0 < 20
    (ring,) = report.runs
    assert not ring.ok and ring.failures
    assert any("SIGKILL" in f.reason for f in ring.failures)
    assert not wait_no_children()


def test_a_receive_stuck_on_half_a_message_gives_up_when_the_ring_aborts():
    """A neighbour killed while sending a large chunk leaves a length header and part of the bytes; the
    write end stays open (under fork the worker itself holds a copy). The receive must still end."""
    import os
    import struct

    reader, writer = multiprocessing.Pipe(duplex=False)
    os.write(writer.fileno(), struct.pack("!i", 1_000_000) + b"x" * 10)  # a header, then 10 of 1,000,000 bytes
    abort = multiprocessing.Value("b", 0, lock=False)
    sink_reader, sink = multiprocessing.Pipe(duplex=False)
    link = ar.PipeLink(sink, reader, abort)
    outcome: list[BaseException | bytes] = []

    def receive() -> None:
        try:
            outcome.append(link.recv())
        except BaseException as exc:  # noqa: BLE001 - what the test looks at
            outcome.append(exc)

    waiting = threading.Thread(target=receive, daemon=True)
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive()  # still waiting for the rest, as it should while the ring is healthy
    abort.value = 1
    waiting.join(5)
    assert not waiting.is_alive() and isinstance(outcome[0], ar.Aborted)
    link.close()
    writer.close()
