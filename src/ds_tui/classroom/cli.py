"""The classroom commands' arguments: ``ds-tui present [LESSON]`` and ``ds-tui notes``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ds_tui.i18n import LANGUAGES, t


def add_classroom_parsers(commands: argparse._SubParsersAction) -> None:
    present = commands.add_parser(
        "present", help="classroom mode: a lesson as full-screen slides for a projector, with a class quiz")
    present.add_argument("lesson", nargs="?", metavar="LESSON",
                         help="lesson id, file name (01-your-hardware) or number (default: the first lesson)")
    notes = commands.add_parser(
        "notes", help="presenter notes in a second terminal: follows the running ds-tui present")
    for sub in (present, notes):
        # SUPPRESS: an option given before the command (ds-tui --lang vi present) is not overwritten
        sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                         help="language (default: from the locale, else en)")
        sub.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS,
                         help="colour theme (present: projector by default; also projector-light)")


def resolve_lesson(lesson_dirs: list[Path], wanted: str | None, lang: str) -> tuple[str | None, str | None]:
    """(lesson id, None), or (None, a message listing the lessons there are)."""
    from ds_tui.lessons.naming import resolve_lesson as resolve

    return resolve(lesson_dirs, wanted, lang)
