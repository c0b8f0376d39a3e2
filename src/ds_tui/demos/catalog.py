"""The demos as the rest of the program sees them, derived from the one list (:data:`ds_tui.demos.kinds.ALL`):
their specs by id, their modes' titles, and running, measuring and explaining a demo named by its id.

Always read through the list at call time (never copied at import), so a demo added to the list is seen
everywhere. Defaults follow the lessons' ``predict`` questions: cpu-bound with 4 threads / 4 processes;
io-bound with 16 tasks on 8 threads; race with 4 threads; worker-pool with 1, 2 and 4 workers; allreduce
with 4 workers (bytes_ratio 1.5); pipeline with 4 stages and 4 micro-batches (bubble 3/7; the lesson's
next question sets 16 micro-batches).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any
from collections.abc import Iterable

from ds_tui.demos import kinds, prose, runner
from ds_tui.demos.results import DemoReport, RunResult
from ds_tui.demos.spec import SIZES, Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.i18n import Text

__all__ = ["DEMOS", "SIZES", "DemoParams", "DemoSpec", "UnknownDemo", "demo", "demo_modes", "explain", "metric",
           "metrics", "mode_help", "mode_title", "run_demo", "spread_of"]


class UnknownDemo(KeyError):
    pass


class _Specs(Mapping[str, DemoSpec]):
    """Every demo's spec by id, in the list's order: a live view of :data:`ds_tui.demos.kinds.ALL`."""

    def __getitem__(self, demo_id: str) -> DemoSpec:
        return demo(demo_id).spec

    def __iter__(self) -> Iterator[str]:
        return iter([d.id for d in kinds.ALL])

    def __len__(self) -> int:
        return len(kinds.ALL)

    def __contains__(self, demo_id: object) -> bool:
        return any(d.id == demo_id for d in kinds.ALL)


DEMOS: Mapping[str, DemoSpec] = _Specs()


def demo(demo_id: str) -> Demo:
    """The demo named ``demo_id``; UnknownDemo (a KeyError) when the list has none."""
    found = next((d for d in kinds.ALL if d.id == demo_id), None)
    if found is None:
        raise UnknownDemo(demo_id)
    return found


def demo_modes(demo_id: str, params: DemoParams) -> tuple[str, ...]:
    """The modes a demo will run with these parameters (worker-pool's depend on the workers)."""
    return demo(demo_id).modes(params)


def _mode(mode: str) -> Mode | None:
    return next((found for d in kinds.ALL if (found := d.mode(mode)) is not None), None)


def mode_title(mode: str) -> Text:
    found = _mode(mode)
    return found.title if found is not None else Text(vi=mode, en=mode)


def mode_help(mode: str) -> Text:
    found = _mode(mode)
    return found.help if found is not None else Text(vi=mode, en=mode)


def metric(metric_id: str) -> Metric | None:
    """A metric of any demo, by its name (docs/lesson-format.md)."""
    return next((m for d in kinds.ALL for m in d.spec.measures if m.id == metric_id), None)


def spread_of(metric_id: str | None) -> float:
    """The relative run-to-run spread of a metric (0 for one no demo measures), see spec.Metric.spread."""
    found = metric(metric_id) if metric_id else None
    return found.spread if found is not None else 0.0


def metrics(demo_id: str, runs: tuple[RunResult, ...]) -> dict[str, float]:
    """The report's metrics, named as in docs/lesson-format.md (only for runs that finished)."""
    return demo(demo_id).metrics(runs)


def explain(demo_id: str, p: DemoParams, m: dict[str, Any], runs: tuple[RunResult, ...], measured: dict[str, float],
            cancelled: bool = False) -> Text:
    """The explanation of a demo's results, in Vietnamese and English, from the measurements and this machine."""
    return prose.explanation(demo(demo_id).explain, p, m, runs, measured, cancelled)


def run_demo(demo_id: str, params: DemoParams | Mapping[str, Any] | None = None,
             on_event: runner.OnEvent | None = None, cancel: threading.Event | None = None,
             start_method: str | None = None, *, modes: Iterable[str] | None = None,
             observe: bool = True) -> DemoReport:
    """Run the demo named ``demo_id`` (see :func:`ds_tui.demos.runner.run`). Raises UnknownDemo, ValueError
    for bad parameters; KeyboardInterrupt after cleaning up."""
    return runner.run(demo(demo_id), params, on_event, cancel, start_method, modes=modes, observe=observe)
