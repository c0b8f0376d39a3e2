"""Writes the progress store could not make yet, kept in a file until the database takes them.

Each open store that meets a busy, full or read-only database appends its writes to its own journal,
``progress.pending-<pid>-<random>.jsonl`` (one JSON object a line, fsynced before the write counts
as kept), and holds a lock on it while it is open. A journal nobody holds belongs to a store that
ended before the database was free: the next store to open claims it and writes it. Every write
carries a unique id, so one that reached the database before its journal was cleared is not
written twice.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from ds_tui.file_lock import try_lock

PATTERN = "progress.pending-*.jsonl"

Op = dict[str, Any]


class Journal:
    """This store's journal: created at the first write that has to wait, locked until closed."""

    def __init__(self, directory: Path) -> None:
        while True:
            path = directory / f"progress.pending-{os.getpid()}-{os.urandom(4).hex()}.jsonl"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            if try_lock(fd, exclusive=True):
                break
            os.close(fd)  # another store took it for an orphan in the instant before our lock: leave it to them
        self.path, self.fd, self._size = path, fd, 0
        _sync_folder(directory)  # the new name survives a power cut along with what is written in it

    def append(self, op: Op) -> None:
        """Add ``op`` durably, or raise OSError (a full disk) leaving the journal as it was."""
        data = (json.dumps(op, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        try:
            if os.write(self.fd, data) != len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            os.fsync(self.fd)
        except OSError:
            try:  # no half line for the next append to follow
                os.ftruncate(self.fd, self._size)
            except OSError:
                pass
            raise
        self._size += len(data)

    @property
    def empty(self) -> bool:
        return self._size == 0

    def clear(self) -> None:
        """Everything in it reached the database."""
        os.ftruncate(self.fd, 0)
        self._size = 0

    def close(self) -> None:
        """Gone if empty; otherwise left, unlocked, for the next store to open."""
        if self.empty:
            _unlink_and_close(self.path, self.fd)
        else:
            os.close(self.fd)
        self.fd = -1


class Orphan(Struct):
    """A journal whose store has ended, claimed (locked) by the store that will write it."""

    path: Path
    fd: int
    ops: list[Op]
    unreadable: int  # lines that are not a whole JSON object (a write cut short by a crash)

    def done(self) -> Path | None:
        """Its writes are in the database: delete it, or keep it renamed if part could not be read."""
        if not self.unreadable:
            _unlink_and_close(self.path, self.fd)
            return None
        kept = self.path.with_name(self.path.name.replace("progress.pending-", "progress.unreadable-"))
        os.replace(self.path, kept)
        os.close(self.fd)
        return kept

    def release(self) -> None:
        """Not written this time (the database is busy): left for a later open."""
        os.close(self.fd)


def orphans(directory: Path) -> Iterator[Orphan]:
    """The journals of stores that have ended, oldest name first, each claimed as it is yielded."""
    for path in sorted(directory.glob(PATTERN)):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue  # claimed and deleted by another store meanwhile
        if not try_lock(fd, exclusive=True):
            os.close(fd)  # its store is still open
            continue
        try:
            ops, unreadable = _read(fd)
        except OSError:
            os.close(fd)
            continue
        yield Orphan(path, fd, ops, unreadable)


def _read(fd: int) -> tuple[list[Op], int]:
    with os.fdopen(os.dup(fd), "rb") as f:
        data = f.read()
    ops: list[Op] = []
    unreadable = 0
    for line in data.splitlines():
        try:
            op = json.loads(line)
        except ValueError:
            unreadable += 1
            continue
        if isinstance(op, dict) and isinstance(op.get("op"), str):
            ops.append(op)
        else:
            unreadable += 1
    return ops, unreadable


def _unlink_and_close(path: Path, fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows cannot delete an open file
        os.close(fd)
        path.unlink(missing_ok=True)
        return
    path.unlink(missing_ok=True)  # while still locked, so no other store claims it in between
    os.close(fd)


def _sync_folder(directory: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - folders cannot be fsynced there
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
