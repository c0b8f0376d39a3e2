"""The allreduce demo's ``torch-gloo`` run on the real torch.distributed (gloo backend): through the demo
engine it trains one-process training's model; across two hosts (two Linux network namespaces joined by a
veth pair) the README's recipe works as written; without torch the run is left out and the explanation
says so. The tests that need torch skip without it, those that need namespaces skip where they cannot be
made (not root, no ``ip``, no permission)."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from ds_tui.demos import allreduce as ar
from ds_tui.demos import events as ev
from ds_tui.demos.catalog import DEMOS, demo_modes
from ds_tui.demos.kinds.allreduce import torch_available
from ds_tui.demos.catalog import run_demo
from tests.demos_helpers import METHOD_IDS, START_METHODS, Recorder, check_order, wait_no_children

SMALL = ar.SIZES["small"]

# How close a data-parallel loss curve is to one process's. Not bit for bit: each rank sums its shard's
# gradient and loss (BLAS dot products and matrix products), so the sums are the same floating-point
# additions in another order. Measured on the small model, float64: 3.0e-16 relative with 2 ranks,
# 3.4e-16 with 3 or 4 (one or two units in the last place). Rounding the summed gradient through float32
# once per step, the kind of slip a tensor conversion makes, moves the curve by 1.5e-9 relative; a lost or
# doubled shard, by whole percents. 1e-12 sits 3,000× above the first and 1,000× below the second.
RTOL = 1e-12


@pytest.fixture
def torch():
    """Skips the test without torch (first among a test's fixtures: before any namespace is made)."""
    return pytest.importorskip("torch", reason="torch is not installed: the demo has no torch-gloo run")


# ------------------------------------------------------------------------------ through the demo engine
@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
def test_the_torch_gloo_run_trains_one_process_trainings_model(torch, method):
    n = 2
    rec = Recorder()
    report = run_demo("allreduce", {"size": "small", "workers": n}, rec, threading.Event(), method)
    check_order(rec.events)
    assert not wait_no_children(), "a rank outlived its run"
    assert [r.mode for r in report.runs] == ["single", "ring", "torch-gloo"]
    assert all(r.ok for r in report.runs), [(r.mode, r.failures) for r in report.runs]
    single, ring, tg = report.runs
    e = tg.extra
    assert tg.workers == n and len(tg.lanes) == n and "bytes_ratio" not in e  # gloo's bytes are not counted
    # the loss curve is one process's, to float64 rounding, and every rank ends with the same parameters
    ref = single.extra["loss"]
    assert len(e["loss"]) == SMALL.steps and e["loss"][-1] < 0.5 * e["loss"][0]  # it learns
    assert np.allclose(e["loss"], ref, rtol=RTOL, atol=0)
    assert 0 <= e["loss_max_diff"] <= RTOL * max(ref) and e["params_max_diff"] < 1e-12
    assert e["params_identical"]
    # two ranks: every all-reduce computes g0 + g1, one addition per value, whatever its algorithm, so
    # gloo's training is the ring's bit for bit: the gradients did go through gloo and back, unchanged
    assert e["loss"] == ring.extra["loss"] and e["params_max_diff"] == ring.extra["params_max_diff"]
    # its figures are measured: both ranks computed and communicated, 20 steps each, inside the run's time
    assert len(e["compute_s"]) == n and all(s > 0 for s in e["compute_s"]) and all(s > 0 for s in e["comm_s"])
    assert 0 < tg.wall_s < 30 and tg.speedup == pytest.approx(single.wall_s / tg.wall_s)
    assert {s.kind for s in tg.spans} == {"cpu", "io"} and {s.worker for s in tg.spans} == set(range(n))
    assert min(s.start_s for s in tg.spans) >= -1e-9 and max(s.end_s for s in tg.spans) <= tg.wall_s + 1e-6
    done = {msg.worker: msg.done for msg in rec.of(ev.Progress) if msg.mode == "torch-gloo"}
    assert done == {r: SMALL.steps for r in range(n)}
    text = report.explanation
    assert f"torch.distributed with the gloo backend, {n} ranks" in text.en and "the same loss curve" in text.en
    assert f"torch.distributed với backend gloo, {n} rank" in text.vi and "cùng đường loss" in text.vi
    assert "torch is not installed" not in text.en


def test_three_gloo_ranks_also_train_one_process_trainings_model(torch):
    """A rank count that is not a power of two: gloo's sums may then differ from the ring's in their last
    bits (they did on torch 2.13), so only the tolerance holds; the demo still counts the run ok."""
    report = run_demo("allreduce", {"size": "small", "workers": 3}, modes=["single", "torch-gloo"])
    assert not wait_no_children()
    single, tg = report.runs
    assert tg.mode == "torch-gloo" and tg.ok and tg.workers == 3, tg.failures
    assert np.allclose(tg.extra["loss"], single.extra["loss"], rtol=RTOL, atol=0)
    assert tg.extra["params_identical"] and tg.extra["params_max_diff"] < 1e-12 and tg.wall_s > 0


# ---------------------------------------------------------------------------------- without torch
@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
def test_without_torch_the_demo_leaves_the_gloo_run_out_and_says_so(monkeypatch, method):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` raises ImportError; find_spec finds nothing
    assert not torch_available()
    assert demo_modes("allreduce", DEMOS["allreduce"].params({"workers": 2})) == ("single", "ring")
    rec = Recorder()
    report = run_demo("allreduce", {"size": "small", "workers": 2}, rec, threading.Event(), method)
    check_order(rec.events)
    assert not wait_no_children()
    assert [r.mode for r in report.runs] == ["single", "ring"] and all(r.ok for r in report.runs)
    assert not [e for e in rec.of(ev.RunStarted) if e.mode == "torch-gloo"]
    text = report.explanation
    assert "torch is not installed, so the torch.distributed (gloo) run was skipped" in text.en
    assert "Chưa cài torch nên bỏ qua lần chạy torch.distributed (gloo)" in text.vi
    assert 'pip install "ds-tui[torch]"' in text.en and 'pip install "ds-tui[torch]"' in text.vi


def test_without_torch_the_several_machines_entry_point_says_what_to_install(monkeypatch, capsys):
    from ds_tui.demos import torch_gloo

    monkeypatch.setitem(sys.modules, "torch", None)
    for var, value in (("MASTER_ADDR", "198.18.0.1"), ("MASTER_PORT", "29500"), ("WORLD_SIZE", "2"), ("RANK", "1")):
        monkeypatch.setenv(var, value)
    assert torch_gloo.main(["--size", "small"]) == 2
    assert 'torch is not installed: pip install "ds-tui[torch]"' in capsys.readouterr().err


# ------------------------------------------------------------------ choosing the interface (no torch)
def test_the_loopback_trap_is_named_with_the_interface_to_set(monkeypatch):
    """gloo offers the other ranks the address the machine's name resolves to: when that is a loopback
    address and MASTER_ADDR is not, the ranks on other machines can never connect."""
    from ds_tui.demos import torch_gloo

    monkeypatch.delenv("GLOO_SOCKET_IFNAME", raising=False)
    monkeypatch.setattr(torch_gloo, "gloo_default_address", lambda: "127.0.1.1")
    monkeypatch.setattr(torch_gloo, "interface_towards", lambda host, port: "eth7")
    warning = torch_gloo.loopback_warning(1, "198.18.0.1", 29500)
    assert warning is not None and "127.0.1.1" in warning and "GLOO_SOCKET_IFNAME=eth7" in warning
    assert torch_gloo.loopback_warning(1, "127.0.0.1", 29500) is None  # every rank on this machine: fine
    monkeypatch.setattr(torch_gloo, "gloo_default_address", lambda: "198.18.0.2")
    assert torch_gloo.loopback_warning(1, "198.18.0.1", 29500) is None  # the name gives a real address
    monkeypatch.setattr(torch_gloo, "gloo_default_address", lambda: "127.0.1.1")
    monkeypatch.setenv("GLOO_SOCKET_IFNAME", "eth7")
    assert torch_gloo.loopback_warning(1, "198.18.0.1", 29500) is None  # the user chose


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the loopback interface is called lo on Linux")
def test_the_interface_towards_an_address_is_read_from_the_routing_table():
    from ds_tui.demos import torch_gloo

    assert torch_gloo.interface_towards("127.0.0.1", 29500) == "lo"


# ------------------------------------------------------------------ two hosts: network namespaces
@dataclass(frozen=True)
class Hosts:
    """Two network namespaces, one per host, joined by a veth pair: host r is ns[r], interface ifname[r]."""

    ns: tuple[str, str]
    ifname: tuple[str, str]
    addr: tuple[str, str] = ("198.18.0.1", "198.18.0.2")  # the benchmarking range: nowhere but here


_made = itertools.count()


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=20, check=check)


@pytest.fixture
def two_hosts():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root: creates network namespaces and a veth pair")
    if shutil.which("ip") is None:
        pytest.skip("needs the ip command (iproute2)")
    k, pid = next(_made), os.getpid()
    hosts = Hosts(ns=(f"dstui-gloo-{pid}-{k}-a", f"dstui-gloo-{pid}-{k}-b"), ifname=(f"dg{pid}-{k}a", f"dg{pid}-{k}b"))
    assert all(len(name) <= 15 for name in hosts.ifname)  # the kernel's limit for an interface name

    def remove() -> None:
        for name in hosts.ns:
            _ip("netns", "del", name, check=False)  # takes the veth end inside it, and so the pair, along
        for name in hosts.ifname:
            _ip("link", "del", name, check=False)  # an end still here if moving it failed

    remove()  # leftovers of an earlier run with the same names
    made = _ip("netns", "add", hosts.ns[0], check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {made.stderr.strip()}")
    try:
        _ip("netns", "add", hosts.ns[1])
        _ip("link", "add", hosts.ifname[0], "type", "veth", "peer", "name", hosts.ifname[1])
        for ns, ifname, addr in zip(hosts.ns, hosts.ifname, hosts.addr, strict=True):
            _ip("link", "set", ifname, "netns", ns)
            _ip("-n", ns, "addr", "add", f"{addr}/24", "dev", ifname)
            _ip("-n", ns, "link", "set", ifname, "up")
            _ip("-n", ns, "link", "set", "lo", "up")
        yield hosts
    finally:
        remove()
        left = _ip("netns", "list", check=False).stdout
        assert not any(ns in left for ns in hosts.ns), left


def _run_ranks(hosts: Hosts, tmp_path: Path, args: list[str], ifnames: tuple[str, str] | None,
               limit_s: float) -> tuple[list[int], list[str], list[str], float]:
    """The README's recipe: rank r runs in namespace r, MASTER_ADDR is rank 0's address, each rank told its
    own interface (or none). Returns exit codes, stdouts, stderrs and the seconds until both ended."""
    procs, files = [], []
    base = {k: v for k, v in os.environ.items() if k not in ("GLOO_SOCKET_IFNAME", "TP_SOCKET_IFNAME")}
    t0 = time.monotonic()
    try:
        for rank in (0, 1):
            env = dict(base, MASTER_ADDR=hosts.addr[0], MASTER_PORT="29500", WORLD_SIZE="2", RANK=str(rank))
            if ifnames is not None:
                env["GLOO_SOCKET_IFNAME"] = ifnames[rank]
            out, err = (open(tmp_path / f"rank{rank}.{s}", "w+") for s in ("out", "err"))  # noqa: SIM115
            files.append((out, err))
            procs.append(subprocess.Popen(["ip", "netns", "exec", hosts.ns[rank], sys.executable, "-m",
                                           "ds_tui.demos.torch_gloo", *args], env=env, stdout=out, stderr=err))
        deadline = t0 + limit_s
        try:
            codes = [p.wait(timeout=max(0.1, deadline - time.monotonic())) for p in procs]
        except subprocess.TimeoutExpired:
            codes = [p.poll() for p in procs]
        elapsed = time.monotonic() - t0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
        texts = []
        for out, err in files:
            texts.append([])
            for f in (out, err):
                f.seek(0)
                texts[-1].append(f.read())
                f.close()
    outs, errs = [t[0] for t in texts], [t[1] for t in texts]
    assert None not in codes, f"a rank was still running after {limit_s} s: {codes}\n{errs}"
    return codes, outs, errs, elapsed


def _two_ranks_in_numpy(cfg: ar.Config) -> np.ndarray:
    """Rank 0's final parameters in 2-way data-parallel training with the sum g0 + g1 done here in numpy."""
    grads: list[np.ndarray | None] = [None, None]
    out: dict[int, dict] = {}
    barrier = threading.Barrier(2, timeout=30)

    def worker(rank: int) -> None:
        def allreduce(grad: np.ndarray, step: int) -> int:
            grads[rank] = grad.copy()
            barrier.wait()
            total = grads[0] + grads[1]
            barrier.wait()
            grad[:] = total
            return 0

        out[rank] = ar.train(cfg, rank, 2, allreduce)

    threads = [threading.Thread(target=worker, args=(r,)) for r in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert np.array_equal(out[0]["params"], out[1]["params"])
    return out[0]["params"]


def test_two_hosts_train_one_model_with_the_readme_recipe(torch, two_hosts, tmp_path):
    from ds_tui.demos import torch_gloo

    codes, outs, errs, _ = _run_ranks(two_hosts, tmp_path, ["--size", "small", "--timeout", "30"], two_hosts.ifname,
                                      limit_s=90)
    assert codes == [0, 0], errs
    for rank in (0, 1):
        assert f"rank {rank} of 2: waiting for the others at 198.18.0.1:29500" in errs[rank]
        assert "GLOO_SOCKET_IFNAME is not set" not in errs[rank] and f"rank {rank}: error" not in errs[rank], errs[rank]
        assert re.search(rf"^rank {rank}: {SMALL.steps} steps in \d+\.\d+ s", outs[rank], re.M), outs[rank]
    # both ranks print the same loss curve (the whole batch's, summed over the ranks) ...
    curves = [re.search(r"^loss: (.+)$", out, re.M).group(1) for out in outs]
    assert curves[0] == curves[1]
    ref = ar.reference(SMALL)
    assert np.allclose([float(v) for v in curves[0].split()], ref["loss"], rtol=0, atol=5e-5 + 1e-12)  # 4 decimals
    # ... rank 0 compares it with one process at full precision ...
    diff = re.search(r"^single-process training: largest difference (\S+) \(the same curve\)$", outs[0], re.M)
    assert diff and float(diff.group(1)) <= RTOL * max(ref["loss"]), outs[0]
    assert "single-process" not in outs[1]
    # ... and both end with the same parameters, those of 2-way data-parallel training done here in numpy
    digests = [re.search(r"^final parameters: sha256 ([0-9a-f]{16}), the same on every rank, bit for bit$", out,
                         re.M) for out in outs]
    assert all(digests), outs
    assert digests[0].group(1) == digests[1].group(1) == torch_gloo.params_digest(_two_ranks_in_numpy(SMALL))


def test_without_the_interface_the_ranks_say_which_to_set_and_give_up_in_time(torch, two_hosts, tmp_path):
    """No GLOO_SOCKET_IFNAME: inside a namespace this machine's name gives gloo only the loopback address,
    which the other host cannot reach. Each rank names its interface before connecting; the connection
    fails, and the rank gloo would leave waiting forever gives up after --timeout."""
    timeout = 3
    codes, outs, errs, elapsed = _run_ranks(two_hosts, tmp_path, ["--size", "small", "--timeout", str(timeout)],
                                            None, limit_s=60)
    assert codes == [1, 1], errs
    for rank in (0, 1):
        assert f"rank {rank}: warning: GLOO_SOCKET_IFNAME is not set" in errs[rank], errs[rank]
        assert f"set GLOO_SOCKET_IFNAME={two_hosts.ifname[rank]}, the interface that reaches 198.18.0.1" in errs[rank]
        assert f"rank {rank}: error: " in errs[rank] and "Traceback" not in errs[rank], errs[rank]
        assert "loss:" not in outs[rank]
    assert elapsed < timeout + 30
