"""Classroom mode's glue with the app: its help sections, and opening a presentation (from the home
screen or from ``ds-tui present``). Its colours are ds_tui.ui.palette's; the user's keymap, ds_tui.ui.user_keys'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ds_tui.ui.bindings import bindings_of
from ds_tui.ui.palette import PROJECTOR
from ds_tui.ui.user_keys import rebound

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import App

    from ds_tui.ui.app import DsTuiApp
    from textual.binding import Binding, BindingType


def help_sections(app: App, sections: list[tuple[str, list[Binding]]]) -> list[tuple[str, list[Binding]]]:
    """The help screen's sections with classroom mode's; while presenting, those come first."""
    # lazy: screens load when first opened
    from ds_tui.ui.screens.class_quiz import ClassQuizScreen
    from ds_tui.ui.screens.class_summary import ClassSummaryScreen
    from ds_tui.ui.screens.present import PresentScreen

    def own(bindings: Iterable[BindingType]) -> list[Binding]:  # the app's keys (help, language): listed once
        return [b for b in bindings_of(bindings) if b.action not in ("app.help", "present_lang")]

    summary = [b for b in bindings_of(ClassSummaryScreen.BINDINGS) if b.action == "sum_export"]
    ours = [("help.present", rebound(app, own(PresentScreen.BINDINGS))),
            ("help.class_quiz", rebound(app, own(ClassQuizScreen.BINDINGS) + summary))]
    if isinstance(app.screen, (PresentScreen, ClassQuizScreen, ClassSummaryScreen)):
        return sections[:1] + ours + sections[1:]
    return sections + ours


# -- presenting ------------------------------------------------------------------------------------
def open_present(app: DsTuiApp, lesson_id: str, *, from_command_line: bool = False) -> None:
    """Present a lesson. From the home screen the projector theme is used until the presentation ends."""
    library = getattr(app, "library", None)
    lesson = library.get(lesson_id) if library else None
    if lesson is None:
        return
    # lazy: screens load when first opened
    from ds_tui.ui.screens.present import PresentScreen

    listener = getattr(app, "serve_listener", None) if from_command_line else None
    if listener is not None:
        app.serve_listener = None  # the first presentation takes it
    screen = PresentScreen(lesson, quit_app=from_command_line, listener=listener)
    if not from_command_line and app.theme != PROJECTOR:
        screen.restore_theme = app.theme
        app.theme = PROJECTOR
    app.push_screen(screen)


def present_when_loaded(app: DsTuiApp, lesson_id: str) -> None:
    """``ds-tui present``: the lessons load in a thread; present as soon as they are there."""
    opened = False

    def maybe_open(library: object) -> None:
        nonlocal opened
        if library is not None and not opened:
            opened = True
            open_present(app, lesson_id, from_command_line=True)

    app.watch(app, "library", maybe_open)
