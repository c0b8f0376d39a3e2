"""The end of a lesson: its quiz, the next lesson, or back to the lessons."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ds_tui.i18n import t
from ds_tui.ui.safe import plain


class LessonEndScreen(ModalScreen[str | None]):
    """Dismisses with "quiz", "next", "home" (None: stay on the last section)."""
    CSS_PATH = "lesson_end.tcss"

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, lang: str, title: str, questions: int, next_title: str | None) -> None:
        super().__init__()
        self.lang = lang
        self.title_text = title
        self.choices: list[tuple[str, str]] = []
        if questions:
            self.choices.append(("quiz", t("end.quiz", lang, n=questions)))
        if next_title:
            self.choices.append(("next", t("end.next", lang, lesson=next_title)))
        self.choices.append(("home", t("end.home", lang)))

    def compose(self) -> ComposeResult:
        with Vertical(id="lesson-end") as box:
            box.border_title = t("end.title", self.lang)
            yield Static(plain(t("end.done", self.lang, lesson=self.title_text)), id="lesson-end-text")
            yield OptionList(*(Option(plain(f"{n}. {text}"), id=key) for n, (key, text) in enumerate(self.choices, 1)))
            yield Static(t("end.stay", self.lang), id="lesson-end-hint")

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.choices):
            event.stop()
            self.dismiss(self.choices[int(event.character) - 1][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
