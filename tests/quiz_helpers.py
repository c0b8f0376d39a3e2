"""Questions of every kind, built directly from the model (independent of the bundled lessons)."""

from __future__ import annotations

from ds_tui.lessons import LessonLibrary
from ds_tui.lessons.model import (Category, ClassifyQuestion, Item, Lesson, MultiQuestion, NumericQuestion, Option,
                                  OrderQuestion, PredictQuestion, Question, Section, SingleQuestion, Text, Tolerance,
                                  ToleranceKind, TrueFalseQuestion)


def _t(s: str) -> Text:
    return Text(vi=f"{s} (vi)", en=s)


def opt(oid: str, correct: bool = False, rng=None) -> Option:
    return Option(oid, _t(f"option {oid}"), _t(f"why {oid}"), correct, rng)


def single(qid="s", concepts=("gil",)) -> Question:
    return SingleQuestion(qid, _t("single?"), _t("because"), hint=_t("think"), concepts=concepts,
                          options=(opt("a", True), opt("b"), opt("c")))


def multi(qid="m", concepts=("gil",)) -> Question:
    return MultiQuestion(qid, _t("multi?"), _t("because"), concepts=concepts,
                         options=(opt("a", True), opt("b", True), opt("c"), opt("d")))


def true_false(qid="tf", answer=True, concepts=("processes",)) -> Question:
    return TrueFalseQuestion(qid, _t("true?"), _t("because"), concepts=concepts, answer=answer)


def classify(qid="c", concepts=("choice",)) -> Question:
    return ClassifyQuestion(qid, _t("classify"), _t("because"), concepts=concepts,
                            categories=(Category("thread", _t("thread")), Category("process", _t("process"))),
                            items=(Item("web", _t("web"), _t("io"), "thread"),
                                   Item("render", _t("render"), _t("cpu"), "process"),
                                   Item("chat", _t("chat"), _t("io"), "thread")))


def order(qid="o", concepts=("ring",)) -> Question:
    return OrderQuestion(qid, _t("order"), _t("because"), concepts=concepts,
                         items=tuple(Item(i, _t(i)) for i in ("w", "x", "y", "z")), answer=("w", "x", "y", "z"))


def numeric(qid="n", kind=ToleranceKind.ABS, value=0.1, answer=4.7, concepts=("amdahl",)) -> Question:
    return NumericQuestion(qid, _t("how many?"), _t("because"), concepts=concepts, answer=answer,
                           tolerance=Tolerance(kind, value), unit=_t("x"))


def predict(qid="p", concepts=("gil",)) -> Question:
    return PredictQuestion(qid, _t("predict"), _t("because"), concepts=concepts,
                           demo="cpu-bound", metric="speedup.threads",
                           options=(opt("a", True, (None, 1.3)), opt("b", False, (1.3, 2.5)), opt("c", False, (2.5, None))))


def library(*lessons: tuple[str, tuple[Question, ...]]) -> LessonLibrary:
    made = [Lesson(lid, i, _t(lid), (Section("s1", _t("section"), _t("body")),), quiz=qs)
            for i, (lid, qs) in enumerate(lessons, 1)]
    return LessonLibrary(lessons=made)
