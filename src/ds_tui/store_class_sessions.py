"""The progress store's class sessions: the class quiz's show-of-hands counts, per question, so classes
can be compared.
"""

from __future__ import annotations

import json
import time

from msgspec import Struct

from ds_tui.store_saving import StoreBase


class ClassResult(Struct, frozen=True):
    """One question of a class quiz: the hands per option in each vote (the same fields as the class quiz's
    QuestionResult, which can be saved as it is)."""

    number: int
    question_id: str
    kind: str
    votes: tuple[dict[str, int], ...]
    correct: tuple[str, ...]
    letters: dict[str, str]
    revealed: bool
    measured: float | None = None


class ClassSession(Struct, frozen=True):
    id: int
    lesson_id: str
    started: float
    ended: float
    results: tuple[ClassResult, ...]


class ClassSessionsMixin(StoreBase):
    # -- class sessions: the class quiz's show-of-hands counts, per question ---------------------
    def save_class_session(self, lesson_id: str, started: float, results: list[ClassResult],
                           session_id: int | None = None) -> int:
        """Save a class quiz (``session_id``: replace that session's results, as the class went on); its id."""
        now = time.time()
        with self._lock, self._db:
            exists = session_id is not None and self._db.execute(
                "SELECT 1 FROM class_sessions WHERE id = ?", (session_id,)).fetchone() is not None
            if exists and session_id is not None:
                self._db.execute("UPDATE class_sessions SET ended = ? WHERE id = ?", (now, session_id))
                self._db.execute("DELETE FROM class_results WHERE session_id = ?", (session_id,))
            else:
                cursor = self._db.execute("INSERT INTO class_sessions (lesson_id, started, ended) VALUES (?, ?, ?)",
                                          (lesson_id, started, now))
                session_id = int(cursor.lastrowid or 0)
            self._db.executemany(
                "INSERT INTO class_results (session_id, number, question_id, kind, votes, correct, letters, revealed,"
                " measured) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(session_id, r.number, r.question_id, r.kind, json.dumps([dict(v) for v in r.votes]),
                  json.dumps(list(r.correct)), json.dumps(dict(r.letters)), int(r.revealed), r.measured)
                 for r in results])
        return session_id

    def class_sessions(self, lesson_id: str | None = None, limit: int = 20) -> list[ClassSession]:
        """The latest class quizzes (of one lesson), newest first, each with its results."""
        where, args = ("WHERE lesson_id = ?", (lesson_id,)) if lesson_id else ("", ())
        with self._lock:
            return self._class_sessions(where, args, limit)

    def _class_sessions(self, where: str, args: tuple[str, ...], limit: int) -> list[ClassSession]:
        sessions = self._db.execute(f"SELECT id, lesson_id, started, ended FROM class_sessions {where}"
                                    " ORDER BY started DESC, id DESC LIMIT ?", (*args, limit)).fetchall()
        out = []
        for sid, lid, started, ended in sessions:
            rows = self._db.execute("SELECT number, question_id, kind, votes, correct, letters, revealed, measured"
                                    " FROM class_results WHERE session_id = ? ORDER BY number", (sid,))
            results = tuple(ClassResult(r[0], r[1], r[2], tuple(json.loads(r[3])), tuple(json.loads(r[4])),
                                        json.loads(r[5]), bool(r[6]), r[7]) for r in rows)
            out.append(ClassSession(sid, lid, started, ended, results))
        return out
