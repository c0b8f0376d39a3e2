"""Opening the progress store: one opener at a time (in this process and on the machine), connect,
migrate, repair a lost table, and move a damaged file aside, never while another store has it open.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ds_tui.file_lock import LockFile
from ds_tui.store_problems import Damaged, OpenNotice, StoreError, os_problem, problem_kind, problem_message
from ds_tui.store_schema import (INDEXES, MIGRATIONS, NEWEST_PLAUSIBLE_VERSION, SCHEMA_VERSION, TABLE_COLUMNS,
                                 expected_schema, read_schema, statements)
from ds_tui.store_writes import rollback

OPEN_LOCK = "progress.lock"  # held (exclusive) by the one process opening the store
IN_USE_LOCK = "progress.in-use"  # held (shared) by every open store
CHECK_MARK = "progress.check"  # a write met damage: the next open runs SQLite's check (too slow for every open)


# -- opening: one opener at a time, in this process and on the machine ---------------------------
_openers: dict[str, threading.Lock] = {}
_openers_guard = threading.Lock()


@contextmanager
def one_opener(directory: Path, timeout: float) -> Iterator[None]:
    """Hold the right to open the store in ``directory``: first among threads, then among processes."""
    with _openers_guard:
        in_process = _openers.setdefault(os.path.realpath(directory), threading.Lock())
    deadline = time.monotonic() + timeout
    busy = StoreError(f"Another ds-tui has been opening the progress database in {directory} for {timeout:g} s. "
                      "Nothing was changed: start ds-tui again in a moment.")
    if not in_process.acquire(timeout=timeout):
        raise busy
    try:
        lock = lock_file(directory / OPEN_LOCK)
        try:
            if not lock.exclusive(max(0.0, deadline - time.monotonic())):
                raise busy
            yield
        finally:
            lock.close()
    finally:
        in_process.release()


def lock_file(path: Path) -> LockFile:
    try:
        return LockFile(path)
    except OSError as exc:
        raise StoreError(problem_message(path.parent, os_problem(exc), str(exc))) from None


def open_database(path: Path, timeout: float, in_use: LockFile) -> tuple[sqlite3.Connection, OpenNotice | None]:
    """Connect, migrate and check; a damaged file is moved aside, never while another store has it open."""
    try:
        return _connect(path, timeout)
    except Damaged as damage:
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
    except Damaged as damage:  # a brand-new file cannot be damaged; if it is, say so rather than loop
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
        raise StoreError(problem_message(path, os_problem(exc), str(exc))) from None
    if start and start != _HEADER:
        raise Damaged("file is not a database")


def _user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _check_version(path: Path, version: int) -> None:
    if SCHEMA_VERSION < version <= NEWEST_PLAUSIBLE_VERSION:
        raise StoreError(f"{path} was written by a newer ds-tui (schema {version}, this one knows "
                         f"{SCHEMA_VERSION}); it was left untouched. Update ds-tui, or set DS_TUI_HOME "
                         "to another folder.")
    if not 0 <= version <= NEWEST_PLAUSIBLE_VERSION:
        raise Damaged(f"its schema version {version} is not one ds-tui writes")


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """All the migrations it needs, in one transaction that holds the write lock from the start."""
    if version >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _user_version(db)  # again under the lock: a ds-tui without the lock file may have migrated it
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in statements(MIGRATIONS[target]):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise


def _repair_schema(db: sqlite3.Connection) -> OpenNotice | None:
    """A table or index missing is made again (empty); a column missing means the file is damaged."""
    actual = read_schema(db)
    lacking = sorted(f"{table}.{column}" for table, columns in TABLE_COLUMNS.items() if table in actual.columns
                     for column in columns - actual.columns[table])
    if lacking:
        raise Damaged(f"its tables lack the column{'' if len(lacking) == 1 else 's'} {', '.join(lacking)} that schema {SCHEMA_VERSION} has")
    tables = [t for t in TABLE_COLUMNS if t not in actual.columns]
    indexes = [i for i in INDEXES if i not in actual.indexes]
    if not tables and not indexes:
        return None
    expected = expected_schema()  # the statements that make what is missing
    db.execute("BEGIN IMMEDIATE")
    try:
        for name in tables + indexes:
            db.execute(expected.sql[name])
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
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
        return Damaged(str(exc))
    if kind != "other" or getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_ERROR:
        return StoreError(problem_message(path, kind, str(exc)))
    # an SQL error at open ("no such table", "duplicate column"): the tables do not match the version,
    # or the file is damaged in a way only SQLite's own check sees
    return Damaged(_quick_check(path) or f"its tables do not match its schema version: {exc}")


def mark_for_check(path: Path) -> None:
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
        raise Damaged(f"SQLite's check: {found}")  # the mark goes once the file is moved aside
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
