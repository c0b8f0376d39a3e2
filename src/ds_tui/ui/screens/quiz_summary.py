"""The end of a quiz: the score, the concepts to work on, and when the questions come back."""

from __future__ import annotations

import time

from rich.console import Group
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.lessons.glossary import glossary
from ds_tui.quiz.session import Summary
from ds_tui.quiz.stats import when
from ds_tui.ui.bindings import localize
from ds_tui.ui.quiz_render import saving_text
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar


class QuizSummaryScreen(DsScreen[None]):
    CSS_PATH = "quiz_summary.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close"), Binding("r", "retry", "Retry mistakes"),
                Binding("s", "stats", "Stats")]

    def __init__(self, summary: Summary, saved: bool = True) -> None:
        super().__init__()
        self.summary = summary
        self.saved = saved

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="summary-body"):
            yield Static(id="summary-text")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang(self._paint)
        self.watch(self.app, "save_state", lambda: self._paint(self.ds_app.lang), init=False)

    def _paint(self, lang: str) -> None:
        localize(self, lang)
        self.title = t("summary.title", lang)
        s = self.summary
        parts = [RichText(t("summary.score", lang, score=round(s.score, 2), answered=s.answered, percent=s.percent,
                            correct=s.correct, skipped=s.skipped), style="bold"), RichText("")]
        if s.weak_concepts:
            parts.append(RichText(t("summary.weak", lang), style="bold"))
            names = glossary()
            parts += [plain(f"  ✗ {names.name(concept, lang)}: {round(100 * score)}%") for concept, score in s.weak_concepts]
        elif s.answered:
            parts.append(RichText("✓ " + t("summary.no_weak", lang)))
        if s.wrong:
            parts += [RichText(""), RichText(t("summary.retry", lang, n=len(s.wrong)), style="bold")]
        parts.append(RichText(""))
        saving = getattr(self.app, "save_state", None)
        if not self.saved:
            parts.append(RichText(t("summary.nothing_saved", lang), style="italic"))
        elif saving is not None and not saving.saved:
            parts.append(RichText(saving_text(saving, lang), style="bold"))
        if self.saved and s.due:
            parts.append(RichText(t("summary.due", lang), style="bold"))
            now = time.time()
            groups: dict[str, int] = {}
            for _item, due in s.due:  # soonest first, so the groups come out in time order
                label = when(due, now, lang)
                groups[label] = groups.get(label, 0) + 1
            parts += [RichText("  " + t("summary.due_line", lang, n=n, when=label)) for label, n in groups.items()]
        self.query_one("#summary-text", Static).update(Group(*parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":  # offered only when something was answered wrong
            return bool(self.summary.wrong)
        return True

    def action_retry(self) -> None:
        """A new quiz of only the questions this one got wrong."""
        self.ds_app.retry_quiz(list(self.summary.wrong))

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_stats(self) -> None:
        self.app.switch_screen(_stats_screen())


def _stats_screen() -> Screen[None]:
    # lazy: screens load when first opened
    from ds_tui.ui.screens.stats import StatsScreen

    return StatsScreen()
