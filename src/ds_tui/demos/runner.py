"""Run a demo: start its workers (threads, processes, asyncio), watch them, measure, clean up.

The engine knows no demo: :func:`run` is given one (a :class:`ds_tui.demos.spec.Demo`); callers with a
demo's id look it up in the one list first (:func:`ds_tui.demos.catalog.run_demo` does both).

:func:`run` blocks; it calls ``on_event`` from the calling thread only (it drains the workers' pipes and
queue in its own loop), so a UI runs it in a worker thread and forwards the events.

Guarantees:

- Cancellation: once ``cancel`` is set, the current run stops within a second — child processes are
  terminated, then killed, then joined (no orphans, no zombies); threads stop at their next check.
  A ``KeyboardInterrupt`` (or any exception) in the calling thread does the same, then propagates.
- A worker that dies (exception, ``os._exit``, a signal) is reported as :class:`WorkerFailed` and
  never takes the caller down.
- Observation is cheap: workers batch progress and spans (every 0.1 s at most), the core sampler
  reads ``psutil.cpu_times`` every 0.25 s. ``observe=False`` turns all of it off (for benchmarks).
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import Any
from collections.abc import Callable, Iterable, Mapping, Sequence

from ds_tui.demos import prose
from ds_tui.demos.events import DemoFinished, Event, RunFinished
from ds_tui.demos.machine import default_start_method, machine_info
from ds_tui.demos.results import DemoReport, RunResult
from ds_tui.demos.session import DemoCancelled, Session
from ds_tui.demos.spec import Demo, DemoParams

__all__ = ["DemoCancelled", "Engine", "OnEvent", "Session", "run"]

OnEvent = Callable[[Event], None]


def run(demo: Demo, params: DemoParams | Mapping[str, Any] | None = None, on_event: OnEvent | None = None,
        cancel: threading.Event | None = None, start_method: str | None = None, *,
        modes: Iterable[str] | None = None, observe: bool = True) -> DemoReport:
    """Run ``demo`` with ``params`` (workers, size; defaults from its spec) and return its report.

    ``start_method``: "spawn", "fork" or "forkserver"; None is the platform's default. Events go to
    ``on_event`` in order (see :mod:`ds_tui.demos.events`); the last one is ``DemoFinished``. When
    ``cancel`` is set the report comes back early with ``cancelled=True`` and the runs finished so far.
    ``modes`` runs only those modes (without the baseline mode, speedups are None).
    ``observe=False`` sends no progress, spans or core samples (benchmarks measure its cost with it).
    Raises ValueError for bad parameters; KeyboardInterrupt after cleaning up.
    """
    spec = demo.spec
    p = spec.params(params)
    if start_method is not None and start_method not in multiprocessing.get_all_start_methods():
        raise ValueError(f"start method {start_method!r} is not available here")
    ctx = multiprocessing.get_context(start_method or default_start_method())  # never fixes the global default
    engine = Engine(demo.id, on_event, cancel or threading.Event(), ctx, observe,
                    None if modes is None else frozenset(modes))
    cancelled = False
    try:
        demo.run(engine, p)
    except DemoCancelled:
        cancelled = True
    machine = machine_info(engine.ctx.get_start_method())
    runs = tuple(engine.runs)
    metrics = demo.metrics(runs)
    text = prose.explanation(demo.explain, p, machine, runs, metrics, cancelled)
    report = DemoReport(demo.id, spec.report_params(p), machine, runs, text, metrics, cancelled)
    engine.emit(DemoFinished(report))
    return report


class Engine:
    """What a demo's run function drives: sessions (one per run) and the finished runs."""

    def __init__(self, demo: str, on_event: OnEvent | None, cancel: threading.Event, ctx: Any,
                 observe: bool = True, modes: frozenset[str] | None = None) -> None:
        self.demo = demo
        self.modes = modes
        self.on_event = on_event
        self.cancel = cancel
        self.ctx = ctx
        self.observe = observe
        self.runs: list[RunResult] = []

    def wants(self, mode: str) -> bool:
        return self.modes is None or mode in self.modes

    def emit(self, event: Event) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def session(self, mode: str, workers: int, lanes: Sequence[str], total: int) -> Session:
        if self.cancel.is_set():
            raise DemoCancelled()
        return Session(self, mode, workers, tuple(lanes), total)

    def finish(self, run: RunResult, baseline_wall_s: float | None = None) -> RunResult:
        run = run.with_baseline(baseline_wall_s)
        self.runs.append(run)
        self.emit(RunFinished(run))
        return run
