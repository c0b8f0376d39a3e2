"""Predict questions: which option a value measured by the linked demo stands for, on the machine
that measured it.

An option's range may be written relative to that machine (docs/lesson-format.md): a border
``{cores: 0.7}`` is 0.7 × the cores the run could use (min(workers, usable cores)), ``{workers: 0.5}``
half the run's workers, either with ``at_least: x`` as a floor. So "close to the number of cores you
can use" means the same on 2, 8 or 16 cores. A value too close to a border to tell the two options
apart (within the run-to-run spread) decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ds_tui.demos.catalog import spread_of
from ds_tui.lessons.model import Option, PredictQuestion
from ds_tui.lessons.ranges import in_range, resolved_range

@dataclass(frozen=True)
class Measurement:
    """A demo's figure and the machine it was measured on."""

    value: float
    cores: float | None = None  # what the run could use in parallel: min(workers, usable cores)
    workers: int | None = None


@dataclass(frozen=True)
class Decision:
    """What a measurement says about a predict question's options."""

    option: Option | None  # the option whose range holds the value
    close: tuple[Option, ...] = ()  # options within the spread of the value, when more than one

    @property
    def decided(self) -> bool:
        return self.option is not None and len(self.close) < 2


def _context(question: PredictQuestion, measured: Measurement) -> tuple[float, int]:
    """The run's workers and usable cores; a bare figure is taken as a run that could use all its workers."""
    workers = measured.workers or int(question.demo_settings.get("workers", 1) or 1)
    return (measured.cores if measured.cores is not None else float(workers)), workers


def option_for(question: PredictQuestion, measured: float | Measurement) -> Option | None:
    """The option whose range holds the value; an exact-value range (``[0, 0]``) before the range
    that starts at the same border."""
    if not isinstance(question, PredictQuestion):  # an untyped caller's mistake, said plainly
        raise ValueError(f"question {question.id} is not a predict question")
    m = as_measurement(measured)
    cores, workers = _context(question, m)
    ranged = [(o, resolved_range(o, cores, workers)) for o in question.options]
    ranged.sort(key=lambda pair: not (pair[1] is not None and pair[1][0] is not None and pair[1][0] == pair[1][1]))
    return next((o for o, bounds in ranged if in_range(m.value, bounds)), None)


def decide(question: PredictQuestion, measured: float | Measurement) -> Decision:
    """The measured option, and whether a run-to-run spread of the value could have landed elsewhere."""
    m = as_measurement(measured)
    option = option_for(question, m)
    spread = spread_of(question.metric) * abs(m.value)
    if spread == 0:
        return Decision(option)
    cores, workers = _context(question, m)
    near = [o for o in question.options
            if any(in_range(v, resolved_range(o, cores, workers)) for v in (m.value - spread, m.value, m.value + spread))]
    return Decision(option, tuple(near) if len(near) > 1 else ())


def as_measurement(measured: float | Measurement) -> Measurement:
    return measured if isinstance(measured, Measurement) else Measurement(float(measured))


def measured_value(question: PredictQuestion, metrics: Mapping[str, float]) -> float | None:
    """The question's metric in a demo report's ``metrics`` (None when that run did not produce it)."""
    value = metrics.get(question.metric)
    return float(value) if value is not None else None


def measurement(question: PredictQuestion, report: Any) -> Measurement | None:
    """The question's figure in a demo report, with the machine the report says it ran on."""
    value = measured_value(question, report.metrics)
    if value is None:
        return None
    workers = report.params.get("workers") if isinstance(report.params, Mapping) else None
    bound = report.machine.get("speedup_bound") or report.machine.get("usable_cores")
    cores = min(float(workers), float(bound)) if workers and bound else None
    return Measurement(value, cores, int(workers) if workers else None)


def expected_option_ids(question: PredictQuestion, measured: float | Measurement | None) -> tuple[str, ...]:
    """The right answer: the option holding the measured value, else the lesson's expected one."""
    if measured is not None:
        option = option_for(question, measured)
        if option is not None:
            return (option.id,)
    return question.correct_option_ids
