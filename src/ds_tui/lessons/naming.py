"""A lesson named by a person: by its id (``your-hardware``), its file's name (``01-your-hardware``) or
its number (``1``). Every command that takes a lesson (``quiz --topic``, ``present``) resolves it here,
and says the same thing when nothing matches."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ds_tui.i18n import t
from ds_tui.lessons.library import load_library
from ds_tui.lessons.model import Lesson
from ds_tui.paths import data_dir
from ds_tui.textsafe import clean


def find_lesson(lessons: Sequence[Lesson], wanted: str) -> Lesson | None:
    """A lesson by id, by its file's name (``01-your-hardware``) or by its number (``1``)."""
    wanted = wanted.strip()
    matchers: tuple[Callable[[Lesson], bool], ...] = (
        lambda c: c.id == wanted,
        lambda c: c.path is not None and c.path.stem == wanted,
        lambda c: wanted.isascii() and wanted.isdigit() and len(wanted) <= 9 and c.order == int(wanted),
        lambda c: c.id.lower() == wanted.lower(),
        lambda c: c.path is not None and (c.path.name == wanted or c.path.stem.lower() == wanted.lower()),
    )
    for match in matchers:
        found = next((lesson for lesson in lessons if match(lesson)), None)
        if found is not None:
            return found
    return None


def lesson_names(lesson: Lesson) -> str:
    """``your-hardware (01-your-hardware, 1)``: every way to name it."""
    others = [lesson.path.stem] if lesson.path is not None and lesson.path.stem != lesson.id else []
    return f"{lesson.id} ({', '.join([*others, str(lesson.order)])})"


def unknown_lesson(lessons: Sequence[Lesson], wanted: str, lang: str) -> str:
    """One line: nothing is called ``wanted``; the lessons there are, with every name each answers to."""
    ids = "; ".join(lesson_names(lesson) for lesson in lessons[:40])
    if len(lessons) > 40:
        ids += "; …"
    return t("lessons.unknown", lang, wanted=clean(wanted, 200, one_line=True), ids=clean(ids, 4000, one_line=True))


def resolve_lesson(lesson_dirs: list[Path], wanted: str | None, lang: str) -> tuple[str | None, str | None]:
    """(lesson id, None), or (None, a one-line message listing the lessons). ``wanted`` None: the first."""
    lessons = load_library(lesson_dirs, cache_file=data_dir() / "cache" / "lessons.msgpack").lessons
    if not lessons:
        return None, t("home.empty", lang)
    if wanted is None:
        return lessons[0].id, None
    lesson = find_lesson(lessons, wanted)
    if lesson is None:
        return None, unknown_lesson(lessons, wanted, lang)
    return lesson.id, None
