"""Present mode: a lesson as full-screen slides, driven by a presentation clicker.

PageDown, Space, Enter and → go on (a page at a time through a section taller than the screen, then
the next slide); PageUp and ← go back; `.`/`b`, F5 and Esc blank the screen and bring it back (they
never quit); `g` goes to a slide by number; `k` starts the class quiz, or goes back to it where the
class was; `w` starts the server the students answer on from their own devices (and shows how to
join), `i` its figures live; `q` asks before quitting (from the lesson list: before going back to it).
Every binding has an id, so the keys can be changed in the user's keymap file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Markdown, Static

from ds_tui.classroom.presence import HEARTBEAT_S, PresenterState, QuizState, clear_state, state_path, text_json, write_state
from ds_tui.classroom.slides import QUIZ, Slide, build_slides, page_at, page_count, page_step
from ds_tui.i18n import other_lang, t
from ds_tui.lessons import Lesson
from ds_tui.ui.bindings import localize
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.lesson_markdown import LessonMarkdown
from ds_tui.ui.widgets.embeds import make_embed
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.widgets.slide_scroll import SlideScroll
from ds_tui.ui.window_size import COMPACT
from ds_tui.ui.base import DsScreen, FollowsLang

if TYPE_CHECKING:
    from ds_tui.ui.widgets.demo_view import DemoView
    from textual.dom import DOMNode

    import socket

    from ds_tui.classroom.class_quiz import ClassQuiz
    from ds_tui.classroom.class_results import QuestionResult
    from ds_tui.classroom.server import ClassServer


class PresentScreen(DsScreen[None]):
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal
    # nothing takes the focus by itself: a slide's calculator would, and then the teacher's keys
    # (k, g, b, q) would be typed into it instead of obeyed; a click or Tab still reaches it
    AUTO_FOCUS = ""  # (None would mean the app's, "*")
    CSS_PATH = "present.tcss"
    BINDINGS = [
        Binding("pagedown,space,right,enter", "slide_next", "Next", key_display="→", id="present.next"),
        Binding("pageup,left", "slide_back", "Back", key_display="←", id="present.back"),
        Binding("full_stop,b,f5,escape", "present_blank", "Blank", key_display="b", id="present.blank"),
        Binding("g", "present_goto", "Go to", show=False, id="present.goto"),
        Binding("k", "present_quiz", "Quiz", id="present.quiz"),
        Binding("r", "present_run", "Run demo", id="present.run"),
        Binding("w", "present_serve", "Devices", show=False, id="present.serve"),  # in the help; the footer is full
        Binding("i", "present_figures", "Server", show=False, id="present.figures"),
        Binding("q", "present_quit", "Quit", id="present.quit"),
        Binding("down", "scroll_line(1)", "Scroll", show=False, id="present.scroll_down"),
        Binding("up", "scroll_line(-1)", "Scroll", show=False, id="present.scroll_up"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("l", "present_lang", "Tiếng Việt"),  # the app's key, without a toast over the slide number
    ]

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, lesson: Lesson, index: int = 0, *, quit_app: bool = False,
                 listener: socket.socket | None = None) -> None:
        super().__init__()
        self.devices: ClassServer | None = None  # the students' devices, once the server runs
        self._listener = listener  # ds-tui present --serve: the port, bound before the app started
        self._serving = False
        self.lesson = lesson
        self.slides: tuple[Slide, ...] = build_slides(lesson)
        self.set_reactive(PresentScreen.index, max(0, min(index, len(self.slides) - 1)))
        self.quit_app = quit_app  # started by `ds-tui present`: leaving ends the app
        self.restore_theme: str | None = None  # the theme to go back to when the presentation ends
        self.started_at = time.time()
        self.blanked = False
        self.quiz_state: QuizState | None = None
        self._presence_failed = False
        # the class quiz, kept while presenting: k or → on the last slide goes back to where the class was
        self.class_quizzes: dict[int, ClassQuiz] = {}
        self.quiz_number = 0
        self.class_started: float | None = None  # when the class quiz began (the summary's "started")
        self.class_session: int | None = None  # its row in the progress store
        self._save_failed = False
        self._end_pending: int | None = None  # back to this slide: show its end once its text is drawn
        self._shown_number = ""
        self._texts_sent = self._texts_drawn = 0  # Markdown updates asked for, and finished

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="slide-title")
        with SlideScroll(id="slide-scroll"):
            yield LessonMarkdown(id="slide-body")
        with Horizontal(id="slide-bar"):
            yield Static(id="slide-lesson")
            yield Static(id="slide-devices")
            yield Static(id="slide-number")
        yield KeyFooter(compact=True, show_command_palette=False)

    @property
    def scroller(self) -> SlideScroll:
        return self.query_one("#slide-scroll", SlideScroll)

    @property
    def slide(self) -> Slide:
        return self.slides[self.index]

    def on_mount(self) -> None:
        scroll = self.scroller
        self.watch(scroll, "scroll_y", self._show_number, init=False)
        self.watch(scroll, "virtual_size", self._show_number, init=False)
        self.follow_lang(self._render_lang)
        self.set_interval(HEARTBEAT_S, self.publish)
        self.set_interval(0.5, self._show_number)  # also after a layout no watcher saw (a slow Markdown parse)
        self.query_one("#slide-devices").display = False
        if self._listener is not None:
            listener, self._listener = self._listener, None
            self.run_worker(self.start_serving(listener), exit_on_error=False)

    async def on_unmount(self) -> None:
        await self.stop_serving(quiet=True)
        clear_state(state_path(self.ds_app.home_dir), os.getpid())
        if self.restore_theme:
            self.app.theme = self.restore_theme

    def on_resize(self) -> None:
        self._show_number()
        self._devices_changed("joined")

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.label_quit(self)
        self.query_one("#slide-lesson", Static).update(plain(self.lesson.title.show(lang)))
        self._devices_changed("joined")
        self._render_slide()

    def label_quit(self, node: DOMNode) -> None:
        """q's footer label says what it does: from the lesson list it ends the presentation, not ds-tui."""
        if self.quit_app:
            return
        end = t("key.present_end", self.lang)
        by_key = node._bindings.key_to_bindings  # private (DOMNode): see ds_tui.ui.bindings.localize
        for key, bindings in by_key.items():
            by_key[key] = [replace(b, description=end) if b.action == "present_quit" else b for b in bindings]
        node.refresh_bindings()

    def action_present_lang(self) -> None:
        self.ds_app.lang = other_lang(self.lang)

    def watch_index(self) -> None:
        self._render_slide()
        self.scroller.scroll_home(animate=False, immediate=True)

    def _render_slide(self) -> None:
        lang = self.lang
        slide = self.slide
        self.query_one("#slide-title", Static).update(plain(slide.title.show(lang)))
        self._texts_sent += 1
        self.query_one("#slide-body", LessonMarkdown).update(slide.body.show(lang))
        current = next(iter(self.query(".embed")), None)
        if current is not None and getattr(current, "embed", None) == slide.embed:
            cast(FollowsLang, current).set_lang(lang)  # the same demo: keep what it showed
        else:
            if current is not None:
                current.remove()
            if slide.embed is not None:
                self.scroller.mount(make_embed(slide.embed, lang))
            self.refresh_bindings()
        self.set_class(slide.kind == QUIZ, "-quiz-slide")
        self._show_number()
        if slide.section_id:
            self.ds_app.mark_read(self.lesson.id, slide.section_id)
        self.publish()

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """The slide's text is drawn (the Markdown is parsed in a thread): now its height is known."""
        self.call_after_refresh(self._text_drawn)

    def _text_drawn(self) -> None:
        self._texts_drawn += 1
        if self._texts_drawn >= self._texts_sent and self._end_pending == self.index:  # this slide's text
            self._end_pending = None
            self._to_last_page()
        self._show_number()

    def _show_number(self, *_: object) -> None:
        if not self.is_mounted:
            return
        scroll = self.scroller
        viewport = scroll.scrollable_content_region.height
        content = scroll.max_scroll_y + viewport
        pages = page_count(content, viewport)
        text = t("present.slide_of", self.lang, n=self.index + 1, total=len(self.slides))
        if pages > 1:
            page = page_at(scroll.scroll_y, content, viewport)
            more = " ▼" if page < pages - 1 else ""
            text = t("present.page_of", self.lang, page=page + 1, pages=pages) + more + "  " + text
        if text != self._shown_number:
            self._shown_number = text
            self.query_one("#slide-number", Static).update(text)

    # -- the presenter's state, for `ds-tui notes` ------------------------------------------------
    def publish(self) -> None:
        slides = self.slides
        nxt = slides[self.index + 1] if self.index + 1 < len(slides) else None
        slide = self.slide
        state = PresenterState(
            pid=os.getpid(), lesson_id=self.lesson.id, lesson_title=text_json(self.lesson.title),
            slide=self.index, total=len(slides), started_at=self.started_at, updated_at=time.time(),
            title=text_json(slide.title), notes=text_json(slide.notes), next_title=text_json(nxt.title) if nxt else None,
            blank=self.blanked, quiz=self.quiz_state,
        )
        try:
            write_state(state_path(self.ds_app.home_dir), state)
        except OSError as exc:
            if not self._presence_failed:  # once: the slides work without a notes follower
                self._presence_failed = True
                self.notify(t("present.state_failed", self.lang, error=exc), severity="warning", timeout=8,
                            markup=False)

    # -- keys ----------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "present_run":  # only offered where the slide embeds a demo
            return bool(self.query(".demo-view"))
        if action == "present_quiz":
            return bool(self.lesson.quiz)
        if action == "present_figures":
            return self.devices is not None
        return True

    def action_slide_next(self) -> None:
        scroll = self.scroller
        if scroll.scroll_y < scroll.max_scroll_y - 0.5:  # the rest of a long section first
            step = page_step(scroll.scrollable_content_region.height)
            scroll.scroll_to(y=min(scroll.max_scroll_y, scroll.scroll_y + step), animate=False, immediate=True)
            return
        if self.index < len(self.slides) - 1:
            self._end_pending = None
            self.index += 1
        elif self.slide.kind == QUIZ:
            self.action_present_quiz()
        else:
            self.notify(t("present.last", self.lang), timeout=3)

    def action_slide_back(self) -> None:
        scroll = self.scroller
        if scroll.scroll_y > 0.5:
            step = page_step(scroll.scrollable_content_region.height)
            scroll.scroll_to(y=max(0, scroll.scroll_y - step), animate=False, immediate=True)
            return
        if self.index > 0:
            self._end_pending = self.index - 1  # back through a long section page by page, from its end
            self.index -= 1
            self.call_after_refresh(self._to_last_page)  # at once, and again once the text is drawn
        else:
            self.notify(t("present.first", self.lang), timeout=3)

    def _to_last_page(self) -> None:
        self.scroller.scroll_end(animate=False, immediate=True)
        self._show_number()

    def action_scroll_line(self, delta: int) -> None:
        self.scroller.scroll_relative(y=delta, animate=False, immediate=True)

    def go_to(self, index: int) -> None:
        self._end_pending = None
        if index == self.index:
            self.scroller.scroll_home(animate=False, immediate=True)
        self.index = max(0, min(index, len(self.slides) - 1))

    def action_present_goto(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.classroom_modals import GotoScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                self.go_to(index)

        self.app.push_screen(GotoScreen(t("present.goto", self.lang, total=len(self.slides)), len(self.slides),
                                        self.lang), chosen)

    def action_present_blank(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.classroom_modals import BlankScreen

        self.set_blank(True)
        self.app.push_screen(BlankScreen(), lambda _: self.set_blank(False))

    def set_blank(self, blank: bool) -> None:
        self.blanked = blank
        self.publish()

    def action_present_quiz(self, number: int | None = None) -> None:
        """The class quiz: at ``number``, or where the class was (the first time, question 1)."""
        if not self.lesson.quiz:
            return
        # lazy: screens load when first opened
        from ds_tui.ui.screens.class_quiz import ClassQuizScreen

        self.app.push_screen(ClassQuizScreen(self, number))

    # -- the class's results: saved as they are, so classes can be compared --------------------------
    def start_class(self) -> None:
        if self.class_started is None:
            self.class_started = time.time()

    def class_results(self) -> list[QuestionResult]:
        # lazy: classroom mode (aiohttp, the QR code) loads when a class starts
        from ds_tui.classroom.class_quiz import class_results

        return class_results(self.class_quizzes)

    def save_class(self) -> None:
        """Save the class quiz so far (one session per presentation, updated as the class goes on)."""
        results = self.class_results()
        store = getattr(self.app, "store", None)
        if not results or store is None or self.class_started is None:
            return
        try:
            self.class_session = store.save_class_session(self.lesson.id, self.class_started, results,
                                                          self.class_session)
        except (sqlite3.Error, OSError) as exc:
            if not self._save_failed:  # once: the class quiz goes on without the store
                self._save_failed = True
                self.notify(t("sum.store_failed", self.lang, error=exc), severity="warning", timeout=8)

    # -- the students' devices ----------------------------------------------------------------------
    async def start_serving(self, listener: socket.socket | None = None) -> bool:
        """Start the class quiz's server (on ``listener``, else the app's --host/--port) and show how to
        join. A problem (no network, the port taken) is a message, never a crash. True if it runs."""
        # lazy: classroom mode (aiohttp, the QR code) loads when a class starts; screens load when first opened
        from ds_tui.classroom.server import DEFAULT_PORT, ServerProblem, open_listener, open_room
        from ds_tui.ui.screens.devices import JoinScreen

        if self.devices is not None or self._serving:
            return self.devices is not None
        self._serving = True
        try:
            if listener is None:
                listener = open_listener(getattr(self.app, "serve_host", None),
                                         getattr(self.app, "serve_port", None) or DEFAULT_PORT)
            server, resumed = await open_room(self.lesson.id, getattr(self.app, "store", None), listener)
        except ServerProblem as problem:
            self.notify(problem.text(self.lang), severity="error", timeout=10, markup=False)
            return False
        finally:
            self._serving = False
        self.devices = server
        server.room.listen(self._devices_changed)
        self._devices_changed("joined")
        for screen in self.app.screen_stack:
            if hasattr(screen, "devices_started"):
                screen.devices_started()
        if server.store is None:
            self.notify(t("serve.store_missing", self.lang), severity="warning", timeout=6, markup=False)
        back_at = server.room.resumed_at
        if resumed and back_at is not None and self.lesson.quiz:
            # the app was stopped mid-quiz: back to the question the class was answering (the devices
            # reconnect by themselves; the join screen stays one key away)
            back_at = min(back_at, len(self.lesson.quiz) - 1)
            self.quiz_number = back_at
            self.notify(t("serve.resumed_at", self.lang, n=resumed, q=back_at + 1), timeout=8, markup=False)
            self.action_present_quiz(back_at)
            return True
        if resumed:
            self.notify(t("serve.resumed", self.lang, n=resumed), timeout=6, markup=False)
        self.app.push_screen(JoinScreen(self))
        return True

    async def stop_serving(self, quiet: bool = False) -> None:
        # lazy: classroom mode (aiohttp, the QR code) loads when a class starts
        from ds_tui.classroom.server import close_room

        server, self.devices = self.devices, None
        if server is None:
            return
        server.room.unlisten(self._devices_changed)
        server.room.show(None)
        await close_room(server)
        for bar in self.query("#slide-devices"):
            bar.display = False
        if not quiet:
            self.notify(t("serve.stopped", self.lang), timeout=4, markup=False)

    def _devices_changed(self, what: str) -> None:
        server = self.devices
        if what != "joined" or server is None or not self.is_mounted:
            return
        # lazy: screens load when first opened
        from ds_tui.ui.screens.devices import join_address

        bar = self.query_one("#slide-devices", Static)
        bar.display = True
        key = "serve.bar" if self.size.width >= 100 else "serve.bar_short"  # narrow: the slide number first
        bar.update(plain(t(key, self.lang, url=join_address(server), code=server.room.code, n=server.room.joined)))

    async def action_present_serve(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.devices import JoinScreen

        if self.devices is None:
            await self.start_serving()
        else:
            self.app.push_screen(JoinScreen(self))

    def action_present_figures(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.devices import FiguresScreen

        if self.devices is not None:
            self.app.push_screen(FiguresScreen(self))

    def action_present_run(self) -> None:
        for view in self.query(".demo-view"):
            cast("DemoView", view).action_run()

    def action_present_quit(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.classroom_modals import ConfirmScreen

        lang = self.lang
        question = t("present.quit_app" if self.quit_app else "present.quit_present", lang)
        self.app.push_screen(ConfirmScreen(question, t("present.quit_yes", lang), t("present.quit_no", lang)),
                             self._quit_answered)

    def _quit_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        self.save_class()
        if self.quit_app:
            self.app.call_later(self.app.action_quit)  # stops a running demo's processes first
            return
        while self.app.screen is not self:  # the class quiz, if it is open
            self.app.pop_screen()
        self.app.pop_screen()
