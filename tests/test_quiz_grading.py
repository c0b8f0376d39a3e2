"""Grading, table-driven for every question kind, with the edge cases."""

from __future__ import annotations

import msgspec

import pytest

from ds_tui.lessons.model import ToleranceKind
from ds_tui.quiz.grading import InvalidAnswer, grade
from ds_tui.quiz.predict import option_for
from tests import quiz_helpers as q

CASES = [
    # (question, answer, expected score)
    (q.single(), "a", 1.0),
    (q.single(), "b", 0.0),
    (q.single(), None, 0.0),
    (q.single(), "", 0.0),
    (q.multi(), ["a", "b"], 1.0),
    (q.multi(), {"a"}, 0.5),
    (q.multi(), ["a", "c"], 0.0),  # a wrong pick costs what a right one earns
    (q.multi(), ["a", "b", "c"], 0.5),
    (q.multi(), ["a", "b", "c", "d"], 0.0),  # picking everything is not a strategy
    (q.multi(), ["c", "d"], 0.0),  # never below zero
    (q.multi(), [], 0.0),
    (q.true_false(answer=True), True, 1.0),
    (q.true_false(answer=True), False, 0.0),
    (q.true_false(answer=False), False, 1.0),
    (q.classify(), {"web": "thread", "render": "process", "chat": "thread"}, 1.0),
    (q.classify(), {"web": "thread", "render": "thread", "chat": "thread"}, 2 / 3),
    (q.classify(), {"web": "thread"}, 1 / 3),  # unclassified items earn nothing
    (q.classify(), {}, 0.0),
    (q.order(), ["w", "x", "y", "z"], 1.0),
    (q.order(), ["z", "y", "x", "w"], 0.0),
    (q.order(), ["x", "w", "y", "z"], 5 / 6),  # one adjacent swap: 5 of 6 pairs still in order
    (q.order(), ["w", "x", "y"], 3 / 6),  # a missing item leaves its pairs unordered
    (q.numeric(), 4.7, 1.0),
    (q.numeric(), 4.8, 1.0),  # on the border: accepted despite 4.8 - 4.7 > 0.1 in binary
    (q.numeric(), 4.6, 1.0),
    (q.numeric(), 4.81, 0.0),
    (q.numeric(), 4, 0.0),
    (q.numeric(kind=ToleranceKind.REL, value=0.05, answer=100), 105, 1.0),
    (q.numeric(kind=ToleranceKind.REL, value=0.05, answer=100), 95, 1.0),
    (q.numeric(kind=ToleranceKind.REL, value=0.05, answer=100), 105.1, 0.0),
    (q.numeric(kind=ToleranceKind.MAGNITUDE, value=1, answer=3.14e23), 1e23, 1.0),
    (q.numeric(kind=ToleranceKind.MAGNITUDE, value=1, answer=3.14e23), 3.14e24, 1.0),  # exactly one order
    (q.numeric(kind=ToleranceKind.MAGNITUDE, value=1, answer=3.14e23), 3.2e24, 0.0),
    (q.numeric(kind=ToleranceKind.MAGNITUDE, value=1, answer=3.14e23), -3.14e23, 0.0),
    (q.numeric(kind=ToleranceKind.MAGNITUDE, value=1, answer=3.14e23), 0, 0.0),
    (q.numeric(), float("nan"), 0.0),
    (q.numeric(), float("inf"), 0.0),
]


@pytest.mark.parametrize(("question", "answer", "score"), CASES,
                         ids=[f"{c[0].kind}-{i}" for i, c in enumerate(CASES)])
def test_grading_table(question, answer, score):
    result = grade(question, answer)
    assert result.score == pytest.approx(score)
    assert result.correct is (score == 1.0)


@pytest.mark.parametrize(("question", "answer"), [
    (q.single(), "zz"),
    (q.single(), 3),
    (q.multi(), ["a", "zz"]),
    (q.multi(), "ab"),
    (q.true_false(), "yes"),
    (q.classify(), {"nope": "thread"}),
    (q.classify(), {"web": "gpu"}),
    (q.classify(), ["web"]),
    (q.order(), ["w", "w", "x", "y"]),
    (q.order(), ["w", "x", "y", "q"]),
    (q.numeric(), "4.7"),
    (q.numeric(), True),
    (q.predict(), "zz"),
])
def test_unknown_ids_and_wrong_shapes_are_invalid(question, answer):
    with pytest.raises(InvalidAnswer):
        grade(question, answer)


def test_empty_answer_is_marked_unanswered():
    for question in (q.single(), q.multi(), q.classify(), q.order(), q.numeric(), q.predict()):
        result = grade(question, None)
        assert not result.answered and result.score == 0


def test_marks_say_which_parts_were_right():
    result = grade(q.multi(), ["a", "c"])
    assert dict(result.marks) == {"a": True, "c": False}
    result = grade(q.classify(), {"web": "thread", "render": "thread"})
    assert dict(result.marks) == {"web": True, "render": False}
    assert result.expected == {"web": "thread", "render": "process", "chat": "thread"}
    result = grade(q.order(), ["x", "w", "y", "z"])
    assert dict(result.marks) == {"w": False, "x": False, "y": True, "z": True}


@pytest.mark.parametrize(("measured", "right"), [
    (1.0, "a"), (1.29, "a"), (1.3, "b"), (2.49, "b"), (2.5, "c"), (7.0, "c"),
])
def test_the_measured_value_picks_the_option_whose_range_holds_it(measured, right):
    assert option_for(q.predict(), measured).id == right


@pytest.mark.parametrize(("measured", "right"), [(1.0, "a"), (1.8, "b"), (7.0, "c")])
def test_predict_is_graded_against_the_measured_value(measured, right):
    question = q.predict()
    for pick in "abc":
        result = grade(question, pick, measured=measured)
        assert result.decided and result.correct is (pick == right)
        assert result.measured == measured and result.expected == right


@pytest.mark.parametrize(("measured", "close"), [(1.25, ("a", "b")), (1.35, ("a", "b")), (2.4, ("b", "c"))])
def test_a_value_within_the_spread_of_a_border_decides_nothing_between_those_options(measured, close):
    """Speedups move ~10% between runs: 1.25x and 1.35x both sit within that of the border at 1.3."""
    question = q.predict()
    for pick in close:
        result = grade(question, pick, measured=measured)
        assert not result.decided and not result.correct and set(result.close) == set(close)
    far = next(o for o in "abc" if o not in close)
    assert grade(question, far, measured=measured).decided  # a far-off prediction is still wrong
    assert not grade(question, far, measured=measured).correct


def test_predict_without_a_measurement_uses_the_lessons_expected_option():
    question = q.predict()
    assert grade(question, "a").correct and not grade(question, "b").correct
    assert grade(question, "a").measured is None


def test_predict_measurement_outside_every_range_falls_back_to_expected():
    question = q.predict()
    gap = msgspec.structs.replace(question, options=(q.opt("a", True, (0, 1)), q.opt("b", False, (2, 3))))
    assert option_for(gap, 1.5) is None
    assert grade(gap, "a", measured=1.5).correct


def test_a_zero_width_range_means_exactly_that_value():
    question = q.predict()
    exact = msgspec.structs.replace(question, options=(q.opt("a", True, (1.0, None)), q.opt("b", False, (0.0, 0.0))))
    assert option_for(exact, 0.0).id == "b"
    assert option_for(exact, 0.5) is None
    assert option_for(exact, 12.0).id == "a"
