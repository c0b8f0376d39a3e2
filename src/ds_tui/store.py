"""The progress store: SQLite in the data directory, written as things happen.

WAL journal and one short transaction per write, so a kill at any moment loses nothing committed.

Only a file SQLite itself calls damaged (not a database, malformed, failing its quick check, or
with tables that do not match its schema version) is moved aside, kept, and a fresh one started. A
database that is locked, on a full disk or in a folder ds-tui may not write is left where it is and
the problem reported. One written by a newer ds-tui is refused and left untouched.

Opening (connect, migrate, repair, move aside) is done by one opener at a time: one thread of this
process (a lock per folder), then one process (an exclusive lock on ``progress.lock``). Every open
store holds a shared lock on ``progress.in-use``, and a damaged file is moved aside only by an
opener that gets that lock exclusively: never under a ds-tui that has the file open (moving or
truncating the -shm file a connection has mapped kills that process with SIGBUS).

A write the database cannot take now (locked, disk full) is kept in memory and in a journal next to
the database (ds_tui.store_journal), and written at the next write, on the interface's retry timer,
at close, or by the next store to open; ``Store.save_state`` says which is true at the moment.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from ds_tui.file_lock import LockFile
from ds_tui.store_journal import Journal, Op, orphans

SCHEMA_VERSION = 7
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
        -- each answer's own id, made when it is given: an answer written again from a journal
        -- (the database was busy, then the program ended) is recognised and not counted twice.
        -- No index: every answer would pay for it, and only such a replay looks ids up.
        ALTER TABLE answers ADD COLUMN uid TEXT;
    """,
    5: """
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
    6: """
        -- each finished demo run's summary (parameters, headline figures) beside its full report, so the
        -- Demos list and a demo's history read a few hundred bytes a run; NULL for the runs saved before
        -- (their summary is worked out from the report when read)
        ALTER TABLE demo_runs ADD COLUMN summary TEXT;
        CREATE TABLE lesson_places (  -- where the student stopped in each lesson: reopening resumes there
            lesson_id TEXT PRIMARY KEY,
            section_id TEXT NOT NULL,
            updated REAL NOT NULL          -- unix time
        );
    """,
    7: """
        CREATE TABLE device_rooms (    -- a class quiz answered on the students' devices (ds-tui present --serve)
            id INTEGER PRIMARY KEY,
            lesson_id TEXT NOT NULL,
            code TEXT NOT NULL,            -- the join code
            started REAL NOT NULL,
            ended REAL                     -- NULL while it may be resumed (the app stopped without closing it)
        );
        CREATE TABLE device_students (
            room_id INTEGER NOT NULL REFERENCES device_rooms (id) ON DELETE CASCADE,
            student TEXT NOT NULL,         -- the student's id in the room
            token_hash TEXT NOT NULL,      -- SHA-256 of the device's token (the token itself is never kept)
            name TEXT NOT NULL,            -- as the student chose it; empty: anonymous
            lang TEXT NOT NULL,
            joined REAL NOT NULL,
            PRIMARY KEY (room_id, student)
        );
        CREATE TABLE device_answers (  -- one per student, question and vote: a repeated answer replaces it
            room_id INTEGER NOT NULL REFERENCES device_rooms (id) ON DELETE CASCADE,
            student TEXT NOT NULL,
            number INTEGER NOT NULL,       -- 0-based in the lesson's quiz
            round INTEGER NOT NULL,
            answer TEXT NOT NULL,          -- JSON
            answered REAL NOT NULL,
            PRIMARY KEY (room_id, student, number, round)
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


OPEN_LOCK = "progress.lock"  # held (exclusive) by the one process opening the store
IN_USE_LOCK = "progress.in-use"  # held (shared) by every open store
CHECK_MARK = "progress.check"  # a write met damage: the next open runs SQLite's check (too slow for every open)
OPEN_TIMEOUT_S = 10.0  # opening runs off the interface thread; another ds-tui's migration takes far less
WRITE_TIMEOUT_S = 0.1  # a write waits this long for a busy database, then is kept for later
CLOSE_TIMEOUT_S = 1.0  # the last try at close; what is still waiting then stays in the journal
NEWEST_PLAUSIBLE_VERSION = 1000  # the schema version grows by one when it changes: above this it is not ds-tui's


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class OpenNotice:
    """Something the user should be told about opening the store (e.g. a corrupt file moved aside)."""

    message: str
    moved_to: Path | None = None


@dataclass(frozen=True)
class SaveState:
    """What is true about saving right now: everything written, or how much waits and why."""

    pending: int = 0  # writes not in the database yet
    kept: bool = True  # ...all of them in the journal too, so they survive the program ending
    problem: str | None = None  # why the last write failed: a kind from PROBLEM_KINDS
    detail: str = ""  # SQLite's (or the system's) own words

    @property
    def saved(self) -> bool:
        return self.pending == 0


PROBLEM_KINDS = ("locked", "full", "no-access", "disk-error", "damaged", "other")


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path, notice: OpenNotice | None = None,
                 in_use: LockFile | None = None) -> None:
        self._db = connection
        self.path = path
        self.notice = notice
        self._in_use = in_use
        self._lock = threading.RLock()  # one transaction at a time on the connection, whichever thread
        self._pending: list[Op] = []  # writes not in the database yet, in the order they were made
        self._kept = 0  # how many of them (from the first) are in the journal
        self._tried = 0  # how many of them a failed transaction tried: look their ids up before writing again
        self._journal: Journal | None = None
        self._problem: tuple[str, str] = ("other", "")
        self._closed = False
        _busy_timeout(connection, WRITE_TIMEOUT_S)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path, timeout: float | None = None) -> Store:
        """Open (create, migrate, repair) the store in ``directory``; StoreError says why it cannot be.

        ``timeout``: how long to wait for another opener or a locked database (OPEN_TIMEOUT_S).
        """
        timeout = OPEN_TIMEOUT_S if timeout is None else timeout
        directory = Path(directory)
        path = directory / FILENAME
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_problem_message(directory, os_problem(exc), str(exc))) from None
        with _one_opener(directory, timeout):
            in_use = _lock_file(directory / IN_USE_LOCK)
            try:
                db, notice = _open_database(path, timeout, in_use)
                in_use.try_shared()  # only an opener takes it exclusively, and we are the opener
            except BaseException:
                in_use.close()
                raise
            store = cls(db, path, notice, in_use)
            store._write_orphans(timeout)
        return store

    def close(self) -> None:
        """A last try for what waits; what still cannot be written stays in the journal for next time."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._pending:
                _busy_timeout(self._db, CLOSE_TIMEOUT_S)
                self._flush()
            if self._journal is not None:
                self._journal.close()
                self._journal = None
            self._db.close()
            if self._in_use is not None:
                self._in_use.close()

    def _write_orphans(self, timeout: float) -> None:
        """Write what stores that have ended left in their journals (each write lands once)."""
        _busy_timeout(self._db, timeout)
        try:
            for orphan in orphans(self.path.parent):
                # a kind of write this ds-tui does not know (a newer one's) is kept, like an unreadable line
                orphan.unreadable += sum(op["op"] not in _APPLY for op in orphan.ops)
                try:
                    with self._lock:
                        _transaction(self._db, orphan.ops, look_up_ids=True)
                except sqlite3.Error:
                    orphan.release()  # left for the next open
                    return
                try:
                    kept = orphan.done()
                except OSError:
                    continue  # written; a later open finds it again and writes nothing twice
                if kept is not None:
                    self._add_notice(f"Part of {orphan.path.name} could not be read ({orphan.unreadable} line{'' if orphan.unreadable == 1 else 's'});"
                                     f" the rest was saved, and the file was kept as {kept}.")
        finally:
            _busy_timeout(self._db, WRITE_TIMEOUT_S)

    def _add_notice(self, message: str) -> None:
        self.notice = OpenNotice(f"{self.notice.message} {message}" if self.notice else message,
                                 self.notice.moved_to if self.notice else None)

    # -- saving: every write is made now, or kept (memory and journal) until it can be -------
    @property
    def save_state(self) -> SaveState:
        with self._lock:
            if not self._pending:
                return SaveState()
            kind, detail = self._problem
            return SaveState(len(self._pending), self._kept == len(self._pending), kind, detail)

    def retry_pending(self) -> SaveState:
        """Try again to write what waits (the interface calls this on a timer); the state after."""
        with self._lock:
            if self._pending and not self._closed:
                self._flush()
            return self.save_state

    def _write(self, op: Op) -> None:
        with self._lock:
            if self._closed:
                raise StoreError("The progress store is closed.")
            self._pending.append(op)  # after the earlier ones that wait, so they land in order
            self._flush()

    def _flush(self) -> bool:
        """Everything pending in one transaction; if the database refuses, keep it in the journal."""
        try:
            _transaction(self._db, self._pending, look_up_ids=self._tried > 0)
        except sqlite3.Error as exc:  # any: the writes are typed when made, so this is the database's state
            self._tried = len(self._pending)  # a COMMIT that failed may still have landed
            self._problem = (problem_kind(exc), str(exc))
            if self._problem[0] == "damaged":
                _mark_for_check(self.path)
            self._keep()
            return False
        self._pending.clear()
        self._tried = 0
        if self._kept and self._journal is not None:
            try:
                self._journal.clear()
            except OSError:
                pass  # its writes are in the database: replaying them later changes nothing
        self._kept = 0
        return True

    def _keep(self) -> None:
        """Journal the writes not journaled yet, in order; stop at the first the disk refuses."""
        while self._kept < len(self._pending):
            try:
                if self._journal is None:
                    self._journal = Journal(self.path.parent)
                self._journal.append(self._pending[self._kept])
            except OSError:
                return  # kept in memory only: save_state says so
            self._kept += 1

    # -- reading progress ------------------------------------------------------------------
    def mark_read(self, lesson_id: str, section_id: str, place: bool = False) -> None:
        """The section was read; ``place``: it is also where the lesson resumes (one transaction)."""
        op = {"op": "read", "lesson_id": str(lesson_id), "section_id": str(section_id), "time": time.time()}
        if not place:
            self._write(op)
            return
        with self._lock:
            if self._closed:
                raise StoreError("The progress store is closed.")
            self._pending += [op, {**op, "op": "place"}]
            self._flush()

    def place(self, lesson_id: str) -> str | None:
        """The section the student was last on in ``lesson_id`` (None: never opened); a waiting write counts."""
        with self._lock:
            for op in reversed(self._pending):
                if op["op"] == "place" and op["lesson_id"] == lesson_id:
                    return str(op["section_id"])
            row = self._db.execute("SELECT section_id FROM lesson_places WHERE lesson_id = ?", (lesson_id,)).fetchone()
            return row[0] if row else None

    def sections_read(self, lesson_id: str) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT section_id FROM section_reads WHERE lesson_id = ?", (lesson_id,))
            read = {row[0] for row in rows}
            return read | {op["section_id"] for op in self._pending
                           if op["op"] == "read" and op["lesson_id"] == lesson_id}

    # -- demo runs: kept so a student can compare runs (other worker counts, other days) -------
    def save_demo_report(self, demo: str, report_json: str, summary_json: str | None = None) -> None:
        """Written now or not at all (the caller says so): a demo can be run again, an answer cannot.

        ``summary_json``: the run's summary (ds_tui.demos.history), what the Demos list shows."""
        with self._lock:
            _transaction(self._db, [{"op": "demo", "demo": demo, "finished": time.time(), "report": report_json,
                                     "summary": summary_json}])

    def demo_summaries(self, demo: str, limit: int = 20) -> list[tuple[float, str | None, str | None]]:
        """(finished time, summary JSON, report JSON) of the latest runs of ``demo``, newest first; the
        report only where a run saved before summaries has none (the caller works it out from that)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT finished, summary, CASE WHEN summary IS NULL THEN report END FROM demo_runs"
                " WHERE demo = ? ORDER BY finished DESC, id DESC LIMIT ?", (demo, limit))
            return [(row[0], row[1], row[2]) for row in rows]

    def demo_reports(self, demo: str, limit: int = 20) -> list[tuple[float, str]]:
        """(finished time, JSON report) of the latest runs of ``demo``, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT finished, report FROM demo_runs WHERE demo = ? ORDER BY finished DESC LIMIT ?", (demo, limit))
            return [(row[0], row[1]) for row in rows]

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

    # -- device rooms: the students' devices and their answers, so a restarted app resumes the class -----
    def open_device_room(self, lesson_id: str, code: str, started: float, resume_within: float = 6 * 3600
                         ) -> tuple[int, str, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The lesson's room left open (not ended) in the last ``resume_within`` seconds, with its code,
        students and answers; else a new room with ``code``. (id, code, students, answers)."""
        with self._lock, self._db:
            row = self._db.execute("SELECT id, code FROM device_rooms WHERE lesson_id = ? AND ended IS NULL"
                                   " AND started >= ? ORDER BY started DESC, id DESC LIMIT 1",
                                   (lesson_id, started - resume_within)).fetchone()
            if row is None:
                cursor = self._db.execute("INSERT INTO device_rooms (lesson_id, code, started) VALUES (?, ?, ?)",
                                          (lesson_id, code, started))
                return int(cursor.lastrowid or 0), code, [], []
            room_id, old_code = int(row[0]), str(row[1])
            students = [tuple(r) for r in self._db.execute(
                "SELECT student, token_hash, name, lang, joined FROM device_students WHERE room_id = ?", (room_id,))]
            answers = [(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in self._db.execute(
                "SELECT student, number, round, answer, answered FROM device_answers WHERE room_id = ?", (room_id,))]
            return room_id, old_code, students, answers

    def save_device_room(self, room_id: int, pending: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Students who joined and answers given since the last save, in one transaction."""
        if not pending:
            return
        with self._lock, self._db:
            for kind, row in pending:
                if kind == "student":
                    self._db.execute("INSERT OR REPLACE INTO device_students (room_id, student, token_hash, name,"
                                     " lang, joined) VALUES (?, ?, ?, ?, ?, ?)", (room_id, *row))
                elif kind == "answer":
                    student, number, round_, value, at = row
                    self._db.execute("INSERT OR REPLACE INTO device_answers (room_id, student, number, round, answer,"
                                     " answered) VALUES (?, ?, ?, ?, ?, ?)",
                                     (room_id, student, number, round_, json.dumps(value), at))

    def end_device_room(self, room_id: int) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE device_rooms SET ended = ? WHERE id = ?", (time.time(), room_id))

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


# -- writes: each kind of write, applied inside a transaction ------------------------------------
def _apply_answer(db: sqlite3.Connection, op: Op) -> None:
    db.execute(
        "INSERT INTO answers (uid, lesson_id, question_id, answered, score, correct, response, measured, confidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (op["uid"], op["lesson_id"], op["question_id"], op["answered"], op["score"], int(op["correct"]),
         op["response"], op["measured"], op["confidence"]))
    db.execute(
        "INSERT INTO question_state (lesson_id, question_id, concepts, attempts, correct, score_sum,"
        " last_answered, last_correct, due, card) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (lesson_id, question_id) DO UPDATE SET concepts = excluded.concepts,"
        " attempts = attempts + 1, correct = correct + excluded.correct,"
        " score_sum = score_sum + excluded.score_sum, last_answered = excluded.last_answered,"
        " last_correct = excluded.last_correct, due = excluded.due, card = excluded.card",
        (op["lesson_id"], op["question_id"], op["concepts"], int(op["correct"]), op["score"],
         op["answered"], int(op["correct"]), op["due"], op["card"]))
    for lesson_id, question_id, new_due in op["pulled"]:
        db.execute("UPDATE question_state SET due = ? WHERE lesson_id = ? AND question_id = ?",
                   (new_due, lesson_id, question_id))


def _apply_confidence(db: sqlite3.Connection, op: Op) -> None:
    row = db.execute("SELECT lesson_id, question_id, answered FROM answers WHERE uid = ?", (op["uid"],)).fetchone()
    if row is None:
        return
    db.execute("UPDATE answers SET confidence = ? WHERE uid = ?", (op["confidence"], op["uid"]))
    # only while this answer is its question's latest: a confidence written late must not undo a newer answer
    db.execute("UPDATE question_state SET due = ?, card = ? WHERE lesson_id = ? AND question_id = ?"
               " AND last_answered = ?", (op["due"], op["card"], row[0], row[1], row[2]))


def _apply_read(db: sqlite3.Connection, op: Op) -> None:
    db.execute("INSERT OR IGNORE INTO section_reads (lesson_id, section_id, first_read) VALUES (?, ?, ?)",
               (op["lesson_id"], op["section_id"], op["time"]))


def _apply_place(db: sqlite3.Connection, op: Op) -> None:
    db.execute("INSERT INTO lesson_places (lesson_id, section_id, updated) VALUES (?, ?, ?)"
               " ON CONFLICT (lesson_id) DO UPDATE SET section_id = excluded.section_id, updated = excluded.updated"
               " WHERE excluded.updated >= lesson_places.updated",  # a journal replayed late never goes back
               (op["lesson_id"], op["section_id"], op["time"]))


def _apply_demo(db: sqlite3.Connection, op: Op) -> None:
    db.execute("INSERT INTO demo_runs (demo, finished, report, summary) VALUES (?, ?, ?, ?)",
               (op["demo"], op["finished"], op["report"], op.get("summary")))


_APPLY = {"answer": _apply_answer, "confidence": _apply_confidence, "read": _apply_read, "demo": _apply_demo,
          "place": _apply_place}


def _transaction(db: sqlite3.Connection, ops: list[Op], look_up_ids: bool = False) -> None:
    """All of ``ops`` or none; BEGIN IMMEDIATE takes the write lock first, so a busy database waits
    the busy timeout here instead of failing halfway.

    ``look_up_ids``: some of these answers may be in the database already (a journal's, or a retry
    after a failed COMMIT): skip those, so each answer is written once."""
    if not ops:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        written = _written_ids(db, ops) if look_up_ids else frozenset()
        for op in ops:
            apply = _APPLY.get(op["op"])
            if apply is None or (op["op"] == "answer" and op["uid"] in written):
                continue  # a kind from a newer ds-tui's journal (its file is kept), or an answer written before
            apply(db, op)
        db.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise


def _written_ids(db: sqlite3.Connection, ops: list[Op]) -> frozenset[str]:
    """Which of the answers in ``ops`` the database has (one scan per 500: uids have no index)."""
    uids = [op["uid"] for op in ops if op["op"] == "answer"]
    found: set[str] = set()
    for start in range(0, len(uids), 500):
        chunk = uids[start:start + 500]
        found.update(r[0] for r in db.execute(
            f"SELECT uid FROM answers WHERE uid IN ({', '.join('?' * len(chunk))})", chunk))
    return frozenset(found)


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolls back itself when it cannot


def _busy_timeout(db: sqlite3.Connection, seconds: float) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


# -- what went wrong: damage (move the file aside) or a problem of the moment (leave it) ----------
_PROBLEM_OF_CODE = {
    sqlite3.SQLITE_CORRUPT: "damaged", sqlite3.SQLITE_NOTADB: "damaged",
    sqlite3.SQLITE_BUSY: "locked", sqlite3.SQLITE_LOCKED: "locked", sqlite3.SQLITE_PROTOCOL: "locked",
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_READONLY: "no-access", sqlite3.SQLITE_PERM: "no-access", sqlite3.SQLITE_CANTOPEN: "no-access",
    sqlite3.SQLITE_AUTH: "no-access",
    sqlite3.SQLITE_IOERR: "disk-error",
}
# an exception made without SQLite's code (older Python, a test double): its words
_PROBLEM_OF_WORDS = (("not a database", "damaged"), ("malformed", "damaged"), ("is locked", "locked"),
                     ("disk is full", "full"), ("readonly", "no-access"), ("unable to open", "no-access"),
                     ("disk i/o", "disk-error"))


def problem_kind(exc: BaseException) -> str:
    """Which of PROBLEM_KINDS an error from SQLite (or the system) is."""
    if isinstance(exc, OSError):
        return os_problem(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _PROBLEM_OF_CODE.get(code & 0xFF, "other")  # the primary code: SQLITE_IOERR_SHORT_READ is an I/O error
    text = str(exc).lower()
    return next((kind for words, kind in _PROBLEM_OF_WORDS if words in text), "other")


def os_problem(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no-access"
    return "disk-error"


_OPEN_PROBLEM = {
    "locked": "The progress database {path} is locked by another program ({detail}). Nothing was changed: "
              "close that program, or start ds-tui again in a moment.",
    "full": "The disk holding {path} is full ({detail}). Nothing was changed: free some space and start ds-tui again.",
    "no-access": "ds-tui may not write to {path} ({detail}). Nothing was changed: check the folder's permissions, "
                 "or set DS_TUI_HOME to another folder.",
    "disk-error": "The disk reported an error with {path} ({detail}). Nothing was changed.",
    "other": "The progress database {path} cannot be opened right now ({detail}). Nothing was changed.",
}


def _problem_message(path: Path, kind: str, detail: str) -> str:
    return _OPEN_PROBLEM.get(kind, _OPEN_PROBLEM["other"]).format(path=path, detail=detail)


class _Damaged(Exception):
    """The file is damaged (the message says how): move it aside, if nobody has it open."""


# -- opening: one opener at a time, in this process and on the machine ---------------------------
_openers: dict[str, threading.Lock] = {}
_openers_guard = threading.Lock()


@contextmanager
def _one_opener(directory: Path, timeout: float) -> Iterator[None]:
    """Hold the right to open the store in ``directory``: first among threads, then among processes."""
    with _openers_guard:
        in_process = _openers.setdefault(os.path.realpath(directory), threading.Lock())
    deadline = time.monotonic() + timeout
    busy = StoreError(f"Another ds-tui has been opening the progress database in {directory} for {timeout:g} s. "
                      "Nothing was changed: start ds-tui again in a moment.")
    if not in_process.acquire(timeout=timeout):
        raise busy
    try:
        lock = _lock_file(directory / OPEN_LOCK)
        try:
            if not lock.exclusive(max(0.0, deadline - time.monotonic())):
                raise busy
            yield
        finally:
            lock.close()
    finally:
        in_process.release()


def _lock_file(path: Path) -> LockFile:
    try:
        return LockFile(path)
    except OSError as exc:
        raise StoreError(_problem_message(path.parent, os_problem(exc), str(exc))) from None


def _open_database(path: Path, timeout: float, in_use: LockFile) -> tuple[sqlite3.Connection, OpenNotice | None]:
    """Connect, migrate and check; a damaged file is moved aside, never while another store has it open."""
    try:
        return _connect(path, timeout)
    except _Damaged as damage:
        reason = str(damage)
    if not in_use.try_exclusive():
        raise StoreError(f"The progress database {path} looks damaged ({reason}), but another ds-tui has it open, "
                         "so it was left in place. Close the other ds-tui and start again.")
    try:
        moved = _move_aside(path)  # our own connection is closed: _connect closes it before raising
        path.with_name(CHECK_MARK).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"The progress database {path} looks damaged ({reason}) and could not be moved aside "
                         f"({exc.strerror or exc}); it was left in place.") from None
    finally:
        in_use.release()
    try:
        db, _ = _connect(path, timeout)
    except _Damaged as damage:  # a brand-new file cannot be damaged; if it is, say so rather than loop
        raise StoreError(f"A new progress database {path} could not be started ({damage}).") from None
    return db, OpenNotice(f"The progress database could not be read ({reason}); it was kept as {moved} "
                          "and a new one was started.", moved)


def _connect(path: Path, timeout: float) -> tuple[sqlite3.Connection, OpenNotice | None]:
    _check_header(path)
    try:
        db = sqlite3.connect(path, timeout=timeout, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise _classified(path, exc) from None
    try:
        version = _user_version(db)  # read before anything writes
        _check_version(path, version)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        _migrate(db, version)
        notice = _repair_schema(db)
        _check_if_marked(db, path)
    except sqlite3.Error as exc:
        db.close()
        raise _classified(path, exc) from None
    except BaseException:
        db.close()
        raise
    return db, notice


_HEADER = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """A file that does not start as a database is damaged; SQLite is not let near it, since closing
    a connection to it would delete the -wal and -shm files that go with it."""
    try:
        with path.open("rb") as f:
            start = f.read(len(_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(_problem_message(path, os_problem(exc), str(exc))) from None
    if start and start != _HEADER:
        raise _Damaged("file is not a database")


def _user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _check_version(path: Path, version: int) -> None:
    if SCHEMA_VERSION < version <= NEWEST_PLAUSIBLE_VERSION:
        raise StoreError(f"{path} was written by a newer ds-tui (schema {version}, this one knows "
                         f"{SCHEMA_VERSION}); it was left untouched. Update ds-tui, or set DS_TUI_HOME "
                         "to another folder.")
    if not 0 <= version <= NEWEST_PLAUSIBLE_VERSION:
        raise _Damaged(f"its schema version {version} is not one ds-tui writes")


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """All the migrations it needs, in one transaction that holds the write lock from the start."""
    if version >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _user_version(db)  # again under the lock: a ds-tui without the lock file may have migrated it
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(_MIGRATIONS[target]):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")
        db.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script`` one by one (executescript would commit our transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


@dataclass(frozen=True)
class _Schema:
    columns: dict[str, frozenset[str]]  # table -> its columns
    sql: dict[str, str]  # table or index -> the statement that creates it
    indexes: dict[str, str]  # index -> its table


@functools.lru_cache(maxsize=1)
def _expected_schema() -> _Schema:
    """The schema the migrations make, read back from a database in memory (one source of truth)."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for target in range(1, SCHEMA_VERSION + 1):
            for statement in _statements(_MIGRATIONS[target]):
                db.execute(statement)
        return _read_schema(db)
    finally:
        db.close()


def _read_schema(db: sqlite3.Connection) -> _Schema:
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index')"
                      " AND name NOT LIKE 'sqlite_%'").fetchall()
    tables = [name for kind, name, _, _ in rows if kind == "table"]
    columns = {t: frozenset(r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (t,))) for t in tables}
    return _Schema(columns, {name: sql for _, name, _, sql in rows if sql},
                   {name: table for kind, name, table, _ in rows if kind == "index"})


def _repair_schema(db: sqlite3.Connection) -> OpenNotice | None:
    """A table or index missing is made again (empty); a column missing means the file is damaged."""
    expected, actual = _expected_schema(), _read_schema(db)
    lacking = sorted(f"{table}.{column}" for table, columns in expected.columns.items() if table in actual.columns
                     for column in columns - actual.columns[table])
    if lacking:
        raise _Damaged(f"its tables lack the column{'' if len(lacking) == 1 else 's'} {', '.join(lacking)} that schema {SCHEMA_VERSION} has")
    tables = [t for t in expected.columns if t not in actual.columns]
    indexes = [i for i in expected.indexes if i not in actual.indexes]
    if not tables and not indexes:
        return None
    db.execute("BEGIN IMMEDIATE")
    try:
        for name in tables + indexes:
            db.execute(expected.sql[name])
        db.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise
    if not tables:
        return None  # an index only speeds things up: nothing the user needs to hear
    one = len(tables) == 1
    return OpenNotice(f"The progress database had lost {'its table' if one else 'the tables'} {', '.join(tables)}; "
                      f"{'it was' if one else 'they were'} made again (empty) and the rest of your progress was kept.")


def _classified(path: Path, exc: sqlite3.Error) -> Exception:
    """Damage, to be moved aside; or a problem of the moment, reported with the data left where it is."""
    kind = problem_kind(exc)
    if kind == "damaged":
        return _Damaged(str(exc))
    if kind != "other" or getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_ERROR:
        return StoreError(_problem_message(path, kind, str(exc)))
    # an SQL error at open ("no such table", "duplicate column"): the tables do not match the version,
    # or the file is damaged in a way only SQLite's own check sees
    return _Damaged(_quick_check(path) or f"its tables do not match its schema version: {exc}")


def _mark_for_check(path: Path) -> None:
    try:
        path.with_name(CHECK_MARK).touch()
    except OSError:
        pass  # the check then waits for a write that fails again


def _check_if_marked(db: sqlite3.Connection, path: Path) -> None:
    mark = path.with_name(CHECK_MARK)
    if not mark.exists():
        return
    rows = db.execute("PRAGMA quick_check(5)").fetchall()
    found = "; ".join(str(r[0]) for r in rows)
    if found != "ok":
        raise _Damaged(f"SQLite's check: {found}")  # the mark goes once the file is moved aside
    mark.unlink(missing_ok=True)


def _quick_check(path: Path) -> str | None:
    """What ``PRAGMA quick_check`` finds wrong, or None."""
    try:
        db = sqlite3.connect(path, timeout=1.0)
        try:
            rows = db.execute("PRAGMA quick_check(5)").fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        return str(exc) if problem_kind(exc) == "damaged" else None
    found = "; ".join(str(r[0]) for r in rows)
    return None if found == "ok" else f"SQLite's check: {found}"


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
    path.replace(target)
    for suffix in ("-wal", "-shm", "-journal"):  # they belong to the file: they go with it
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
