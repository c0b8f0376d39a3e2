"""Statistics: answers, accuracy per lesson and per concept (weakest first), what is due."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.lessons.glossary import glossary
from ds_tui.quiz import stats
from ds_tui.ui.bindings import localize
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.lessons import LessonLibrary


class StatsScreen(DsScreen[None]):
    CSS_PATH = "stats.tcss"
    BINDINGS = [Binding("escape", "close", "Back"), Binding("v", "review", "Review"),
                Binding("m", "mistakes", "Mistakes")]

    stats_text = getters.query_one("#stats-text", Static)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-text")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang(self._paint)

    def on_screen_resume(self) -> None:
        self._paint(self.ds_app.lang)

    def _paint(self, lang: str) -> None:
        localize(self, lang)
        self.title = t("stats.title", lang)
        library = self.ds_app.library
        store = self.ds_app.store
        if library is None or store is None:
            message = t("quiz.nothing.library", lang) if library is None else t("summary.nothing_saved", lang)
            self.stats_text.update(message)
            return
        now = time.time()
        try:
            result = stats.compute(library, store.question_states(), store.answer_count(), now)
        except Exception as exc:  # a database gone bad under us: say so, keep the app
            self.stats_text.update(plain(t("store.unavailable", lang, error=exc)))
            return
        self.stats_text.update(self._body(result, library, lang, now))

    def _body(self, result: stats.Stats, library: LessonLibrary, lang: str, now: float) -> Group:
        parts: list[RenderableType] = [RichText(t("stats.answers", lang, n=result.answers), style="bold")]
        if not result.answers:
            parts.append(RichText(t("stats.none", lang), style="italic"))
        lessons = Table(expand=True, box=None, padding=(0, 1))
        lessons.add_column(t("stats.col.lesson", lang), ratio=1)
        lessons.add_column(t("stats.col.answered", lang), justify="right")
        lessons.add_column(t("stats.col.right", lang), justify="right")
        lessons.add_column(t("stats.col.due", lang), justify="right")
        for ls in result.lessons:
            lesson = library.get(ls.lesson_id)
            title = lesson.title.show(lang) if lesson else ls.lesson_id
            lessons.add_row(plain(title), f"{ls.answered}/{ls.questions}", stats.percent(ls.tally.accuracy), str(ls.due))
        parts += [RichText(""), lessons]
        if result.concepts:
            concepts = Table(expand=True, box=None, padding=(0, 1))
            concepts.add_column(t("stats.col.concept", lang), ratio=1)
            concepts.add_column(t("stats.col.right", lang), justify="right")
            terms = glossary()
            for concept, tally in result.concepts:
                glyph = "✗" if (tally.accuracy or 0) < 0.7 else "✓"
                concepts.add_row(plain(f"{glyph} {terms.name(concept, lang)}"),
                                 f"{stats.percent(tally.accuracy)} ({tally.correct}/{tally.attempts})")
            parts += [RichText(""), RichText(t("stats.by_concept", lang), style="bold"), concepts]
        parts += [RichText(""), RichText(t("stats.due", lang, n=result.due), style="bold")]
        if result.next_due is not None:
            parts.append(RichText(t("stats.next_due", lang, when=stats.when(result.next_due, now, lang))))
        parts.append(RichText(t("stats.mistakes", lang, n=result.mistakes)))
        return Group(*parts)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_review(self) -> None:
        self.ds_app.open_quiz("review")

    def action_mistakes(self) -> None:
        self.ds_app.open_quiz("mistakes")
