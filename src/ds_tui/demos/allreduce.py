"""Data-parallel training with a ring all-reduce, in numpy, between real processes.

The model is a small neural network (one hidden layer with tanh, a linear output, squared-error loss)
trained by gradient descent on a fixed synthetic data set. Every worker holds the whole model and
computes the gradient of its *shard* of each batch (the sum of its samples' gradients); the workers
then add their gradients with a ring all-reduce, divide by the batch size and take the same step.
The sum of the shards' gradients is the batch's gradient, so the loss curve is single-process
training's up to the order of floating-point additions (float64 throughout).

Ring all-reduce (FACTS §3): the gradient is cut into N chunks; in N−1 reduce-scatter steps each worker
sends one chunk to its right-hand neighbour and adds the chunk that arrives from its left; then each
worker holds one chunk summed over all workers, and N−1 all-gather steps pass the finished chunks
round the ring. Each worker sends 2·(N−1) chunks: 2·(N−1)/N × the gradient's size. Bytes are counted
from what is handed to the pipe (the payload; the pipe adds a 4-byte length header to each message,
the framing of the transport, not counted).

Spawn-safe: top-level functions and a frozen dataclass as arguments. numpy is imported here, not in
:mod:`ds_tui.demos.kinds.allreduce` (the demo's module, imported by every demo's workers through the list),
so the other demos' workers never load it. Each process uses one BLAS
thread (set before numpy is first imported), so a worker is one process on one core, as in the other
demos.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from queue import Empty, SimpleQueue
from typing import Any

if "numpy" not in sys.modules:  # before the first import: a BLAS thread pool is sized once
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402, RUF100

PHASES = ("reduce-scatter", "all-gather")
POLL_S = 0.2  # a blocked receive checks the abort flag this often


@dataclass(frozen=True)
class Config:
    """One training job: the model's size, the data, the steps."""

    inputs: int = 16  # features per sample
    hidden: int = 64  # hidden units
    batch: int = 256  # samples per step (the global batch, split across the workers)
    batches: int = 4  # distinct batches in the data set, used in turn
    steps: int = 20
    lr: float = 0.05
    seed: int = 7

    @property
    def params(self) -> int:
        """Parameters = gradient values: W1 (inputs×hidden), b1, w2 (hidden), b2."""
        return self.inputs * self.hidden + 2 * self.hidden + 1

    @property
    def grad_bytes(self) -> int:
        return 8 * self.params


# Parameter counts 1,153 / 17,409 / 67,585: odd, so never split evenly between 2 or 4 workers (real
# gradient sizes rarely are); one process takes ~0.02 s / ~1 s / ~4 s on a laptop core.
SIZES: dict[str, Config] = {
    "small": Config(inputs=16, hidden=64, batch=256, steps=20),
    "medium": Config(inputs=32, hidden=512, batch=4096, steps=20),
    "large": Config(inputs=64, hidden=1024, batch=4096, steps=40),
}


# ------------------------------------------------------------------------------------------ the model
def dataset(cfg: Config) -> tuple[np.ndarray, np.ndarray]:
    """batches × batch samples: inputs from N(0, 1), targets from a fixed 'teacher' function."""
    rng = np.random.default_rng(cfg.seed)
    x = rng.standard_normal((cfg.batches * cfg.batch, cfg.inputs))
    v = rng.standard_normal(cfg.inputs) / np.sqrt(cfg.inputs)
    y = np.sin(1.5 * (x @ v)) + 0.05 * rng.standard_normal(len(x))
    return x, y


def init_params(cfg: Config) -> np.ndarray:
    """The initial parameters, the same in every worker (one seed): one flat float64 vector."""
    rng = np.random.default_rng(cfg.seed + 1)
    w1 = rng.standard_normal((cfg.inputs, cfg.hidden)) / np.sqrt(cfg.inputs)
    w2 = rng.standard_normal(cfg.hidden) / np.sqrt(cfg.hidden)
    return np.concatenate([w1.ravel(), np.zeros(cfg.hidden), w2, np.zeros(1)])


def loss_and_grad(params: np.ndarray, x: np.ndarray, y: np.ndarray, cfg: Config) -> tuple[float, np.ndarray]:
    """The *sum* over these samples of 0.5·(prediction − target)², and its gradient (flat, float64)."""
    d, h = cfg.inputs, cfg.hidden
    w1 = params[: d * h].reshape(d, h)
    b1 = params[d * h: d * h + h]
    w2 = params[d * h + h: d * h + 2 * h]
    b2 = params[-1]
    a = np.tanh(x @ w1 + b1)
    r = a @ w2 + b2 - y
    dz = np.outer(r, w2) * (1.0 - a * a)
    grad = np.concatenate([(x.T @ dz).ravel(), dz.sum(axis=0), a.T @ r, [r.sum()]])
    return float(0.5 * (r @ r)), grad


def batch_rows(cfg: Config, step: int) -> tuple[int, int]:
    start = (step % cfg.batches) * cfg.batch
    return start, start + cfg.batch


def shard(lo: int, hi: int, rank: int, size: int) -> tuple[int, int]:
    """Rank's contiguous share of rows [lo, hi) (sizes differ by one at most)."""
    n = hi - lo
    return lo + n * rank // size, lo + n * (rank + 1) // size


def chunk_bounds(n: int, size: int) -> list[tuple[int, int]]:
    """The ring's N chunks of an n-value buffer: contiguous, sizes differ by one at most."""
    return [(n * i // size, n * (i + 1) // size) for i in range(size)]


def ring_schedule(rank: int, size: int) -> list[tuple[str, int, int]]:
    """(phase, chunk sent, chunk received) for each of rank's 2·(N−1) ring steps."""
    out = [("reduce-scatter", (rank - s) % size, (rank - s - 1) % size) for s in range(size - 1)]
    out += [("all-gather", (rank - s + 1) % size, (rank - s) % size) for s in range(size - 1)]
    return out


def bytes_formula(size: int, grad_bytes: int) -> float:
    """What the ring makes each worker send: 2·(N−1)/N × the gradient's size."""
    return 2 * (size - 1) / size * grad_bytes


def expected_bytes(rank: int, size: int, n: int, itemsize: int = 8) -> int:
    """Exactly what rank sends in one all-reduce of n values: every chunk but two (the one it never
    sends in reduce-scatter, (rank+1), and in all-gather, (rank+2)). Equal to the formula when N
    divides n; otherwise off by a value's size at most, and exact on average over the workers."""
    bounds = chunk_bounds(n, size)
    sent = sum(bounds[c][1] - bounds[c][0] for _, c, _ in ring_schedule(rank, size))
    return sent * itemsize


# ---------------------------------------------------------------------------------- the ring itself
class Aborted(Exception):
    """Another worker of the ring failed: stop waiting for a message that will never come."""


def parent_gone() -> bool:
    """Whether the process that started this one has ended (a worker must not outlive it)."""
    import multiprocessing  # lazy: multiprocessing stays out of the first frame

    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


class PipeLink:
    """This worker's two ends of the ring: a pipe to the right-hand neighbour, one from the left.

    Sends run in a helper thread so that a worker sends and receives at the same time (as NCCL does):
    with every worker sending first, chunks larger than a pipe's buffer would otherwise deadlock."""

    def __init__(self, to_right: Any, from_left: Any, abort: Any = None) -> None:
        self.to_right, self.from_left, self.abort = to_right, from_left, abort
        self._jobs: SimpleQueue[Any] = SimpleQueue()
        self._done: SimpleQueue[BaseException | None] = SimpleQueue()
        self._thread = threading.Thread(target=self._send_loop, daemon=True, name="ring-sender")
        self._thread.start()
        # Receives run in a thread too: a neighbour killed in the middle of sending a chunk larger than
        # the pipe's buffer leaves half a message, and recv_bytes would wait for the rest forever (under
        # fork this worker holds a copy of the pipe's write end, so it never sees the end of the file).
        self._wanted: SimpleQueue[bool | None] = SimpleQueue()
        self._received: SimpleQueue[bytes | BaseException] = SimpleQueue()
        self._receiver = threading.Thread(target=self._recv_loop, daemon=True, name="ring-receiver")
        self._receiver.start()

    def _recv_loop(self) -> None:
        while self._wanted.get():
            try:
                self._received.put(self.from_left.recv_bytes())
            except BaseException as exc:  # noqa: BLE001 - handed to the worker's thread
                self._received.put(exc)

    def _send_loop(self) -> None:
        while True:
            data = self._jobs.get()
            if data is None:
                return
            try:
                self.to_right.send_bytes(data)
                self._done.put(None)
            except BaseException as exc:  # noqa: BLE001 - handed to the worker's thread
                self._done.put(exc)

    def start_send(self, data: np.ndarray) -> int:
        self._jobs.put(data)
        return data.nbytes  # the payload handed to the pipe

    def wait_sent(self) -> None:
        """Until the chunk is in the pipe. A neighbour that died leaves it there forever (other processes
        may hold the pipe's other end), so this too gives up when told that a worker failed."""
        while True:
            try:
                err = self._done.get(timeout=POLL_S)
                break
            except Empty:
                self._check()
        if err is not None:
            raise err

    def _check(self) -> None:
        if self.abort is not None and self.abort.value:
            raise Aborted("another worker of the ring stopped")
        if parent_gone():
            raise Aborted("the program that started this worker has ended")

    def recv(self) -> bytes:
        self._wanted.put(True)
        while True:
            try:
                got = self._received.get(timeout=POLL_S)
                break
            except Empty:
                self._check()
        if isinstance(got, BaseException):
            raise got
        return got

    def close(self) -> None:
        self._jobs.put(None)
        self._wanted.put(None)
        self._thread.join(1.0)
        self._receiver.join(0.1)  # blocked on a dead neighbour's half message: a daemon, left to the exit


def ring_allreduce(buf: np.ndarray, rank: int, size: int, link: PipeLink,
                   log: list[tuple[Any, ...]] | None = None, clock: Callable[[], float] = time.perf_counter) -> int:
    """Sum ``buf`` (1-D) over the ring, in place; every worker ends with the same values, bit for bit
    (each summed chunk is computed once and copied). Returns the bytes this worker sent. ``log``
    receives (phase, step, chunk sent, chunk received, bytes, start, end) for each ring step."""
    if size == 1:
        return 0
    bounds = chunk_bounds(len(buf), size)
    sent = 0
    for step, (phase, out_c, in_c) in enumerate(ring_schedule(rank, size)):
        t0 = clock()
        lo, hi = bounds[out_c]
        nbytes = link.start_send(buf[lo:hi])
        incoming = np.frombuffer(link.recv(), dtype=buf.dtype)
        link.wait_sent()  # our chunk is in the pipe before we change any value of buf
        lo, hi = bounds[in_c]
        if phase == "reduce-scatter":
            buf[lo:hi] += incoming
        else:
            buf[lo:hi] = incoming
        sent += nbytes
        if log is not None:
            log.append((phase, step + 1, out_c, in_c, nbytes, t0, clock()))
    return sent


# ------------------------------------------------------------------------------------------ training
def train(cfg: Config, rank: int, size: int, allreduce: Callable[[np.ndarray, int], int] | None,
          clock: Callable[[], float] = time.perf_counter,
          on_step: Callable[[int, float, float, float], None] | None = None) -> dict[str, Any]:
    """Train on rank's shard of every batch; ``allreduce(grad, step)`` sums the gradient over the workers
    in place and returns the bytes sent (None: one process, nothing to sum). Returns this worker's
    figures: its share of each step's loss (a sum), the final parameters, the first step's averaged
    gradient, bytes sent, and the seconds spent computing and communicating."""
    x, y = dataset(cfg)
    params = init_params(cfg)
    loss_sums: list[float] = []
    sent_per_step: list[int] = []
    first_grad: np.ndarray | None = None
    compute_s = comm_s = 0.0
    start = clock()
    for step in range(cfg.steps):
        lo, hi = shard(*batch_rows(cfg, step), rank, size)
        t0 = clock()
        loss_sum, grad = loss_and_grad(params, x[lo:hi], y[lo:hi], cfg)
        t1 = clock()
        sent = allreduce(grad, step) if allreduce is not None else 0
        t2 = clock()
        grad /= cfg.batch
        params -= cfg.lr * grad
        if first_grad is None:
            first_grad = grad.copy()
        loss_sums.append(loss_sum)
        sent_per_step.append(sent)
        compute_s += t1 - t0
        comm_s += t2 - t1
        if on_step is not None:
            on_step(step, t0, t1, t2)
    return {"rank": rank, "loss_sums": loss_sums, "params": params, "first_grad": first_grad,
            "bytes_sent": sum(sent_per_step), "bytes_per_step": sent_per_step,
            "compute_s": compute_s, "comm_s": comm_s, "start_s": start, "end_s": clock()}


def reference(cfg: Config) -> dict[str, Any]:
    """Single-process training, here: the figures the workers are checked against."""
    out = train(cfg, 0, 1, None)
    out["loss"] = [s / cfg.batch for s in out["loss_sums"]]
    return out


def _wait_go(go: Any, abort: Any) -> None:
    """Wait until the parent says every worker is running (start-up is not part of the training)."""
    while True:
        try:
            go.get(timeout=POLL_S)
            return
        except Empty:
            if abort is not None and abort.value:
                raise Aborted("another worker failed to start") from None
            if parent_gone():
                raise Aborted("the program that started this worker has ended") from None


def _reporting(rep: Any) -> Callable[[int, float, float, float], None]:
    def on_step(step: int, t0: float, t1: float, t2: float) -> None:
        rep.span(t0, t1, "cpu")  # computing the gradient
        rep.span(t1, t2, "io")  # the all-reduce: sending and receiving chunks
        rep.add(1)

    return on_step


def single_worker(rep: Any, cfg: Config, go: Any) -> dict[str, Any]:
    """The reference run: one process, the whole batch, no communication."""
    _wait_go(go, None)
    return train(cfg, 0, 1, None, rep.now, _reporting(rep))


def ring_worker(rep: Any, rank: int, size: int, cfg: Config, to_right: Any, from_left: Any, go: Any,
                abort: Any) -> dict[str, Any]:
    """One data-parallel worker of the ring (a process). Logs the ring steps of the first training step,
    and the duration of every ring step of every training step."""
    link = PipeLink(to_right, from_left, abort)
    first_log: list[tuple[Any, ...]] = []
    step_s = [0.0] * (2 * (size - 1))

    def allreduce(grad: np.ndarray, step: int) -> int:
        log: list[tuple[Any, ...]] = []
        sent = ring_allreduce(grad, rank, size, link, log, rep.now)
        for entry in log:
            step_s[entry[1] - 1] += entry[6] - entry[5]
        if step == 0:
            first_log.extend(log)
        return sent

    try:
        _wait_go(go, abort)
        out = train(cfg, rank, size, allreduce, rep.now, _reporting(rep))
    finally:
        link.close()
    out["ring_log"] = [list(e) for e in first_log]
    out["ring_step_s"] = [s / cfg.steps for s in step_s]  # mean per training step
    return out
