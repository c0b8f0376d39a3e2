"""A start-up cache of checked lessons, keyed by each file's path, size and mtime.

Parsing and checking the bundled lessons costs more than drawing the first screen; the app reads
this cache instead when no file changed. Any doubt (other version, unreadable, changed file, a model
it does not fit) means a fresh load: the cache can make start-up faster, never wrong. ``ds-tui
validate`` never uses it.

The file is MessagePack, written and read by msgspec against the model's own types: no mapping code
to keep in step with the schema, each question comes back as its kind's class (the ``kind`` tag),
and reading runs no code named in the file (as a pickle would) — what does not fit the types is
refused, and the lessons are loaded afresh.
"""

# no `from __future__ import annotations`: msgspec reads these Structs' types as objects instead of evaluating
# strings at the start-up cache's first decode (~1.5 ms of every start, ds_tui.lessons.cache)
import os
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from ds_tui import __version__
from ds_tui.lessons.bounded import read_bounded
from ds_tui.lessons.model import Lesson
from ds_tui.lessons.problems import Problem

FORMAT = 7  # 2: predict questions carry demo_params; 3: checked for control characters and limits; 4: relative
# predict ranges and observed texts; 5: timer_s; 6: one class per question kind; 7: MessagePack (msgspec)

Results = list[tuple[Path, Lesson | None, tuple[Problem, ...]]]


class _Entry(msgspec.Struct, frozen=True):
    path: bytes  # the file's name as the system gives it (it need not be UTF-8)
    lesson: Lesson | None
    problems: tuple[Problem, ...]


class _Cache(msgspec.Struct, frozen=True):
    format: int
    version: str
    key: list[list[Any]]
    results: list[_Entry]


def file_key(paths: list[Path]) -> list[list[Any]]:
    key = []
    for path in paths:
        stat = path.stat()
        key.append([os.fsencode(path.resolve()), stat.st_size, stat.st_mtime_ns])  # bytes: a name need not be UTF-8
    return key


def _encode_path(obj: Any) -> Any:
    if isinstance(obj, Path):  # a lesson's own path is not stored: the entry's path gives it back
        return None
    raise NotImplementedError(type(obj))


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_encode_path)
MAX_CACHE_BYTES = 64 * 1024 * 1024  # a bigger cache is not read: the lessons are loaded afresh


def read(cache_file: Path, key: list[list[Any]]) -> Results | None:
    try:
        cache = msgspec.msgpack.decode(read_bounded(cache_file, MAX_CACHE_BYTES), type=_Cache)
        if cache.format != FORMAT or cache.version != __version__ or cache.key != key:
            return None
        out: Results = []
        for entry in cache.results:
            path = Path(os.fsdecode(entry.path))
            lesson = msgspec.structs.replace(entry.lesson, path=path) if entry.lesson is not None else None
            out.append((path, lesson, entry.problems))
        return out
    except (OSError, ValueError, msgspec.MsgspecError, RecursionError):
        return None  # unreadable, truncated, another model: the lessons are loaded afresh


def write(cache_file: Path, key: list[list[Any]], results: Results) -> None:
    tmp: str | None = None
    try:
        entries = [_Entry(os.fsencode(path), lesson, problems)
                   for path, lesson, problems in results]
        body = _ENCODER.encode(_Cache(FORMAT, __version__, key, entries))
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".lessons-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.replace(tmp, cache_file)  # atomic: a reader sees the old cache or the new one
        tmp = None
    except (OSError, ValueError, TypeError, NotImplementedError, msgspec.MsgspecError, RecursionError):
        pass  # a cache that cannot be written only costs start-up time
    finally:
        if tmp is not None:  # never leave a half-written cache behind
            try:
                os.unlink(tmp)
            except OSError:
                pass
