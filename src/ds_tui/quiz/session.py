"""Quiz sessions: which questions, in what order, and what the student did with them."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ds_tui.lessons import LessonLibrary
from ds_tui.lessons.glossary import glossary
from ds_tui.lessons.model import Question
from ds_tui.quiz.grading import Grade, grade
from ds_tui.quiz.predict import Measurement
from ds_tui.quiz.progress import Progress, Recorded
from ds_tui.store import QuestionState

MIXED_COUNT = 12
WEAK_BELOW = 0.7  # a concept whose average score in the session is under this is called weak


class SessionKind(StrEnum):
    LESSON = "lesson"
    MIXED = "mixed"
    REVIEW = "review"
    MISTAKES = "mistakes"


@dataclass(frozen=True)
class QuizItem:
    lesson_id: str
    question: Question

    @property
    def key(self) -> tuple[str, str]:
        return self.lesson_id, self.question.id


def lesson_items(library: LessonLibrary, lesson_id: str) -> list[QuizItem]:
    lesson = library.get(lesson_id)
    if lesson is None:
        raise KeyError(lesson_id)
    return [QuizItem(lesson.id, q) for q in lesson.quiz]


def mixed_items(library: LessonLibrary, count: int = MIXED_COUNT, seed: int | None = None) -> list[QuizItem]:
    """Questions from every lesson, taken in turn so no lesson crowds out the others."""
    rng = random.Random(seed)
    pools = []
    for lesson in library.lessons:
        questions = list(lesson.quiz)
        rng.shuffle(questions)
        pools.append([QuizItem(lesson.id, q) for q in questions])
    items: list[QuizItem] = []
    while len(items) < count and any(pools):
        for pool in pools:
            if pool and len(items) < count:
                items.append(pool.pop())
    return items


def _known(library: LessonLibrary, states: list[QuestionState]) -> list[tuple[QuestionState, QuizItem]]:
    """States whose question still exists (a teacher may have removed or renamed it)."""
    out = []
    for state in states:
        lesson = library.get(state.lesson_id)
        question = next((q for q in lesson.quiz if q.id == state.question_id), None) if lesson else None
        if question is not None:
            out.append((state, QuizItem(state.lesson_id, question)))
    return out


def due_items(library: LessonLibrary, states: list[QuestionState], now: float | None = None) -> list[QuizItem]:
    """Questions the scheduler wants back now, the longest overdue first."""
    now = time.time() if now is None else now
    due = sorted(((s, i) for s, i in _known(library, states) if s.due <= now), key=lambda si: si[0].due)
    return [item for _, item in due]


def mistake_items(library: LessonLibrary, states: list[QuestionState]) -> list[QuizItem]:
    """Questions whose last answer was wrong, the most recent first."""
    wrong = sorted(((s, i) for s, i in _known(library, states) if not s.last_correct),
                   key=lambda si: -si[0].last_answered)
    return [item for _, item in wrong]


def session_items(kind: SessionKind, library: LessonLibrary, states: list[QuestionState],
                  lesson_id: str | None = None, now: float | None = None) -> list[QuizItem]:
    """The questions of a session of ``kind`` (an unknown lesson has none)."""
    if kind is SessionKind.LESSON:
        return lesson_items(library, lesson_id) if lesson_id and library.get(lesson_id) else []
    if kind is SessionKind.REVIEW:
        return due_items(library, states, now)
    if kind is SessionKind.MISTAKES:
        return mistake_items(library, states)
    return mixed_items(library)


@dataclass
class Outcome:
    item: QuizItem
    answer: Any
    grade: Grade
    recorded: Recorded | None = None
    confidence: int | None = None


@dataclass(frozen=True)
class Summary:
    answered: int
    skipped: int
    correct: int
    score: float  # sum of scores (partial credit counts)
    weak_concepts: tuple[tuple[str, float], ...]  # (concept, average score), weakest first
    due: tuple[tuple[QuizItem, float], ...]  # when each answered question comes back, soonest first
    wrong: tuple[QuizItem, ...] = ()  # the questions answered not fully right, in the session's order

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.answered) if self.answered else 0


@dataclass
class QuizSession:
    kind: SessionKind
    items: list[QuizItem]
    progress: Progress | None = None  # None: nothing is remembered (the store could not be opened)
    index: int = 0
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    store_error: str | None = None  # the last write that failed, for the interface to show

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def current(self) -> QuizItem | None:
        return self.items[self.index] if self.index < len(self.items) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    @property
    def outcome(self) -> Outcome | None:
        return self.outcomes.get(self.index)

    def submit(self, answer: Any, measured: float | Measurement | None = None, now: float | None = None) -> Grade:
        """Grade the current question and record the answer at once (not at the end of the quiz)."""
        item = self.current
        if item is None:
            raise RuntimeError("the quiz is over")
        if self.index in self.outcomes:
            raise RuntimeError("this question was already answered")
        result = grade(item.question, answer, measured)
        outcome = Outcome(item, answer, result)
        self.outcomes[self.index] = outcome
        if self.progress is not None and result.answered and result.decided:  # undecided: no review, no miss
            try:
                outcome.recorded = self.progress.record(item.lesson_id, item.question, answer, result, now=now)
            except Exception as exc:  # sqlite3 errors, a full disk: the quiz goes on, the UI says so
                self.store_error = str(exc)
        return result

    def set_confidence(self, confidence: int, now: float | None = None) -> None:
        outcome = self.outcome
        if outcome is None or outcome.recorded is None or self.progress is None:
            return
        outcome.confidence = confidence
        try:
            due = self.progress.set_confidence(outcome.item.lesson_id, outcome.item.question, outcome.recorded,
                                               outcome.grade, confidence, now=now)
        except Exception as exc:
            self.store_error = str(exc)
            return
        r = outcome.recorded
        outcome.recorded = Recorded(r.answer_id, due, r.previous_card, r.pulled)

    def advance(self) -> bool:
        """Go to the next question (answered or skipped); False when the quiz is over."""
        if self.index < len(self.items):
            self.index += 1
        return not self.finished

    def summary(self) -> Summary:
        # a prediction too close to call is graded neither way, here as in the statistics
        answered = [self.outcomes[i] for i in sorted(self.outcomes)
                    if self.outcomes[i].grade.answered and self.outcomes[i].grade.decided]
        terms = glossary()
        by_concept: dict[str, list[float]] = {}
        for o in answered:
            for concept in {terms.canonical(c) for c in o.item.question.concepts}:
                by_concept.setdefault(concept, []).append(o.grade.score)
        weak = sorted(((c, sum(s) / len(s)) for c, s in by_concept.items() if sum(s) / len(s) < WEAK_BELOW),
                      key=lambda cs: (cs[1], cs[0]))
        due = sorted(((o.item, o.recorded.due) for o in answered if o.recorded), key=lambda ie: ie[1])
        return Summary(len(answered), len(self.items) - len(answered), sum(o.grade.correct for o in answered),
                       sum(o.grade.score for o in answered), tuple(weak), tuple(due),
                       tuple(o.item for o in answered if not o.grade.correct))
