"""Grading every question kind of the lesson schema, with partial credit where the kind allows it.

An answer is plain data (what the UI collects and the store keeps as JSON):

========== ===========================================================
single     an option id
multi      a collection of option ids
true_false a bool
classify   a mapping item id -> category id
order      a sequence of item ids, first to last
numeric    a number
predict    an option id (graded against the measured value, when given)
========== ===========================================================

``None`` (or an empty collection) is "no answer" and scores 0. Ids the question does not have are
an :class:`InvalidAnswer`: the interface never sends them, so they mean a bug or a changed lesson.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

from ds_tui.i18n import Text
from ds_tui.lessons.model import (
    ChoiceQuestion,
    ClassifyQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    SingleQuestion,
    ToleranceKind,
    TrueFalseQuestion,
)
from ds_tui.numbers import general
from ds_tui.quiz.predict import Measurement, as_measurement, decide, expected_option_ids

_EPS = 1e-9  # float slack on tolerance borders: 4.7 ± 0.1 accepts 4.8 although 4.8 - 4.7 > 0.1 in binary


class InvalidAnswer(ValueError):
    """The answer names ids the question does not have, or has the wrong shape."""


@dataclass(frozen=True)
class Grade:
    score: float  # 0..1
    marks: Mapping[str, bool] = field(default_factory=dict)  # per option / item id: was this part right
    expected: Any = None  # the right answer, in the answer's own shape
    measured: float | None = None  # predict: what the demo measured
    answered: bool = True  # False for an empty answer
    decided: bool = True  # predict: False when the measurement was too close to a border to grade the answer
    close: tuple[str, ...] = ()  # predict: the options the measurement could not tell apart

    @property
    def correct(self) -> bool:
        return self.score >= 1.0 - _EPS


def grade(question: Question, answer: Any, measured: float | Measurement | None = None) -> Grade:
    """Grade ``answer`` to ``question``; ``measured`` is a predict question's demo result."""
    if isinstance(question, PredictQuestion):
        return _predict(question, answer, measured)
    if _empty(answer):
        return Grade(0.0, expected=expected_answer(question), answered=False)
    match question:
        case SingleQuestion():
            return _single(question, answer)
        case MultiQuestion():
            return _multi(question, answer)
        case TrueFalseQuestion():
            return _true_false(question, answer)
        case ClassifyQuestion():
            return _classify(question, answer)
        case OrderQuestion():
            return _order(question, answer)
        case NumericQuestion():
            return _numeric(question, answer)
        case _:
            assert_never(question)


def expected_answer(question: Question, measured: float | Measurement | None = None) -> Any:
    match question:
        case SingleQuestion():
            ids = question.correct_option_ids
            return ids[0] if ids else None
        case PredictQuestion():
            ids = expected_option_ids(question, measured)
            return ids[0] if ids else None
        case MultiQuestion():
            return tuple(question.correct_option_ids)
        case ClassifyQuestion():
            return {item.id: item.answer for item in question.items}
        case TrueFalseQuestion() | OrderQuestion() | NumericQuestion():
            return question.answer
        case _:
            assert_never(question)


def _empty(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return answer == ""
    if isinstance(answer, (Mapping, Sequence, set, frozenset)):
        return len(answer) == 0
    return False


def _option_ids(question: ChoiceQuestion) -> set[str]:
    return {o.id for o in question.options}


def _single(question: SingleQuestion, answer: Any) -> Grade:
    if not isinstance(answer, str) or answer not in _option_ids(question):
        raise InvalidAnswer(f"{question.id}: no option {answer!r}")
    right = answer in question.correct_option_ids
    return Grade(1.0 if right else 0.0, {answer: right}, expected_answer(question))


def _multi(question: MultiQuestion, answer: Any) -> Grade:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (Sequence, set, frozenset)):
        raise InvalidAnswer(f"{question.id}: a multi answer is a list of option ids")
    picked = set(answer)
    unknown = picked - _option_ids(question)
    if unknown:
        raise InvalidAnswer(f"{question.id}: no such option: {', '.join(sorted(unknown))}")
    correct = set(question.correct_option_ids)
    hits, wrong = len(picked & correct), len(picked - correct)
    # each right pick earns 1/|correct|, each wrong pick costs as much: picking everything is not a strategy
    score = max(0.0, (hits - wrong) / len(correct)) if correct else (1.0 if not picked else 0.0)
    return Grade(score, {oid: oid in correct for oid in picked}, expected_answer(question))


def _true_false(question: TrueFalseQuestion, answer: Any) -> Grade:
    if not isinstance(answer, bool):
        raise InvalidAnswer(f"{question.id}: a true/false answer is true or false")
    right = answer is question.answer
    return Grade(1.0 if right else 0.0, {"true" if answer else "false": right}, question.answer)


def _classify(question: ClassifyQuestion, answer: Any) -> Grade:
    if not isinstance(answer, Mapping):
        raise InvalidAnswer(f"{question.id}: a classify answer maps items to categories")
    items = {item.id: item.answer for item in question.items}
    categories = {c.id for c in question.categories}
    unknown = [k for k in answer if k not in items] + [v for v in answer.values() if v not in categories]
    if unknown:
        raise InvalidAnswer(f"{question.id}: unknown item or category {', '.join(map(str, unknown))}")
    marks = {item_id: answer.get(item_id) == category for item_id, category in items.items() if item_id in answer}
    return Grade(sum(marks.values()) / len(items), marks, expected_answer(question))


def _order(question: OrderQuestion, answer: Any) -> Grade:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Sequence):
        raise InvalidAnswer(f"{question.id}: an order answer is a list of item ids")
    right = list(question.answer)
    given = list(answer)
    if len(set(given)) != len(given) or set(given) - set(right):
        raise InvalidAnswer(f"{question.id}: each item once, from {', '.join(right)}")
    # Rank agreement: the share of item pairs the student put in the right relative order. One item
    # out of place costs a little; a reversed list scores 0. Items left out count as unordered pairs.
    rank = {item: i for i, item in enumerate(given)}
    pairs = [(a, b) for i, a in enumerate(right) for b in right[i + 1:]]
    good = sum(1 for a, b in pairs if a in rank and b in rank and rank[a] < rank[b])
    score = good / len(pairs) if pairs else float(given == right)
    marks = {item: i < len(given) and given[i] == item for i, item in enumerate(right) if item in rank}
    return Grade(score, marks, tuple(right))


def numeric_ok(question: NumericQuestion, value: float) -> bool:
    target = float(question.answer)
    tol = question.tolerance
    if not math.isfinite(value):
        return False
    if tol.kind is ToleranceKind.ABS:
        return abs(value - target) <= tol.value + _EPS * max(1.0, abs(target))
    if tol.kind is ToleranceKind.REL:
        return abs(value - target) <= tol.value * abs(target) * (1 + _EPS) + _EPS
    if value <= 0 or target <= 0:  # orders of magnitude exist only for positive numbers
        return value == target
    return abs(math.log10(value) - math.log10(target)) <= tol.value + _EPS


def number_words(value: float, lang: str) -> str:
    """A number as a lesson's reader writes it: 0.3 (en), 0,3 (vi)."""
    return general(value, lang)


def tolerance_text(question: Question) -> Text | None:
    """How close a numeric answer must be to count as right, said before answering (not the answer itself)."""
    if not isinstance(question, NumericQuestion):
        return None
    tol = question.tolerance
    unit_en = f" {question.unit.show('en')}" if question.unit else ""
    unit_vi = f" {question.unit.show('vi')}" if question.unit else ""
    if tol.value == 0:
        return Text(en="Only the exact number counts as right.", vi="Chỉ đúng con số chính xác mới được tính là đúng.")
    v_en, v_vi = number_words(tol.value, "en"), number_words(tol.value, "vi")
    if tol.kind is ToleranceKind.ABS:
        return Text(en=f"Right if within ± {v_en}{unit_en} of the answer.",
                    vi=f"Được tính đúng nếu lệch không quá ± {v_vi}{unit_vi} so với đáp án.")
    if tol.kind is ToleranceKind.REL:
        pct_en, pct_vi = number_words(round(tol.value * 100, 2), "en"), number_words(round(tol.value * 100, 2), "vi")
        return Text(en=f"Right if within ± {pct_en}% of the answer.",
                    vi=f"Được tính đúng nếu lệch không quá ± {pct_vi}% so với đáp án.")
    factor = 10 ** tol.value
    f_en, f_vi = number_words(float(f"{factor:.2g}"), "en"), number_words(float(f"{factor:.2g}"), "vi")
    return Text(en=f"Right if the order of magnitude is right: up to ×{f_en} above or below the answer.",
                vi=f"Được tính đúng nếu đúng bậc độ lớn: lớn hơn hoặc nhỏ hơn đáp án tối đa {f_vi} lần.")


def _numeric(question: NumericQuestion, answer: Any) -> Grade:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise InvalidAnswer(f"{question.id}: a numeric answer is a number")
    right = numeric_ok(question, float(answer))
    return Grade(1.0 if right else 0.0, {"value": right}, question.answer)


def _predict(question: PredictQuestion, answer: Any, measured: float | Measurement | None) -> Grade:
    expected = expected_answer(question, measured)
    value = None if measured is None else as_measurement(measured).value
    if _empty(answer):
        return Grade(0.0, expected=expected, measured=value, answered=False)
    if not isinstance(answer, str) or answer not in _option_ids(question):
        raise InvalidAnswer(f"{question.id}: no option {answer!r}")
    if measured is not None:
        decision = decide(question, measured)
        close = tuple(o.id for o in decision.close)
        if not decision.decided and answer in close:  # within the noise of a border: neither right nor wrong
            return Grade(0.0, {}, expected, value, decided=False, close=close)
    right = answer == expected
    return Grade(1.0 if right else 0.0, {answer: right}, expected, value)
