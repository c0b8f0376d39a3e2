"""Recording answers: the store write and the scheduling of the question, in one step."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from ds_tui.lessons.model import Question
from ds_tui.quiz.grading import Grade
from ds_tui.quiz.scheduler import RELATED_PULL, Scheduler
from ds_tui.store import AnswerRecord, Store


@dataclass(frozen=True)
class Recorded:
    answer_id: str  # the store's id for the answer (set_confidence finds it by this)
    due: float
    previous_card: str | None  # to reschedule when the student then says how sure they were
    pulled: tuple[tuple[str, str], ...]  # related questions brought back sooner


def response_json(answer: Any) -> str:
    """The answer as JSON (sets become sorted lists, so a stored answer reads back the same)."""
    if isinstance(answer, (set, frozenset)):
        answer = sorted(answer)
    return json.dumps(answer, ensure_ascii=False, sort_keys=True)


class Progress:
    def __init__(self, store: Store, scheduler: Scheduler | None = None) -> None:
        self.store = store
        self._scheduler = scheduler

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            self._scheduler = Scheduler()
        return self._scheduler

    def record(self, lesson_id: str, question: Question, answer: Any, grade: Grade,
               confidence: int | None = None, now: float | None = None) -> Recorded:
        now = time.time() if now is None else now
        previous = self.store.card(lesson_id, question.id)
        card, due = self.scheduler.review(lesson_id, question.id, previous, grade.correct, confidence, now)
        pulled: dict[tuple[str, str], float] = {}
        if not grade.correct and question.concepts:
            soon = now + RELATED_PULL.total_seconds()
            for state in self.store.question_states():
                if state.key != (lesson_id, question.id) and state.due > soon \
                        and set(state.concepts) & set(question.concepts):
                    pulled[state.key] = soon
        record = AnswerRecord(lesson_id, question.id, now, grade.score, grade.correct, response_json(answer),
                              grade.measured, confidence)
        answer_id = self.store.record_answer(record, question.concepts, due, card, pulled)
        return Recorded(answer_id, due, previous, tuple(pulled))

    def set_confidence(self, lesson_id: str, question: Question, recorded: Recorded, grade: Grade,
                       confidence: int, now: float | None = None) -> float:
        """Reschedule the answer just recorded with how sure the student was; the new due time."""
        now = time.time() if now is None else now
        card, due = self.scheduler.review(lesson_id, question.id, recorded.previous_card, grade.correct,
                                          confidence, now)
        self.store.set_confidence(recorded.answer_id, confidence, due, card)
        return due
