"""An answer being made, key by key, before it is submitted: one draft per question kind.

The interface maps keys to these calls (``pick(n)`` for 1–9, ``move``, ``toggle`` for space,
``type``/``backspace`` for a number) and renders ``rows()``; the draft's ``value()`` is what
:func:`ds_tui.quiz.grading.grade` takes. Plain Python, so every key's effect is unit-tested.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, assert_never

from ds_tui.i18n import Text
from ds_tui.lessons.model import (
    ClassifyQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)

TRUE_FALSE = (Text(vi="Đúng", en="True"), Text(vi="Sai", en="False"))
NUMBER_CHARS = set("0123456789.eE-+")


@dataclass
class Row:
    label: Text
    marker: str  # what the student chose for this row: "(●)", "[x]", "→ 2", "#3" ...
    cursor: bool


@dataclass
class Draft:
    question: Question
    cursor: int = 0

    @property
    def size(self) -> int:
        return 0

    def pick(self, number: int) -> bool:  # 1-based, as the keys; False: no such row
        return False

    def move(self, delta: int) -> None:
        if self.size:
            self.cursor = (self.cursor + delta) % self.size

    def toggle(self) -> None:
        self.pick(self.cursor + 1)

    def type(self, char: str) -> bool:
        return False

    def backspace(self) -> None:
        pass

    def value(self) -> Any:
        return None

    def rows(self) -> list[Row]:
        return []

    @property
    def complete(self) -> bool:
        return self.value() not in (None, [], {}, "")


@dataclass
class ChoiceDraft(Draft):
    """single, multi, predict (options) and true_false (True / False)."""

    question: SingleQuestion | MultiQuestion | PredictQuestion | TrueFalseQuestion
    picked: list[int] = field(default_factory=list)

    @property
    def multi(self) -> bool:
        return isinstance(self.question, MultiQuestion)

    @property
    def labels(self) -> list[Text]:
        if isinstance(self.question, TrueFalseQuestion):
            return list(TRUE_FALSE)
        return [o.text for o in self.question.options]

    @property
    def size(self) -> int:
        return len(self.labels)

    def pick(self, number: int) -> bool:
        i = number - 1
        if not 0 <= i < self.size:
            return False
        self.cursor = i
        if not self.multi:
            self.picked = [i]
        elif i in self.picked:
            self.picked.remove(i)
        else:
            self.picked.append(i)
        return True

    def value(self) -> Any:
        if isinstance(self.question, TrueFalseQuestion):
            return (self.picked[0] == 0) if self.picked else None
        ids = [self.question.options[i].id for i in sorted(self.picked)]
        return ids if self.multi else (ids[0] if ids else None)

    def rows(self) -> list[Row]:
        if self.multi:
            marks = ["[x]" if i in self.picked else "[ ]" for i in range(self.size)]
        else:
            marks = ["(●)" if i in self.picked else "( )" for i in range(self.size)]
        return [Row(label, mark, i == self.cursor) for i, (label, mark) in enumerate(zip(self.labels, marks))]


@dataclass
class ClassifyDraft(Draft):
    """Each item gets a category: the cursor's item takes the category whose number is typed."""

    question: ClassifyQuestion
    chosen: dict[int, int] = field(default_factory=dict)  # item index -> category index

    @property
    def size(self) -> int:
        return len(self.question.items)

    def pick(self, number: int) -> bool:
        c = number - 1
        if not 0 <= c < len(self.question.categories) or not self.size:
            return False
        self.chosen[self.cursor] = c
        unplaced = [i for i in range(self.size) if i not in self.chosen]
        later = [i for i in unplaced if i > self.cursor]
        self.cursor = (later or unplaced or [self.cursor])[0]  # on to the next item still open
        return True

    def toggle(self) -> None:  # space: the cursor's item takes the next category
        current = self.chosen.get(self.cursor, -1)
        self.chosen[self.cursor] = (current + 1) % len(self.question.categories)

    def backspace(self) -> None:
        self.chosen.pop(self.cursor, None)

    def value(self) -> Any:
        q = self.question
        return {q.items[i].id: q.categories[c].id for i, c in sorted(self.chosen.items())}

    def rows(self) -> list[Row]:
        out = []
        for i, item in enumerate(self.question.items):
            c = self.chosen.get(i)
            mark = f"→ {c + 1}" if c is not None else "→ ?"
            out.append(Row(item.text, mark, i == self.cursor))
        return out

    @property
    def complete(self) -> bool:
        return len(self.chosen) == self.size


def shuffled_order(question: OrderQuestion | ClassifyQuestion) -> list[int]:
    """The order items are shown in: shuffled (a lesson lists them in the right order), but the same
    for the same question every time, so a screen can be described and a snapshot compared."""
    seed = int.from_bytes(hashlib.blake2b(question.id.encode(), digest_size=8).digest(), "big")
    order = list(range(len(question.items)))
    rng = random.Random(seed)
    for _ in range(8):
        rng.shuffle(order)
        if order != sorted(order) or len(order) < 2:
            break
    return order


@dataclass
class OrderDraft(Draft):
    """Items are picked first to last; picking a placed item takes it (and what follows) back."""

    question: OrderQuestion
    shown: list[int] = field(default_factory=list)  # display row -> item index
    sequence: list[int] = field(default_factory=list)  # item indexes, first to last

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = shuffled_order(self.question)

    @property
    def size(self) -> int:
        return len(self.shown)

    def pick(self, number: int) -> bool:
        row = number - 1
        if not 0 <= row < self.size:
            return False
        self.cursor = row
        item = self.shown[row]
        if item in self.sequence:
            del self.sequence[self.sequence.index(item):]
        else:
            self.sequence.append(item)
        return True

    def backspace(self) -> None:
        if self.sequence:
            self.sequence.pop()

    def value(self) -> Any:
        return [self.question.items[i].id for i in self.sequence]

    def rows(self) -> list[Row]:
        out = []
        for row, item in enumerate(self.shown):
            # its place as "#1", not "1.": beside the row's own number ("2.") it would read as a nested list
            mark = f"#{self.sequence.index(item) + 1}" if item in self.sequence else "  "
            out.append(Row(self.question.items[item].text, mark, row == self.cursor))
        return out

    @property
    def complete(self) -> bool:
        return len(self.sequence) == self.size


@dataclass
class NumberDraft(Draft):
    """A number typed in: digits, a point (a comma counts as one), an exponent like 3.14e23."""

    question: NumericQuestion
    text: str = ""

    def type(self, char: str) -> bool:
        char = "." if char == "," else char
        if char not in NUMBER_CHARS or len(self.text) >= 32:
            return False
        self.text += char
        return True

    def backspace(self) -> None:
        self.text = self.text[:-1]

    def value(self) -> Any:
        try:
            return float(self.text) if self.text else None
        except ValueError:
            return None

    @property
    def invalid(self) -> bool:
        return bool(self.text) and self.value() is None


def draft_for(question: Question) -> Draft:
    match question:
        case ClassifyQuestion():
            return ClassifyDraft(question)
        case OrderQuestion():
            return OrderDraft(question)
        case NumericQuestion():
            return NumberDraft(question)
        case SingleQuestion() | MultiQuestion() | PredictQuestion() | TrueFalseQuestion():
            return ChoiceDraft(question)
        case _:
            assert_never(question)
