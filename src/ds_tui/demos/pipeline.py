"""Pipeline parallelism between real processes: p stages linked by pipes, m micro-batches, the GPipe and
1F1B schedules, and the measured bubble.

Each stage is a process standing for one GPU that holds a slice of the layers (here one small numpy
layer, y = tanh(x·w + b), element-wise on a vector). Activations travel forward through one pipe per
link, gradients backward through another — each a FIFO queue of messages, point to point as between
GPUs. (Plain pipes rather than ``multiprocessing.Queue``: a Queue sends from a helper thread, which
added about a millisecond to every hop here; a pipe's send is done by the stage itself.) The last stage
computes the loss of each micro-batch.

Timing — a choice, stated in the demo's help and explanation: in real pipeline parallelism the GPU does
a stage's work and the CPU only launches it. So each operation does its (tiny) numpy computation and
then waits until a fixed time has passed since it started — t for a forward, 2t for a backward (a
backward pass costs about twice a forward's FLOPs: 4·N·D against 2·N·D). The wait stands for the
kernel running on the GPU. Every stage then takes the same time whatever this machine's cores are
doing, so four stages run side by side even on two cores and what is measured is the *schedule's*
idle time: the bubble. GPipe's (p − 1)/(m + p − 1) assumes exactly that (equal stage times, free
communication); the pipes' latency and the timers' overshoot are what the measurement adds.

Spawn-safe: top-level functions, a frozen dataclass and pipe ends as arguments.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

POLL_S = 0.2  # a blocked stage checks the abort flag this often

# t, the forward time of one micro-batch on one stage; a backward takes 2t
SIZES: dict[str, float] = {"small": 0.01, "medium": 0.025, "large": 0.05}
BACKWARD_FACTOR = 2.0

Op = tuple[str, int]  # ("F" | "B", micro-batch)


@dataclass(frozen=True)
class PipeConfig:
    stages: int
    microbatches: int
    forward_s: float
    backward_s: float
    width: int = 32  # values per activation
    seed: int = 11


def config(stages: int, microbatches: int, size: str) -> PipeConfig:
    t = SIZES[size]
    return PipeConfig(stages, microbatches, t, BACKWARD_FACTOR * t)


# ---------------------------------------------------------------------------------------- schedules
def gpipe_schedule(p: int, m: int) -> list[list[Op]]:
    """GPipe: every stage runs all m forwards, then all m backwards (a flush at the end of the batch)."""
    return [[("F", j) for j in range(m)] + [("B", j) for j in range(m)] for _ in range(p)]


def one_f_one_b_schedule(p: int, m: int) -> list[list[Op]]:
    """1F1B (PipeDream-Flush): stage i runs min(p − i − 1, m) forwards to fill the pipeline, then
    alternates one forward and one backward, then runs the backwards left. A stage holds the
    activations of at most min(p − i, m) micro-batches, where GPipe holds m."""
    out = []
    for i in range(p):
        warm = min(p - i - 1, m)
        ops: list[Op] = [("F", j) for j in range(warm)]
        for k in range(m - warm):
            ops += [("F", warm + k), ("B", k)]
        ops += [("B", j) for j in range(m - warm, m)]
        out.append(ops)
    return out


SCHEDULES = {"gpipe": gpipe_schedule, "1f1b": one_f_one_b_schedule}


def bubble_formula(p: int, m: int) -> float:
    """GPipe's idle fraction of the total time, (p − 1)/(m + p − 1) (Huang et al. 2019)."""
    return (p - 1) / (m + p - 1)


def simulate(schedule: list[list[Op]], forward_s: float, backward_s: float,
             latency_s: float = 0.0) -> list[list[tuple[str, int, float, float]]]:
    """The schedule with exact times: each op starts when its stage is free and its input exists (a forward
    needs the previous stage's forward of that micro-batch, a backward the next stage's backward, or on
    the last stage its own forward), ``latency_s`` after it was sent (0: free communication). Raises
    ValueError on a schedule that deadlocks."""
    p = len(schedule)
    done: dict[tuple[str, int, int], float] = {}
    free = [0.0] * p
    nxt = [0] * p
    out: list[list[tuple[str, int, float, float]]] = [[] for _ in range(p)]
    left = sum(len(s) for s in schedule)
    while left:
        progressed = False
        for i in range(p):
            while nxt[i] < len(schedule[i]):
                op, j = schedule[i][nxt[i]]
                if op == "F":
                    dep = ("F", i - 1, j) if i > 0 else None
                else:
                    dep = ("B", i + 1, j) if i < p - 1 else ("F", i, j)
                if dep is not None and dep not in done:
                    break
                ready = 0.0 if dep is None else done[dep] + (latency_s if dep[1] != i else 0.0)
                start = max(free[i], ready)
                end = start + (forward_s if op == "F" else backward_s)
                done[(op, i, j)] = free[i] = end
                out[i].append((op, j, start, end))
                nxt[i] += 1
                left -= 1
                progressed = True
        if not progressed:
            raise ValueError("the schedule deadlocks")
    return out


def bubble(ops: list[list[tuple[Any, ...]]]) -> tuple[float, float, list[float]]:
    """(idle fraction of p × the batch's time, the batch's time, each stage's idle fraction) from ops given
    as (op, micro-batch, start, end): the batch runs from the first op's start to the last op's end."""
    starts = [o[2] for stage in ops for o in stage]
    ends = [o[3] for stage in ops for o in stage]
    if not starts:
        return 0.0, 0.0, []
    window = max(ends) - min(starts)
    if window <= 0:
        return 0.0, 0.0, [0.0] * len(ops)
    busy = [sum(o[3] - o[2] for o in stage) for stage in ops]
    idle = [max(0.0, 1.0 - b / window) for b in busy]
    return max(0.0, 1.0 - sum(busy) / (len(ops) * window)), window, idle


def peak_in_flight(ops: list[Op]) -> int:
    """The most micro-batches whose activations a stage holds at once (forward done, backward not yet)."""
    held = peak = 0
    for op, _ in ops:
        held += 1 if op == "F" else -1
        peak = max(peak, held)
    return peak


# ---------------------------------------------------------------------------------- the model's math
def stage_params(cfg: PipeConfig, stage: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng((cfg.seed, stage))
    return 1.0 + 0.5 * rng.standard_normal(cfg.width), 0.1 * rng.standard_normal(cfg.width)


def micro_batch(cfg: PipeConfig, j: int) -> tuple[np.ndarray, np.ndarray]:
    """Micro-batch j: its input and its target."""
    rng = np.random.default_rng((cfg.seed, 1000 + j))
    return rng.standard_normal(cfg.width), 0.5 * rng.standard_normal(cfg.width)


def forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.tanh(x * w + b)


def backward(g: np.ndarray, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(gradient for the previous stage, dL/dw, dL/db) of one micro-batch."""
    dpre = g * (1.0 - y * y)
    return dpre * w, dpre * x, dpre


def reference(cfg: PipeConfig) -> dict[str, Any]:
    """The whole model in one process, micro-batch after micro-batch: each stage's accumulated
    gradients and each micro-batch's loss."""
    params = [stage_params(cfg, i) for i in range(cfg.stages)]
    dw = [np.zeros(cfg.width) for _ in params]
    db = [np.zeros(cfg.width) for _ in params]
    losses = []
    for j in range(cfg.microbatches):
        x, target = micro_batch(cfg, j)
        acts = []
        for w, b in params:
            y = forward(x, w, b)
            acts.append((x, y))
            x = y
        losses.append(float(0.5 * np.sum((x - target) ** 2)))
        g = x - target
        for i in reversed(range(cfg.stages)):
            xi, yi = acts[i]
            g, gw, gb = backward(g, xi, yi, params[i][0])
            dw[i] += gw
            db[i] += gb
    return {"dw": dw, "db": db, "losses": losses}


# --------------------------------------------------------------------------------------- the stages
class Aborted(Exception):
    """Another stage failed: stop waiting for a message that will never come."""


def _get(conn: Any, abort: Any) -> Any:
    while not conn.poll(POLL_S):
        if abort is not None and abort.value:
            raise Aborted("another stage of the pipeline stopped")
        if parent_gone():
            raise Aborted("the program that started this stage has ended")
    return conn.recv()


def parent_gone() -> bool:
    """Whether the process that started this one has ended (a worker must not outlive it)."""
    import multiprocessing  # lazy: multiprocessing stays out of the first frame

    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


def _hold(rep: Any, start: float, seconds: float) -> None:
    """Until ``seconds`` after ``start``: the rest of the kernel's time on the GPU this stage stands for."""
    while True:
        left = start + seconds - rep.now()
        if left <= 0:
            return
        time.sleep(left)


def stage_worker(rep: Any, stage: int, cfg: PipeConfig, schedule: str, fwd_in: Any, fwd_out: Any, bwd_in: Any,
                 bwd_out: Any, abort: Any) -> dict[str, Any]:
    """One pipeline stage (a process) running its part of ``schedule``; the four arguments after it are
    pipe ends (None where the stage has no such neighbour). Stage 0's forward inputs come from the
    parent (the data loader); the last stage computes each micro-batch's loss and starts its backward.
    Returns the ops as run — (op, micro-batch, start, end) — the gradients and the losses."""
    p = cfg.stages
    last = stage == p - 1
    w, b = stage_params(cfg, stage)
    dw, db = np.zeros(cfg.width), np.zeros(cfg.width)
    stash: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    losses: dict[int, float] = {}
    records: list[tuple[str, int, float, float]] = []
    peak = 0
    for op, j in SCHEDULES[schedule](p, cfg.microbatches)[stage]:
        if op == "F":
            got, x = _get(fwd_in, abort)
            if got != j:
                raise RuntimeError(f"stage {stage} expected the forward of micro-batch {j}, got {got}")
            start = rep.now()
            y = forward(x, w, b)
            stash[j] = (x, y)
            if last:
                _, target = micro_batch(cfg, j)
                losses[j] = float(0.5 * np.sum((y - target) ** 2))
            _hold(rep, start, cfg.forward_s)
            end = rep.now()
            if not last:
                fwd_out.send((j, y))
        else:
            if last:
                g = stash[j][1] - micro_batch(cfg, j)[1]
            else:
                got, g = _get(bwd_in, abort)
                if got != j:
                    raise RuntimeError(f"stage {stage} expected the backward of micro-batch {j}, got {got}")
            start = rep.now()
            x, y = stash.pop(j)
            dx, gw, gb = backward(g, x, y, w)
            dw += gw
            db += gb
            _hold(rep, start, cfg.backward_s)
            end = rep.now()
            if stage > 0:
                bwd_out.send((j, dx))
        peak = max(peak, len(stash))
        records.append((op, j, start, end))
        rep.span(start, end, "fwd" if op == "F" else "bwd")
        rep.add(1)
    return {"stage": stage, "ops": records, "dw": dw, "db": db, "losses": losses, "peak_activations": peak}


def check_order(ops: list[list[tuple[str, int, float, float]]], schedule: list[list[Op]]) -> list[str]:
    """What is wrong with a measured run, as sentences (empty: nothing): each stage ran its schedule's ops
    in order; on each stage every micro-batch's forward ended before its backward started; a forward
    started after the previous stage's forward of that micro-batch ended, a backward after the next
    stage's backward (the data really flowed through the queues)."""
    problems = []
    p = len(schedule)
    if len(ops) != p:
        return [f"{len(ops)} stages reported, {p} expected"]
    end: dict[tuple[str, int, int], float] = {}
    start: dict[tuple[str, int, int], float] = {}
    for i, stage in enumerate(ops):
        if [(o[0], o[1]) for o in stage] != schedule[i]:
            problems.append(f"stage {i} ran its ops out of order")
        for op, j, s, e in stage:
            start[(op, i, j)], end[(op, i, j)] = s, e
    for (op, i, j), s in start.items():
        if op == "B" and s < end.get(("F", i, j), float("inf")):
            problems.append(f"stage {i}: backward of micro-batch {j} before its forward")
        dep = ("F", i - 1, j) if op == "F" and i > 0 else ("B", i + 1, j) if op == "B" and i < p - 1 else None
        if dep is not None and s < end.get(dep, float("inf")):
            problems.append(f"stage {i}: {op}{j} started before its input was ready")
    return problems
