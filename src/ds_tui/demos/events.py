"""What the runner tells its caller while a demo runs: small frozen dataclasses, in this order.

For every run (one mode of a demo)::

    RunStarted  ->  (Progress | WorkerSpan | CoreSample | WorkerFailed)*  ->  RunFinished

and after the last run, ``DemoFinished`` (also when the demo was cancelled: then
``report.cancelled`` is true and the interrupted run has no ``RunFinished``).

Times (``start_s``, ``end_s``, ``t_s``) are seconds since the run started. ``worker`` is a lane of
the timeline: an index into ``RunStarted.lanes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ds_tui.demos.results import DemoReport, RunResult


@dataclass(frozen=True, slots=True)
class RunStarted:
    demo: str
    mode: str  # "sequential" | "threads" | "processes" | "asyncio" | "hybrid" | demo-specific, see catalog
    workers: int  # the workers of this mode (RunResult.workers)
    lanes: tuple[str, ...] = ()  # one label per timeline row, e.g. ("thread 0", ...); index = worker
    total: int = 0  # units of work in the run: the sum of every worker's last Progress.done reaches it


@dataclass(frozen=True, slots=True)
class Progress:
    mode: str
    worker: int
    done: int  # units of work this worker finished
    total: int  # units of work this worker was given; with ``shared``, the whole queue the workers share
    shared: bool = False  # ``total`` is shared: a pool worker or an asyncio task takes any task, so ``done``
    #                       is its own part of the queue (the run's workers' ``done`` add up to ``total``)


@dataclass(frozen=True, slots=True)
class WorkerSpan:
    """A worker was busy from start_s to end_s. ``kind`` "cpu": it was computing and on a CPU (a gap
    between two cpu spans of one worker is time it waited: for the GIL, or for a core); "io": it was
    waiting for I/O (a sleep standing for the network, a file, a socket; in the allreduce demo, the
    all-reduce's sending and receiving through pipes); "fwd" / "bwd": a pipeline stage's forward or
    backward of one micro-batch."""

    mode: str
    worker: int
    start_s: float
    end_s: float
    kind: str = "cpu"


@dataclass(frozen=True, slots=True)
class CoreSample:
    """Busy percent of every logical CPU of the machine over the last sampling interval (all programs,
    not only the demo), from ``psutil.cpu_times(percpu=True)`` deltas."""

    mode: str
    t_s: float
    per_core_percent: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class WorkerFailed:
    mode: str
    worker: int
    reason: str  # e.g. "raised ValueError: ...", "exited with code 3", "killed by signal SIGKILL"
    exitcode: int | None = None  # a process's exit code (negative: killed by that signal, POSIX)


@dataclass(frozen=True, slots=True)
class RunFinished:
    run: RunResult


@dataclass(frozen=True, slots=True)
class DemoFinished:
    report: DemoReport


Event = RunStarted | Progress | WorkerSpan | CoreSample | WorkerFailed | RunFinished | DemoFinished
