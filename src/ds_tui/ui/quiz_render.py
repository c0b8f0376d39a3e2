"""Quiz text for the screen: how to answer each kind, and the feedback after an answer.

Right and wrong are always a glyph (✓ ✗) as well as a colour, so they read on any terminal, in
monochrome, and for a colour-blind student.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, assert_never

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from ds_tui.i18n import t
from ds_tui.lessons.model import (
    ChoiceQuestion,
    ClassifyQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)
from ds_tui.quiz.drafting import TRUE_FALSE
from ds_tui.quiz.grading import Grade, tolerance_text
from ds_tui.ui.safe import inline, rich_markdown

if TYPE_CHECKING:
    from ds_tui.store import SaveState

RIGHT, WRONG, NEUTRAL = "✓", "✗", "·"


def saving_text(state: SaveState | None, lang: str) -> str:
    """What is true about saving right now, in words; None: there is no progress database."""
    if state is None:
        return t("save.none", lang)
    if state.saved:
        return t("save.saved", lang)
    reason = t(f"save.reason.{state.problem or 'other'}", lang, detail=state.detail)
    return t("save.waiting" if state.kept else "save.not_saved", lang, n=state.pending, reason=reason)


def kind_how(question: Question, lang: str) -> str:
    """How to answer this kind of question, with the keys; for a number, how close counts as right."""
    match question:
        case SingleQuestion() | MultiQuestion() | PredictQuestion():
            n = len(question.options)
        case ClassifyQuestion() | OrderQuestion():
            n = len(question.items)
        case TrueFalseQuestion() | NumericQuestion():
            n = 0
        case _:
            assert_never(question)
    how = t(f"quiz.how.{question.kind.value}", lang, n=n)
    tolerance = tolerance_text(question)
    return f"{how}\n{tolerance.show(lang)}" if tolerance else how


def _glyph(ok: bool) -> RichText:
    return RichText(RIGHT if ok else WRONG, style="bold green" if ok else "bold red")


def shown_answer(question: Question, answer: Any, lang: str) -> str:
    """An answer (the student's or the expected one) in words."""
    if answer is None:
        return "–"
    match question:
        case TrueFalseQuestion():
            return TRUE_FALSE[0 if answer else 1].show(lang)
        case NumericQuestion():
            unit = f" {question.unit.show(lang)}" if question.unit else ""
            return f"{answer:g}{unit}"
        case OrderQuestion():
            names = {item.id: item.text.show(lang) for item in question.items}
            return " → ".join(names.get(i, i) for i in answer)
        case ClassifyQuestion():
            items = {item.id: item.text.show(lang) for item in question.items}
            cats = {c.id: c.text.show(lang) for c in question.categories}
            return "; ".join(f"{items.get(i, i)} → {cats.get(c, c)}" for i, c in answer.items())
        case SingleQuestion() | MultiQuestion() | PredictQuestion():
            ids = [answer] if isinstance(answer, str) else list(answer)
            numbers = {o.id: n for n, o in enumerate(question.options, 1)}
            return ", ".join(f"{numbers.get(i, '?')}" for i in ids)
        case _:
            assert_never(question)


def _verdict(grade: Grade, lang: str) -> RichText:
    if not grade.decided:
        return RichText(t("quiz.undecided", lang), style="bold yellow")
    if grade.correct:
        return RichText(t("quiz.right", lang), style="bold green")
    if grade.score > 0:
        return RichText(t("quiz.partly", lang, percent=round(100 * grade.score)), style="bold yellow")
    return RichText(t("quiz.wrong", lang), style="bold red")


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)  # the glyph
    grid.add_column(ratio=1)  # the text and its why, wrapped under themselves
    return grid


def _options(question: ChoiceQuestion, answer: Any, grade: Grade, lang: str) -> Table:
    picked = {answer} if isinstance(answer, str) else set(answer or ())
    expected = grade.expected
    right_ids = {expected} if isinstance(expected, str) else set(expected or ())
    grid = _grid()
    for number, option in enumerate(question.options, 1):
        is_right = option.id in right_ids
        if option.id in picked:
            glyph = _glyph(is_right)
        else:
            glyph = RichText(RIGHT if is_right else NEUTRAL, style="bold green" if is_right else "dim")
        text = RichText(f"{number}. ", style="bold" if is_right else "")
        text.append_text(inline(option.text.show(lang), "bold" if is_right else ""))
        if option.id in picked:
            text.append(f"  ◂ {t('quiz.your_pick', lang)}", style="italic")
        measured_here = grade.measured is not None and option.id == grade.expected and option.observed is not None
        # beside what this machine measured, what that means here; beside the others, why they (don't) hold
        text.append("\n")
        note = option.observed if measured_here and option.observed is not None else option.why
        text.append_text(inline(note.show(lang), "dim"))
        grid.add_row(glyph, text)
    return grid


def _items(question: ClassifyQuestion | OrderQuestion, answer: Any, grade: Grade, lang: str) -> Table:
    grid = _grid()
    cats = {c.id: c.text.show(lang) for c in question.categories} if isinstance(question, ClassifyQuestion) else {}
    for item in question.items:
        ok = bool(grade.marks.get(item.id))
        if isinstance(question, ClassifyQuestion):
            given = (answer or {}).get(item.id)
            text = inline(f"{item.text.show(lang)} → {cats.get(item.answer or '', '?')}", "bold")
            if not ok:
                text.append_text(inline(f"  ({t('quiz.you_said', lang, answer=cats.get(given or '', '–'))})", "italic"))
        else:
            text = inline(item.text.show(lang))
        if item.why is not None:
            text.append("\n")
            text.append_text(inline(item.why.show(lang), "dim"))
        grid.add_row(_glyph(ok), text)
    return grid


def feedback(question: Question, answer: Any, grade: Grade, lang: str) -> Group:
    parts: list[RenderableType] = [_verdict(grade, lang)]
    def said() -> list[RenderableType]:
        return [inline(t("quiz.answer_is", lang, answer=shown_answer(question, grade.expected, lang)), "bold"),
                inline(t("quiz.you_said", lang, answer=shown_answer(question, answer, lang)))]

    match question:
        case SingleQuestion() | MultiQuestion() | PredictQuestion():
            parts.append(_options(question, answer, grade, lang))
        case TrueFalseQuestion() | NumericQuestion():
            parts += said()
        case OrderQuestion():
            parts += [*said(), _items(question, answer, grade, lang)]
        case ClassifyQuestion():  # the answer item by item
            parts.append(_items(question, answer, grade, lang))
        case _:
            assert_never(question)
    parts += [RichText(""), rich_markdown(question.explanation.show(lang))]
    return Group(*parts)
