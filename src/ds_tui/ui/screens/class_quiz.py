"""The class quiz on one projected screen: question → countdown → show of hands → distribution →
(peer instruction) → answer; a predict question runs its demo before the answer; after the last
question, the class summary.

The rules and the flow are ds_tui.classroom.class_quiz's; this screen only draws them and turns
the clicker's keys into its moves. With the students' devices (``ds-tui present --serve``) the votes
come from them too, added to the hands typed for students without one; while the class thinks the
projector shows how many answered, never what. Every clicker key is a priority binding: it acts as it arrives,
even while the cursor is in a show-of-hands field (which takes digits only). The quizzes live on
the presentation, so going back to the slides and in again resumes where the class was.

The screen's state is class_quiz_base's; its drawing class_quiz_draw's, the show of hands
class_quiz_hands', the devices' link class_quiz_devices'; the keys, the steps and the predict run are here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from ds_tui.classroom.class_quiz import EXTEND_S, Phase
from ds_tui.classroom.slides import page_step
from ds_tui.i18n import other_lang, t
from ds_tui.lessons.model import PredictQuestion
from ds_tui.ui.bindings import localize
from ds_tui.ui.screens.class_quiz_devices import QuizDevices
from ds_tui.ui.screens.class_quiz_draw import QuizDrawing
from ds_tui.ui.screens.class_quiz_hands import QuizHands, VoteInput
from ds_tui.ui.widgets.slide_scroll import SlideScroll
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.window_size import COMPACT

if TYPE_CHECKING:
    from textual.worker import Worker

    from ds_tui.ui.widgets.demo_view import DemoView

monotonic = time.monotonic  # the countdown's clock (tests replace it)
RUN_SIZE: str | None = None  # the predict demo's size; None: the demo's default (tests make it small)
SHORT_BELOW = 30  # rows: a zoomed projector (60x18 and the like) gets the compact layout


def _clicker(key: str, action: str, description: str, **kwargs: Any) -> Binding:
    """A key of the class quiz: a priority binding, so it works wherever the focus is."""
    return Binding(key, action, description, priority=True, **kwargs)


class ClassQuizScreen(QuizDrawing, QuizHands, QuizDevices):
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal
    CSS_PATH = "class_quiz.tcss"
    AUTO_FOCUS = ""  # nothing is focused on resume (after the blank screen or "go to"), unless the counts are
    BINDINGS = [
        _clicker("pagedown,right", "cq_next", "Next", key_display="→", id="present.next"),
        _clicker("p", "cq_pause", "Pause", id="quiz.pause"),
        _clicker("plus,equals_sign", "cq_extend", "+15 s", key_display="+", id="quiz.extend"),
        _clicker("minus", "cq_shorten", "-15 s", key_display="-", show=False, id="quiz.shorten"),
        _clicker("a", "cq_reveal", "Answer", id="quiz.reveal"),
        _clicker("r", "cq_run_again", "Run again", id="quiz.run"),
        _clicker("c", "cq_cancel", "Cancel", id="quiz.cancel"),
        _clicker("full_stop,b,f5,escape", "present_blank", "Blank", key_display="b", id="present.blank"),
        _clicker("k", "cq_slides", "Slides", id="present.quiz"),
        _clicker("q", "present_quit", "Quit", id="present.quit"),
        _clicker("pageup,left", "cq_back", "Back", key_display="←", show=False, id="present.back"),
        # space: pauses the countdown, else goes on, as on the slides
        _clicker("space", "cq_space", "Pause / next", show=False, id="quiz.space"),
        _clicker("g", "present_goto", "Go to", show=False, id="present.goto"),
        _clicker("s", "cq_summary", "Summary", show=False, id="quiz.summary"),
        _clicker("i", "present_figures", "Server", show=False, id="present.figures"),  # the devices' server, live
        _clicker("down", "scroll_line(1)", "Scroll", show=False, id="present.scroll_down"),
        _clicker("up", "scroll_line(-1)", "Scroll", show=False, id="present.scroll_up"),
        # Enter: in a count field the next field (taken as the key arrives, before the fields read the keys
        # already sent to them); anywhere else, next
        _clicker("enter", "cq_vote_enter", "Next field", show=False, id="quiz.vote_enter"),
        # the app's keys, here too while the cursor is in a field (the language without a toast over the bar)
        _clicker("question_mark", "app.help", "Help", key_display="?"),
        _clicker("l", "present_lang", "Tiếng Việt"),
    ]

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="cq-top"):
            yield Static(id="cq-head")
            yield Static(id="cq-devices")
            yield Static(id="cq-clock")
        with SlideScroll(id="cq-scroll"):
            yield Static(id="cq-prompt")
            with SlideScroll(id="cq-code"):  # a code-reading question's snippet: scrolls on its own when short of room
                yield Static(id="cq-code-text")
            yield Static(id="cq-code-more")
            yield Static(id="cq-options")
            with Horizontal(id="cq-metric-row"):
                yield Digits(id="cq-metric")
                yield Static(id="cq-metric-label")
            with Vertical(id="cq-run"):
                pass
            yield Static(id="cq-dist")
            yield Static(id="cq-peer")
            yield Static(id="cq-reveal")
        with Horizontal(id="cq-timer"):
            yield Digits(id="cq-digits")
            yield Static(id="cq-timer-note")
        with Horizontal(id="cq-votes"):
            pass
        with Horizontal(id="cq-bar"):
            yield Static(id="cq-hint")
            yield Static(id="cq-number")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.watch(self.query_one("#cq-code"), "scroll_y", self._show_code_more, init=False)
        self.present.start_class()
        self.follow_lang(self._render_lang)
        self.set_interval(0.2, self._tick)
        if self.devices is not None:
            self.devices.room.listen(self._device_event)

    def devices_started(self) -> None:
        """The server started while this screen was open (or under another screen)."""
        if self.devices is not None:
            self.devices.room.listen(self._device_event)
            self._redraw()

    def on_resize(self) -> None:
        self.query_one("#cq-number").display = self.size.width >= 90  # narrow: the hint needs the room
        self._fit_votes()
        short = self.size.height < SHORT_BELOW
        if short != self.short:
            self.set_class(short, "-short")
            self._rendered = None
            self._redraw()

    def on_unmount(self) -> None:
        if self.devices is not None:
            self.devices.room.unlisten(self._device_event)
            self.devices.room.show(None)  # the devices wait for the next question
        quiz = self.quizzes.get(self.number)
        if quiz is not None and quiz.countdown is not None:
            quiz.countdown.pause(monotonic())  # back to the slides mid-countdown: it waits for the class
        self.present.quiz_number = self.number
        self.present.quiz_state = None
        self.present.save_class()
        self.present.publish()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.present.label_quit(self)
        self._rendered = None
        self._redraw()

    def _now(self) -> float:
        return monotonic()

    # -- predict, then run -------------------------------------------------------------------------------
    async def _mount_run(self) -> None:
        quiz, question = self.quiz, self.quiz.question
        if quiz.phase is not Phase.RUN or self.query("#cq-demo") or not isinstance(question, PredictQuestion) \
                or not question.demo:
            return
        # lazy: screens load when first opened
        from ds_tui.ui.widgets.demo_view import DemoView

        view = DemoView.for_prediction(question, self.lang, size=RUN_SIZE, id="cq-demo")
        await self.query_one("#cq-run", Vertical).mount(view)
        for widget in view.query("Button, Input, Select"):
            widget.can_focus = False  # the clicker's keys stay with the quiz
        view.action_run()
        self.refresh_bindings()

    def on_demo_view_run_done(self, _: DemoView.RunDone) -> None:
        if self.quiz.phase is Phase.RUN:
            self._show_metric()

    def on_demo_view_finished(self, message: DemoView.Finished) -> None:
        from ds_tui.quiz.predict import measurement  # lazy: the quiz core loads with the first quiz

        report = message.report
        quiz = self.quiz
        if quiz.phase is not Phase.RUN:
            return
        if report is not None and not report.cancelled and isinstance(quiz.question, PredictQuestion):
            quiz.set_measured(measurement(quiz.question, report))
        self._redraw()

    def on_worker_state_changed(self, _: Worker.StateChanged) -> None:
        self.refresh_bindings()  # the cancel key follows the demo

    # -- keys --------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        quiz = self.quiz
        if action == "cq_pause":
            return quiz.phase is Phase.COUNTDOWN
        if action in ("cq_extend", "cq_shorten"):  # before a countdown they set its length
            return quiz.phase in (Phase.QUESTION, Phase.COUNTDOWN, Phase.PEER)
        if action == "cq_reveal":
            return quiz.phase is not Phase.REVEAL
        if action == "cq_run_again":
            return quiz.runnable and quiz.phase is Phase.REVEAL
        if action == "cq_cancel":
            return quiz.phase is Phase.RUN and any(getattr(v, "running", False) for v in self.query("#cq-demo"))
        return True

    def _page(self, direction: int) -> bool:
        """Page through what does not fit first; True if it scrolled."""
        scroll = self.scroller
        step = page_step(scroll.scrollable_content_region.height)
        if direction > 0 and scroll.scroll_y < scroll.max_scroll_y - 0.5:
            scroll.scroll_to(y=min(scroll.max_scroll_y, scroll.scroll_y + step), animate=False, immediate=True)
            return True
        if direction < 0 and scroll.scroll_y > 0.5:
            scroll.scroll_to(y=max(0, scroll.scroll_y - step), animate=False, immediate=True)
            return True
        return False

    def _after_typed(self, then: Callable[[], object]) -> None:
        """In a count field, ``then`` waits until the field has read the keys already sent to it (a burst
        "4 →" must record the 4); elsewhere it runs now."""
        focused = self.focused
        if isinstance(focused, VoteInput):
            focused.call_later(then)
        else:
            then()

    def action_cq_next(self) -> None:
        self._after_typed(self._next_now)

    def _next_now(self) -> None:
        if not self.is_current:
            return
        quiz = self.quiz
        if quiz.phase is Phase.VOTES:
            counts = self._typed_counts()
            if counts is None:
                return
            devices = self.devices
            quiz.record_votes(counts, devices.room.counts(quiz, self.number, quiz.round) if devices else None)
            self._redraw()
            return
        if self._page(1):
            return
        if quiz.phase is Phase.REVEAL:
            if self.number < len(self.questions) - 1:
                self.number += 1
                self._redraw()
            else:
                self.action_cq_summary()
            return
        quiz.next(monotonic())
        self._redraw()

    def action_cq_back(self) -> None:
        self._after_typed(self._back_now)

    def _back_now(self) -> None:
        if not self.is_current:
            return
        if self._page(-1):
            return
        self._stash_typed()
        if self.quiz.back(monotonic()):
            self._redraw()
        elif self.number > 0:
            self.number -= 1
            self._redraw()
        else:
            self.action_cq_slides()

    def action_cq_space(self) -> None:
        if self.quiz.phase is Phase.COUNTDOWN:
            self.action_cq_pause()
        else:
            self.action_cq_next()

    def action_cq_pause(self) -> None:
        countdown = self.quiz.countdown
        if countdown is not None:
            countdown.toggle(monotonic())
            self._show_clock(force=True)
            self._tell_devices()

    def action_cq_extend(self) -> None:
        self._adjust_time(EXTEND_S)

    def action_cq_shorten(self) -> None:
        self._adjust_time(-EXTEND_S)

    def _adjust_time(self, seconds: float) -> None:
        quiz = self.quiz
        if quiz.adjust_time(monotonic(), seconds):
            self._tell_devices()
            if quiz.phase is Phase.COUNTDOWN:
                self._show_clock(force=True)
            else:
                self.query_one("#cq-hint", Static).update(self._hint())  # "→ 75 s to think"
        else:
            self.app.bell()  # at a limit

    def action_cq_reveal(self) -> None:
        self.quiz.reveal()
        self._redraw()

    def action_cq_run_again(self) -> None:
        self.quiz.run_again()
        self._redraw()

    def action_cq_cancel(self) -> None:
        for view in self.query("#cq-demo"):
            cast("DemoView", view).action_cancel()

    def action_scroll_line(self, delta: int) -> None:
        """↑↓: the code snippet when it is the part that scrolls (the rest on screen), else the whole step."""
        code = self.query_one("#cq-code", SlideScroll)
        target = code if code.display and code.max_scroll_y > 0 and self.scroller.max_scroll_y == 0 else self.scroller
        target.scroll_relative(y=delta, animate=False, immediate=True)

    def _tick(self) -> None:
        quiz = self.quiz
        if quiz.phase is not Phase.COUNTDOWN:
            return
        if quiz.tick(monotonic()):
            self.app.bell()  # time is up
            self._redraw()
        else:
            self._show_clock()

    def action_present_blank(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.classroom_modals import BlankScreen

        self.present.set_blank(True)
        self.app.push_screen(BlankScreen(), lambda _: self.present.set_blank(False))

    def action_present_goto(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.classroom_modals import GotoScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                self._stash_typed()
                self.number = index
                self._redraw()

        total = len(self.questions)
        self.app.push_screen(GotoScreen(t("cq.goto", self.lang, total=total), total, self.lang), chosen)

    def action_cq_slides(self) -> None:
        self._stash_typed()
        if self.app.screen is self:
            self.app.pop_screen()

    def action_cq_summary(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.class_summary import ClassSummaryScreen

        self._stash_typed()
        self.app.push_screen(ClassSummaryScreen(self))

    def action_present_quit(self) -> None:
        self.present.action_present_quit()

    def action_present_figures(self) -> None:
        self.present.action_present_figures()

    def action_present_lang(self) -> None:
        self.ds_app.lang = other_lang(self.lang)
