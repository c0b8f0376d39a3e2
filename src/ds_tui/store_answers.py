"""The progress store's answers and review state: each answer appended and its question rescheduled in one
transaction, and what is known about each question read back.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from typing import Any

from msgspec import Struct

from ds_tui.store_saving import StoreBase


class QuestionState(Struct, frozen=True):
    """What is known about one question: its counts, its last answer and when it is due again."""

    lesson_id: str
    question_id: str
    concepts: tuple[str, ...]
    attempts: int
    correct: int
    score_sum: float
    last_answered: float
    last_correct: bool
    due: float
    card: str

    @property
    def key(self) -> tuple[str, str]:
        return self.lesson_id, self.question_id


class AnswerRecord(Struct, frozen=True):
    lesson_id: str
    question_id: str
    answered: float
    score: float
    correct: bool
    response: str  # JSON
    measured: float | None = None
    confidence: int | None = None


class AnswersMixin(StoreBase):
    # -- answers: appended and scheduled in one transaction, so a kill never splits them -------
    def record_answer(self, answer: AnswerRecord, concepts: tuple[str, ...], due: float, card: str,
                      pulled: dict[tuple[str, str], float] | None = None) -> str:
        """Append ``answer``, update its question's state, and move ``pulled`` questions' due times.

        Returns the answer's id (for set_confidence). A database that cannot take it now does not
        lose it: it is kept and written later, once (see save_state).
        """
        uid = _new_id()
        # typed here, so a bad value is refused now (TypeError, ValueError) instead of waiting forever
        self._write({"op": "answer", "uid": uid, "lesson_id": str(answer.lesson_id),
                     "question_id": str(answer.question_id), "answered": float(answer.answered),
                     "score": float(answer.score), "correct": bool(answer.correct), "response": str(answer.response),
                     "measured": _optional(float, answer.measured), "confidence": _optional(int, answer.confidence),
                     "concepts": _concepts_json(tuple(concepts)), "due": float(due), "card": str(card),
                     "pulled": [[str(lesson), str(question), float(when)]
                                for (lesson, question), when in (pulled or {}).items()]})
        return uid

    def set_confidence(self, answer_id: str, confidence: int, due: float, card: str) -> None:
        """The student said how sure they were after seeing the result: reschedule with it."""
        with self._lock:
            question = self._question_of(answer_id)
            self._write({"op": "confidence", "uid": str(answer_id), "confidence": int(confidence), "due": float(due),
                         "card": str(card),
                         "lesson_id": question[0] if question else None,
                         "question_id": question[1] if question else None})

    def _question_of(self, answer_id: str) -> tuple[str, str] | None:
        for op in self._pending:
            if op["op"] == "answer" and op["uid"] == answer_id:
                return op["lesson_id"], op["question_id"]
        try:
            row = self._db.execute("SELECT lesson_id, question_id FROM answers WHERE uid = ?", (answer_id,)).fetchone()
        except sqlite3.Error:
            return None
        return (row[0], row[1]) if row else None

    _STATE_SQL = ("SELECT lesson_id, question_id, concepts, attempts, correct, score_sum, last_answered,"
                  " last_correct, due, card FROM question_state")

    def question_states(self, lesson_id: str | None = None) -> list[QuestionState]:
        with self._lock:
            rows = (self._db.execute(self._STATE_SQL + " WHERE lesson_id = ?", (lesson_id,)) if lesson_id
                    else self._db.execute(self._STATE_SQL))
            return [_state(r) for r in rows]

    def card(self, lesson_id: str, question_id: str) -> str | None:
        """The question's scheduler card (JSON), or None if it was never answered; a waiting answer counts."""
        with self._lock:
            for op in reversed(self._pending):
                if op.get("card") is not None and (op.get("lesson_id"), op.get("question_id")) == (lesson_id, question_id):
                    card: str = op["card"]
                    return card
            row = self._db.execute("SELECT card FROM question_state WHERE lesson_id = ? AND question_id = ?",
                                   (lesson_id, question_id)).fetchone()
            return row[0] if row else None

    def question_state(self, lesson_id: str, question_id: str) -> QuestionState | None:
        with self._lock:
            row = self._db.execute(self._STATE_SQL + " WHERE lesson_id = ? AND question_id = ?",
                                   (lesson_id, question_id)).fetchone()
            return _state(row) if row else None

    def answer_count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM answers").fetchone()[0])

    def answers(self, lesson_id: str, question_id: str) -> list[AnswerRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT lesson_id, question_id, answered, score, correct, response, measured, confidence FROM answers"
                " WHERE lesson_id = ? AND question_id = ? ORDER BY id", (lesson_id, question_id))
            return [AnswerRecord(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7]) for r in rows]


def _optional(kind: type, value: object) -> object:
    return None if value is None else kind(value)


def _new_id() -> str:
    """Unique without coordination: 128 random bits."""
    return os.urandom(16).hex()


@functools.lru_cache(maxsize=512)
def _concepts_json(concepts: tuple[str, ...]) -> str:
    return json.dumps(list(concepts))


def _state(r: tuple[Any, ...]) -> QuestionState:
    return QuestionState(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9])
