"""Predict questions mean the same on any machine: ranges relative to the cores the run can use,
coverage checked by validate, borders within the run-to-run spread left undecided."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ds_tui.lessons import load_library
from ds_tui.lessons.model import Option, PredictQuestion, Question, QuestionKind, Scaled, Text
from ds_tui.lessons.ranges import coverage_problems, resolve
from ds_tui.quiz.grading import grade
from ds_tui.quiz.predict import Measurement, decide, measurement

T = Text(en="t", vi="t")


def bundled(qid: str) -> Question:
    return next(q for lesson in load_library([]).lessons for q in lesson.quiz if q.id == qid)


def opt(oid: str, low, high, correct: bool = False) -> Option:
    return Option(oid, T, T, correct, (low, high), T)


def question(*options: Option, workers: int | None = 4) -> Question:
    params = (("workers", workers),) if workers else ()
    return PredictQuestion("p", T, T, options=options, demo="cpu-bound", metric="speedup.processes",
                           demo_params=params)


def test_a_relative_border_is_a_share_of_the_cores_never_below_its_floor():
    border = Scaled("cores", 0.45, at_least=1.3)
    assert resolve(border, cores=2, workers=8) == 1.3
    assert resolve(border, cores=8, workers=8) == pytest.approx(3.6)
    assert resolve(Scaled("workers", 0.5), cores=2, workers=8) == 4.0
    assert resolve(2.5, cores=64, workers=8) == 2.5 and resolve(None, 1, 1) is None


# (usable cores of the machine, what 8 processes of the CPU-bound demo typically measure there)
MACHINES = [pytest.param(2, 1.8, id="2-core VM"), pytest.param(8, 4.4, id="laptop 4 cores 8 threads"),
            pytest.param(16, 7.3, id="16-core desktop")]


@pytest.mark.parametrize(("usable", "speedup"), MACHINES)
def test_the_same_understanding_gets_the_same_grade_on_any_machine(usable, speedup):
    """'Close to the cores you can use' is right on each machine, 'about 1x' wrong on each."""
    q = bundled("q-predict-processes")
    m = Measurement(speedup, cores=min(8, usable), workers=8)
    assert grade(q, "c", m).correct and grade(q, "c", m).decided
    assert not grade(q, "a", m).correct and grade(q, "a", m).decided


def test_the_text_beside_the_measured_option_is_written_for_that_measurement():
    q = bundled("q-predict-processes")
    measured = decide(q, Measurement(0.75, cores=2, workers=8)).option
    assert measured is not None and measured.id == "a"
    assert "measured" in measured.observed.en and "Python can only do one thing" not in measured.observed.en


def test_a_measurement_names_the_cores_the_report_says_the_run_could_use():
    q = bundled("q-predict-processes")
    report = SimpleNamespace(metrics={"speedup.processes": 1.7}, params={"workers": 8},
                             machine={"speedup_bound": 2.0, "usable_cores": 2})
    assert measurement(q, report) == Measurement(1.7, 2.0, 8)
    assert measurement(q, SimpleNamespace(metrics={}, params={}, machine={})) is None


@pytest.mark.parametrize(("options", "says"), [
    pytest.param((opt("a", None, 1.3), opt("b", 1.5, None)), "a gap between option 'a'", id="gap"),
    pytest.param((opt("a", None, 2.0), opt("b", 1.5, None)), "an overlap", id="overlap"),
    pytest.param((opt("a", None, 1.3), opt("b", 1.3, 3.0)), "nothing covers values from 3", id="open-top"),
    pytest.param((opt("a", 1.0, 2.0), opt("b", 2.0, None)), "nothing covers values below 1", id="open-bottom"),
    pytest.param((opt("a", None, Scaled("cores", 0.5)), opt("b", Scaled("cores", 0.5), 1.5),
                  opt("c", 1.5, None)), "runs from 2 down to 1.5", id="inverted-on-4-cores"),
])
def test_coverage_problems_name_the_machine_and_the_options(options, says):
    problems = coverage_problems(question(*options))
    assert problems and any(says in p for p in problems), problems


def test_relative_ranges_that_cover_every_machine_pass():
    fine = question(opt("a", None, Scaled("cores", 0.25, 1.3)), opt("b", Scaled("cores", 0.25, 1.3),
                    Scaled("cores", 0.6, 1.3)), opt("c", Scaled("cores", 0.6, 1.3), None), workers=None)
    assert coverage_problems(fine) == []
    exact = question(opt("a", 0, 0), opt("b", 0, None), workers=None)
    assert coverage_problems(exact) == []


def test_every_bundled_predict_question_covers_every_machine_and_says_what_each_measurement_means():
    questions = [q for lesson in load_library([]).lessons for q in lesson.quiz if q.kind is QuestionKind.PREDICT]
    metrics = {q.metric for q in questions}
    assert {"speedup.asyncio", "throughput.ratio", "lost_updates.locked"} <= metrics
    keys = [(q.demo, q.metric, tuple(sorted(q.demo_settings.items()))) for q in questions]
    assert len(keys) == len(set(keys)), "two predict questions ask about the same run"
    for q in questions:
        assert coverage_problems(q) == [], q.id
        assert all(o.observed is not None for o in q.options), q.id
