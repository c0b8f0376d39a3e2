"""The lesson model: typed, immutable, plain Python (the UI and the quiz read it, never the YAML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

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
class Question:
    id: str
    kind: QuestionKind
    prompt: Text
    explanation: Text
    hint: Text | None = None
    concepts: tuple[str, ...] = ()
    assumes: str | None = None
    options: tuple[Option, ...] = ()  # single, multi, predict
    categories: tuple[Category, ...] = ()  # classify
    items: tuple[Item, ...] = ()  # classify, order
    answer: bool | float | tuple[str, ...] | None = None  # true_false, numeric, order
    tolerance: Tolerance | None = None  # numeric
    unit: Text | None = None  # numeric
    demo: str | None = None  # predict
    metric: str | None = None  # predict
    demo_params: tuple[tuple[str, int | str], ...] = ()  # predict: the run's workers / size / microbatches
    timer_s: int | None = None  # the class quiz's thinking time for this question (None: the default)

    @property
    def demo_settings(self) -> dict[str, int | str]:
        return dict(self.demo_params)

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)


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
