"""Predict-question ranges: their borders on a given machine, and whether they cover every value.

A border is a number, null (open end), or relative to the machine the demo runs on
(:class:`~ds_tui.lessons.model.Scaled`): ``{cores: 0.7}`` is 0.7 × min(workers, usable cores),
``{workers: 0.5}`` half the run's workers, either with ``at_least: x`` as a floor.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ds_tui.i18n import many
from ds_tui.lessons.model import Bound, Option, PredictQuestion, Scaled

# machines a question must make sense on: validate checks the ranges at each of these core counts
CORE_COUNTS: tuple[float, ...] = (1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128)


def resolve(bound: Bound, cores: float, workers: int) -> float | None:
    if bound is None or isinstance(bound, float | int):
        return bound
    unit = cores if bound.per == "cores" else float(workers)
    return max(bound.at_least, bound.factor * unit)


def resolved_range(option: Option, cores: float, workers: int) -> tuple[float | None, float | None] | None:
    if option.range is None:
        return None
    low, high = option.range
    return resolve(low, cores, workers), resolve(high, cores, workers)


def relative(question: PredictQuestion) -> bool:
    return any(isinstance(b, Scaled) for o in question.options if o.range for b in o.range)


def in_range(value: float, bounds: tuple[float | None, float | None] | None) -> bool:
    """``[low, high)``: a value on a border belongs to the option that starts there (no double match).
    ``[x, x]`` is exactly x (e.g. "no update lost": ``[0, 0]``)."""
    if bounds is None:
        return False
    low, high = bounds
    if low is not None and low == high:
        return value == low
    return (low is None or value >= low) and (high is None or value < high)


def coverage_problems(question: PredictQuestion, core_counts: Iterable[float] = CORE_COUNTS) -> list[str]:
    """Where the options' ranges leave a gap or overlap, on a machine of any of ``core_counts`` cores.

    Taken from the lowest border up: the lowest range starts at null (or at 0, the least value a
    demo measures), each ends where the next starts, the highest ends at null; a range ``[x, x]``
    (exactly x) may share its border with the next. A range that is empty on some machine is fine
    (that answer cannot happen there); one whose low is above its high overlaps its neighbours.
    """
    if any(o.range is None for o in question.options):
        return ["every option of a predict question needs a range"]
    workers = int(question.demo_settings.get("workers", 0) or 0)
    for n in core_counts:
        w = workers or max(1, math.ceil(n))
        where = f"with {many(n, 'usable core')}" + ("" if workers else f" and {many(w, 'worker')}")
        problems = _machine_problems(question.options, min(float(w), float(n)), w)
        if problems:
            return [f"{where}: {p}" for p in problems[:3]]  # the first machine that fails says enough
    return []


def _machine_problems(options: tuple[Option, ...], cores: float, workers: int) -> list[str]:
    ranges = [(o.id, *bounds) for o in options if (bounds := resolved_range(o, cores, workers)) is not None]
    problems = [f"option '{oid}' runs from {lo:g} down to {hi:g}: it overlaps its neighbours"
                for oid, lo, hi in ranges if lo is not None and hi is not None and lo > hi]
    if problems:
        return problems
    ranges.sort(key=lambda r: (-math.inf if r[1] is None else r[1], r[1] != r[2]))  # [x, x] before [x, y)
    first, last = ranges[0], ranges[-1]
    if first[1] is not None and first[1] > 0:
        problems.append(f"nothing covers values below {first[1]:g} (start the lowest range at null)")
    if last[2] is not None:
        problems.append(f"nothing covers values from {last[2]:g} (end the highest range at null)")
    for (a, _, high), (b, low, _) in zip(ranges, ranges[1:]):
        if high is None or low is None:
            problems.append(f"options '{a}' and '{b}' both reach an open end")
        elif not math.isclose(high, low, rel_tol=1e-9, abs_tol=1e-12):
            kind = "a gap" if high < low else "an overlap"
            problems.append(f"{kind} between option '{a}' (to {high:g}) and option '{b}' (from {low:g})")
    return problems
