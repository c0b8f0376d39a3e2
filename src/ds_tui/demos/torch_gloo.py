"""The all-reduce demo's training on a real engine: ``torch.distributed`` with the gloo backend (CPU).

Optional: ``pip install "ds-tui[torch]"``. Without torch the demo simply has no ``torch-gloo`` run.
The model, data and steps are those of :mod:`ds_tui.demos.allreduce`; only the summing of the
gradients changes: ``torch.distributed.all_reduce(tensor, op=ReduceOp.SUM)`` on a tensor that shares
the numpy gradient's memory (``torch.from_numpy``). gloo chooses its own algorithm and counts no
bytes for us, so this run reports no ``bytes_ratio``.

Across several machines (or several terminals), one process per rank, with the usual variables and
``GLOO_SOCKET_IFNAME``, the network interface of this machine that reaches the others::

    MASTER_ADDR=10.0.0.1 MASTER_PORT=29500 WORLD_SIZE=2 RANK=0 GLOO_SOCKET_IFNAME=eth0 python -m ds_tui.demos.torch_gloo
    MASTER_ADDR=10.0.0.1 MASTER_PORT=29500 WORLD_SIZE=2 RANK=1 GLOO_SOCKET_IFNAME=eth0 python -m ds_tui.demos.torch_gloo

(``torchrun --nnodes=2 --nproc-per-node=1 --node-rank=K --master-addr=... --master-port=29500 -m
ds_tui.demos.torch_gloo`` sets the first four for you.) Without ``GLOO_SOCKET_IFNAME`` gloo offers the
other ranks the address this machine's name resolves to, often a loopback address (Debian and Ubuntu
put ``127.0.1.1 <hostname>`` in /etc/hosts) that no other machine can reach: this module says so before
it connects. A rank that has not reached every other one within ``--timeout`` seconds gives up (gloo
itself may wait for a vanished peer forever). Every rank prints the loss curve and checks that the
final parameters are the same on every rank, bit for bit; rank 0 also compares the curve with
single-process training computed on the spot.
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
import os
import socket
import sys
import threading
import time
from datetime import timedelta
from typing import Any

from ds_tui.demos import allreduce as ar
from ds_tui.demos.torch_check import torch_available as available

TIMEOUT_S = 60  # how long a rank waits for the others before giving up


def _init(init_method: str, world_size: int, rank: int, timeout_s: float = TIMEOUT_S) -> Any:
    import torch.distributed as dist  # lazy: torch takes seconds to import, and may be absent

    dist.init_process_group(backend="gloo", init_method=init_method, world_size=world_size, rank=rank,
                            timeout=timedelta(seconds=timeout_s))
    return dist


def _allreduce(dist: Any) -> Any:
    import torch  # lazy: torch takes seconds to import, and may be absent

    def allreduce(grad: Any, step: int) -> int:
        dist.all_reduce(torch.from_numpy(grad), op=dist.ReduceOp.SUM)  # in place: the tensor shares grad's memory
        return 0  # gloo does the sending; its bytes are not counted here

    return allreduce


def gloo_worker(rep: Any, rank: int, size: int, cfg: ar.Config, port: int, go: Any, abort: Any) -> dict[str, Any]:
    """One rank of the demo's ``torch-gloo`` run, on this machine (a process started by the runner)."""
    dist = _init(f"tcp://127.0.0.1:{port}", size, rank)  # returns once every rank has joined
    try:
        ar._wait_go(go, abort)
        return ar.train(cfg, rank, size, _allreduce(dist), rep.now, ar._reporting(rep))
    finally:
        dist.destroy_process_group()


# ------------------------------------------------------------------------------ one rank per machine
def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.getaddrinfo(host, None)[0][4][0]).is_loopback
    except (OSError, ValueError, IndexError):
        return False


def gloo_default_address() -> str:
    """The address gloo offers the other ranks when GLOO_SOCKET_IFNAME is not set (as torch picks it): the
    first address this machine's name resolves to that a socket can bind here, else the loopback address."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, type=socket.SOCK_STREAM)
    except OSError:
        infos = []
    for family, kind, proto, _, addr in infos:
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.bind(addr)
            return str(addr[0])
        except OSError:
            continue
    return "127.0.0.1"


def interface_towards(host: str, port: int) -> str | None:
    """The name of this machine's network interface that reaches ``host`` (what GLOO_SOCKET_IFNAME should
    say), or None. Connecting a UDP socket only asks the routing table: nothing is sent."""

    import psutil  # lazy: psutil stays out of the first frame

    try:
        family = socket.getaddrinfo(host, port)[0][0]
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((host, port))
            local = sock.getsockname()[0]
    except (OSError, IndexError):
        return None
    for name, addrs in psutil.net_if_addrs().items():
        if any(a.address.split("%")[0] == local for a in addrs):
            return name
    return None


def loopback_warning(rank: int, master: str, port: int) -> str | None:
    """What to tell the user when gloo would offer the other ranks a loopback address while they are
    elsewhere (MASTER_ADDR is not a loopback address) and GLOO_SOCKET_IFNAME is not set; else None."""
    if os.environ.get("GLOO_SOCKET_IFNAME") or _is_loopback(master):
        return None
    addr = gloo_default_address()
    if not _is_loopback(addr):
        return None
    iface = interface_towards(master, port)
    fix = f"GLOO_SOCKET_IFNAME={iface}" if iface else "GLOO_SOCKET_IFNAME=<interface>"
    return (f"rank {rank}: warning: GLOO_SOCKET_IFNAME is not set, so gloo offers the other ranks {addr} "
            f"(this machine's name, {socket.gethostname()}, gives no other address), which another machine cannot "
            f"reach: set {fix}, the interface that reaches {master}")


def _connect_hint(master: str) -> str:
    return (f"check that every rank can reach {master} and that GLOO_SOCKET_IFNAME names, on each machine, the "
            f"interface that reaches the others")


def _watchdog(seconds: float, rank: int, master: str) -> threading.Event:
    """Ends this process if the ranks have not all connected after ``seconds``: gloo may wait forever for
    a peer that failed to connect. Set the returned event when the connecting is over (done or failed)."""
    done = threading.Event()

    def give_up() -> None:
        if not done.wait(seconds):
            print(f"rank {rank}: error: not connected to every other rank after {seconds:g} s; "
                  f"{_connect_hint(master)}", file=sys.stderr, flush=True)
            os._exit(1)

    threading.Thread(target=give_up, daemon=True, name="rendezvous-watchdog").start()
    return done


def params_digest(params: Any) -> str:
    return hashlib.sha256(params.tobytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    """One rank of a multi-machine run, configured by MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK."""
    parser = argparse.ArgumentParser(
        prog="python -m ds_tui.demos.torch_gloo",
        description="Data-parallel training with torch.distributed (gloo), one process per rank. Set "
                    "MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK (torchrun sets them), and "
                    "GLOO_SOCKET_IFNAME to the network interface that reaches the other machines.")
    parser.add_argument("--size", choices=tuple(ar.SIZES), default="medium", help="model and batch size")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, metavar="SECONDS",
                        help=f"how long to wait for the other ranks (default: {TIMEOUT_S})")
    args = parser.parse_args(argv)
    missing = [v for v in ("MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK") if v not in os.environ]
    if missing:
        print(f"error: set {', '.join(missing)} (see --help)", file=sys.stderr)
        return 2
    if not available():
        print('error: torch is not installed: pip install "ds-tui[torch]"', file=sys.stderr)
        return 2
    rank, size = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    master, port = os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"])
    cfg = ar.SIZES[args.size]
    warning = loopback_warning(rank, master, port) if size > 1 else None
    if warning:
        print(warning, file=sys.stderr, flush=True)
    import torch.distributed  # noqa: F401 # lazy: seconds of importing, not to be counted as waiting for the others

    print(f"rank {rank} of {size}: waiting for the others at {master}:{port}…", file=sys.stderr, flush=True)
    waiting_done = _watchdog(args.timeout, rank, master)
    try:
        dist = _init("env://", size, rank, args.timeout)
    except (RuntimeError, OSError) as exc:  # torch's DistNetworkError, DistStoreError, gloo's errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"rank {rank}: error: could not connect to the other ranks ({first}); {_connect_hint(master)}",
              file=sys.stderr, flush=True)
        return 1
    finally:
        waiting_done.set()
    try:
        t0 = time.perf_counter()
        out = ar.train(cfg, rank, size, _allreduce(dist))
        wall = time.perf_counter() - t0
        import torch  # lazy: torch takes seconds to import, and may be absent

        losses = torch.tensor(out["loss_sums"], dtype=torch.float64)
        dist.all_reduce(losses, op=dist.ReduceOp.SUM)  # the whole batch's loss at each step, on every rank
        # the same parameters everywhere exactly when, value by value, the largest equals the smallest
        hi, lo = torch.from_numpy(out["params"].copy()), torch.from_numpy(out["params"].copy())
        dist.all_reduce(hi, op=dist.ReduceOp.MAX)
        dist.all_reduce(lo, op=dist.ReduceOp.MIN)
        same = bool(torch.equal(hi, lo))
    finally:
        dist.destroy_process_group()
    print(f"rank {rank}: {cfg.steps} steps in {wall:.3f} s (computing {out['compute_s']:.3f} s, "
          f"all-reduce {out['comm_s']:.3f} s)")
    curve = [float(v) / cfg.batch for v in losses]
    print("loss: " + " ".join(f"{v:.4f}" for v in curve))
    print(f"final parameters: sha256 {params_digest(out['params'])}, "
          + ("the same on every rank, bit for bit" if same else "DIFFERENT between ranks"))
    ok = same
    if rank == 0:
        ref = ar.reference(cfg)["loss"]
        diff = max(abs(a - b) for a, b in zip(curve, ref, strict=True))
        print(f"single-process training: largest difference {diff:.2e} "
              f"({'the same curve' if diff < 1e-9 else 'DIFFERENT'})")
        ok = ok and diff < 1e-9
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
