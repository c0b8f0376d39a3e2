"""Predict questions: which option a value measured by the linked demo stands for."""

from __future__ import annotations

from collections.abc import Mapping

from ds_tui.lessons.model import Option, Question, QuestionKind


def in_range(value: float, bounds: tuple[float | None, float | None] | None) -> bool:
    """``[low, high)``: a value on a border belongs to the option that starts there (no double match).
    ``[x, x]`` is exactly x (e.g. "no update lost": ``[0, 0]``)."""
    if bounds is None:
        return False
    low, high = bounds
    if low is not None and low == high:
        return value == low
    return (low is None or value >= low) and (high is None or value < high)


def option_for(question: Question, value: float) -> Option | None:
    """The option whose range holds ``value`` (the first one, when a teacher made ranges overlap)."""
    if question.kind is not QuestionKind.PREDICT:
        raise ValueError(f"question {question.id} is not a predict question")
    return next((o for o in question.options if in_range(value, o.range)), None)


def measured_value(question: Question, metrics: Mapping[str, float]) -> float | None:
    """The question's metric in a demo report's ``metrics`` (None when that run did not produce it)."""
    if question.metric is None:
        return None
    value = metrics.get(question.metric)
    return float(value) if value is not None else None


def expected_option_ids(question: Question, measured: float | None) -> tuple[str, ...]:
    """The right answer: the option holding the measured value, else the lesson's expected one."""
    if measured is not None:
        option = option_for(question, measured)
        if option is not None:
            return (option.id,)
    return question.correct_option_ids
