"""The all-reduce demo's training on a real engine: ``torch.distributed`` with the gloo backend (CPU).

Optional: ``pip install "ds-tui[torch]"``. Without torch the demo simply has no ``torch-gloo`` run.
The model, data and steps are those of :mod:`ds_tui.demos.allreduce`; only the summing of the
gradients changes: ``torch.distributed.all_reduce(tensor, op=ReduceOp.SUM)`` on a tensor that shares
the numpy gradient's memory (``torch.from_numpy``). gloo chooses its own algorithm and counts no
bytes for us, so this run reports no ``bytes_ratio``.

Across several machines (or several terminals), one process per rank, with the usual variables::

    MASTER_ADDR=10.0.0.1 MASTER_PORT=29500 WORLD_SIZE=2 RANK=0 python -m ds_tui.demos.torch_gloo
    MASTER_ADDR=10.0.0.1 MASTER_PORT=29500 WORLD_SIZE=2 RANK=1 python -m ds_tui.demos.torch_gloo

(``torchrun --nnodes=2 --nproc-per-node=1 --node-rank=K --master-addr=... --master-port=29500 -m
ds_tui.demos.torch_gloo`` sets them for you.) Rank 0 prints the loss curve and compares it with
single-process training computed on the spot.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from typing import Any

from ds_tui.demos import allreduce as ar
from ds_tui.demos.catalog import torch_available as available

TIMEOUT_S = 60  # how long a rank waits for the others before giving up


def _init(init_method: str, world_size: int, rank: int) -> Any:
    import torch.distributed as dist

    dist.init_process_group(backend="gloo", init_method=init_method, world_size=world_size, rank=rank,
                            timeout=timedelta(seconds=TIMEOUT_S))
    return dist


def _allreduce(dist: Any) -> Any:
    import torch

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


def main(argv: list[str] | None = None) -> int:
    """One rank of a multi-machine run, configured by MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK."""
    parser = argparse.ArgumentParser(
        prog="python -m ds_tui.demos.torch_gloo",
        description="Data-parallel training with torch.distributed (gloo), one process per rank. Set "
                    "MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK (torchrun sets them).")
    parser.add_argument("--size", choices=tuple(ar.SIZES), default="medium", help="model and batch size")
    args = parser.parse_args(argv)
    missing = [v for v in ("MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK") if v not in os.environ]
    if missing:
        print(f"error: set {', '.join(missing)} (see --help)", file=sys.stderr)
        return 2
    if not available():
        print('error: torch is not installed: pip install "ds-tui[torch]"', file=sys.stderr)
        return 2
    rank, size = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    cfg = ar.SIZES[args.size]
    print(f"rank {rank} of {size}: waiting for the others at {os.environ['MASTER_ADDR']}:{os.environ['MASTER_PORT']}…",
          file=sys.stderr)
    dist = _init("env://", size, rank)
    try:
        t0 = time.perf_counter()
        out = ar.train(cfg, rank, size, _allreduce(dist))
        wall = time.perf_counter() - t0
        import torch

        losses = torch.tensor(out["loss_sums"], dtype=torch.float64)
        dist.all_reduce(losses, op=dist.ReduceOp.SUM)  # the whole batch's loss at each step
    finally:
        dist.destroy_process_group()
    print(f"rank {rank}: {cfg.steps} steps in {wall:.3f} s (computing {out['compute_s']:.3f} s, "
          f"all-reduce {out['comm_s']:.3f} s)")
    if rank == 0:
        curve = [float(v) / cfg.batch for v in losses]
        ref = ar.reference(cfg)["loss"]
        diff = max(abs(a - b) for a, b in zip(curve, ref))
        print("loss: " + " ".join(f"{v:.4f}" for v in curve))
        print(f"single-process training: largest difference {diff:.2e} "
              f"({'the same curve' if diff < 1e-9 else 'DIFFERENT'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
