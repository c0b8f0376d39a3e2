"""Home: the lessons in order with their progress, and any lesson file that failed to load."""

from __future__ import annotations

from rich.text import Text as RichText
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from typing import TYPE_CHECKING

from ds_tui.i18n import t
from ds_tui.textsafe import shown_path
from ds_tui.ui.hanging_text import HangingText
from ds_tui.ui.safe import plain
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.widgets.lesson_list import LessonList
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.lessons import Lesson, LessonLibrary
    from ds_tui.quiz.stats import LessonStats

MAX_PROBLEMS_SHOWN = 4


class HomeScreen(DsScreen[None]):
    CSS_PATH = "home.tcss"
    # s and q are in the line under the list (and the help): at 80 columns the footer keeps the places
    BINDINGS = [Binding("k", "quiz", "Quiz"), Binding("d", "app.demos", "Demos"),
                Binding("slash", "app.search", "Search", key_display="/"),
                Binding("s", "app.stats", "Stats", show=False),
                Binding("h", "app.hardware", "Hardware"), Binding("g", "app.glossary", "Glossary"),
                Binding("q", "app.quit", "Quit", show=False)]

    lesson_list = getters.query_one("#lessons", OptionList)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="tagline")
        yield LessonList(id="lessons")
        yield Static(id="summary")
        yield Static(id="home-hint")  # lessons that could not be read are listed above it (_render_broken)
        yield KeyFooter(compact=True, show_command_palette=False)  # ctrl+p is in the help; the keys need the room

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        self.watch(self.app, "library", self._render_library, init=False)

    _covered = False  # another screen was over this one since the list was drawn

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        # back from another screen: progress may have changed there (the reader, a quiz). The first showing
        # follows the mount that drew the list, so it is not drawn twice at start-up.
        if self._covered:
            self._covered = False
            self._render_library()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        localize(self.query_one(LessonList), lang)
        self.sub_title = t("home.title", lang)
        self.query_one("#tagline", Static).update(t("app.tagline", lang))
        self.query_one("#home-hint", Static).update(t("home.hint", lang))
        self._render_library()

    def _render_library(self) -> None:
        library: LessonLibrary | None = self.ds_app.library
        options = self.lesson_list
        highlighted = options.highlighted
        options.clear_options()
        if library is None:
            options.add_option(Option(t("home.loading", self.lang), disabled=True))
            return
        if not library.lessons:
            options.add_option(Option(t("home.empty", self.lang), disabled=True))
        states = self.ds_app.quiz_states()
        if states:  # the quiz core loads only once there are answers: a first start stays quick
            # lazy: the quiz core loads with the first quiz
            from ds_tui.quiz.stats import lesson_progress
        for number, lesson in enumerate(library.lessons, 1):
            quiz = lesson_progress(library, states, lesson.id) if states else None
            options.add_option(Option(self._prompt(number, lesson, quiz), id=lesson.id))
        if library.lessons:
            options.highlighted = min(highlighted or 0, len(library.lessons) - 1)
            self._render_summary(library.lessons[options.highlighted].id)
        self._render_broken(library)

    def _prompt(self, number: int, lesson: Lesson, quiz: LessonStats | None = None) -> HangingText:
        read = self.ds_app.sections_read(lesson.id)
        total = len(lesson.sections)
        done = sum(1 for s in lesson.sections if s.id in read)
        counts = t("home.counts", self.lang, sections=t("home.sections", self.lang, n=total),
                   questions=t("home.questions", self.lang, n=len(lesson.quiz)))
        progress = t("home.done", self.lang) if done == total else t("home.progress", self.lang, read=done, total=total)
        text = plain(lesson.title.show(self.lang), style="bold", limit=300)
        text.append(f"\n{counts} · ", style="dim")
        text.append(progress, style="bold" if done == total else "dim")
        if quiz is not None and quiz.answered:
            from ds_tui.quiz.stats import percent  # lazy: the quiz core loads with the first quiz

            text.append(" · " + t("home.quiz", self.lang, answered=quiz.answered, total=quiz.questions,
                                  accuracy=percent(quiz.tally.accuracy)), style="dim")
            if quiz.due:
                text.append(" · " + t("home.due", self.lang, n=quiz.due), style="bold")
        return HangingText(RichText(f"{number:>2}. ", style="bold"), text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._render_summary(event.option.id)

    def _render_summary(self, lesson_id: str | None) -> None:
        library: LessonLibrary | None = self.ds_app.library
        lesson = library.get(lesson_id) if library and lesson_id else None
        summary = self.query_one("#summary", Static)
        summary.display = bool(lesson and lesson.summary)
        if lesson and lesson.summary:
            summary.update(plain(lesson.summary.show(self.lang), limit=2000))

    def _render_broken(self, library: LessonLibrary) -> None:
        """The lesson files that could not be read, in a box made only when there are some (a start
        without them mounts, styles and lays out one widget fewer before its first frame)."""
        found = self.query("#broken")
        if not library.broken:
            if found:
                found.first(Static).display = False
            return
        if found:
            broken = found.first(Static)
        else:
            broken = Static(id="broken")
            self.mount(broken, before="#home-hint")
        lines = [t("home.broken", self.lang, count=len(library.broken))]
        for result in library.broken:
            errors = result.errors
            lines.extend(f"  {p.format()}" for p in errors[:MAX_PROBLEMS_SHOWN])
            if len(errors) > MAX_PROBLEMS_SHOWN:
                lines.append("  " + t("home.more_problems", self.lang, count=len(errors) - MAX_PROBLEMS_SHOWN,
                                      path=shown_path(result.path)))
        broken.update(plain("\n".join(lines)))
        broken.display = True

    def action_quiz(self) -> None:
        # lazy: the quiz core loads with the first quiz; screens load when first opened
        from ds_tui.quiz.session import MIXED_COUNT, due_items, mistake_items
        from ds_tui.ui.screens.quiz_menu import QuizMenuScreen

        library: LessonLibrary | None = self.ds_app.library
        if library is None:
            return
        highlighted = self.lesson_list.highlighted
        lesson = library.lessons[highlighted] if highlighted is not None and highlighted < len(library.lessons) else None
        states = self.ds_app.quiz_states()
        total = sum(len(x.quiz) for x in library.lessons)

        def chosen(choice: str | None) -> None:
            if choice == "stats":
                self.ds_app.action_stats()
            elif choice:
                self.ds_app.open_quiz(choice, lesson.id if lesson else None)

        self.app.push_screen(QuizMenuScreen(self.lang, lesson.title.show(self.lang) if lesson else None,
                                            len(lesson.quiz) if lesson else 0, min(MIXED_COUNT, total),
                                            len(due_items(library, states)), len(mistake_items(library, states))),
                             chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.ds_app.open_lesson(event.option.id)
