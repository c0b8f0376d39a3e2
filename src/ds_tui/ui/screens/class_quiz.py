"""The class quiz on one projected screen: question → countdown → show of hands → distribution →
(peer instruction) → answer; a predict question runs its demo before the answer.

The rules and the flow are ds_tui.classroom.class_quiz's; this screen only draws them and turns
the clicker's keys into its moves.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text as RichText
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Input, Label, Static

from ds_tui.classroom.class_quiz import (EXTEND_S, ClassQuiz, Phase, answer_lines, clock_text, discussion_lines,
                                         format_metric, metric_title, parse_count)
from ds_tui.classroom.presence import QuizState, text_json
from ds_tui.quiz.predict import as_measurement
from ds_tui.demos.catalog import DEMOS
from ds_tui.i18n import t
from ds_tui.lessons.model import QuestionKind
from ds_tui.ui.bindings import localize
from ds_tui.ui.safe import plain
from ds_tui.ui.screens.present import SlideScroll
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.widgets.vote_bars import VoteBars, inline, option_label, option_lines, predict_summary, reveal

if TYPE_CHECKING:
    from ds_tui.ui.screens.present import PresentScreen

monotonic = time.monotonic  # the countdown's clock (tests replace it)
RUN_SIZE: str | None = None  # the predict demo's size; None: the demo's default (tests make it small)


class VoteInput(Input):
    """A show-of-hands count. The clicker's PageDown / PageUp still move the quiz on or back."""

    BINDINGS = [
        Binding("pagedown", "vote_next", "Next", key_display="→", id="present.next"),
        Binding("pageup", "vote_back", "Back", show=False, id="present.back"),
    ]

    def action_vote_next(self) -> None:
        self.screen.action_cq_next()  # type: ignore[attr-defined]

    def action_vote_back(self) -> None:
        self.screen.action_cq_back()  # type: ignore[attr-defined]


class ClassQuizScreen(Screen[None]):
    CSS_PATH = "../classroom.tcss"
    BINDINGS = [
        Binding("pagedown,right", "cq_next", "Next", key_display="→", id="present.next"),
        Binding("p", "cq_pause", "Pause", id="quiz.pause"),
        Binding("plus,equals_sign", "cq_extend", "+15 s", key_display="+", id="quiz.extend"),
        Binding("a", "cq_reveal", "Answer", id="quiz.reveal"),
        Binding("r", "cq_run_again", "Run again", id="quiz.run"),
        Binding("c", "cq_cancel", "Cancel", id="quiz.cancel"),
        Binding("full_stop,b,f5,escape", "present_blank", "Blank", key_display="b", id="present.blank"),
        Binding("k", "cq_slides", "Slides", id="present.quiz"),
        Binding("q", "present_quit", "Quit", id="present.quit"),
        Binding("pageup,left", "cq_back", "Back", key_display="←", show=False, id="present.back"),
        # space: pauses the countdown, else goes on, as on the slides
        Binding("space", "cq_space", "Pause / next", show=False, id="quiz.space"),
        Binding("g", "present_goto", "Go to", show=False, id="present.goto"),
        Binding("down", "scroll_line(1)", "Scroll", show=False, id="present.scroll_down"),
        Binding("up", "scroll_line(-1)", "Scroll", show=False, id="present.scroll_up"),
        # priority: taken as the key arrives, before the fields read the keys already sent to them
        Binding("enter", "cq_vote_enter", "Next field", show=False, priority=True, id="quiz.vote_enter"),
    ]

    def __init__(self, present: PresentScreen, number: int = 0) -> None:
        super().__init__()
        self.present = present
        self.lesson = present.lesson
        self.questions = self.lesson.quiz
        self.number = max(0, min(number, len(self.questions) - 1))
        self.quizzes: dict[int, ClassQuiz] = {}
        self._shown_clock = ""
        self._rendered: tuple[int, Phase, int] | None = None
        self._votes_for: tuple[int, int] | None = None

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="cq-head")
        with SlideScroll(id="cq-scroll"):
            yield Static(id="cq-prompt")
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

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    @property
    def quiz(self) -> ClassQuiz:
        if self.number not in self.quizzes:
            question = self.questions[self.number]
            runnable = question.kind is QuestionKind.PREDICT and question.demo in DEMOS
            self.quizzes[self.number] = ClassQuiz(question, runnable=runnable)
        return self.quizzes[self.number]

    @property
    def scroller(self) -> SlideScroll:
        return self.query_one("#cq-scroll", SlideScroll)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._render_lang)
        self.set_interval(0.2, self._tick)

    def on_resize(self) -> None:
        self.query_one("#cq-number").display = self.size.width >= 90  # narrow: the hint needs the room
        self.set_class(self.size.height < 30, "-short")  # a zoomed projector: the demo shows its cores only

    def on_unmount(self) -> None:
        self.present.quiz_state = None
        self.present.publish()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self._rendered = None
        self._redraw()

    # -- drawing ------------------------------------------------------------------------------------
    def _redraw(self) -> None:
        lang, quiz = self.lang, self.quiz
        phase, question = quiz.phase, quiz.question
        key = (self.number, phase, quiz.round)
        fresh = key != self._rendered
        self._rendered = key
        head = t("cq.head", lang, n=self.number + 1, total=len(self.questions))
        if quiz.round == 2 and phase in (Phase.COUNTDOWN, Phase.VOTES):
            head += " · " + t("cq.second_vote", lang)
        self.query_one("#cq-head", Static).update(head)
        self.query_one("#cq-number", Static).update(plain(self.lesson.title.show(lang)))
        self.query_one("#cq-prompt", Static).update(inline(question.prompt.show(lang), "bold"))
        shows = {
            "#cq-options": phase in (Phase.QUESTION, Phase.COUNTDOWN, Phase.VOTES),
            "#cq-timer": phase is Phase.COUNTDOWN,
            "#cq-votes": phase is Phase.VOTES,
            "#cq-dist": phase in (Phase.DISTRIBUTION, Phase.PEER),
            "#cq-peer": phase is Phase.PEER,
            "#cq-run": phase is Phase.RUN,
            "#cq-metric-row": phase is Phase.RUN or (phase is Phase.REVEAL and quiz.is_predict and quiz.measured is not None),
            "#cq-reveal": phase is Phase.REVEAL,
        }
        for selector, shown in shows.items():
            self.query_one(selector).display = shown
        self._render_options()
        if phase is Phase.COUNTDOWN:
            self._show_clock(force=True)
        if phase is Phase.VOTES and fresh:
            self.call_later(self._mount_votes)
        elif phase is not Phase.VOTES and isinstance(self.focused, VoteInput):
            self.set_focus(None)  # the counts are in: keys go back to the quiz
        if phase in (Phase.DISTRIBUTION, Phase.PEER):
            self.query_one("#cq-dist", Static).update(VoteBars(quiz.options, quiz.votes, lang))
        if phase is Phase.PEER:
            self.query_one("#cq-peer", Static).update(t("cq.peer", lang))
        if phase is Phase.RUN:
            if not self.query("#cq-demo"):
                self.call_later(self._mount_run)
        else:
            for view in self.query("#cq-demo"):
                view.remove()  # leaving the run stops the demo and its processes
        if phase in (Phase.RUN, Phase.REVEAL) and quiz.is_predict:
            self._show_metric()
        if phase is Phase.REVEAL:
            self._render_reveal()
        self.query_one("#cq-hint", Static).update(self._hint())
        if fresh:
            self.scroller.scroll_home(animate=False, immediate=True)
        self.refresh_bindings()
        self._publish()

    def _render_options(self) -> None:
        lang, quiz = self.lang, self.quiz
        if quiz.votable:
            self.query_one("#cq-options", Static).update(option_lines(quiz.options, lang))
        else:
            extra = discussion_lines(quiz.question, lang)
            lines = [inline(line) for line in extra] + [RichText(t("cq.discuss", lang), style="italic")]
            self.query_one("#cq-options", Static).update(Group(*lines))

    def _render_reveal(self) -> None:
        lang, quiz = self.lang, self.quiz
        parts: list[object] = []
        latest = quiz.votes[-1] if quiz.votes else None
        if quiz.is_predict:
            parts += [predict_summary(quiz.predict_outcome(), quiz.question.metric or "", lang, latest), RichText("")]
            if not quiz.runnable:
                parts += [RichText(t("cq.demo_unavailable", lang, demo=quiz.question.demo), style="italic"),
                          RichText("")]
        if quiz.votable:
            if len(quiz.votes) == 2 or (quiz.is_predict and quiz.votes):  # the votes beside the answer
                parts += [VoteBars(quiz.options, quiz.votes, lang, correct=quiz.correct_ids), RichText("")]
            parts.append(reveal(quiz.options, quiz.correct_ids, lang, latest))
        else:
            parts.append(RichText(t("cq.answer", lang), style="bold"))
            parts += [RichText("  ") + inline(line) for line in answer_lines(quiz.question, lang)]
        parts += [RichText(""), inline(quiz.question.explanation.show(lang), "italic")]
        self.query_one("#cq-reveal", Static).update(Group(*parts))

    def _hint(self) -> str:
        quiz, lang = self.quiz, self.lang
        phase = quiz.phase
        if phase is Phase.QUESTION:
            return t("cq.hint.question", lang, seconds=int(quiz.think_s))
        if phase is Phase.COUNTDOWN:
            return t("cq.hint.countdown" if quiz.votable else "cq.hint.countdown_discuss", lang)
        if phase is Phase.VOTES:
            return t("cq.hint.votes", lang)
        if phase is Phase.DISTRIBUTION:
            if quiz.suggests_peer:
                return t("cq.hint.peer_next", lang)
            return t("cq.hint.run_next" if quiz.is_predict and quiz.runnable and not quiz.ran else "cq.hint.distribution", lang)
        if phase is Phase.PEER:
            return t("cq.hint.peer", lang)
        if phase is Phase.RUN:
            return t("cq.hint.run_done" if quiz.ran else "cq.hint.run", lang)
        last = self.number == len(self.questions) - 1
        return t("cq.hint.last" if last else "cq.hint.reveal", lang)

    def _show_clock(self, force: bool = False) -> None:
        countdown = self.quiz.countdown
        if countdown is None:
            return
        text = clock_text(countdown.remaining(monotonic()))
        if force or text != self._shown_clock:
            self._shown_clock = text
            self.query_one("#cq-digits", Digits).update(text)
            note = t("cq.paused", self.lang) if countdown.paused else t("cq.timer_keys", self.lang, seconds=EXTEND_S)
            self.query_one("#cq-timer-note", Static).update(note)
            self.query_one("#cq-timer").set_class(countdown.paused, "-paused")

    def _show_metric(self) -> None:
        quiz, lang = self.quiz, self.lang
        metric = quiz.question.metric or ""
        value = None if quiz.measured is None else as_measurement(quiz.measured).value
        if value is None:
            view = next(iter(self.query("#cq-demo")), None)
            if view is not None and getattr(view, "runs", None):
                from ds_tui.demos.scenarios import metrics

                value = metrics(quiz.question.demo or "", tuple(view.runs)).get(metric)  # type: ignore[attr-defined]
        self.query_one("#cq-metric", Digits).update(format_metric(metric, value) if value is not None else "-.--")
        label = metric_title(metric, lang)
        label += "\n" + (t("cq.measured_here", lang) if quiz.ran else t("cq.measuring", lang))
        self.query_one("#cq-metric-label", Static).update(label)

    def _publish(self) -> None:
        quiz = self.quiz
        question = quiz.question
        answer: list[dict[str, str]] = []
        if quiz.votable:
            answer = [{"en": f"{o.letter}. {o.text.en or o.text.vi or ''}", "vi": f"{o.letter}. {o.text.vi or o.text.en or ''}"}
                      for o in quiz.options if o.id in quiz.correct_ids]
        else:
            en, vi = answer_lines(question, "en"), answer_lines(question, "vi")
            answer = [{"en": e, "vi": v} for e, v in zip(en, vi)]
        self.present.quiz_state = QuizState(self.number + 1, len(self.questions), quiz.phase.value,
                                            text_json(question.prompt), answer, text_json(question.explanation))
        self.present.publish()

    # -- the show of hands ----------------------------------------------------------------------------
    async def _mount_votes(self) -> None:
        box = self.query_one("#cq-votes", Horizontal)
        quiz = self.quiz
        same = self._votes_for == (self.number, quiz.round)
        for field in box.query(".vote-input") if same else []:  # a language switch redraws: keep what was typed
            value = parse_count(field.value)  # type: ignore[attr-defined]
            if value and field.id:
                quiz.draft[field.id.removeprefix("vote-")] = value
        await box.remove_children()
        if quiz.phase is not Phase.VOTES:
            return
        self._votes_for = (self.number, quiz.round)
        widgets = []
        for i, option in enumerate(quiz.options):
            value = quiz.draft.get(option.id)
            widgets.append(Label(option_label(option, i), classes="vote-label"))
            widgets.append(VoteInput(str(value) if value else "", type="integer", compact=True, max_length=4,
                                     id=f"vote-{option.id}", classes="vote-input"))
        await box.mount_all(widgets)
        for field in box.query(VoteInput):
            localize(field, self.lang)
        self._focus_first_vote()

    def _focus_first_vote(self) -> None:
        inputs = list(self.query(".vote-input"))
        if inputs:
            inputs[0].focus()

    def action_cq_vote_enter(self) -> None:
        """Enter in a count field: the next option's field; in the last one, the distribution.

        A field reads its keys from its own queue, so when Enter waited for the field to see it, a burst
        like "4⏎6⏎9" had already sent every digit to the first field. Focus moves here instead, as the
        key arrives; the distribution waits until the last field has read what was sent to it."""
        inputs = list(self.query(".vote-input"))
        focused = self.focused
        if focused not in inputs:
            raise SkipAction()  # Enter anywhere else does what it always did
        if focused is not inputs[-1]:
            self.set_focus(inputs[inputs.index(focused) + 1])
        else:
            focused.call_later(self.action_cq_next)  # type: ignore[union-attr]

    def _typed_counts(self) -> dict[str, int] | None:
        counts: dict[str, int] = {}
        for option in self.quiz.options:
            field = self.query_one(f"#vote-{option.id}", Input)
            value = parse_count(field.value)
            if value is None:
                self.notify(t("cq.bad_count", self.lang, letter=option.letter), severity="error")
                field.focus()
                return None
            counts[option.id] = value
        return counts

    # -- predict, then run -------------------------------------------------------------------------------
    async def _mount_run(self) -> None:
        quiz = self.quiz
        if quiz.phase is not Phase.RUN or self.query("#cq-demo") or not quiz.question.demo:
            return
        from ds_tui.ui.widgets.demo_view import DemoView

        view = DemoView.for_prediction(quiz.question, self.lang, size=RUN_SIZE, id="cq-demo")
        await self.query_one("#cq-run", Vertical).mount(view)
        for widget in view.query("Button, Input, Select"):
            widget.can_focus = False  # the clicker's keys stay with the quiz
        view.action_run()
        self.refresh_bindings()

    def on_demo_view_run_done(self, _: object) -> None:
        if self.quiz.phase is Phase.RUN:
            self._show_metric()

    def on_demo_view_finished(self, message: object) -> None:
        from ds_tui.quiz.predict import measurement

        report = getattr(message, "report", None)
        quiz = self.quiz
        if quiz.phase is not Phase.RUN:
            return
        if report is not None and not report.cancelled:
            quiz.set_measured(measurement(quiz.question, report))
        self._redraw()

    def on_worker_state_changed(self, event: object) -> None:
        self.refresh_bindings()  # the cancel key follows the demo

    # -- keys --------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        quiz = self.quiz
        if action in ("cq_pause", "cq_extend"):
            return quiz.phase is Phase.COUNTDOWN
        if action == "cq_reveal":
            return quiz.phase is not Phase.REVEAL
        if action == "cq_run_again":
            return quiz.runnable and quiz.phase is Phase.REVEAL
        if action == "cq_cancel":
            return quiz.phase is Phase.RUN and any(getattr(v, "running", False) for v in self.query("#cq-demo"))
        return True

    def _page(self, direction: int) -> bool:
        """Page through what does not fit first; True if it scrolled."""
        from ds_tui.classroom.slides import page_step

        scroll = self.scroller
        step = page_step(scroll.scrollable_content_region.height)
        if direction > 0 and scroll.scroll_y < scroll.max_scroll_y - 0.5:
            scroll.scroll_to(y=min(scroll.max_scroll_y, scroll.scroll_y + step), animate=False, immediate=True)
            return True
        if direction < 0 and scroll.scroll_y > 0.5:
            scroll.scroll_to(y=max(0, scroll.scroll_y - step), animate=False, immediate=True)
            return True
        return False

    def action_cq_next(self) -> None:
        quiz = self.quiz
        if quiz.phase is Phase.VOTES:
            counts = self._typed_counts()
            if counts is None:
                return
            quiz.record_votes(counts)
            self._redraw()
            return
        if self._page(1):
            return
        if quiz.phase is Phase.REVEAL:
            if self.number < len(self.questions) - 1:
                self.number += 1
                self._redraw()
            else:
                self.notify(t("cq.last", self.lang), timeout=4)
            return
        quiz.next(monotonic())
        self._redraw()

    def action_cq_back(self) -> None:
        if self._page(-1):
            return
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

    def action_cq_extend(self) -> None:
        countdown = self.quiz.countdown
        if countdown is not None:
            countdown.extend(monotonic(), EXTEND_S)
            self._show_clock(force=True)

    def action_cq_reveal(self) -> None:
        self.quiz.reveal()
        self._redraw()

    def action_cq_run_again(self) -> None:
        self.quiz.run_again()
        self._redraw()

    def action_cq_cancel(self) -> None:
        for view in self.query("#cq-demo"):
            view.action_cancel()  # type: ignore[attr-defined]

    def action_scroll_line(self, delta: int) -> None:
        self.scroller.scroll_relative(y=delta, animate=False, immediate=True)

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
        from ds_tui.ui.screens.classroom_modals import BlankScreen

        self.present.set_blank(True)
        self.app.push_screen(BlankScreen(), lambda _: self.present.set_blank(False))

    def action_present_goto(self) -> None:
        from ds_tui.ui.screens.classroom_modals import GotoScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                self.number = index
                self._redraw()

        total = len(self.questions)
        self.app.push_screen(GotoScreen(t("cq.goto", self.lang, total=total), total, self.lang), chosen)

    def action_cq_slides(self) -> None:
        self.app.pop_screen()

    def action_present_quit(self) -> None:
        self.present.action_present_quit()
