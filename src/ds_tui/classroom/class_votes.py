"""The options a class votes on and the hands it raises: lettered options, tallies, percentages that add
up to 100, the peer-instruction band, a typed count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import assert_never

from ds_tui.lessons.model import (
    ClassifyQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    SingleQuestion,
    Text,
    TrueFalseQuestion,
)

LETTERS = "ABCDEFGHIJ"
SHAPES = "■●▲◆★✚▼◗✦⬟"  # one per option beside its letter: colour is never the only signal
PEER_LOW = Fraction(35, 100)  # inclusive: 35% right is already worth a discussion
PEER_HIGH = Fraction(70, 100)  # inclusive

# -- options the class votes on --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClassOption:
    id: str
    letter: str
    shape: str
    text: Text
    correct: bool
    why: Text | None = None


def class_options(question: Question) -> tuple[ClassOption, ...]:
    """The options shown to the class, lettered A, B, …; true/false gets two. Empty: discuss, then reveal."""
    match question:
        case TrueFalseQuestion():
            pairs = [("true", Text(en="True", vi="Đúng"), question.answer is True),
                     ("false", Text(en="False", vi="Sai"), question.answer is False)]
            return tuple(ClassOption(oid, LETTERS[i], SHAPES[i], text, correct)
                         for i, (oid, text, correct) in enumerate(pairs))
        case SingleQuestion() | MultiQuestion() | PredictQuestion():
            return tuple(ClassOption(o.id, LETTERS[i % len(LETTERS)], SHAPES[i % len(SHAPES)], o.text, o.correct,
                                     o.why)
                         for i, o in enumerate(question.options))
        case ClassifyQuestion() | OrderQuestion() | NumericQuestion():
            return ()
        case _:
            assert_never(question)


# -- votes ---------------------------------------------------------------------------------------
def percentages(counts: Sequence[int]) -> list[int]:
    """Whole percentages that add up to 100 (largest remainder); all zero when nobody voted."""
    total = sum(counts)
    if total <= 0:
        return [0 for _ in counts]
    exact = [Fraction(100 * c, total) for c in counts]
    floors = [math.floor(x) for x in exact]
    short = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (exact[i] - floors[i], counts[i]), reverse=True)
    for i in by_remainder[:short]:
        floors[i] += 1
    return floors


@dataclass(frozen=True)
class Tally:
    """Hands raised for each option (option id → count)."""

    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, option_id: str) -> int:
        return self.counts.get(option_id, 0)

    def percent(self, option_ids: Sequence[str]) -> list[int]:
        return percentages([self.count(i) for i in option_ids])

    def share(self, option_ids: Sequence[str]) -> Fraction | None:
        """The fraction of hands on these options; None when nobody voted."""
        total = self.total
        return None if total == 0 else Fraction(sum(self.count(i) for i in option_ids), total)

    def most_voted(self) -> tuple[str, ...]:
        """The option ids with the most hands (several on a tie; none when nobody voted)."""
        top = max(self.counts.values(), default=0)
        return () if top == 0 else tuple(i for i, c in self.counts.items() if c == top)


def in_peer_band(share: Fraction | float | None) -> bool:
    """Peer instruction pays off when 35%–70% (both inclusive) got it right."""
    if share is None:
        return False
    return PEER_LOW <= Fraction(share).limit_denominator(10**6) <= PEER_HIGH


def parse_count(raw: str) -> int | None:
    """A typed show-of-hands count: blank is 0; None when it is not a whole number ≥ 0."""
    raw = raw.strip()
    if not raw:
        return 0
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None
