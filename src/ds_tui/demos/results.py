"""Measured results of a demo: one RunResult per mode, a DemoReport for the demo, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ds_tui.i18n import Text


@dataclass(frozen=True, slots=True)
class Span:
    worker: int
    start_s: float
    end_s: float
    kind: str = "cpu"  # "cpu" | "io" | "fwd" | "bwd" (see events.WorkerSpan)


@dataclass(frozen=True, slots=True)
class Failure:
    worker: int
    reason: str
    exitcode: int | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    mode: str
    workers: int
    wall_s: float  # from starting the workers to the last one finished (process start-up included)
    cpu_s: float  # CPU time of all workers (process_time in each child, thread_time in each thread)
    ok: bool  # the result is correct (for the race demo: no update was lost)
    speedup: float | None = None  # measured: baseline wall ÷ this wall (None when the demo has no baseline)
    efficiency: float | None = None  # speedup ÷ workers
    lanes: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()  # the busy timeline
    core_mean: tuple[float, ...] = ()  # mean busy % per logical CPU during the run (whole machine)
    failures: tuple[Failure, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # demo-specific figures, see each demo's module (ds_tui.demos.kinds)

    def with_baseline(self, baseline_wall_s: float | None) -> RunResult:
        if not baseline_wall_s or self.wall_s <= 0:
            return self
        speedup = baseline_wall_s / self.wall_s
        return replace(self, speedup=speedup, efficiency=speedup / max(1, self.workers))

    def busy_s(self) -> list[float]:
        """Seconds each lane was busy (cpu and io spans)."""
        busy = [0.0] * max(len(self.lanes), 1 + max((s.worker for s in self.spans), default=-1))
        for s in self.spans:
            busy[s.worker] += s.end_s - s.start_s
        return busy


@dataclass(frozen=True, slots=True)
class DemoReport:
    demo: str
    params: dict[str, Any]
    machine: dict[str, Any]  # usable_cores, logical_cpus, gil_enabled, start_method, python, platform, ...
    runs: tuple[RunResult, ...]
    explanation: Text
    metrics: dict[str, float]  # the names of docs/lesson-format.md, e.g. "speedup.threads"
    cancelled: bool = False

    def run(self, mode: str) -> RunResult | None:
        return next((r for r in self.runs if r.mode == mode), None)


def _num(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(float(x), digits)


def run_to_json(run: RunResult, timeline: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "mode": run.mode,
        "workers": run.workers,
        "wall_s": _num(run.wall_s),
        "cpu_s": _num(run.cpu_s),
        "speedup": _num(run.speedup, 3),
        "efficiency": _num(run.efficiency, 3),
        "ok": bool(run.ok),
        "lanes": list(run.lanes),
        "busy_s": [round(b, 4) for b in run.busy_s()],
        "core_mean_percent": [round(c, 1) for c in run.core_mean],
        "failures": [{"worker": f.worker, "reason": f.reason, "exitcode": f.exitcode} for f in run.failures],
        "extra": _plain(run.extra),
    }
    if timeline:
        out["timeline"] = [[s.worker, round(s.start_s, 4), round(s.end_s, 4), s.kind] for s in run.spans]
    return out


def to_json(report: DemoReport, timeline: bool = False) -> dict[str, Any]:
    """The report as JSON-ready data. ``timeline=True`` adds every span as [worker, start_s, end_s, kind]."""
    return {
        "demo": report.demo,
        "params": _plain(report.params),
        "machine": _plain(report.machine),
        "runs": [run_to_json(r, timeline) for r in report.runs],
        "metrics": {k: _num(v) for k, v in report.metrics.items()},
        "explanation": {"en": report.explanation.en or "", "vi": report.explanation.vi or ""},
        "cancelled": report.cancelled,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)
