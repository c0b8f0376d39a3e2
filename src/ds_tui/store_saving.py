"""Saving to the progress store: every write is made now, or kept (in memory and in the journal) until
the database can take it; ``SaveState`` says which is true at the moment.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from msgspec import Struct

from ds_tui.file_lock import LockFile
from ds_tui.store_journal import Journal, Op
from ds_tui.store_open import mark_for_check
from ds_tui.store_problems import OpenNotice, StoreError, problem_kind
from ds_tui.store_writes import busy_timeout, transaction


WRITE_TIMEOUT_S = 0.1  # a write waits this long for a busy database, then is kept for later


class SaveState(Struct, frozen=True):
    """What is true about saving right now: everything written, or how much waits and why."""

    pending: int = 0  # writes not in the database yet
    kept: bool = True  # ...all of them in the journal too, so they survive the program ending
    problem: str | None = None  # why the last write failed: a kind from PROBLEM_KINDS
    detail: str = ""  # SQLite's (or the system's) own words

    @property
    def saved(self) -> bool:
        return self.pending == 0


class StoreBase:
    """The connection, its lock, and the writes that wait: what every part of the store works with."""

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
        busy_timeout(connection, WRITE_TIMEOUT_S)

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
            transaction(self._db, self._pending, look_up_ids=self._tried > 0)
        except sqlite3.Error as exc:  # any: the writes are typed when made, so this is the database's state
            self._tried = len(self._pending)  # a COMMIT that failed may still have landed
            self._problem = (problem_kind(exc), str(exc))
            if self._problem[0] == "damaged":
                mark_for_check(self.path)
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
