"""A start-up cache of checked lessons, keyed by each file's path, size and mtime.

Parsing and checking the bundled lessons costs more than drawing the first screen; the app reads
this cache instead when no file changed. Any doubt (other version, other model, unreadable, changed
file) means a fresh load: the cache can make start-up faster, never wrong. ``ds-tui validate`` never
uses it.

The file is one JSON header line (format, version, the model's shape, the files' key), then the
checked results as a pickle. Pickle, not a hand-written or generic JSON mapping: it stores the frozen
model objects exactly as the checker built them (each question's own class, tuples, floats, enums),
with no code to keep in step with the schema. Pickle runs code named in the file it reads, so it only
ever reads the file this app wrote into its own private cache folder, and only after the header
matched; the file's size is bounded, and any exception while reading it means a fresh load.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from ds_tui import __version__
from ds_tui.lessons import model
from ds_tui.lessons.bounded import read_bounded
from ds_tui.lessons.model import Lesson
from ds_tui.lessons.problems import Problem

FORMAT = 6  # 2: predict questions carry demo_params; 3: checked for control characters and limits; 4: relative
# predict ranges and observed texts; 5: timer_s; 6: a pickle of the model, one class per question kind

Results = list[tuple[Path, Lesson | None, tuple[Problem, ...]]]


def file_key(paths: list[Path]) -> list[list[Any]]:
    key = []
    for path in paths:
        stat = path.stat()
        key.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    return key


def _shape() -> list[list[str]]:
    """The stored classes and their fields, in order: a pickle of a dataclass restores its fields by
    position, so a model changed without a new version (a developer's checkout) must not be read."""
    classes = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]
    return [[c.__qualname__, *(f"{f.name}:{f.type}" for f in dataclasses.fields(c))]
            for c in sorted([*classes, Problem], key=lambda c: c.__qualname__)]


def _header(key: list[list[Any]]) -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "python": sys.version_info[:2], "shape": _shape(), "key": key}


MAX_CACHE_BYTES = 64 * 1024 * 1024  # a bigger cache is not read: the lessons are loaded afresh


def read(cache_file: Path, key: list[list[Any]]) -> Results | None:
    try:
        head, _, body = read_bounded(cache_file, MAX_CACHE_BYTES).partition(b"\n")
        # surrogateescape: a lesson file whose name is not UTF-8 keeps its exact name
        if json.loads(head.decode("utf-8", "surrogateescape")) != json.loads(json.dumps(_header(key))):
            return None
        results = pickle.loads(body)
        if not isinstance(results, list) or not all(
                isinstance(path, Path) and (lesson is None or isinstance(lesson, Lesson))
                and all(isinstance(p, Problem) for p in problems) for path, lesson, problems in results):
            return None
        return results
    except Exception:  # unreadable, truncated, another model (UnpicklingError, EOFError, AttributeError,
        return None  # ImportError, ValueError, ...): the lessons are loaded afresh


def write(cache_file: Path, key: list[list[Any]], results: Results) -> None:
    tmp: str | None = None
    try:
        head = json.dumps(_header(key), ensure_ascii=False).encode("utf-8", "surrogateescape")
        body = pickle.dumps(list(results), protocol=pickle.HIGHEST_PROTOCOL)
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".lessons-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(head + b"\n" + body)
        os.replace(tmp, cache_file)  # atomic: a reader sees the old cache or the new one
        tmp = None
    except (OSError, ValueError, pickle.PicklingError, RecursionError):
        pass  # a cache that cannot be written only costs start-up time
    finally:
        if tmp is not None:  # never leave a half-written cache behind
            try:
                os.unlink(tmp)
            except OSError:
                pass
