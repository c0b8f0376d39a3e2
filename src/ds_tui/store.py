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

The parts: the schema and its migrations (store_schema), what went wrong and how it is said
(store_problems), opening, repair and moving aside (store_open), the writes applied in a transaction
(store_writes), saving or keeping each write (store_saving), and the queries by area: answers and
review state (store_answers), reading progress and lesson places (store_places), demo runs
(store_demos), class sessions (store_class_sessions) and device rooms (store_device_rooms).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ds_tui.store_answers import AnswerRecord, AnswersMixin, QuestionState
from ds_tui.store_class_sessions import ClassResult, ClassSession, ClassSessionsMixin
from ds_tui.store_demos import DemosMixin
from ds_tui.store_device_rooms import DeviceRoomsMixin
from ds_tui.store_journal import Journal, orphans
from ds_tui.store_open import CHECK_MARK, IN_USE_LOCK, OPEN_LOCK, lock_file, one_opener, open_database
from ds_tui.store_places import PlacesMixin
from ds_tui.store_problems import PROBLEM_KINDS, OpenNotice, StoreError, os_problem, problem_kind, problem_message
from ds_tui.store_saving import WRITE_TIMEOUT_S, SaveState
from ds_tui.store_schema import MIGRATIONS, NEWEST_PLAUSIBLE_VERSION, SCHEMA_VERSION
from ds_tui.store_writes import APPLY, busy_timeout, transaction

__all__ = [
    "CHECK_MARK", "CLOSE_TIMEOUT_S", "FILENAME", "IN_USE_LOCK", "NEWEST_PLAUSIBLE_VERSION", "OPEN_LOCK", "OPEN_TIMEOUT_S",
    "PROBLEM_KINDS", "SCHEMA_VERSION", "WRITE_TIMEOUT_S", "AnswerRecord", "ClassResult", "ClassSession", "Journal",
    "OpenNotice", "QuestionState", "SaveState", "Store", "StoreError", "os_problem", "problem_kind",
]

FILENAME = "progress.sqlite3"
OPEN_TIMEOUT_S = 10.0  # opening runs off the interface thread; another ds-tui's migration takes far less
CLOSE_TIMEOUT_S = 1.0  # the last try at close; what is still waiting then stays in the journal

# the names the migrations and the writes had here, which tests use to build older databases and write directly
_MIGRATIONS = MIGRATIONS
_transaction = transaction


class Store(PlacesMixin, DemosMixin, AnswersMixin, ClassSessionsMixin, DeviceRoomsMixin):
    """The progress store: opening and closing here; saving (StoreBase) and the queries by area in the mixins."""

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
            raise StoreError(problem_message(directory, os_problem(exc), str(exc))) from None
        with one_opener(directory, timeout):
            in_use = lock_file(directory / IN_USE_LOCK)
            try:
                db, notice = open_database(path, timeout, in_use)
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
                busy_timeout(self._db, CLOSE_TIMEOUT_S)
                self._flush()
            if self._journal is not None:
                self._journal.close()
                self._journal = None
            self._db.close()
            if self._in_use is not None:
                self._in_use.close()

    def _write_orphans(self, timeout: float) -> None:
        """Write what stores that have ended left in their journals (each write lands once)."""
        busy_timeout(self._db, timeout)
        try:
            for orphan in orphans(self.path.parent):
                # a kind of write this ds-tui does not know (a newer one's) is kept, like an unreadable line
                orphan.unreadable += sum(op["op"] not in APPLY for op in orphan.ops)
                try:
                    with self._lock:
                        transaction(self._db, orphan.ops, look_up_ids=True)
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
            busy_timeout(self._db, WRITE_TIMEOUT_S)

