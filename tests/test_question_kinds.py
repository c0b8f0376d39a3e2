"""One class per question kind: every kind has exactly one, and the lesson checker builds that class."""

from __future__ import annotations

import msgspec
import typing
from pathlib import Path

from ds_tui.lessons import load_file
from ds_tui.lessons import model
from ds_tui.lessons.model import QUESTION_CLASSES, Question, QuestionBase, QuestionKind

EVERY_KIND = Path(__file__).parent / "fixtures" / "every_kind.yaml"


def test_every_kind_maps_to_exactly_one_class_of_the_union():
    members = typing.get_args(Question)
    assert set(QUESTION_CLASSES) == set(QuestionKind)
    assert sorted(c.__name__ for c in QUESTION_CLASSES.values()) == sorted(c.__name__ for c in members)
    assert len(set(QUESTION_CLASSES.values())) == len(QuestionKind)  # no class serves two kinds
    for kind, cls in QUESTION_CLASSES.items():
        assert cls.kind is kind
        assert issubclass(cls, QuestionBase)
        assert issubclass(cls, msgspec.Struct) and cls.__struct_config__.frozen
        assert cls.__struct_config__.tag == kind.value  # the cache reads each question back as its kind's class
    # every question class of the model is in the union (none defined and forgotten)
    defined = {c for c in vars(model).values() if isinstance(c, type) and issubclass(c, QuestionBase)
               and c.__name__.endswith("Question") and c not in (QuestionBase, model.ChoiceQuestion)}
    assert defined == set(members)


def test_the_checker_builds_each_kind_as_its_own_class():
    result = load_file(EVERY_KIND)
    assert result.lesson is not None, result.problems
    quiz = result.lesson.quiz
    assert {q.kind for q in quiz} == set(QuestionKind)  # the fixture has every kind
    for q in quiz:
        assert type(q) is QUESTION_CLASSES[q.kind], (q.id, type(q))


def test_kind_reads_as_before():
    result = load_file(EVERY_KIND)
    assert result.lesson is not None
    for q in result.lesson.quiz:
        assert q.kind.value == {"q-tf": "true_false"}.get(q.id, q.id.removeprefix("q-"))  # the YAML's kind
        assert "kind" not in {f.name for f in msgspec.structs.fields(q)}  # a class constant, not a stored field
