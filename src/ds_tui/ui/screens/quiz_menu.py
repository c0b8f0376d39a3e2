"""Which quiz: this lesson's, a mixed one, the review that is due, the mistakes, or the statistics."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ds_tui.i18n import t
from ds_tui.ui.safe import plain


class QuizMenuScreen(ModalScreen[str | None]):
    """Dismisses with the choice: "lesson", "mixed", "review", "mistakes", "stats" (None: closed)."""
    CSS_PATH = "quiz_menu.tcss"

    BINDINGS = [Binding("escape,k", "close", "Close")]

    def __init__(self, lang: str, lesson_title: str | None, lesson_questions: int, mixed: int, due: int,
                 mistakes: int) -> None:
        super().__init__()
        self.lang = lang
        self.choices: list[tuple[str, str]] = []
        if lesson_title and lesson_questions:
            self.choices.append(("lesson", t("menu.lesson", lang, lesson=lesson_title, n=lesson_questions)))
        self.choices += [("mixed", t("menu.mixed", lang, n=mixed)), ("review", t("menu.review", lang, n=due)),
                         ("mistakes", t("menu.mistakes", lang, n=mistakes)), ("stats", t("menu.stats", lang))]

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-menu") as box:
            box.border_title = t("menu.title", self.lang)
            yield OptionList(*(Option(plain(f"{n}. {text}"), id=key) for n, (key, text) in enumerate(self.choices, 1)))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.choices):
            event.stop()
            self.dismiss(self.choices[int(event.character) - 1][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
