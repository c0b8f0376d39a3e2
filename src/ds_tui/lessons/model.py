"""The lesson model: typed, immutable, plain Python (the UI and the quiz read it, never the YAML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, TypeAlias

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


@dataclass(frozen=True, slots=True)
class Embed:
    kind: str  # "panel" | "demo" | "tool"
    id: str


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: Text
    body: Text
    embed: Embed | None = None
    notes: Text | None = None


@dataclass(frozen=True, slots=True)
class Scaled:
    """A predict range's border relative to the machine: ``factor`` × the run's usable cores
    (``per="cores"``: min(workers, usable cores)) or × its workers, never below ``at_least``."""

    per: str  # "cores" | "workers"
    factor: float
    at_least: float = 0.0


Bound = float | Scaled | None


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: Text
    why: Text
    correct: bool = False
    range: tuple[Bound, Bound] | None = None  # predict: measured values it stands for
    observed: Text | None = None  # predict: shown when the student's machine measured this option


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    text: Text


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: Text
    why: Text | None = None
    answer: str | None = None  # classify: the category id


@dataclass(frozen=True, slots=True)
class Tolerance:
    kind: ToleranceKind
    value: float


@dataclass(frozen=True, slots=True)
class QuestionBase:
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceQuestion(QuestionBase):
    """A question answered by picking options: single, multi and predict."""

    options: tuple[Option, ...]

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)


@dataclass(frozen=True, slots=True, kw_only=True)
class SingleQuestion(ChoiceQuestion):
    kind: ClassVar[QuestionKind] = QuestionKind.SINGLE


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiQuestion(ChoiceQuestion):
    kind: ClassVar[QuestionKind] = QuestionKind.MULTI


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseQuestion(QuestionBase):
    kind: ClassVar[QuestionKind] = QuestionKind.TRUE_FALSE
    answer: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassifyQuestion(QuestionBase):
    kind: ClassVar[QuestionKind] = QuestionKind.CLASSIFY
    categories: tuple[Category, ...]
    items: tuple[Item, ...]  # each with its category id as ``answer``


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderQuestion(QuestionBase):
    kind: ClassVar[QuestionKind] = QuestionKind.ORDER
    items: tuple[Item, ...]
    answer: tuple[str, ...]  # the item ids in the right order


@dataclass(frozen=True, slots=True, kw_only=True)
class NumericQuestion(QuestionBase):
    kind: ClassVar[QuestionKind] = QuestionKind.NUMERIC
    answer: float
    tolerance: Tolerance
    unit: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PredictQuestion(ChoiceQuestion):
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


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    order: int
    title: Text
    sections: tuple[Section, ...]
    summary: Text | None = None
    quiz: tuple[Question, ...] = ()
    sources: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def section_index(self, section_id: str) -> int:
        for i, section in enumerate(self.sections):
            if section.id == section_id:
                return i
        raise KeyError(section_id)
