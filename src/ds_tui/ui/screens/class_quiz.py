"""The class quiz on one projected screen: question → countdown → show of hands → distribution →
(peer instruction) → answer; a predict question runs its demo before the answer; after the last
question, the class summary.

The rules and the flow are ds_tui.classroom.class_quiz's; this screen only draws them and turns
the clicker's keys into its moves. With the students' devices (``ds-tui present --serve``) the votes
come from them too, added to the hands typed for students without one; while the class thinks the
projector shows how many answered, never what. Every clicker key is a priority binding: it acts as it arrives,
even while the cursor is in a show-of-hands field (which takes digits only). The quizzes live on
the presentation, so going back to the slides and in again resumes where the class was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.console import Group, RenderableType
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Input, Label, Static

from ds_tui.classroom.class_quiz import EXTEND_S, ClassQuiz, Phase, clock_text
from ds_tui.classroom.class_text import answer_lines, discussion_lines, format_metric, metric_title, prompt_parts
from ds_tui.classroom.class_votes import parse_count
from ds_tui.classroom.slides import page_step
from ds_tui.classroom.presence import QuizState, text_json
from ds_tui.quiz.predict import as_measurement
from ds_tui.demos.catalog import DEMOS
from ds_tui.i18n import t
from ds_tui.lessons.model import QuestionKind
from ds_tui.ui.bindings import localize
from ds_tui.ui.code_block import CodeBlock
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.slide_scroll import SlideScroll
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.widgets.vote_bars import (ItemColumns, VoteBars, inline, option_label, option_lines, predict_summary,
                                         reveal, run_on_items)
from ds_tui.ui.window_size import COMPACT
from ds_tui.ui.base import DsScreen

if TYPE_CHECKING:
    from ds_tui.ui.widgets.demo_view import DemoView
    from ds_tui.ui.screens.present import PresentScreen

monotonic = time.monotonic  # the countdown's clock (tests replace it)
RUN_SIZE: str | None = None  # the predict demo's size; None: the demo's default (tests make it small)
SHORT_BELOW = 30  # rows: a zoomed projector (60x18 and the like) gets the compact layout


class VoteInput(Input):
    """A show-of-hands count: digits only. Every other key (the clicker's, the letters of the quiz's keys)
    is left to the screen, so nothing the teacher presses is swallowed by the field."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        super().__init__(value, type="integer", restrict=r"[0-9]*", compact=True, max_length=3, **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isdigit()


def _clicker(key: str, action: str, description: str, **kwargs: Any) -> Binding:
    """A key of the class quiz: a priority binding, so it works wherever the focus is."""
    return Binding(key, action, description, priority=True, **kwargs)


class ClassQuizScreen(DsScreen[None]):
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal
    CSS_PATH = "../classroom.tcss"
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

    def __init__(self, present: PresentScreen, number: int | None = None) -> None:
        super().__init__()
        self.present = present
        self.lesson = present.lesson
        self.questions = self.lesson.quiz
        if number is None:  # back from the slides: where the class was
            number = present.quiz_number
        self.number = max(0, min(number, len(self.questions) - 1))
        self.quizzes: dict[int, ClassQuiz] = present.class_quizzes
        self._shown_clock = ""
        self._rendered: tuple[int, Phase, int] | None = None
        self._votes_for: tuple[int, int] | None = None
        self._devices_due = False
        self._devices_text = ""
        self.device_counts_shown: list[tuple[float, int]] | None = None  # a benchmark's record: (time, answered)

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

    @property
    def short(self) -> bool:
        """A zoomed projector: the clock on the top line, the demo's cores only, items side by side."""
        return self.has_class("-short")

    @property
    def devices(self):
        """The students' devices' server, when it runs."""
        return self.present.devices

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

    # -- drawing ------------------------------------------------------------------------------------
    def _redraw(self) -> None:
        lang, quiz = self.lang, self.quiz
        phase = quiz.phase
        key = (self.number, phase, quiz.round)
        fresh = key != self._rendered
        self._rendered = key
        head = t("cq.head", lang, n=self.number + 1, total=len(self.questions))
        if quiz.round == 2 and phase in (Phase.COUNTDOWN, Phase.VOTES):
            head += " · " + t("cq.second_vote", lang)
        self.query_one("#cq-head", Static).update(head)
        self.query_one("#cq-number", Static).update(plain(self.lesson.title.show(lang)))
        short = self.short
        shows = {
            "#cq-options": phase in (Phase.QUESTION, Phase.COUNTDOWN, Phase.VOTES),
            "#cq-timer": phase is Phase.COUNTDOWN and not short,  # short: one line at the top instead
            "#cq-clock": phase is Phase.COUNTDOWN and short,
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
        elif phase is not Phase.VOTES:
            if isinstance(self.focused, VoteInput):
                self.set_focus(None)  # the counts are in: keys go back to the quiz
            box = self.query_one("#cq-votes", Horizontal)
            if box.children:
                box.remove_children()  # no field of another step can hold the focus or the keys
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
            self.query_one("#cq-code", SlideScroll).scroll_home(animate=False, immediate=True)
        self.refresh_bindings()
        self._publish()
        self._tell_devices()

    def _render_options(self) -> None:
        """The prompt and what the class chooses from. On a zoomed projector the tightest layout that fits
        is used, so every option and every item is on screen while the class thinks: first as usual, then
        without "discuss with your neighbour" (the hint says it too), without the blank line under the
        prompt, then (items to classify or order) with the items run on. A code snippet that still leaves
        no room gets the rows that are left and scrolls on its own (↑↓), saying how much more there is."""
        text, code, after = prompt_parts(self.quiz.question.prompt.show(self.lang))
        prompt = inline(text, "bold")
        reading = self.quiz.phase in (Phase.QUESTION, Phase.COUNTDOWN, Phase.VOTES)
        block = CodeBlock(code) if code is not None else None
        code_lines = self._lines(block, less=3) if block is not None else 0  # its padding and scrollbar
        layouts = [(False, False, True)]
        if self.short and reading:
            layouts += [(False, False, False), (True, False, False), (True, True, False)]
        for tight, run_on, discuss in layouts:
            body = self._options_body(run_on, discuss)
            if after:
                body = Group(inline(after, "bold"), body)
            gaps = (0 if tight else 1) * (2 if block is not None else 1)  # blank lines under the prompt and the code
            needed = self._lines(prompt) + gaps + code_lines + self._lines(body)
            if len(layouts) == 1 or needed <= self._rows():
                break
        self.query_one("#cq-prompt", Static).update(prompt)
        self.query_one("#cq-prompt").set_class(tight, "-tight")
        self.query_one("#cq-options", Static).update(body)
        box = self.query_one("#cq-code", SlideScroll)
        box.display = block is not None
        box.set_class(tight, "-tight")
        more = self.query_one("#cq-code-more", Static)
        more.display = False
        bar = self.query_one("#cq-bar")
        bar.display = True
        if code is None or block is None:  # the one is None when the other is
            return
        rows = self._rows()
        if reading and needed > rows:
            # still short of rows: the snippet without its blank lines, and it gets what is left, scrolling on
            # its own; with fewer than two rows left for it, the hint bar's row too (the footer, which stays,
            # names → and the other keys: the keys that quit and go on are always on screen)
            block = CodeBlock(code, compact=True)
            needed += self._lines(block, less=3) - code_lines
            code_lines = self._lines(block, less=3)
            if self.short and rows - (needed - code_lines) - 1 < 2:
                bar.display = False
                rows += 1
        self.query_one("#cq-code-text", Static).update(block)
        left = rows - (needed - code_lines) - 1  # the rows the snippet can have, less its "more" line
        if reading and needed > rows and left < code_lines:
            box.styles.height = max(2, left)
            more.display = True
            self.call_after_refresh(self._show_code_more)
        else:
            box.styles.height = "auto"

    def _show_code_more(self) -> None:
        """Under a snippet that scrolls: how many of its lines are out of sight, and which keys show them."""
        box = self.query_one("#cq-code", SlideScroll)
        more = self.query_one("#cq-code-more", Static)
        if not more.display:
            return
        below = round(box.max_scroll_y - box.scroll_y)
        more.update(t("cq.code_more", self.lang, n=below) if below > 0 else t("cq.code_end", self.lang))

    def _options_body(self, run_on: bool, discuss: bool) -> RenderableType:
        lang, quiz = self.lang, self.quiz
        if quiz.votable:
            return option_lines(quiz.options, lang)
        extra = discussion_lines(quiz.question, lang)
        parts: list[RenderableType] = []
        if quiz.question.kind is QuestionKind.CLASSIFY and extra:
            parts.append(inline(extra[0], "bold"))  # the categories
            extra = extra[1:]
        if quiz.question.kind in (QuestionKind.CLASSIFY, QuestionKind.ORDER):
            parts.append(run_on_items(extra) if run_on else ItemColumns(extra, compact=self.short))
        else:
            parts += [inline(line) for line in extra]
        if discuss:
            parts.append(RichText(t("cq.discuss", lang), style="italic"))
        return Group(*parts)

    def _lines(self, renderable: RenderableType, less: int = 0) -> int:
        """Lines ``renderable`` takes in the quiz's text width (one less, for a scrollbar; ``less`` fewer)."""
        console = self.app.console
        width = max(10, min(120, self.size.width - 4) - 1 - less)
        return len(console.render_lines(renderable, console.options.update(width=width, height=None), pad=False))

    def _rows(self) -> int:
        """Rows for the prompt and the options in this step: the screen less the lines around them."""
        quiz = self.quiz
        rows = self.size.height - 3  # the top line, the hint bar, the footer
        if quiz.phase is Phase.COUNTDOWN and not self.short:
            rows -= 3  # the big digits
        if quiz.phase is Phase.VOTES and quiz.options:
            per_row = max(1, (self.size.width - 2) // 9)
            rows -= -(-len(quiz.options) // per_row)
        return rows

    def _render_reveal(self) -> None:
        lang, quiz = self.lang, self.quiz
        parts: list[RenderableType] = []
        latest = quiz.votes[-1] if quiz.votes else None
        if quiz.is_predict:
            parts += [predict_summary(quiz.predict_outcome(), quiz.question.metric or "", lang, latest), RichText("")]
            if not quiz.runnable:
                parts += [RichText(t("cq.demo_unavailable", lang, demo=quiz.question.demo), style="italic"),
                          RichText("")]
        if not quiz.votable and quiz.graded:  # answered on the devices: how many got it right
            latest_graded = quiz.graded[-1]
            share = latest_graded.share(("right",))
            parts += [RichText(t("serve.devices_right", lang, n=latest_graded.total,
                                 right=f"{round(100 * share)}%" if share is not None else "-"), style="bold"),
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
        quiz, lang, short = self.quiz, self.lang, self.short
        phase = quiz.phase
        if phase is Phase.QUESTION:
            key = "cq.hint.question" if quiz.votable or not short else "cq.hint.question_discuss"
            return t(key, lang, seconds=int(quiz.think_s or 0))
        if phase is Phase.COUNTDOWN:
            if quiz.votable:
                return t("cq.hint.countdown_short" if short else "cq.hint.countdown", lang)
            return t("cq.hint.countdown_discuss_short" if short else "cq.hint.countdown_discuss", lang)
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
            clock = self.query_one("#cq-clock", Static)
            clock.update(t("cq.clock_paused" if countdown.paused else "cq.clock", self.lang, clock=text))
            clock.set_class(countdown.paused, "-paused")

    def _show_metric(self) -> None:
        quiz, lang = self.quiz, self.lang
        metric = quiz.question.metric or ""
        value = None if quiz.measured is None else as_measurement(quiz.measured).value
        if value is None:
            view = next(iter(self.query("#cq-demo")), None)
            if view is not None and getattr(view, "runs", None):
                from ds_tui.demos.catalog import metrics

                value = metrics(quiz.question.demo or "", tuple(cast("DemoView", view).runs)).get(metric)
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

    # -- the students' devices ---------------------------------------------------------------------------
    def _tell_devices(self) -> None:
        """The devices see this step (the question, whether answers are open, the reveal)."""
        devices = self.devices
        if devices is None:
            self._show_devices()
            return
        quiz = self.quiz
        if quiz.phase is Phase.REVEAL and not quiz.votable:
            quiz.graded = devices.room.graded(quiz, self.number)
        devices.room.show(quiz, self.number, len(self.questions), monotonic())
        self._show_devices()

    def _device_event(self, what: str) -> None:
        """A device answered or joined: the count follows within a frame or two (many answers at once
        are drawn once)."""
        if what in ("answer", "joined") and not self._devices_due:
            self._devices_due = True
            self.call_later(self._show_devices)

    def _show_devices(self) -> None:
        self._devices_due = False
        if not self.is_mounted:
            return
        label = self.query_one("#cq-devices", Static)
        devices = self.devices
        if label.display != (devices is not None):
            label.display = devices is not None
        if devices is None:
            return
        quiz, lang, room = self.quiz, self.lang, devices.room
        answered = room.answered(self.number, quiz.round)
        if quiz.phase in (Phase.QUESTION, Phase.COUNTDOWN):
            text = t("serve.answered", lang, answered=answered, joined=room.joined)
        elif quiz.phase is Phase.VOTES and quiz.votable:
            text = t("serve.joined_short", lang, n=room.joined) + " " + t("serve.devices_votes", lang, n=answered)
        else:
            text = t("serve.joined_short", lang, n=room.joined)
        if text != self._devices_text:  # a new layout only when the width changes (9 → 10): a burst of answers
            label.update(text, layout=len(text) != len(self._devices_text))  # redraws one line, not the screen
            self._devices_text = text
        if self.device_counts_shown is not None:
            self.device_counts_shown.append((time.time(), answered))

    # -- the show of hands ----------------------------------------------------------------------------
    async def _mount_votes(self) -> None:
        box = self.query_one("#cq-votes", Horizontal)
        quiz = self.quiz
        same = self._votes_for == (self.number, quiz.round)
        for field in box.query(".vote-input").results(Input) if same else []:  # a language switch redraws: keep typed
            value = parse_count(field.value)
            if value and field.id:
                quiz.draft[field.id.removeprefix("vote-")] = value
        await box.remove_children()
        if quiz.phase is not Phase.VOTES:
            return
        self._votes_for = (self.number, quiz.round)
        widgets = []
        for i, option in enumerate(quiz.options):
            value = quiz.draft.get(option.id)
            cell = Horizontal(Label(option_label(option, i), classes="vote-label"),
                              VoteInput(str(value) if value else "", id=f"vote-{option.id}", classes="vote-input"),
                              classes="vote-cell")
            widgets.append(cell)
        self._fit_votes()
        await box.mount_all(widgets)
        for field in box.query(VoteInput):
            localize(field, self.lang)
        self._focus_first_vote()

    def _fit_votes(self) -> None:
        """As many count fields per row as the screen has room for (a cell is 9 columns)."""
        box = self.query_one("#cq-votes", Horizontal)
        room = max(1, (self.size.width - 2) // 9)
        box.styles.grid_size_columns = max(1, min(room, len(self.quiz.options) or 1))

    def _focus_first_vote(self) -> None:
        inputs = list(self.query(".vote-input"))
        if inputs:
            inputs[0].focus()

    def action_cq_vote_enter(self) -> None:
        """Enter in a count field: the next option's field; in the last one, the distribution.
        Anywhere else Enter is "next", as a clicker that sends it means.

        A field reads its keys from its own queue, so when Enter waited for the field to see it, a burst
        like "4⏎6⏎9" had already sent every digit to the first field. Focus moves here instead, as the
        key arrives; the distribution waits until the last field has read what was sent to it."""
        inputs = list(self.query(".vote-input"))
        focused = self.focused
        if focused not in inputs:
            self.action_cq_next()
        elif focused is not inputs[-1]:
            self.set_focus(inputs[inputs.index(focused) + 1])
        else:
            focused.call_later(self._next_now)

    def _stash_typed(self) -> None:
        """Leaving the show of hands without recording it (back, go to, the slides): keep what was typed."""
        quiz = self.quizzes.get(self.number)
        if quiz is None or quiz.phase is not Phase.VOTES or self._votes_for != (self.number, quiz.round):
            return
        for field in self.query(".vote-input").results(Input):
            value = parse_count(field.value)
            if field.id:
                option_id = field.id.removeprefix("vote-")
                if value:
                    quiz.draft[option_id] = value
                else:
                    quiz.draft.pop(option_id, None)

    def _typed_counts(self) -> dict[str, int] | None:
        if self._votes_for != (self.number, self.quiz.round) or not self.query(".vote-input"):
            return dict(self.quiz.draft)  # "next" before the fields are drawn: what was typed before, if anything
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
        from ds_tui.ui.screens.classroom_modals import BlankScreen

        self.present.set_blank(True)
        self.app.push_screen(BlankScreen(), lambda _: self.present.set_blank(False))

    def action_present_goto(self) -> None:
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
        from ds_tui.ui.screens.class_summary import ClassSummaryScreen

        self._stash_typed()
        self.app.push_screen(ClassSummaryScreen(self))

    def action_present_quit(self) -> None:
        self.present.action_present_quit()

    def action_present_figures(self) -> None:
        self.present.action_present_figures()

    def action_present_lang(self) -> None:
        self.ds_app.lang = "en" if self.lang == "vi" else "vi"
