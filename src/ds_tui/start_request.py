"""What the app opens first when the command line asks for more than the home screen.

Built by ``ds_tui.cli`` (``ds-tui hardware --live``, ``demo NAME --live``, ``quiz``, ``review``, ``present``)
and acted on by the app once it is mounted (a quiz: once the lessons have loaded). No Textual here."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

StartKind = Literal["hardware", "demo", "quiz", "review", "present"]


class StartRequest(Struct, frozen=True):
    kind: StartKind
    lesson: str | None = None  # quiz: its lesson (None: questions from every lesson); present: the lesson
    demo: str = ""  # demo: its id
    workers: int | None = None  # demo: the parameters given on the command line (None: the demo's default)
    size: str | None = None
    microbatches: int | None = None
    run: bool = False  # demo: start it at once (--live)
