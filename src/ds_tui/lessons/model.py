"""The lesson model: typed, immutable, plain Python (the UI and the quiz read it, never the YAML)."""

# no `from __future__ import annotations`: msgspec reads these Structs' types as objects instead of evaluating
# strings at the start-up cache's first decode (~1.5 ms of every start, ds_tui.lessons.cache)
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, TypeAlias

from msgspec import Struct

# the vi/en pair lives with the interface strings (ds_tui.i18n); re-exported here for lessons and tests
from ds_tui.i18n import LANGUAGES
from ds_tui.i18n import Text as Text

LANGS: tuple[str, ...] = LANGUAGES  # the languages a lesson's texts are written in


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    TRUE_FALSE = "true_false"
    CLASSIFY = "classify"
    ORDER = "order"
    NUMERIC = "numeric"
    PREDICT = "predict"


class ToleranceKind(StrEnum):
    ABS = "abs"
    REL = "rel"
    MAGNITUDE = "magnitude"


ASSUMPTIONS: tuple[str, ...] = ("cpython-gil", "free-threaded")


class Embed(Struct, frozen=True):
    kind: str  # "panel" | "demo" | "tool"
    id: str


class Section(Struct, frozen=True):
    id: str
    title: Text
    body: Text
    embed: Embed | None = None
    notes: Text | None = None


class Scaled(Struct, frozen=True):
    """A predict range's border relative to the machine: ``factor`` × the run's usable cores
    (``per="cores"``: min(workers, usable cores)) or × its workers, never below ``at_least``."""

    per: str  # "cores" | "workers"
    factor: float
    at_least: float = 0.0


Bound = float | Scaled | None


class Option(Struct, frozen=True):
    id: str
    text: Text
    why: Text
    correct: bool = False
    range: tuple[Bound, Bound] | None = None  # predict: measured values it stands for
    observed: Text | None = None  # predict: shown when the student's machine measured this option


class Category(Struct, frozen=True):
    id: str
    text: Text


class Item(Struct, frozen=True):
    id: str
    text: Text
    why: Text | None = None
    answer: str | None = None  # classify: the category id


class Tolerance(Struct, frozen=True):
    kind: ToleranceKind
    value: float


class QuestionBase(Struct, frozen=True):
    """What every kind of question has. A question is one of the kinds below (:data:`Question`);
    code that treats the kinds differently matches on the class and ends in ``assert_never``, so
    the type checker names every place a new kind must be handled."""

    kind: ClassVar[QuestionKind]  # each kind's class sets it; the YAML's and the students' page's ``kind``
    id: str
    prompt: Text
    explanation: Text
    hint: Text | None = None
    concepts: tuple[str, ...] = ()
    assumes: str | None = None
    timer_s: int | None = None  # the class quiz's thinking time for this question (None: the default)


class ChoiceQuestion(QuestionBase, frozen=True, kw_only=True):
    """A question answered by picking options: single, multi and predict."""

    options: tuple[Option, ...]

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)


class SingleQuestion(ChoiceQuestion, frozen=True, kw_only=True, tag="single", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.SINGLE


class MultiQuestion(ChoiceQuestion, frozen=True, kw_only=True, tag="multi", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.MULTI


class TrueFalseQuestion(QuestionBase, frozen=True, kw_only=True, tag="true_false", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.TRUE_FALSE
    answer: bool


class ClassifyQuestion(QuestionBase, frozen=True, kw_only=True, tag="classify", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.CLASSIFY
    categories: tuple[Category, ...]
    items: tuple[Item, ...]  # each with its category id as ``answer``


class OrderQuestion(QuestionBase, frozen=True, kw_only=True, tag="order", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.ORDER
    items: tuple[Item, ...]
    answer: tuple[str, ...]  # the item ids in the right order


class NumericQuestion(QuestionBase, frozen=True, kw_only=True, tag="numeric", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.NUMERIC
    answer: float
    tolerance: Tolerance
    unit: Text | None = None


class PredictQuestion(ChoiceQuestion, frozen=True, kw_only=True, tag="predict", tag_field="kind"):
    kind: ClassVar[QuestionKind] = QuestionKind.PREDICT
    demo: str
    metric: str
    demo_params: tuple[tuple[str, int | str], ...] = ()  # the run's workers / size / microbatches

    @property
    def demo_settings(self) -> dict[str, int | str]:
        return dict(self.demo_params)


Question: TypeAlias = (SingleQuestion | MultiQuestion | TrueFalseQuestion | ClassifyQuestion | OrderQuestion
                       | NumericQuestion | PredictQuestion)
"""A question of any kind: match on the class (ending in ``case _: assert_never(q)``)."""

_CLASSES: tuple[type[Question], ...] = (SingleQuestion, MultiQuestion, TrueFalseQuestion, ClassifyQuestion,
                                        OrderQuestion, NumericQuestion, PredictQuestion)
QUESTION_CLASSES: dict[QuestionKind, type[Question]] = {cls.kind: cls for cls in _CLASSES}  # one class per kind


class Lesson(Struct, frozen=True):
    id: str
    order: int
    title: Text
    sections: tuple[Section, ...]
    summary: Text | None = None
    quiz: tuple[Question, ...] = ()
    sources: tuple[str, ...] = ()
    path: Path | None = None  # where it was read from (not part of what the cache stores)

    def section_index(self, section_id: str) -> int:
        for i, section in enumerate(self.sections):
            if section.id == section_id:
                return i
        raise KeyError(section_id)
