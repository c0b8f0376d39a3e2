"""Standard output and error of the command line, whatever the locale and wherever they go.

- To a file or a pipe: UTF-8, whatever the locale or ``PYTHONIOENCODING`` say. What ds-tui prints is
  Vietnamese and English text with symbols (≈, ✓, —), JSON and Markdown: on Windows Python would
  write the ANSI code page there (cp1252 has no Vietnamese letters: a UnicodeEncodeError), and the
  hardware report a student redirects to a file and hands in should be a UTF-8 document.
- To a terminal: its own encoding, the one it can show; a character it cannot show becomes "?"
  (errors="replace") instead of ending the program.
- A write that fails (a full disk, a closed pipe) raises :class:`OutputError`, which the CLI's entry
  turns into one line and exit code 1 (quietly, exit 0, for a reader that left: ``| head``).

Only the interpreter's own streams are touched (tests that capture output keep theirs).
"""

from __future__ import annotations

import errno
import io
import os
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Buffer


class OutputError(OSError):
    """Writing standard output or error failed (the OSError's errno and message are kept; ``fd`` says which)."""

    fd: int | None = None


class _Sink(io.RawIOBase):
    """Writes to a file descriptor; an OSError there becomes :class:`OutputError`, so the entry point tells
    a failed write from any other OSError. Never closes the descriptor (it is the process's)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return False

    def write(self, data: Buffer) -> int:
        while True:
            try:
                return os.write(self._fd, data)
            except BlockingIOError:  # a non-blocking pipe (some launchers make one) that is full: wait
                time.sleep(0.01)
            except OSError as exc:
                error = OutputError(exc.errno, exc.strerror)
                error.fd = self._fd
                raise error from None


def _redirected(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """A UTF-8 replacement for ``stream`` (a file or a pipe), buffered as it was."""
    stream.flush()
    return io.TextIOWrapper(io.BufferedWriter(_Sink(stream.fileno())), encoding="utf-8",
                            errors="backslashreplace",  # lone surrogates only: UTF-8 encodes everything else
                            newline=None,  # "\n" becomes os.linesep, as Python's own streams do on Windows
                            line_buffering=stream.line_buffering)


def setup() -> None:
    """Reconfigure ``sys.stdout`` and ``sys.stderr`` (see the module's docstring). Call once, first."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or stream is not getattr(sys, f"__{name}__"):
            continue  # no such stream (closed at start-up), or replaced by a caller (a test's capture)
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                setattr(sys, name, _redirected(stream))  # sys.__stdout__ stays: it never closes the fd
        except (AttributeError, OSError, ValueError):  # an unusual stream: leave it as it is
            continue


def flush() -> None:
    """Flush standard output now: a full disk is reported here, not as a traceback at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def output_failed(exc: OutputError) -> int:
    """The exit code for a failed write; says why on stderr (unless the reader left: ``| head``)."""
    _silence(exc.fd if exc.fd is not None else 1)
    if exc.errno == errno.EPIPE:
        return 0
    try:
        print(f"ds-tui: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr cannot be written either: the exit code still tells
        _silence(2)
    return 1


def _silence(fd: int) -> None:
    """From now on ``fd`` writes to the null device: what is still buffered for it is flushed there at
    exit, instead of failing again with a message of the interpreter's."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)
    except OSError:
        pass


def dumb_terminal(environ: dict[str, str] | None = None) -> bool:
    """``TERM=dumb``: a terminal that shows text and nothing else (Emacs' shell, some CI logs, editors'
    output panes). Nothing that moves the cursor or colours text is sent to it."""
    env = os.environ if environ is None else environ
    return env.get("TERM", "").strip().lower() == "dumb"


def escapes_allowed(stream: Any) -> bool:
    """May ``stream`` receive terminal escapes (redrawing a line, colours)? A terminal that is not dumb."""
    try:
        tty = bool(stream.isatty())  # anything: one without isatty() is no terminal
    except (AttributeError, OSError, ValueError):
        return False
    return tty and not dumb_terminal()


def text_width(stream: Any) -> int | None:
    """The width to wrap plain text at on ``stream``: its terminal's width (``COLUMNS`` wins), or None
    (no wrapping) when it is a file or a pipe, where the reader's own tools wrap."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, OSError, ValueError):
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and 0 < int(columns) < 10_000:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, OSError, ValueError):
        return 80
