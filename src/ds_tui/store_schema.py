"""The progress store's schema: its version, the migrations that make it, and the schema read back
from a database (what a file opened should have).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator

from msgspec import Struct

SCHEMA_VERSION = 7
NEWEST_PLAUSIBLE_VERSION = 1000  # the schema version grows by one when it changes: above this it is not ds-tui's

MIGRATIONS: dict[int, str] = {
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


def statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script`` one by one (executescript would commit our transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


# What the migrations make, written out: opening a store compares its tables with these instead of building
# the schema in a database in memory (~2 ms of every start). tests/test_store.py checks that the migrations
# make exactly this; a new migration changes both.
TABLE_COLUMNS: dict[str, frozenset[str]] = {
    "section_reads": frozenset({"first_read", "lesson_id", "section_id"}),
    "demo_runs": frozenset({"demo", "finished", "id", "report", "summary"}),
    "answers": frozenset({"answered", "confidence", "correct", "id", "lesson_id", "measured", "question_id", "response",
                          "score", "uid"}),
    "question_state": frozenset({"attempts", "card", "concepts", "correct", "due", "last_answered", "last_correct",
                                 "lesson_id", "question_id", "score_sum"}),
    "class_sessions": frozenset({"ended", "id", "lesson_id", "started"}),
    "class_results": frozenset({"correct", "kind", "letters", "measured", "number", "question_id", "revealed",
                                "session_id", "votes"}),
    "lesson_places": frozenset({"lesson_id", "section_id", "updated"}),
    "device_rooms": frozenset({"code", "ended", "id", "lesson_id", "started"}),
    "device_students": frozenset({"joined", "lang", "name", "room_id", "student", "token_hash"}),
    "device_answers": frozenset({"answer", "answered", "number", "room_id", "round", "student"}),
}
INDEXES: dict[str, str] = {"demo_runs_by_demo": "demo_runs", "class_sessions_by_lesson": "class_sessions"}


class Schema(Struct, frozen=True):
    columns: dict[str, frozenset[str]]  # table -> its columns
    sql: dict[str, str]  # table or index -> the statement that creates it
    indexes: dict[str, str]  # index -> its table


@functools.lru_cache(maxsize=1)
def expected_schema() -> Schema:
    """The schema the migrations make, read back from a database in memory (one source of truth)."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for target in range(1, SCHEMA_VERSION + 1):
            for statement in statements(MIGRATIONS[target]):
                db.execute(statement)
        return read_schema(db)
    finally:
        db.close()


def read_schema(db: sqlite3.Connection) -> Schema:
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index')"
                      " AND name NOT LIKE 'sqlite_%'").fetchall()
    tables = [name for kind, name, _, _ in rows if kind == "table"]
    columns = {t: frozenset(r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (t,))) for t in tables}
    return Schema(columns, {name: sql for _, name, _, sql in rows if sql},
                   {name: table for kind, name, table, _ in rows if kind == "index"})


