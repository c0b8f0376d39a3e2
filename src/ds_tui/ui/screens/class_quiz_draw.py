"""The class quiz screen's drawing: each step's parts shown or hidden, the prompt and the options in the
tightest layout that fits, the clock, the measured metric, the reveal and the hint; and what the
presenter's notes window is told."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.console import Group, RenderableType
from rich.text import Text as RichText
from textual.containers import Horizontal
from textual.widgets import Digits, Static

from ds_tui.classroom.class_quiz import EXTEND_S, Phase, clock_text
from ds_tui.classroom.class_text import answer_lines, discussion_lines, format_metric, metric_title, prompt_parts
from ds_tui.classroom.presence import QuizState, text_json
from ds_tui.quiz.predict import as_measurement
from ds_tui.i18n import t
from ds_tui.lessons.model import ClassifyQuestion, OrderQuestion, PredictQuestion
from ds_tui.ui.code_block import CodeBlock
from ds_tui.ui.safe import plain
from ds_tui.ui.screens.class_quiz_base import ClassQuizBase
from ds_tui.ui.screens.class_quiz_hands import VoteInput
from ds_tui.ui.widgets.slide_scroll import SlideScroll
from ds_tui.ui.widgets.vote_bars import ItemColumns, VoteBars, inline, option_lines, predict_summary, reveal, run_on_items

if TYPE_CHECKING:
    from ds_tui.ui.widgets.demo_view import DemoView


class QuizDrawing(ClassQuizBase):
    """Each step drawn as the class sees it."""

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
        if isinstance(quiz.question, ClassifyQuestion) and extra:
            parts.append(inline(extra[0], "bold"))  # the categories
            extra = extra[1:]
        if isinstance(quiz.question, (ClassifyQuestion, OrderQuestion)):
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
        question = quiz.question
        if isinstance(question, PredictQuestion):
            parts += [predict_summary(quiz.predict_outcome(), question.metric or "", lang, latest), RichText("")]
            if not quiz.runnable:
                parts += [RichText(t("cq.demo_unavailable", lang, demo=question.demo), style="italic"),
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
        text = clock_text(countdown.remaining(self._now()))
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
        question = quiz.question
        metric = question.metric if isinstance(question, PredictQuestion) else ""
        value = None if quiz.measured is None else as_measurement(quiz.measured).value
        if value is None:
            view = next(iter(self.query("#cq-demo")), None)
            if view is not None and getattr(view, "runs", None):
                # lazy: the demo engine loads with the first demo
                from ds_tui.demos.catalog import metrics

                demo = question.demo if isinstance(question, PredictQuestion) else ""
                value = metrics(demo, tuple(cast("DemoView", view).runs)).get(metric)
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
