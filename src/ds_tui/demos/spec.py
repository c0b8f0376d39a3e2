"""What a demo is, as data: its parameters, modes, metrics and the functions that run and explain it.

A leaf: it imports no demo and nothing of the engine. Each demo module (``ds_tui.demos.kinds.*``) builds
one :class:`Demo`; ``ds_tui.demos.kinds.ALL`` lists them, and everything else is derived from that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Mapping

from ds_tui.i18n import Text

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary
    from ds_tui.demos.prose import Doc
    from ds_tui.demos.results import RunResult
    from ds_tui.demos.runner import Engine

SIZES: tuple[str, ...] = ("small", "medium", "large")
MAX_WORKERS = 64
MAX_MICROBATCHES = 64
VIEWS: tuple[str, ...] = ("timeline", "gantt", "ring")  # how the app draws a run, see DemoSpec.view

SIZE_TITLES: dict[str, Text] = {"small": Text(en="small", vi="nhỏ"), "medium": Text(en="medium", vi="vừa"),
                                 "large": Text(en="large", vi="lớn")}


def size_title(size: str) -> Text:
    """A demo size as the student reads it (the value stays the English id, as `ds-tui demo --size` takes it)."""
    return SIZE_TITLES.get(size, Text(en=size, vi=size))


@dataclass(frozen=True)
class DemoParams:
    workers: int
    size: str = "medium"
    microbatches: int | None = None  # pipeline only; None: the demo's default


@dataclass(frozen=True)
class Mode:
    """One way a demo runs its work (a row of the results, a track of the timeline)."""

    id: str
    title: Text  # short: table rows, tabs, timeline headers
    help: Text  # one line


FORMS: tuple[str, ...] = ("times", "percent", "count", "number")


@dataclass(frozen=True)
class Metric:
    """A figure a demo's report states under a fixed name (docs/lesson-format.md), which a lesson's predict
    question may ask about.

    ``spread``: speedups and throughput ratios move ~5% run to run on a 2-vCPU VM even as the fastest of
    several runs (benchmarks/cpu_scaling.py), a single run much more, so ±10% is what one run can claim;
    the pipeline's bubble follows its fixed schedule closely (±2%); lost-update counts and bytes are exact.
    A prediction within the spread of an option's border is "too close to call"."""

    id: str  # e.g. "speedup.threads"
    title: Text  # as the class quiz names it
    form: str = "number"  # "times": 3.41×, "percent": 38%, "count": 12,345, "number": as it is
    spread: float = 0.0  # how much it moves between two runs on one machine, relative to it (0: exact)

    def format(self, value: float) -> str:
        """The value as the class reads it."""
        if self.form == "times":
            return f"{value:.2f}×"
        if self.form == "percent":
            return f"{value:.0%}"
        if self.form == "count":
            return f"{value:,.0f}"
        return f"{value:g}"


def _whole(value: Any, low: int, high: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return value


@dataclass(frozen=True)
class DemoSpec:
    id: str
    title: Text
    summary: Text  # one line
    embed_title: Text  # how a lesson's embed and the lesson checker name it ("CPU-bound demo")
    run_modes: tuple[Mode, ...]  # in the order they run
    default_workers: int
    workers_help: Text
    measures: tuple[Metric, ...] = ()  # the report's metrics
    min_workers: int = 1
    default_size: str = "medium"
    default_microbatches: int | None = None  # set: the demo takes a micro-batch count (pipeline)
    view: str = "timeline"  # "timeline": busy timeline; "gantt": a pipeline schedule; "ring": timeline + ring

    @property
    def modes(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.run_modes)

    @property
    def metrics(self) -> tuple[str, ...]:
        """The names of the report's metrics (docs/lesson-format.md)."""
        return tuple(m.id for m in self.measures)

    def params(self, given: DemoParams | Mapping[str, Any] | None = None) -> DemoParams:
        """Complete and check parameters; ValueError names a bad one."""
        if isinstance(given, DemoParams):
            workers, size, micro = given.workers, given.size, given.microbatches
        else:
            given = dict(given or {})
            unknown = set(given) - {"workers", "size", "microbatches"}
            if unknown:
                raise ValueError(f"unknown parameter{'' if len(unknown) == 1 else 's'} for demo {self.id}: "
                                 f"{', '.join(sorted(unknown))}")
            workers = self.default_workers if given.get("workers") is None else given["workers"]
            size = given.get("size") or self.default_size
            micro = given.get("microbatches")
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
        _whole(workers, self.min_workers, MAX_WORKERS, "workers")
        if micro is not None:
            if self.default_microbatches is None:
                raise ValueError(f"demo {self.id} takes no micro-batch count (only the pipeline demo does)")
            _whole(micro, 1, MAX_MICROBATCHES, "microbatches")
        return DemoParams(workers, size, micro)

    def microbatches(self, p: DemoParams) -> int | None:
        """The micro-batch count a run uses (None for demos without micro-batches)."""
        if self.default_microbatches is None:
            return None
        return p.microbatches or self.default_microbatches

    def report_params(self, p: DemoParams) -> dict[str, Any]:
        """The parameters as a report states them (with the micro-batches where the demo has them)."""
        out: dict[str, Any] = {"workers": p.workers, "size": p.size}
        if self.default_microbatches is not None:
            out["microbatches"] = self.microbatches(p)
        return out


RunFn = Callable[["Engine", DemoParams], None]
MetricsFn = Callable[[tuple["RunResult", ...]], dict[str, float]]
# (doc, params, machine, runs by mode, runs, metrics): adds the demo's paragraphs to doc
ExplainFn = Callable[["Doc", DemoParams, dict[str, Any], dict[str, "RunResult"], tuple["RunResult", ...],
                      dict[str, float]], None]
NoteFn = Callable[["RunResult", str], str]
HeadlineFn = Callable[["RunSummary", str], "str | None"]


def no_note(run: RunResult, lang: str) -> str:
    return ""


def no_metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    return {}


@dataclass(frozen=True)
class Demo:
    """A demo, whole: what the catalog shows (spec), what runs (run: a scenario driving the engine's
    sessions), the metrics it reports, its explanation and the note of a run's row in the results.

    Every function is a top-level one of the demo's module: a Demo pickles by reference (it crosses into
    the isolated demo process)."""

    spec: DemoSpec
    run: RunFn
    explain: ExplainFn
    metrics: MetricsFn = no_metrics  # only names of spec.measures, only for runs that finished
    note: NoteFn = no_note  # one figure a run's row needs beyond its time ("lost 3,211 / 20,000")
    # the modes a run with these parameters will run, when they depend on them (worker-pool, allreduce)
    modes_for: Callable[[DemoParams], tuple[str, ...]] | None = None
    # a mode named from the parameters ("pool-8"): its title and help, None when not one of this demo's
    mode_named: Callable[[str], Mode | None] | None = None
    # a saved run in one short line, the figure the demo is about (None: "done" / "with errors")
    headline: HeadlineFn | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    def modes(self, p: DemoParams) -> tuple[str, ...]:
        return self.modes_for(p) if self.modes_for is not None else self.spec.modes

    def mode(self, mode: str) -> Mode | None:
        found = next((m for m in self.spec.run_modes if m.id == mode), None)
        if found is None and self.mode_named is not None:
            found = self.mode_named(mode)
        return found
