"""What went wrong with the progress store, in words the user can act on: damage (move the file
aside) or a problem of the moment (leave it), and what opening has to tell.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from msgspec import Struct


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


class OpenNotice(Struct, frozen=True):
    """Something the user should be told about opening the store (e.g. a corrupt file moved aside)."""

    message: str
    moved_to: Path | None = None


PROBLEM_KINDS = ("locked", "full", "no-access", "disk-error", "damaged", "other")


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


def problem_message(path: Path, kind: str, detail: str) -> str:
    return _OPEN_PROBLEM.get(kind, _OPEN_PROBLEM["other"]).format(path=path, detail=detail)


class Damaged(Exception):
    """The file is damaged (the message says how): move it aside, if nobody has it open."""
