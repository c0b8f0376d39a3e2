"""What the user sees when something unexpected ends the program: one line on stderr, saying what and
where the details are; the traceback goes to a crash log in the data folder (else the temporary
folder), for a bug report. Written to work when little does: out of memory, no threads left, a data
folder that cannot be written."""

from __future__ import annotations

import os
import sys
# loaded now, not when a crash happens: a crash may be running out of memory, and tempfile's imports
# (random, hashlib) then fail with a traceback that hashlib itself logs to the terminal
import tempfile
import time
from pathlib import Path


def report(exc: BaseException, argv: list[str] | None = None) -> int:
    """Tell the user about ``exc`` in one line, log it; the exit code (1)."""
    where: Path | None = None
    why = ""
    try:
        where = _write_log(exc, sys.argv[1:] if argv is None else argv)
    except BaseException as log_exc:  # noqa: BLE001 - even the log failed (e.g. out of memory again)
        why = type(log_exc).__name__
    try:
        line = f"ds-tui: error: {summary(exc)}"
        line += f" (details: {where})" if where else f" (no crash log: {why})"
        print(line, file=sys.stderr, flush=True)
    except BaseException:  # noqa: BLE001 - nothing left to say it with
        try:
            os.write(2, f"ds-tui: error: {type(exc).__name__}\n".encode())
        except BaseException:  # noqa: BLE001
            pass
    return 1


def summary(exc: BaseException) -> str:
    """One line about ``exc``: plain words for what the environment caused, else its type and message."""
    if isinstance(exc, MemoryError):
        return "out of memory (MemoryError)"
    if isinstance(exc, RuntimeError) and "can't start new thread" in str(exc):
        return "cannot start a thread: the system refused it (a limit on threads, ulimit -u, or on memory)"
    if isinstance(exc, OSError) and exc.strerror:
        target = f": {exc.filename}" if exc.filename is not None else ""
        return f"{exc.strerror}{target} ({type(exc).__name__})"
    return f"{type(exc).__name__}: {_first_line(exc)}" if _first_line(exc) else type(exc).__name__


def _first_line(exc: BaseException) -> str:
    """The message's first line; a long message that wraps its cause (numpy's ImportError) gives the
    cause's, which says what failed."""
    text = str(exc).strip()
    if "\n" in text and exc.__cause__ is not None and _first_line(exc.__cause__):
        return _first_line(exc.__cause__)
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 200 else line[:199] + "…"


def _write_log(exc: BaseException, argv: list[str]) -> Path:
    # lazy: only a crash pays for its report
    import platform
    import traceback

    from ds_tui import __version__

    text = "".join([
        f"ds-tui {__version__} crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n",
        f"command: ds-tui {' '.join(argv)}\n",
        f"Python {sys.version.split()[0]} on {platform.platform()}\n\n",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ])
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    last: BaseException | None = None
    for folder in _folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError as err:
            last = err
    raise last or OSError("no folder to write to")


def _folders() -> list[Path]:
    out = []
    try:
        # lazy: the crash log still goes to the temporary folder if this import is what failed
        from ds_tui.paths import data_dir

        out.append(data_dir() / "crash")
    except Exception:  # noqa: BLE001 - the data folder itself may be what is broken
        pass
    out.append(Path(tempfile.gettempdir()))
    return out
