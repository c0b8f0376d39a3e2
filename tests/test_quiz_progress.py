"""Recording answers, the scheduler, sessions and statistics (store-backed, no UI)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ds_tui.lessons.glossary import glossary
from ds_tui.quiz import stats
from ds_tui.quiz.grading import grade
from ds_tui.quiz.progress import Progress
from ds_tui.quiz.scheduler import GUESS, SURE, Scheduler, card_id
from ds_tui.quiz.session import (
    QuizSession,
    SessionKind,
    due_items,
    lesson_items,
    mistake_items,
    mixed_items,
)
from ds_tui.store import FILENAME, Store
from tests import quiz_helpers as q

T0 = 1_800_000_000.0  # a fixed "now" (2027-01-15, UTC)
DAY = 86400.0


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path)
    yield s
    s.close()


@pytest.fixture
def progress(store):
    return Progress(store, Scheduler(fuzz=False))


def _answer(progress, lesson, question, answer, now, confidence=None):
    return progress.record(lesson, question, answer, grade(question, answer), confidence, now=now)


def test_card_ids_are_stable_and_distinct():
    assert card_id("l", "q1") == card_id("l", "q1")
    assert card_id("l", "q1") != card_id("l", "q2") != card_id("m", "q1")
    assert 0 < card_id("l", "q1") < 2**63


def test_a_wrong_answer_comes_back_before_a_right_one(progress):
    right = _answer(progress, "l", q.single("a"), "a", T0)
    wrong = _answer(progress, "l", q.single("b"), "b", T0)
    assert wrong.due < right.due
    assert wrong.due - T0 <= 15 * 60  # relearning: minutes, not days


def test_right_again_goes_further_and_sure_further_than_guess(progress, store):
    first = _answer(progress, "l", q.single("x"), "a", T0)
    second = _answer(progress, "l", q.single("x"), "a", first.due)
    assert second.due - first.due > first.due - T0
    guess = _answer(progress, "g", q.single("y"), "a", T0, confidence=GUESS)
    sure = _answer(progress, "s", q.single("y"), "a", T0, confidence=SURE)
    assert sure.due > guess.due


def test_every_answer_is_written_with_its_state(progress, store):
    question = q.multi()
    _answer(progress, "l", question, ["a", "c"], T0)
    _answer(progress, "l", question, {"b", "a"}, T0 + 60)
    rows = store.answers("l", "m")
    assert [json.loads(r.response) for r in rows] == [["a", "c"], ["a", "b"]]
    assert [r.score for r in rows] == [0.0, 1.0]
    state = store.question_state("l", "m")
    assert (state.attempts, state.correct, state.last_correct, state.concepts) == (2, 1, True, ("gil",))
    assert store.answer_count() == 2


def test_a_prediction_too_close_to_call_is_neither_recorded_nor_scheduled(progress, store):
    session = QuizSession(SessionKind.LESSON, [q_item("l", q.predict())], progress)
    result = session.submit("a", 1.31, now=T0)  # the border between a and b is 1.3: within the spread
    assert not result.decided and session.outcome is not None and session.outcome.recorded is None
    assert store.answer_count() == 0 and store.question_state("l", "p") is None


def test_confidence_given_after_the_answer_reschedules_it(progress, store):
    question = q.single()
    session = QuizSession(SessionKind.LESSON, [q_item("l", question)], progress)
    session.submit("a", now=T0)
    before = store.question_state("l", "s").due
    session.set_confidence(SURE, now=T0)
    after = store.question_state("l", "s").due
    assert after > before
    assert store.answers("l", "s")[0].confidence == SURE


def q_item(lesson, question):
    from ds_tui.quiz.session import QuizItem

    return QuizItem(lesson, question)


def test_a_missed_concept_brings_related_questions_back_sooner(progress, store):
    gil_a, gil_b, other = q.single("a", ("gil",)), q.single("b", ("gil", "threads")), q.single("c", ("ring",))
    for question in (gil_a, gil_b, other):
        r = _answer(progress, "l", question, "a", T0)
        _answer(progress, "l", question, "a", r.due)  # twice right: due days away
    far = {s.question_id: s.due for s in store.question_states()}
    assert all(due > T0 + 2 * DAY for due in far.values())
    now = T0 + DAY
    missed = _answer(progress, "l", gil_a, "b", now)
    assert missed.pulled == (("l", "b"),)
    due = {s.question_id: s.due for s in store.question_states()}
    assert due["b"] == pytest.approx(now + DAY)  # pulled in
    assert due["c"] == far["c"]  # another concept: untouched


def test_due_items_are_ordered_most_overdue_first(progress, store):
    lib = q.library(("l", (q.single("a"), q.single("b"), q.single("c"))))
    _answer(progress, "l", q.single("a"), "b", T0)  # wrong: back in minutes
    _answer(progress, "l", q.single("b"), "b", T0 - 3600)  # wrong an hour earlier: more overdue
    _answer(progress, "l", q.single("c"), "a", T0)  # right: not due tomorrow
    states = store.question_states()
    assert [i.question.id for i in due_items(lib, states, T0 + DAY)] == ["b", "a"]
    assert due_items(lib, states, T0 - 7200) == []


def test_due_and_mistakes_skip_questions_no_longer_in_the_lessons(progress, store):
    _answer(progress, "l", q.single("gone"), "b", T0)
    lib = q.library(("l", (q.single("a"),)))
    states = store.question_states()
    assert due_items(lib, states, T0 + DAY) == [] and mistake_items(lib, states) == []


def test_mistakes_list_holds_last_wrong_answers(progress, store):
    lib = q.library(("l", (q.single("a"), q.single("b"))))
    _answer(progress, "l", q.single("a"), "b", T0)
    _answer(progress, "l", q.single("b"), "b", T0 + 1)
    _answer(progress, "l", q.single("b"), "a", T0 + 2)  # fixed it
    assert [i.question.id for i in mistake_items(lib, store.question_states())] == ["a"]


def test_lesson_and_mixed_sessions():
    lib = q.library(("one", (q.single("a"), q.multi("b"), q.order("c"))), ("two", (q.numeric("d"), q.true_false("e"))))
    assert [i.question.id for i in lesson_items(lib, "one")] == ["a", "b", "c"]
    with pytest.raises(KeyError):
        lesson_items(lib, "three")
    mixed = mixed_items(lib, count=4, seed=1)
    assert len(mixed) == 4 and {i.lesson_id for i in mixed} == {"one", "two"}
    assert [i.lesson_id for i in mixed[:2]] == ["one", "two"]  # lessons take turns
    assert len(mixed_items(lib, count=50, seed=1)) == 5  # no more than there are
    assert mixed_items(lib, 4, seed=7) == mixed_items(lib, 4, seed=7)


def test_session_grades_records_and_summarises(progress, store):
    items = [q_item("l", x) for x in (q.single("a", ("gil",)), q.multi("b", ("gil",)), q.true_false("c", concepts=("ipc",)))]
    session = QuizSession(SessionKind.LESSON, items, progress)
    assert session.submit("b", now=T0).score == 0
    with pytest.raises(RuntimeError):
        session.submit("a", now=T0)  # once per question
    session.advance()
    assert session.submit(["a"], now=T0).score == 0.5
    session.advance()
    session.advance()  # skipped the third
    assert session.finished and session.current is None
    summary = session.summary()
    assert (summary.answered, summary.skipped, summary.correct, summary.percent) == (2, 1, 0, 25)
    assert summary.weak_concepts == (("gil", 0.25),)
    assert {i.question.id: due for i, due in summary.due} == {"a": T0 + 600, "b": T0 + 600}  # both missed
    assert store.answer_count() == 2  # written as they were given


def test_session_without_a_store_still_grades():
    session = QuizSession(SessionKind.MIXED, [q_item("l", q.single())], None)
    assert session.submit("a").correct and session.outcome.recorded is None


def test_session_keeps_going_when_a_write_fails(progress, store):
    session = QuizSession(SessionKind.LESSON, [q_item("l", q.single())], progress)
    store.close()
    assert session.submit("a").correct
    assert session.store_error


def test_stats_per_lesson_concept_and_due(progress, store):
    lib = q.library(("one", (q.single("a", ("gil",)), q.single("b", ("ipc",)))), ("two", (q.single("c", ("gil",)),)))
    _answer(progress, "one", q.single("a", ("gil",)), "a", T0)
    _answer(progress, "one", q.single("a", ("gil",)), "b", T0 + 10)
    _answer(progress, "two", q.single("c", ("gil",)), "a", T0)
    result = stats.compute(lib, store.question_states(), store.answer_count(), now=T0 + DAY)
    doc = stats.as_json(result)
    assert doc["answers"] == 3
    one, two = doc["lessons"]
    assert (one["answered"], one["questions"], one["attempts"], one["correct"], one["accuracy"]) == (1, 2, 2, 1, 0.5)
    assert (two["answered"], two["accuracy"]) == (1, 1.0)
    (gil,) = doc["concepts"]
    assert (gil["concept"], gil["attempts"], gil["correct"], gil["accuracy"]) == ("gil", 3, 2, 0.6667)
    assert gil["name"] == {"en": glossary().name("gil", "en"), "vi": glossary().name("gil", "vi")}
    assert doc["due"] == 1 and one["due"] == 1 and doc["mistakes"] == 1
    text = stats.as_text(result, lib, "vi", now=T0 + DAY)
    assert "Số câu đã trả lời: 3" in text and f"{glossary().name('gil', 'vi')}: 67% (2/3 câu đúng hoàn toàn)" in text


def test_the_quiz_summary_and_the_statistics_agree_on_partial_credit(progress, store):
    """One multi answer with one of two right options picked: half right, at the end and in stats."""
    question = q.multi("m", ("cores",))
    session = QuizSession(SessionKind.LESSON, [q_item("l", question)], progress)
    session.submit(["a"], now=T0)
    summary = session.summary()
    result = stats.compute(q.library(("l", (question,))), store.question_states(), store.answer_count(), now=T0)
    (concept, tally), = result.concepts
    assert summary.weak_concepts == ((concept, tally.accuracy),) and tally.accuracy == 0.5
    assert result.lessons[0].tally.accuracy == 0.5


def test_answers_survive_reopening_and_migration_from_v2(tmp_path):
    db = sqlite3.connect(tmp_path / FILENAME)
    db.executescript("CREATE TABLE section_reads (lesson_id TEXT NOT NULL, section_id TEXT NOT NULL, "
                     "first_read REAL NOT NULL, PRIMARY KEY (lesson_id, section_id));"
                     "CREATE TABLE demo_runs (id INTEGER PRIMARY KEY, demo TEXT NOT NULL, finished REAL NOT NULL,"
                     " report TEXT NOT NULL); INSERT INTO section_reads VALUES ('l', 's', 1.0);"
                     "PRAGMA user_version = 2;")
    db.close()
    store = Store.open(tmp_path)
    Progress(store, Scheduler(fuzz=False)).record("l", q.single(), "a", grade(q.single(), "a"), now=T0)
    store.close()
    store = Store.open(tmp_path)
    assert store.sections_read("l") == {"s"} and store.answer_count() == 1
    store.close()


def test_session_items_by_kind(progress, store):
    from ds_tui.quiz.session import session_items

    lib = q.library(("one", (q.single("a"), q.single("b"))), ("two", (q.single("c"),)))
    _answer(progress, "one", q.single("b"), "b", T0)
    states = store.question_states()
    ids = lambda items: [i.question.id for i in items]  # noqa: E731
    assert ids(session_items(SessionKind.LESSON, lib, states, "one")) == ["a", "b"]
    assert session_items(SessionKind.LESSON, lib, states, "nope") == []
    assert ids(session_items(SessionKind.REVIEW, lib, states, now=T0 + DAY)) == ["b"]
    assert ids(session_items(SessionKind.MISTAKES, lib, states)) == ["b"]
    assert sorted(ids(session_items(SessionKind.MIXED, lib, states))) == ["a", "b", "c"]
