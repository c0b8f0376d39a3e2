"""The classroom commands' arguments: ``ds-tui present [LESSON]`` and ``ds-tui notes``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ds_tui.i18n import LANGUAGES


def add_classroom_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    present = commands.add_parser(
        "present", help="classroom mode: a lesson as full-screen slides for a projector, with a class quiz")
    present.add_argument("lesson", nargs="?", metavar="LESSON",
                         help="lesson id, file name (01-your-hardware) or number (default: the first lesson)")
    present.add_argument("--serve", action="store_true",
                         help="students answer the class quiz from their own phones and terminals (no internet needed)")
    present.add_argument("--host", metavar="ADDRESS", help="the address to serve on (default: this machine's LAN address)")
    present.add_argument("--port", metavar="PORT", type=int, default=None, help="the port to serve on (default: 8765)")
    join = commands.add_parser("join", help="answer the class quiz from this terminal: ds-tui join ADDRESS")
    join.add_argument("address", metavar="ADDRESS", help="the address the projector shows, e.g. 192.168.1.20:8765")
    join.add_argument("--code", metavar="CODE", help="the join code (asked for when not given)")
    join.add_argument("--name", metavar="NAME", default=None, help="your name (optional)")
    notes = commands.add_parser(
        "notes", help="presenter notes in a second terminal: follows the running ds-tui present")
    for sub in (present, notes, join):
        # SUPPRESS: an option given before the command (ds-tui --lang vi present) is not overwritten
        sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                         help="language (default: from the locale, else en)")
        sub.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS,
                         help="colour theme (present: projector by default; also projector-light)")


def resolve_lesson(lesson_dirs: list[Path], wanted: str | None, lang: str) -> tuple[str | None, str | None]:
    """(lesson id, None), or (None, a message listing the lessons there are)."""
    from ds_tui.lessons.naming import resolve_lesson as resolve

    return resolve(lesson_dirs, wanted, lang)


def serve_options(args: argparse.Namespace, lang: str) -> tuple[dict[str, Any] | None, str | None]:
    """``present --serve``: the port bound now, so a taken port or a missing network is a clear message
    before the screen opens. ({listener, host, port} or None, None) or (None, the message)."""
    if not getattr(args, "serve", False):
        if getattr(args, "host", None) or getattr(args, "port", None):
            return {"listener": None, "host": args.host, "port": args.port}, None  # for w in the app
        return None, None
    from ds_tui.classroom.server import DEFAULT_PORT, ServerProblem, open_listener

    port = args.port if args.port is not None else DEFAULT_PORT
    try:
        listener = open_listener(args.host, port)
    except ServerProblem as problem:
        return None, problem.text(lang)
    return {"listener": listener, "host": args.host, "port": port}, None
