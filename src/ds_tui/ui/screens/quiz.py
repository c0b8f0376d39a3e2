"""A quiz, one question at a time: choose with the keys, submit, see why, go on.

The screen only maps keys to the core: a draft (ds_tui.quiz.drafting) collects the answer, the
session grades and records it the moment it is submitted, and the feedback is rendered from the
grade. Predict questions run their demo here, and are graded against what it measured.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Key
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.lessons.glossary import glossary
from ds_tui.lessons.model import ChoiceQuestion, ClassifyQuestion, PredictQuestion, Question
from ds_tui.numbers import decimal
from ds_tui.quiz.drafting import (
    ClassifyDraft,
    Draft,
    NumberDraft,
    OrderDraft,
    draft_for,
)
from ds_tui.quiz.predict import Measurement, measurement, option_for
from ds_tui.quiz.session import QuizSession
from ds_tui.quiz.stats import when
from ds_tui.ui.bindings import localize
from ds_tui.ui.quiz_render import feedback, kind_how, saving_text
from ds_tui.ui.safe import inline, plain, rich_markdown
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.quiz.grading import Grade
    from ds_tui.store import SaveState
    from ds_tui.ui.widgets.demo_view import DemoView

_NUMBER_KEYS = [Binding(str(n), f"number({n})", "Choose", show=n == 1, key_display="1–9") for n in range(1, 10)]


class QuizScreen(DsScreen[None]):
    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        *_NUMBER_KEYS,
        Binding("up", "move(-1)", "Move", show=False),
        Binding("down", "move(1)", "Move", show=False),
        Binding("space", "toggle", "Pick", show=False),
        Binding("backspace", "backspace", "Undo", show=False),
        Binding("enter", "submit", "Submit"),
        Binding("h", "hint", "Hint"),
        Binding("n", "next", "Next"),
        Binding("escape", "leave", "Leave"),
    ]
    AUTO_FOCUS = None  # every key goes to the screen's bindings; nothing here takes typing

    def __init__(self, session: QuizSession, title: str | Callable[[str], str] = "") -> None:
        super().__init__()
        self.session = session
        self._title = title  # or a function of the language, so the title follows the l key
        self.draft: Draft | None = None
        self.show_hint = False
        self.pending_prediction: str | None = None  # a predict answer whose demo is running
        self.measured_on: Measurement | None = None  # the last prediction's measurement and its machine
        self.sure_note = ""

    @property
    def question(self) -> Question:
        """The question on screen (the keys that answer it work only while there is one)."""
        item = self.session.current
        if item is None:
            raise LookupError("the quiz is over: no question is on screen")
        return item.question

    @property
    def heading(self) -> str:
        return self._title(self.lang) if callable(self._title) else self._title

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-meta")
            yield Static(id="quiz-prompt")
            yield Static(id="quiz-how")
            yield Static(id="quiz-answer")
            yield Static(id="quiz-feedback")
            yield Vertical(id="quiz-demo")  # under the feedback: the verdict first, the details after
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._load_question()
        self.follow_lang(self._render_lang)
        self.watch(self.app, "save_state", self._saving_changed, init=False)

    def _saving_changed(self) -> None:
        if self.answered:
            self._render_feedback()

    @property
    def saving(self) -> SaveState | None:
        """What is true about saving this quiz's answers now (None: no progress database)."""
        progress = self.session.progress
        return progress.store.save_state if progress is not None else None

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.title = self.heading
        self._paint()

    # -- state --------------------------------------------------------------------------------
    def _load_question(self) -> None:
        item = self.session.current
        self.draft = draft_for(item.question) if item else None
        self.show_hint = False
        self.sure_note = ""
        self.pending_prediction = None
        self.query_one("#quiz-demo").remove_children()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    @property
    def answered(self) -> bool:
        return self.session.outcome is not None

    @property
    def busy(self) -> bool:
        return self.pending_prediction is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "hint", "move", "toggle", "backspace"):
            return not self.answered and not self.busy
        return True

    # -- keys -----------------------------------------------------------------------------------
    def action_number(self, n: int) -> None:
        if self.busy or self.draft is None:
            return
        if self.answered:
            if 1 <= n <= 3:
                self._set_confidence(n)
            return
        if isinstance(self.draft, NumberDraft):
            return  # typed through on_key with the other characters of a number, in order
        self.draft.pick(n)
        self._render_answer()

    def on_key(self, event: Key) -> None:
        """Typing a number: every character goes through here, so they arrive in the order typed."""
        if isinstance(self.draft, NumberDraft) and not self.answered and event.character \
                and self.draft.type(event.character):
            event.stop()
            event.prevent_default()
            self._render_answer()

    def action_move(self, delta: int) -> None:
        if self.draft is not None:
            self.draft.move(delta)
            self._render_answer()

    def action_toggle(self) -> None:  # type: ignore[override]  # the quiz's "toggle this option", not DOMNode's toggle(attribute)
        if self.draft is not None:
            self.draft.toggle()
            self._render_answer()

    def action_backspace(self) -> None:
        if self.draft is not None:
            self.draft.backspace()
            self._render_answer()

    def action_hint(self) -> None:
        self.show_hint = True
        self._render_answer()

    def action_submit(self) -> None:
        if self.draft is None or self.answered or self.busy:
            return
        draft = self.draft
        if not draft.complete:
            if isinstance(draft, (ClassifyDraft, OrderDraft)) and draft.value():
                done = len(draft.value())
                self.notify(t("quiz.incomplete", self.lang, done=done, total=draft.size), timeout=3)
            else:
                self.notify(t("quiz.need_answer", self.lang), timeout=3)
            return
        question = self.question
        if isinstance(question, PredictQuestion) and question.demo:
            self.run_worker(self._run_prediction(question, draft.value()), group="quiz-predict", exit_on_error=False)
            return
        self._grade(draft.value())

    def action_next(self) -> None:
        if self.busy:
            return
        if not self.session.advance():
            self._finish()
            return
        self._load_question()
        self._paint()

    def action_leave(self) -> None:
        answered = sum(1 for o in self.session.outcomes.values() if o.recorded is not None)
        saving = self.saving
        self.app.pop_screen()
        if answered and saving is not None and saving.saved:
            self.app.notify(t("quiz.left", self.lang, n=answered), timeout=3)
        elif answered:
            self.app.notify(t("quiz.left.unsaved", self.lang, n=answered, saving=saving_text(saving, self.lang)),
                            severity="warning", timeout=6)

    # -- grading --------------------------------------------------------------------------------
    def _grade(self, answer: object, measured: float | Measurement | None = None) -> None:
        self.session.submit(answer, measured)
        self.ds_app.note_saving()
        if self.session.store_error:
            self.notify(t("quiz.store_error", self.lang, error=self.session.store_error), severity="warning",
                        markup=False)
            self.session.store_error = None
        self.refresh_bindings()
        self._paint()
        self.call_after_refresh(self._scroll_to_feedback)

    def _scroll_to_feedback(self) -> None:
        self.query_one("#quiz-body", VerticalScroll).scroll_to_widget(self.query_one("#quiz-answer"), top=True,
                                                                       animate=False)

    def _set_confidence(self, level: int) -> None:
        self.session.set_confidence(level)
        self.ds_app.note_saving()
        outcome = self.session.outcome
        if outcome is None or outcome.recorded is None:
            return
        self.sure_note = t("quiz.noted", self.lang, which=t(f"quiz.sure.{level}", self.lang))
        self._render_feedback()

    async def _run_prediction(self, question: PredictQuestion, answer: object) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.widgets.demo_view import DemoView

        self.pending_prediction = str(answer)
        self.refresh_bindings()
        view = DemoView.for_prediction(question, self.lang, id="quiz-demo-view")
        await self.query_one("#quiz-demo").mount(view)  # its fields must exist before it runs
        self._paint()
        view.action_run()

    def on_demo_view_finished(self, message: DemoView.Finished) -> None:
        if self.pending_prediction is None:
            return
        question = self.question
        report = message.report
        measured = None
        if report is not None and not report.cancelled and isinstance(question, PredictQuestion):
            measured = measurement(question, report)
        self.measured_on = measured
        answer, self.pending_prediction = self.pending_prediction, None
        self._grade(answer, measured)

    def _finish(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.quiz_summary import QuizSummaryScreen

        self.app.switch_screen(QuizSummaryScreen(self.session.summary(), saved=self.session.progress is not None))

    # -- rendering ------------------------------------------------------------------------------
    def _paint(self) -> None:
        item = self.session.current
        if item is None:
            return
        lang = self.lang
        question = item.question
        names = glossary()
        concepts = f"  ·  {', '.join(names.name(c, lang) for c in question.concepts)}" if question.concepts else ""
        self.query_one("#quiz-meta", Static).update(plain(  # one line (the CSS): the question keeps its room
            t("quiz.counter", lang, n=self.session.index + 1, total=self.session.total) + concepts, style="dim"))
        self.query_one("#quiz-prompt", Static).update(rich_markdown(question.prompt.show(lang)))
        self.query_one("#quiz-how", Static).update(RichText(kind_how(question, lang), style="italic"))
        self._render_answer()
        self._render_feedback()

    def _render_answer(self) -> None:
        item, draft = self.session.current, self.draft
        if item is None or draft is None:
            return
        lang = self.lang
        lines: list[RichText | Table] = []
        if isinstance(draft, NumberDraft):
            unit = f" {draft.question.unit.show(lang)}" if draft.question.unit else ""
            shown = draft.text + ("▏" if not self.answered else "")
            line = RichText(t("quiz.number", lang, text=""), style="bold")
            line.append(shown or "▏", style="reverse" if not draft.text else "")
            line.append(unit)
            if draft.invalid:
                line.append(f"  ({t('quiz.not_a_number', lang)})", style="italic")
            lines.append(line)
        else:
            cats = draft.question.categories if isinstance(draft, ClassifyDraft) else ()
            rows = draft.rows()
            markers = [row.marker for row in rows]
            widest = [*markers]
            if isinstance(draft, ClassifyDraft):
                markers = [self._category_marker(draft.chosen.get(i), lang) for i in range(len(rows))]
                widest = [self._category_marker(c, lang) for c in range(len(cats))] + ["→ ?"]
            # fixed widths: the rows' texts stay where they are while the answer fills in
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, width=len(f"▸ {len(rows)}."))  # pointer and number
            grid.add_column(width=min(max(map(cell_len, widest), default=1), max(8, self.size.width // 3)))
            grid.add_column(ratio=1)  # the text, wrapped under itself
            for number, (row, marker) in enumerate(zip(rows, markers), 1):
                pointer = "▸" if row.cursor and not self.answered else " "
                grid.add_row(RichText(f"{pointer} {number}.", style="bold"), inline(marker, style="bold"),
                             inline(row.label.show(lang)))
            lines.append(grid)
            if isinstance(draft, ClassifyDraft):
                listed = RichText(t("quiz.categories", lang, list=""), style="dim")
                for i, c in enumerate(cats, 1):
                    listed.append_text(RichText(" · " if i > 1 else "") + RichText(f"{i}. ") + inline(c.text.show(lang)))
                lines.append(listed)
            if isinstance(draft, OrderDraft) and draft.sequence:
                order = RichText(t("quiz.your_order", lang, list=""), style="dim")
                for n, i in enumerate(draft.sequence):
                    order.append_text(RichText(" → " if n else "") + inline(draft.question.items[i].text.show(lang)))
                lines.append(order)
        if self.show_hint and not self.answered:
            hint = item.question.hint
            lines.append(inline(t("quiz.hint", lang, hint=hint.show(lang)), "italic") if hint
                         else RichText(t("quiz.no_hint", lang), style="italic"))
        if self.pending_prediction is not None:
            options = item.question.options if isinstance(item.question, ChoiceQuestion) else ()
            shown = next((str(n) for n, o in enumerate(options, 1) if o.id == self.pending_prediction), "?")
            lines.append(RichText(t("quiz.running", lang, option=shown), style="bold"))
        self.query_one("#quiz-answer", Static).update(Group(*lines))

    def _category_marker(self, category: int | None, lang: str) -> str:
        cats = self.question.categories if isinstance(self.question, ClassifyQuestion) else ()
        return f"→ {category + 1} {cats[category].text.show(lang)}" if category is not None else "→ ?"

    def _render_feedback(self) -> None:
        box = self.query_one("#quiz-feedback", Static)
        outcome = self.session.outcome
        box.display = outcome is not None
        if outcome is None:
            return
        lang = self.lang
        parts: list[RenderableType] = [feedback(outcome.item.question, outcome.answer, outcome.grade, lang)]
        measured_line = self._measured_line(outcome.grade)
        if measured_line:
            parts.insert(0, measured_line)
        if outcome.recorded is not None:
            parts += [RichText(""), RichText(t("quiz.sure", lang), style="bold")]
            note = RichText(self.sure_note + " " if self.sure_note else "", style="italic")
            note.append(t("quiz.back_when", lang, when=when(outcome.recorded.due, _now(), lang)))
            parts.append(note)
        parts.append(RichText(t("quiz.next", lang, saving=saving_text(self.saving, lang)), style="dim"))
        box.update(Group(*parts))

    def _measured_line(self, grade: Grade) -> RichText | None:
        question = self.question
        if not isinstance(question, PredictQuestion):
            return None
        lang = self.lang
        if grade.measured is None:
            return RichText(t("quiz.not_measured", lang), style="italic")
        value = decimal(grade.measured, lang)
        m = self.measured_on
        if m is not None and m.cores is not None and m.workers is not None:
            value += " " + t("quiz.measured_on", lang, workers=t("count.workers", lang, n=m.workers),
                             cores=t("count.usable_cores", lang, n=f"{m.cores:g}" if m.cores != 1 else 1))
        numbers = {o.id: n for n, o in enumerate(question.options, 1)}
        option = option_for(question, m if m is not None else grade.measured)
        if option is None:
            return RichText(t("quiz.measured_outside", lang, metric=question.metric, value=value), style="bold")
        number = numbers[option.id]
        line = RichText(t("quiz.measured", lang, metric=question.metric, value=value, option=number), style="bold")
        if not grade.decided:
            close = ", ".join(str(numbers[i]) for i in grade.close)
            line.append("\n" + t("quiz.too_close", lang, options=close), style="italic")
        return line


def _now() -> float:
    return time.time()

