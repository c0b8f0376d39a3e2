"""What the class reads besides the options: the answer of a question without options, the things to
discuss, a prompt's code block, and a measured metric's name and value.
"""

from __future__ import annotations

import random
import re
from typing import assert_never

from ds_tui.classroom.class_votes import class_options
from ds_tui.demos.catalog import metric as demo_metric
from ds_tui.i18n import t
from ds_tui.lessons.model import (
    ClassifyQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    SingleQuestion,
    ToleranceKind,
    TrueFalseQuestion,
)
from ds_tui.numbers import general
from ds_tui.quiz.grading import number_words, tolerance_text


def answer_lines(question: Question, lang: str) -> list[str]:
    """The right answer as lines to show: the correct options, or the answer of a question without
    options (numeric, order, classify)."""
    match question:
        case NumericQuestion():
            unit = f" {question.unit.show(lang)}" if question.unit else ""
            line = f"{number_words(question.answer, lang)}{unit}"
            tol = question.tolerance
            if tol.value > 0:
                if tol.kind is ToleranceKind.ABS:
                    line += f"  (± {number_words(tol.value, lang)}{unit})"
                elif tol.kind is ToleranceKind.REL:
                    line += f"  (± {number_words(round(tol.value * 100, 2), lang)}%)"
                else:
                    line += f"  ({t('cq.same_order', lang)}, ×{general(float(f'{10 ** tol.value:.2g}'), lang)})"
            return [line]
        case OrderQuestion():
            items = {item.id: item for item in question.items}
            return [f"{n}. {items[i].text.show(lang) if i in items else i}" for n, i in enumerate(question.answer, 1)]
        case ClassifyQuestion():
            categories = {c.id: c.text.show(lang) for c in question.categories}
            lines = []
            for item in question.items:
                line = f"{item.text.show(lang)} → {categories.get(item.answer or '', item.answer or '?')}"
                if item.why:
                    line += f" — {item.why.show(lang)}"
                lines.append(line)
            return lines
        case TrueFalseQuestion():
            return [t("cq.true" if question.answer else "cq.false", lang)]
        case SingleQuestion() | MultiQuestion() | PredictQuestion():
            return [f"{o.letter}. {o.text.show(lang)}" for o in class_options(question) if o.correct]
        case _:
            assert_never(question)


# -- what the class sees besides the prompt ---------------------------------------------------------
_FENCE = re.compile(r"```[^\n]*\n(.*?)\n?```", re.S)


def prompt_parts(prompt: str) -> tuple[str, str | None, str]:
    """A prompt's text before its first fenced code block, the code (fences gone), and the text after it;
    (prompt, None, "") when it holds no code."""
    match = _FENCE.search(prompt)
    if match is None:
        return prompt, None, ""
    return prompt[:match.start()].rstrip(), match.group(1).rstrip("\n"), prompt[match.end():].strip()


def discussion_lines(question: Question, lang: str) -> list[str]:
    """A question without options, as something to discuss: the items to order (shuffled, the same way
    every time, so the lesson's order does not give the answer away), the items and the categories."""
    match question:
        case OrderQuestion():
            items = list(question.items)
            shuffled = items[:]
            random.Random(question.id).shuffle(shuffled)
            if len(items) > 1 and shuffled == items:
                shuffled = items[1:] + items[:1]
            return [f"• {item.text.show(lang)}" for item in shuffled]
        case ClassifyQuestion():
            head = " / ".join(c.text.show(lang) for c in question.categories)
            return [head] + [f"• {item.text.show(lang)}" for item in question.items]
        case NumericQuestion():
            tolerance = tolerance_text(question)
            return ([f"({question.unit.show(lang)})"] if question.unit is not None else []) + \
                ([tolerance.show(lang)] if tolerance else [])
        case SingleQuestion() | MultiQuestion() | PredictQuestion() | TrueFalseQuestion():
            return []
        case _:
            assert_never(question)


def metric_title(metric: str, lang: str) -> str:
    """A metric as the class reads its name (the demo that measures it names it; unknown: as written)."""
    found = demo_metric(metric)
    return found.title.show(lang) if found else metric


def format_metric(metric: str, value: float) -> str:
    """A measured value as the class reads it: 3.41×, 38%, 12,345 (the demo that measures it says how)."""
    found = demo_metric(metric)
    return found.format(value) if found else f"{value:g}"
