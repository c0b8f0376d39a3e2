"""``ds-tui notes``: the presenter's notes in a second terminal, following ``ds-tui present``.

It reads the small state file the presenter writes in the data folder, a few times a second: the
current slide's notes, the next slide's title, a clock and the time since presenting began. In the
class quiz it shows the question (a code-reading question's snippet in a box, without its fences, as
the class quiz shows it) and its answer, for the teacher's eyes only. Nothing goes over a network.

It uses the theme saved in the settings (``--theme`` wins), and in a window smaller than 60×18 it says
how big to make it, as the main app does.

The file is read in a thread, never on the interface's: a slow disk, or a file that is not what it
should be, never holds a key press. What it says is shown as text (the notes as Markdown).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from rich.text import Text as RichText
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import Digits, Static

from ds_tui.classroom.class_text import prompt_parts
from ds_tui.classroom.presence import PresenterState, elapsed_text, is_stale, json_text, pid_alive, read_state, state_path
from ds_tui.i18n import other_lang, t
from ds_tui.paths import data_dir
from ds_tui.textsafe import clean
from ds_tui.ui.bindings import localize
from ds_tui.ui.palette import register_themes
from ds_tui.ui.user_keys import NOTES_BINDINGS, apply_user_keymap
from ds_tui.ui.code_block import CodeBlock
from ds_tui.ui.safe import inline, plain
from ds_tui.ui.widgets.lesson_markdown import LessonMarkdown
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.window_size import COMPACT, check_fit, watch_fit

POLL_S = 0.25


def _show(value: object, lang: str) -> str:
    text = json_text(value)
    return text.show(lang) if text else ""


class NotesApp(App[int]):
    CSS_PATH = ["notes.tcss", "window_size.tcss"]
    TITLE = "ds-tui notes"
    MIN_WINDOW = COMPACT  # a classroom window: the hint below 60×18 (ds_tui.ui.window_size)
    BINDINGS = NOTES_BINDINGS  # q quits, l switches the language (ids notes.quit, notes.lang)

    lang: var[str] = var("en")

    def __init__(self, lang: str = "en", home: Path | None = None, theme: str | None = None,
                 clock: Callable[[], float] = time.time, alive: Callable[[int], bool] = pid_alive,
                 saved_theme: str | None = None, notices: list[str] | None = None) -> None:
        super().__init__()
        self.set_reactive(NotesApp.lang, lang)
        self.home_dir = home or data_dir()
        self.clock = clock
        self.alive = alive
        self.state: PresenterState | None = None
        self.stale = False
        self._shown: tuple[object, ...] | None = None
        self._reading = threading.Lock()  # one read at a time: a read that hangs never piles up threads
        register_themes(self)
        self._initial_theme = theme
        self._saved_theme = saved_theme  # from settings.json: --theme wins; an unknown one is a warning
        self._notices = list(notices or [])

    def compose(self) -> ComposeResult:
        with Horizontal(id="notes-clock-row"):
            yield Digits(id="notes-clock")
            yield Digits(id="notes-elapsed")
            yield Static(id="notes-status")
        yield Static(id="notes-title")
        with VerticalScroll(id="notes-scroll"):
            yield Static(id="notes-prompt")  # the class quiz's question: its text, then its code in a box
            yield Static(id="notes-code")
            yield LessonMarkdown(id="notes-body")
        yield Static(id="notes-next")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self._initial_theme:
            self.theme = self._initial_theme
        elif self._saved_theme and self._saved_theme in self.available_themes:
            self.theme = self._saved_theme
        elif self._saved_theme:
            self._notices.append(t("settings.unknown_theme", self.lang, name=self._saved_theme))
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        localize(self, self.lang)

        watch_fit(self)
        apply_user_keymap(self, self.lang)
        self.poll()
        self.set_interval(POLL_S, self.poll)

    def on_resize(self) -> None:
        self.call_after_refresh(check_fit, self)

    def watch_lang(self, lang: str) -> None:
        localize(self, lang)
        self._shown = None
        self.poll()

    def action_toggle_lang(self) -> None:
        self.lang = other_lang(self.lang)

    def poll(self) -> None:
        """Read the presenter's state in a thread; what it read is shown on the interface's thread."""
        if not self._reading.acquire(blocking=False):
            return  # the last read is still going: this tick is skipped
        thread = threading.Thread(target=self._read, name="ds-tui-notes-read", daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no thread could be started (interpreter shutting down)
            self._reading.release()

    def _read(self) -> None:
        try:
            state = read_state(state_path(self.home_dir))
            now = self.clock()
            stale = state is not None and is_stale(state, now, self.alive)
        except Exception:  # whatever happens reading it, the follower keeps waiting
            state, now, stale = None, self.clock(), False
        finally:
            self._reading.release()
        try:
            self.call_from_thread(self._show, state, stale, now)
        except RuntimeError:  # the app has ended
            pass

    def _show(self, state: PresenterState | None, stale: bool, now: float) -> None:
        if not self.is_running:
            return
        self.state, self.stale = state, stale
        clock = time.strftime("%H:%M", time.localtime(now))
        elapsed = elapsed_text(now - state.started_at) if state and not stale else ""
        self.query_one("#notes-clock", Digits).update(clock)
        self.query_one("#notes-elapsed", Digits).update(elapsed)
        self.query_one("#notes-elapsed").display = bool(elapsed)
        # the slow parts redraw only when the presenter moved
        key = (self.lang, stale, None if state is None else (state.lesson_id, state.slide, state.blank, state.quiz,
                                                             state.pid, state.notes))
        if key != self._shown:
            self._shown = key
            self._render_state(state, stale)

    def _render_state(self, state: PresenterState | None, stale: bool) -> None:
        lang = self.lang
        status = self.query_one("#notes-status", Static)
        title = self.query_one("#notes-title", Static)
        body = self.query_one("#notes-body", LessonMarkdown)
        nxt = self.query_one("#notes-next", Static)
        prompt, code = self.query_one("#notes-prompt", Static), self.query_one("#notes-code", Static)
        prompt.display = code.display = False
        if state is None or stale:
            status.update(t("notes.stale", lang, pid=state.pid) if state else t("notes.waiting", lang))
            title.update(t("notes.waiting_title", lang))
            body.update(t("notes.how", lang))
            nxt.display = False
            self.sub_title = ""
            return
        lesson = _show(state.lesson_title, lang)
        self.sub_title = clean(lesson, 200, one_line=True)
        where = t("present.slide_of", lang, n=state.slide + 1, total=state.total)
        if state.blank:
            where += " · " + t("notes.blank", lang)
        status.update(RichText(f"{where}\n{t('notes.legend', lang)}\n{lesson}", no_wrap=True, overflow="ellipsis"))
        nxt.display = True
        if state.quiz is not None:
            quiz = state.quiz
            title.update(plain(t("cq.head", lang, n=quiz.number, total=quiz.total)
                               + f"  ·  {t('cq.phase.' + quiz.phase, lang)}"))
            answer = "\n".join(f"- {_show(a, lang)}" for a in quiz.answer)
            before, snippet, after = prompt_parts(_show(quiz.prompt, lang))
            prompt.display = bool(before)
            prompt.update(inline(before, "bold"))
            if snippet is not None:  # as the class quiz shows it: no fences, in a box
                code.display = True
                code.update(CodeBlock(snippet))
            rest = f"**{after}**\n\n" if after else ""
            body.update(f"{rest}{t('notes.answer', lang)}\n\n{answer}\n\n{_show(quiz.explanation, lang)}")
            nxt.update(t("notes.quiz_next", lang))
            return
        title.update(plain(f"{state.slide + 1}. {_show(state.title, lang)}", limit=500))
        notes = _show(state.notes, lang)
        body.update(notes or t("notes.none", lang))
        following = _show(state.next_title, lang)
        nxt.update(plain(t("notes.next", lang, title=following) if following else t("notes.last", lang), limit=500))


def run_notes(lang: str, theme: str | None = None, saved_theme: str | None = None,
              notices: list[str] | None = None) -> int:
    from ds_tui.ui.launch import run_app  # lazy: the launcher loads the main app, which ds-tui notes does not need

    return run_app(NotesApp(lang=lang, theme=theme, saved_theme=saved_theme, notices=notices), theme)
