"""Making an answer key by key: what each key does to each kind's draft."""

from __future__ import annotations

from ds_tui.quiz.drafting import (
    ChoiceDraft,
    ClassifyDraft,
    NumberDraft,
    OrderDraft,
    draft_for,
    shuffled_order,
)
from ds_tui.quiz.grading import grade
from tests import quiz_helpers as q


def test_single_pick_replaces_and_out_of_range_is_ignored():
    d = draft_for(q.single())
    assert isinstance(d, ChoiceDraft) and d.value() is None and not d.complete
    assert d.pick(2) and d.value() == "b"
    assert d.pick(1) and d.value() == "a"
    assert not d.pick(4) and not d.pick(0) and d.value() == "a"
    assert [r.marker for r in d.rows()] == ["(●)", "( )", "( )"]


def test_multi_numbers_toggle_and_space_toggles_the_cursor():
    d = draft_for(q.multi())
    d.pick(1), d.pick(3), d.pick(3), d.pick(2)
    assert d.value() == ["a", "b"]
    d.move(1)  # cursor from b (row 2) to c
    d.toggle()
    assert d.value() == ["a", "b", "c"]
    assert [r.marker for r in d.rows()] == ["[x]", "[x]", "[x]", "[ ]"] and d.rows()[2].cursor
    d.move(2)  # wraps around to the first row
    assert d.rows()[0].cursor


def test_true_false_gives_a_bool():
    d = draft_for(q.true_false())
    assert d.value() is None
    d.pick(2)
    assert d.value() is False and d.complete
    d.pick(1)
    assert d.value() is True and grade(q.true_false(), d.value()).correct


def test_classify_assigns_and_moves_to_the_next_open_item():
    d = draft_for(q.classify())
    assert isinstance(d, ClassifyDraft)
    d.pick(1)  # web -> thread, cursor to render
    assert d.cursor == 1
    d.pick(2)  # render -> process
    assert not d.complete
    d.pick(1)  # chat -> thread
    assert d.complete and grade(q.classify(), d.value()).correct
    assert not d.pick(3)  # there are two categories
    d.cursor = 0
    d.toggle()  # space: next category
    assert d.value()["web"] == "process"
    d.backspace()
    assert "web" not in d.value() and [r.marker for r in d.rows()] == ["→ ?", "→ 2", "→ 1"]


def test_order_is_shown_shuffled_but_stably():
    question = q.order()
    assert shuffled_order(question) == shuffled_order(question)
    assert shuffled_order(question) != [0, 1, 2, 3]


def test_order_picks_first_to_last_and_picking_again_takes_back():
    question = q.order()
    d = draft_for(question)
    assert isinstance(d, OrderDraft)
    row_of = {question.items[item].id: row + 1 for row, item in enumerate(d.shown)}
    for item_id in ("w", "x", "y", "z"):
        d.pick(row_of[item_id])
    assert d.value() == ["w", "x", "y", "z"] and d.complete and grade(question, d.value()).correct
    d.pick(row_of["x"])  # take x back, and what came after it
    assert d.value() == ["w"] and not d.complete
    d.pick(row_of["y"])
    d.backspace()
    assert d.value() == ["w"]
    assert sorted(r.marker for r in d.rows()) == ["  ", "  ", "  ", "#1"]


def test_number_typing_with_comma_exponent_and_rejects():
    d = draft_for(q.numeric())
    assert isinstance(d, NumberDraft)
    for ch in "3,14e23":
        assert d.type(ch)
    assert d.value() == 3.14e23
    assert not d.type("x") and not d.type(" ")
    d.backspace(), d.backspace(), d.backspace(), d.backspace()
    assert d.text == "3.1" and d.value() == 3.1
    d.type("-"), d.type("-")
    assert d.invalid and d.value() is None and not d.complete
