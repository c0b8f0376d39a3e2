"""The progress store: SQLite in the data directory, written as things happen.

WAL journal and one short transaction per write, so a kill at any moment loses nothing committed.
A database that cannot be read is moved aside (kept, never deleted) and a fresh one started; one
written by a newer ds-tui is refused and left untouched.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 2
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
}


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
