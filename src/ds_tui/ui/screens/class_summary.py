"""The class summary at the end of a class quiz: per question the hands, % right on the first and the
second vote; saved in the progress store, and written as CSV (``e``) so a teacher can compare classes.

The clicker's keys work here too: → pages, then goes back to the slides; ← pages back, then goes back
to the last question.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ds_tui.classroom.class_results import (QuestionResult, average_right, students_csv, students_filename, summary_csv,
                                            summary_filename)
from ds_tui.classroom.slides import page_step
from ds_tui.i18n import other_lang, t
from ds_tui.textsafe import clean
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.slide_scroll import SlideScroll
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.widgets.vote_bars import inline
from ds_tui.ui.window_size import COMPACT
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.modal_box import ModalBox

if TYPE_CHECKING:
    from ds_tui.store import ClassSession
    from ds_tui.ui.screens.class_quiz import ClassQuizScreen

EARLIER_SHOWN = 3  # earlier classes on the same lesson, for comparison


def percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def vote_cell(result: QuestionResult, round_index: int, lang: str) -> RichText:
    hands = result.hands(round_index)
    if hands is None:
        if round_index == 0:
            key = "sum.not_counted" if result.letters else "sum.discussed"
            return RichText(t(key, lang), style="italic")
        return RichText("")
    return RichText(f"{hands} · {percent(result.right_percent(round_index))}")


def results_table(results: Sequence[QuestionResult], lang: str, width: int) -> Table:
    """One row per question: its number, its prompt (where there is room), each vote, the change."""
    table = Table(box=None, padding=(0, 1, 0, 0), header_style="bold", expand=False, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    if width >= 50:
        table.add_column(t("sum.col.question", lang), ratio=1, no_wrap=True, overflow="ellipsis", min_width=12)
    table.add_column(t("sum.col.vote1", lang), no_wrap=True)
    table.add_column(t("sum.col.vote2", lang), no_wrap=True)
    table.add_column(t("sum.col.change", lang), justify="right", no_wrap=True)
    table.expand = width >= 50
    for r in results:
        change = r.change
        change_text = RichText("" if change is None else f"{change:+d}",
                               style="bold" if change is not None and change > 0 else "")
        row: list[RenderableType] = [str(r.number)]
        if width >= 50:
            row.append(inline(r.prompt.show(lang)) if r.prompt else r.question_id)
        row += [vote_cell(r, 0, lang), vote_cell(r, 1, lang), change_text]
        table.add_row(*row)
    return table


def earlier_lines(sessions: Sequence[ClassSession], lang: str) -> list[RichText]:
    if not sessions:
        return []
    lines = [RichText(t("sum.earlier", lang), style="bold")]
    for session in sessions[:EARLIER_SHOWN]:
        results = [QuestionResult(r.number, r.question_id, r.kind, letters=r.letters, votes=r.votes,
                                  correct=r.correct, revealed=r.revealed) for r in session.results]
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.started))
        lines.append(RichText("  " + t("sum.earlier_row", lang, when=when, n=len(results),
                                       first=percent(average_right(results)),
                                       last=percent(average_right(results, last=True)))))
    return lines


class ClassSummaryScreen(DsScreen[None]):
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal
    CSS_PATH = "class_summary.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("pagedown,right,space,enter", "sum_next", "Next", key_display="→", id="present.next"),
        Binding("pageup,left", "sum_back", "Back", key_display="←", id="present.back"),
        Binding("e", "sum_export", "Save CSV", id="quiz.export"),
        Binding("full_stop,b,f5,escape", "present_blank", "Blank", key_display="b", id="present.blank"),
        Binding("k", "sum_slides", "Slides", id="present.quiz"),
        Binding("q", "present_quit", "Quit", id="present.quit"),
        Binding("g", "present_goto", "Go to", show=False, id="present.goto"),
        Binding("down", "scroll_line(1)", "Scroll", show=False, id="present.scroll_down"),
        Binding("up", "scroll_line(-1)", "Scroll", show=False, id="present.scroll_up"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("l", "present_lang", "Tiếng Việt"),
    ]

    def __init__(self, quiz_screen: ClassQuizScreen) -> None:
        super().__init__()
        self.quiz_screen = quiz_screen
        self.present = quiz_screen.present
        self.lesson = self.present.lesson
        self.saved_to: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="sum-head")
        with SlideScroll(id="sum-scroll"):
            yield Static(id="sum-body")
        with Horizontal(id="sum-bar"):
            yield Static(id="sum-hint")
            yield Static(id="sum-saved")
        yield KeyFooter(compact=True, show_command_palette=False)

    @property
    def scroller(self) -> SlideScroll:
        return self.query_one("#sum-scroll", SlideScroll)

    def on_mount(self) -> None:
        self.present.save_class()  # the end of the class quiz: kept, whatever happens next
        self.follow_lang(self._render_lang)

    def on_resize(self) -> None:
        if self.is_mounted:
            self._draw()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.present.label_quit(self)
        self._draw()

    def earlier(self) -> list[ClassSession]:
        store = getattr(self.app, "store", None)
        if store is None:
            return []
        try:
            sessions = store.class_sessions(self.lesson.id, limit=EARLIER_SHOWN + 1)
        except (sqlite3.Error, ValueError):  # the summary is shown without the comparison, never a traceback
            return []
        return [s for s in sessions if s.id != self.present.class_session][:EARLIER_SHOWN]

    def named(self) -> list[tuple[str, int, int, int]]:
        """The students who answered on a device and gave a name: (name, answered, right, judged)."""
        server = self.present.devices
        if server is None:
            return []
        asked = {i: q for i, q in self.present.class_quizzes.items() if q.asked}
        return [row for row in server.room.named_results(asked) if row[1]]

    def _draw(self) -> None:
        lang = self.lang
        results = self.present.class_results()
        self.query_one("#sum-head", Static).update(t("sum.head", lang, lesson=self.lesson.title.show(lang)))
        started = self.present.class_started or time.time()
        parts: list[RenderableType] = [RichText(t("sum.line", lang, time=time.strftime("%H:%M", time.localtime(started)),
                                          n=len(results)))]
        if not results:
            parts.append(RichText(t("sum.none", lang), style="italic"))
        else:
            first, last = average_right(results), average_right(results, last=True)
            if first is not None:
                parts.append(RichText(t("sum.average", lang, first=percent(first), last=percent(last))))
            parts += [RichText(""), results_table(results, lang, self.scroller.scrollable_content_region.width),
                      RichText(t("sum.legend", lang), style="italic")]
        named = self.named()
        if named:  # only students who chose to give a name; their names are text, never markup
            parts += [RichText(""), RichText(t("sum.students", lang), style="bold")]
            parts += [RichText(f"  {clean(name, 64, one_line=True)}: {right}/{answered}")
                      for name, answered, right, _judged in named]
        earlier = self.earlier()
        if earlier:
            parts += [RichText("")] + earlier_lines(earlier, lang)
        self.query_one("#sum-body", Static).update(Group(*parts))
        self.query_one("#sum-hint", Static).update(t("sum.hint", lang))
        saved = self.query_one("#sum-saved", Static)
        saved.update(t("sum.exported", lang, path=self.saved_to) if self.saved_to else "")
        saved.display = self.saved_to is not None

    # -- keys ----------------------------------------------------------------------------------------------
    def _page(self, direction: int) -> bool:
        scroll = self.scroller
        step = page_step(scroll.scrollable_content_region.height)
        if direction > 0 and scroll.scroll_y < scroll.max_scroll_y - 0.5:
            scroll.scroll_to(y=min(scroll.max_scroll_y, scroll.scroll_y + step), animate=False, immediate=True)
            return True
        if direction < 0 and scroll.scroll_y > 0.5:
            scroll.scroll_to(y=max(0, scroll.scroll_y - step), animate=False, immediate=True)
            return True
        return False

    def action_sum_next(self) -> None:
        if not self._page(1):
            self.action_sum_slides()

    def action_sum_back(self) -> None:
        if not self._page(-1):
            self.app.pop_screen()  # the last question, as it was left

    def action_sum_slides(self) -> None:
        self.app.pop_screen()
        if self.app.screen is self.quiz_screen:
            self.quiz_screen.action_cq_slides()

    def action_scroll_line(self, delta: int) -> None:
        self.scroller.scroll_relative(y=delta, animate=False, immediate=True)

    def action_present_blank(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.classroom_modals import BlankScreen

        self.present.set_blank(True)
        self.app.push_screen(BlankScreen(), lambda _: self.present.set_blank(False))

    def action_present_goto(self) -> None:
        self.app.pop_screen()
        self.quiz_screen.action_present_goto()

    def action_present_quit(self) -> None:
        self.present.action_present_quit()

    def action_present_lang(self) -> None:
        self.ds_app.lang = other_lang(self.lang)

    def action_sum_export(self) -> None:
        started = self.present.class_started or time.time()
        name = summary_filename(started)
        folder = Path(getattr(self.app, "home_dir", None) or Path.cwd())

        def write(target: Path) -> Path:
            path = target / name
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(started))
            # utf-8 with a BOM: a spreadsheet opened by double-click reads the Vietnamese right
            path.write_text(summary_csv(self.lesson.id, stamp, self.present.class_results(), self.lang),
                            encoding="utf-8-sig")
            named = self.named()
            if named:  # beside it: per student who gave a name
                (target / students_filename(started)).write_text(students_csv(self.lesson.id, stamp, named),
                                                                 encoding="utf-8-sig")
            return path

        def done(path: Path | None) -> None:
            if path is not None:
                self.saved_to = path
                self._draw()
                self.notify(t("sum.exported", self.lang, path=path), timeout=10)

        self.app.push_screen(ExportScreen(name, folder, write, self.lang), done)


class ExportScreen(ModalScreen[Path | None]):
    """Which folder to write the CSV in: the data folder, or one typed here. Problems are said, in the box."""
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal

    CSS_PATH = "class_summary.tcss"
    BINDINGS = [Binding("escape", "export_cancel", "Cancel", id="goto.cancel")]

    def __init__(self, filename: str, folder: Path, write: Callable[[Path], Path], lang: str) -> None:
        super().__init__()
        self.filename, self.folder, self.write, self.lang = filename, folder, write, lang

    def compose(self) -> ComposeResult:
        with ModalBox(id="export-box"):
            yield Static(t("sum.export_prompt", self.lang, file=self.filename), id="export-prompt")
            yield Input(str(self.folder), id="export-folder")
            yield Static(t("sum.export_hint", self.lang), id="export-hint")

    def on_mount(self) -> None:
        localize(self, self.lang)
        self.query_one("#export-folder", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        hint = self.query_one("#export-hint", Static)
        raw = event.value.strip()
        folder = Path(raw).expanduser() if raw else self.folder
        if not folder.is_dir():
            hint.update(t("sum.export_no_folder", self.lang, folder=folder))
            return
        try:
            path = self.write(folder)
        except OSError as exc:
            hint.update(t("sum.export_failed", self.lang, path=folder / self.filename,
                          error=exc.strerror or exc))
            return
        self.dismiss(path)

    def action_export_cancel(self) -> None:
        self.dismiss(None)
