"""A start-up cache of checked lessons, as JSON, keyed by each file's path, size and mtime.

Parsing and checking the bundled lessons costs more than drawing the first screen; the app reads
this cache instead when no file changed. Any doubt (other version, unreadable, changed file) means
a fresh load: the cache can make start-up faster, never wrong. ``ds-tui validate`` never uses it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ds_tui import __version__
from ds_tui.lessons.bounded import read_bounded
from ds_tui.lessons.model import (
    Bound,
    Category,
    Embed,
    Item,
    Lesson,
    Option,
    Question,
    QuestionKind,
    Scaled,
    Section,
    Text,
    Tolerance,
    ToleranceKind,
)
from ds_tui.lessons.problems import Problem

FORMAT = 5  # 2: predict questions carry demo_params; 3: checked for control characters and limits; 4: relative
# predict ranges and observed texts; 5: timer_s


def file_key(paths: list[Path]) -> list[list[Any]]:
    key = []
    for path in paths:
        stat = path.stat()
        key.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    return key


def _text(d: dict[str, Any] | None) -> Text | None:
    return Text(**d) if d is not None else None


def _bound(b: float | dict[str, Any] | None) -> Bound:
    return Scaled(**b) if isinstance(b, dict) else b


def _range(r: list[Any] | None) -> tuple[Bound, Bound] | None:
    return (_bound(r[0]), _bound(r[1])) if r is not None else None


def _question(d: dict[str, Any]) -> Question:
    answer = d["answer"]
    return Question(
        id=d["id"], kind=QuestionKind(d["kind"]), prompt=Text(**d["prompt"]), explanation=Text(**d["explanation"]),
        hint=_text(d["hint"]), concepts=tuple(d["concepts"]), assumes=d["assumes"],
        options=tuple(Option(o["id"], Text(**o["text"]), Text(**o["why"]), o["correct"], _range(o["range"]),
                             _text(o["observed"]))
                      for o in d["options"]),
        categories=tuple(Category(c["id"], Text(**c["text"])) for c in d["categories"]),
        items=tuple(Item(i["id"], Text(**i["text"]), _text(i["why"]), i["answer"]) for i in d["items"]),
        answer=tuple(answer) if isinstance(answer, list) else answer,
        tolerance=Tolerance(ToleranceKind(d["tolerance"]["kind"]), d["tolerance"]["value"]) if d["tolerance"] else None,
        unit=_text(d["unit"]), demo=d["demo"], metric=d["metric"],
        demo_params=tuple((k, v) for k, v in d["demo_params"]), timer_s=d.get("timer_s"),
    )


def lesson_from_dict(d: dict[str, Any], path: Path) -> Lesson:
    sections = tuple(
        Section(s["id"], Text(**s["title"]), Text(**s["body"]),
                Embed(**s["embed"]) if s["embed"] else None, _text(s["notes"]))
        for s in d["sections"]
    )
    return Lesson(d["id"], d["order"], Text(**d["title"]), sections, _text(d["summary"]),
                  tuple(_question(q) for q in d["quiz"]), tuple(d["sources"]), path)


def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    data = asdict(lesson)
    data.pop("path")
    return data


MAX_CACHE_BYTES = 64 * 1024 * 1024  # a bigger cache is not read: the lessons are loaded afresh


def read(cache_file: Path, key: list[list[Any]]) -> list[tuple[Path, Lesson | None, tuple[Problem, ...]]] | None:
    try:
        # surrogateescape: a lesson file whose name is not UTF-8 keeps its exact name
        data = json.loads(read_bounded(cache_file, MAX_CACHE_BYTES).decode("utf-8", "surrogateescape"))
        if data.get("format") != FORMAT or data.get("version") != __version__ or data.get("key") != key:
            return None
        out = []
        for entry in data["results"]:
            path = Path(entry["path"])
            lesson = lesson_from_dict(entry["lesson"], path) if entry["lesson"] else None
            out.append((path, lesson, tuple(Problem(**p) for p in entry["problems"])))
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def write(cache_file: Path, key: list[list[Any]],
          results: list[tuple[Path, Lesson | None, tuple[Problem, ...]]]) -> None:
    data = {
        "format": FORMAT, "version": __version__, "key": key,
        "results": [{"path": str(path), "lesson": lesson_to_dict(lesson) if lesson else None,
                     "problems": [asdict(p) for p in problems]} for path, lesson, problems in results],
    }
    tmp: str | None = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".lessons-", suffix=".tmp")
        # surrogateescape: a file name that is not UTF-8 is written as its own bytes, and read back so
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, cache_file)  # atomic: a reader sees the old cache or the new one
        tmp = None
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs start-up time
    finally:
        if tmp is not None:  # never leave a half-written cache behind
            try:
                os.unlink(tmp)
            except OSError:
                pass
