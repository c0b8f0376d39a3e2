"""The progress store: SQLite in the data directory, written as things happen.

WAL journal and one short transaction per write, so a kill at any moment loses nothing committed.
A database that cannot be read is moved aside (kept, never deleted) and a fresh one started; one
written by a newer ds-tui is refused and left untouched.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 4
FILENAME = "progress.sqlite3"

_MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE section_reads (
            lesson_id TEXT NOT NULL,
            section_id TEXT NOT NULL,
            first_read REAL NOT NULL,
            PRIMARY KEY (lesson_id, section_id)
        );
    """,
    2: """
        CREATE TABLE demo_runs (
            id INTEGER PRIMARY KEY,
            demo TEXT NOT NULL,
            finished REAL NOT NULL,
            report TEXT NOT NULL  -- the demo's JSON report, as `ds-tui demo NAME --json` prints it
        );
        CREATE INDEX demo_runs_by_demo ON demo_runs (demo, finished);
    """,
    3: """
        CREATE TABLE answers (  -- every answer ever given, appended the moment it is given
            id INTEGER PRIMARY KEY,
            lesson_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            answered REAL NOT NULL,        -- unix time
            score REAL NOT NULL,           -- 0..1 (partial credit)
            correct INTEGER NOT NULL,
            response TEXT NOT NULL,        -- the answer as JSON
            measured REAL,                 -- predict: what the demo measured
            confidence INTEGER             -- 1 a guess, 2 fairly sure, 3 sure; NULL when not asked
        );
        -- one row per question ever answered: what the home screen and the scheduler read, so
        -- start-up and statistics cost the same with 100 answers or 100,000 (a few hundred rows:
        -- no index beyond the key, each one would slow every answer down)
        CREATE TABLE question_state (
            lesson_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            concepts TEXT NOT NULL,        -- JSON list, as the lesson had it when last answered
            attempts INTEGER NOT NULL,
            correct INTEGER NOT NULL,      -- answers fully right
            score_sum REAL NOT NULL,
            last_answered REAL NOT NULL,
            last_correct INTEGER NOT NULL,
            due REAL NOT NULL,             -- unix time the scheduler wants it back
            card TEXT NOT NULL,            -- the scheduler's card as JSON
            PRIMARY KEY (lesson_id, question_id)
        );
    """,
    4: """
        CREATE TABLE class_sessions (  -- a class quiz run on the projector, so classes can be compared
            id INTEGER PRIMARY KEY,
            lesson_id TEXT NOT NULL,
            started REAL NOT NULL,         -- unix time the class quiz began
            ended REAL NOT NULL            -- unix time it was last saved (the summary shown)
        );
        CREATE INDEX class_sessions_by_lesson ON class_sessions (lesson_id, started);
        CREATE TABLE class_results (   -- one row per question the class was asked
            session_id INTEGER NOT NULL REFERENCES class_sessions (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,       -- 1-based, in the lesson's quiz
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            votes TEXT NOT NULL,           -- JSON: per vote, option id -> hands
            correct TEXT NOT NULL,         -- JSON: the right option ids
            letters TEXT NOT NULL,         -- JSON: option id -> the letter the class saw
            revealed INTEGER NOT NULL,
            measured REAL,                 -- predict: what the demo measured
            PRIMARY KEY (session_id, number)
        );
    """,
}


@dataclass(frozen=True)
class QuestionState:
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


@dataclass(frozen=True)
class AnswerRecord:
    lesson_id: str
    question_id: str
    answered: float
    score: float
    correct: bool
    response: str  # JSON
    measured: float | None = None
    confidence: int | None = None


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class OpenNotice:
    """Something the user should be told about opening the store (e.g. a corrupt file moved aside)."""

    message: str
    moved_to: Path | None = None


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path, notice: OpenNotice | None = None) -> None:
        self._db = connection
        self.path = path
        self.notice = notice

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path) -> Store:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / FILENAME
        try:
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, _NewerSchema):
                raise StoreError(str(exc)) from None
            moved = _move_aside(path)
            notice = OpenNotice(f"The progress database could not be read ({exc}); it was kept as {moved} "
                                "and a new one was started.", moved)
            return cls(_connect(path), path, notice)

    def close(self) -> None:
        self._db.close()

    # -- reading progress ------------------------------------------------------------------
    def mark_read(self, lesson_id: str, section_id: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO section_reads (lesson_id, section_id, first_read) VALUES (?, ?, ?)",
                (lesson_id, section_id, time.time()),
            )

    def sections_read(self, lesson_id: str) -> set[str]:
        rows = self._db.execute("SELECT section_id FROM section_reads WHERE lesson_id = ?", (lesson_id,))
        return {row[0] for row in rows}


    # -- demo runs: kept so a student can compare runs (other worker counts, other days) -------
    def save_demo_report(self, demo: str, report_json: str) -> None:
        with self._db:
            self._db.execute("INSERT INTO demo_runs (demo, finished, report) VALUES (?, ?, ?)",
                             (demo, time.time(), report_json))

    def demo_reports(self, demo: str, limit: int = 20) -> list[tuple[float, str]]:
        """(finished time, JSON report) of the latest runs of ``demo``, newest first."""
        rows = self._db.execute("SELECT finished, report FROM demo_runs WHERE demo = ? ORDER BY finished DESC LIMIT ?",
                                (demo, limit))
        return [(row[0], row[1]) for row in rows]


    # -- answers: appended and scheduled in one transaction, so a kill never splits them -------
    def record_answer(self, answer: AnswerRecord, concepts: tuple[str, ...], due: float, card: str,
                      pulled: dict[tuple[str, str], float] | None = None) -> int:
        """Append ``answer``, update its question's state, and move ``pulled`` questions' due times."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO answers (lesson_id, question_id, answered, score, correct, response, measured, confidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer.lesson_id, answer.question_id, answer.answered, answer.score, int(answer.correct),
                 answer.response, answer.measured, answer.confidence))
            self._db.execute(
                "INSERT INTO question_state (lesson_id, question_id, concepts, attempts, correct, score_sum,"
                " last_answered, last_correct, due, card) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (lesson_id, question_id) DO UPDATE SET concepts = excluded.concepts,"
                " attempts = attempts + 1, correct = correct + excluded.correct,"
                " score_sum = score_sum + excluded.score_sum, last_answered = excluded.last_answered,"
                " last_correct = excluded.last_correct, due = excluded.due, card = excluded.card",
                (answer.lesson_id, answer.question_id, _concepts_json(concepts), int(answer.correct), answer.score,
                 answer.answered, int(answer.correct), due, card))
            for (lesson_id, question_id), new_due in (pulled or {}).items():
                self._db.execute("UPDATE question_state SET due = ? WHERE lesson_id = ? AND question_id = ?",
                                 (new_due, lesson_id, question_id))
            return int(cursor.lastrowid or 0)

    def set_confidence(self, answer_id: int, confidence: int, due: float, card: str) -> None:
        """The student said how sure they were after seeing the result: reschedule with it."""
        with self._db:
            row = self._db.execute("SELECT lesson_id, question_id FROM answers WHERE id = ?", (answer_id,)).fetchone()
            if row is None:
                return
            self._db.execute("UPDATE answers SET confidence = ? WHERE id = ?", (confidence, answer_id))
            self._db.execute("UPDATE question_state SET due = ?, card = ? WHERE lesson_id = ? AND question_id = ?",
                             (due, card, row[0], row[1]))

    _STATE_SQL = ("SELECT lesson_id, question_id, concepts, attempts, correct, score_sum, last_answered,"
                  " last_correct, due, card FROM question_state")

    def question_states(self, lesson_id: str | None = None) -> list[QuestionState]:
        rows = (self._db.execute(self._STATE_SQL + " WHERE lesson_id = ?", (lesson_id,)) if lesson_id
                else self._db.execute(self._STATE_SQL))
        return [_state(r) for r in rows]

    def card(self, lesson_id: str, question_id: str) -> str | None:
        """The question's scheduler card (JSON), or None if it was never answered."""
        row = self._db.execute("SELECT card FROM question_state WHERE lesson_id = ? AND question_id = ?",
                               (lesson_id, question_id)).fetchone()
        return row[0] if row else None

    def question_state(self, lesson_id: str, question_id: str) -> QuestionState | None:
        row = self._db.execute(self._STATE_SQL + " WHERE lesson_id = ? AND question_id = ?",
                               (lesson_id, question_id)).fetchone()
        return _state(row) if row else None

    def answer_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM answers").fetchone()[0])

    def answers(self, lesson_id: str, question_id: str) -> list[AnswerRecord]:
        rows = self._db.execute(
            "SELECT lesson_id, question_id, answered, score, correct, response, measured, confidence FROM answers"
            " WHERE lesson_id = ? AND question_id = ? ORDER BY id", (lesson_id, question_id))
        return [AnswerRecord(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7]) for r in rows]

    # -- class sessions: the class quiz's show-of-hands counts, per question ---------------------
    def save_class_session(self, lesson_id: str, started: float, results: list[ClassResult],
                           session_id: int | None = None) -> int:
        """Save a class quiz (``session_id``: replace that session's results, as the class went on); its id."""
        now = time.time()
        with self._db:
            exists = session_id is not None and self._db.execute(
                "SELECT 1 FROM class_sessions WHERE id = ?", (session_id,)).fetchone() is not None
            if exists:
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
        return int(session_id)  # type: ignore[arg-type]

    def class_sessions(self, lesson_id: str | None = None, limit: int = 20) -> list[ClassSession]:
        """The latest class quizzes (of one lesson), newest first, each with its results."""
        where, args = ("WHERE lesson_id = ?", (lesson_id,)) if lesson_id else ("", ())
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


@functools.lru_cache(maxsize=512)
def _concepts_json(concepts: tuple[str, ...]) -> str:
    return json.dumps(list(concepts))


def _state(r: tuple) -> QuestionState:
    return QuestionState(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9])


class _NewerSchema(sqlite3.DatabaseError):
    pass


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]  # read before anything writes
        if version > SCHEMA_VERSION:
            raise _NewerSchema(f"{path} was written by a newer ds-tui (schema {version}, this one knows "
                               f"{SCHEMA_VERSION}); it was left untouched. Update ds-tui, or set DS_TUI_HOME "
                               "to another folder.")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.isolation_level = ""  # back to transactions for the migrations
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with db:
                db.executescript(f"BEGIN; {_MIGRATIONS[target]} PRAGMA user_version = {target}; COMMIT;")
        db.execute("SELECT count(*) FROM section_reads").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target


@dataclass(frozen=True)
class ClassResult:
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


@dataclass(frozen=True)
class ClassSession:
    id: int
    lesson_id: str
    started: float
    ended: float
    results: tuple[ClassResult, ...]
