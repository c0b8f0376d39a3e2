"""One test per validation problem: the exact line, column and field reported."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ds_tui.lessons import load_file
from ds_tui.lessons.model import QuestionKind, ToleranceKind
from ds_tui.lessons.yaml_source import MAX_BYTES

FIXTURES = Path(__file__).parent / "fixtures"

HEAD = """\
id: sample
order: 1
title: {vi: "Bài", en: "Lesson"}
sections:
  - id: s1
    title: {vi: "Một", en: "One"}
    body: {vi: "Nội dung", en: "Body"}
"""
T = '{vi: "x", en: "x"}'


def problems_of(tmp_path: Path, text: str | bytes, name: str = "lesson.yaml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode())
    return load_file(path)


def only_error(result):
    errors = result.errors
    assert len(errors) == 1, [p.format() for p in result.problems]
    return errors[0]


def column_of(text: str, line: int, needle: str | None) -> int:
    """1-based column of ``needle`` on ``line`` (unique there); None means column 1."""
    if needle is None:
        return 1
    row = text.splitlines()[line - 1]
    assert row.count(needle) == 1, (row, needle)
    return row.index(needle) + 1


def question(body: str) -> str:
    """HEAD plus one quiz question; the question's first line is line 9."""
    return HEAD + "quiz:\n" + textwrap.indent(textwrap.dedent(body), "  ")


def test_fixture_with_every_kind_loads_without_problems():
    result = load_file(FIXTURES / "every_kind.yaml")
    assert result.problems == ()
    lesson = result.lesson
    assert lesson is not None and lesson.id == "sample"
    kinds = {q.kind for q in lesson.quiz}
    assert kinds == set(QuestionKind)
    numeric = next(q for q in lesson.quiz if q.kind is QuestionKind.NUMERIC)
    assert numeric.answer == 4.7 and numeric.tolerance.kind is ToleranceKind.ABS
    order = next(q for q in lesson.quiz if q.kind is QuestionKind.ORDER)
    assert order.answer == ("sft", "rm", "ppo")
    predict = next(q for q in lesson.quiz if q.kind is QuestionKind.PREDICT)
    assert predict.options[0].range == (None, 1.3) and predict.metric == "speedup.threads"
    assert predict.demo_settings == {"workers": 3, "size": "small"}
    assert lesson.sections[1].embed.id == "cpu-bound"


@pytest.mark.parametrize(
    ("text", "line", "needle", "field", "message"),
    [
        pytest.param("id: a\ntitle: [unclosed\n", 3, None, "", "YAML syntax error", id="yaml-syntax"),
        pytest.param("", 1, None, "", "file is empty", id="empty-file"),
        pytest.param("# only a comment\n\n", 1, None, "", "file is empty", id="comment-only"),
        pytest.param("- a\n- b\n", 1, "- a", "", "top level must be a mapping", id="top-level-list"),
        pytest.param(HEAD.replace('title: {vi: "Bài", en: "Lesson"}\n', ""), 1, "id:", "",
                     "missing required field 'title'", id="missing-title"),
        pytest.param(HEAD.replace("title: {vi: \"Bài\"", "tittle: {vi: \"Bài\""), 3, "tittle", "tittle",
                     "unknown field 'tittle' (did you mean 'title'?)", id="unknown-field"),
        pytest.param(HEAD.replace("order: 1", "order: first"), 2, "first", "order",
                     "expected an integer, found a string", id="wrong-type"),
        pytest.param(HEAD.replace("sections:\n", "sections: 3\n").split("  - id")[0], 4, "3", "sections",
                     "expected a list, found an integer", id="wrong-type-list"),
        pytest.param(HEAD.replace('body: {vi: "Nội dung"', 'body: {vi: "  "'), 7, '"  "', "sections[0].body.vi",
                     "empty text", id="empty-text"),
        pytest.param(HEAD + "order: 2\n", 8, "order", "order", "duplicate key 'order' (first at line 2)",
                     id="duplicate-key"),
        pytest.param(HEAD + '  - id: s1\n    title: {vi: "b", en: "b"}\n    body: {vi: "b", en: "b"}\n',
                     8, "s1", "sections[1].id", "duplicate section id 's1' (first at line 5)", id="duplicate-section"),
        pytest.param(HEAD + '    embed: {demo: cpu-bond}\n', 8, "cpu-bond", "sections[0].embed.demo",
                     "unknown demo 'cpu-bond' (did you mean 'cpu-bound'?)", id="unknown-embed"),
        pytest.param(HEAD + '    embed: {widget: x}\n', 8, "widget", "sections[0].embed.widget",
                     "unknown field 'widget'", id="unknown-embed-kind"),
        pytest.param(HEAD.replace("id: sample", "id: Sample_1"), 1, "Sample_1", "id",
                     "must be lowercase letters, digits and '-'", id="bad-id"),
    ],
)
def test_lesson_level_problems(tmp_path, text, line, needle, field, message):
    problem = only_error(problems_of(tmp_path, text))
    assert (problem.line, problem.col, problem.field) == (line, column_of(text, line, needle), field)
    assert message in problem.message


def predict_with(params: str, demo: str = "cpu-bound", metric: str = "speedup.threads") -> str:
    """A predict question whose `params` line (line 15) is ``params``."""
    return f"""\
        - id: q1
          kind: predict
          prompt: {T}
          explanation: {T}
          demo: {demo}
          metric: {metric}
          params: {params}
          options:
            - {{id: a, text: {T}, why: {T}, correct: true, range: [null, 2], observed: {T}}}
            - {{id: b, text: {T}, why: {T}, range: [2, null], observed: {T}}}
        """


@pytest.mark.parametrize(
    ("body", "line", "needle", "field", "message"),
    [
        pytest.param(f"""\
            - id: q1
              kind: single
              prompt: {T}
              explanation: {T}
              options:
                - {{id: a, text: {T}, why: {T}}}
                - {{id: b, text: {T}, why: {T}}}
            """, 14, "- {id: a", "quiz[0].options", "no option is marked correct", id="no-correct-answer"),
        pytest.param(f"""\
            - id: q1
              kind: single
              prompt: {T}
              explanation: {T}
              options:
                - {{id: a, text: {T}, why: {T}, correct: true}}
                - {{id: a, text: {T}, why: {T}}}
            """, 15, "a,", "quiz[0].options[1].id", "duplicate option id 'a' (first at line 14)",
            id="duplicate-option"),
        pytest.param(f"""\
            - id: q1
              kind: multi
              prompt: {T}
              explanation: {T}
              options:
                - {{id: a, text: {T}, correct: true, why: {{vi: "x", en: ""}}}}
                - {{id: b, text: {T}, why: {T}}}
            """, 14, '""', "quiz[0].options[0].why.en", "empty text", id="empty-why"),
        pytest.param(f"""\
            - id: q1
              kind: single
              prompt: {T}
              explanation: {T}
              options:
                - {{id: a, text: {T}, correct: true}}
            """, 14, "{id", "quiz[0].options[0]", "missing required field 'why'", id="missing-why"),
        pytest.param(f"""\
            - id: q1
              kind: order
              prompt: {T}
              explanation: {T}
              items:
                - {{id: x, text: {T}}}
                - {{id: y, text: {T}}}
              answer: [x, z]
            """, 16, "z]", "quiz[0].answer[1]", "answer names 'z', which is not an item", id="order-unknown-answer"),
        pytest.param(f"""\
            - id: q1
              kind: classify
              prompt: {T}
              explanation: {T}
              categories:
                - {{id: thread, text: {T}}}
                - {{id: process, text: {T}}}
              items:
                - {{id: x, text: {T}, answer: proces, why: {T}}}
            """, 17, "proces", "quiz[0].items[0].answer", "answer 'proces' names no category", id="classify-unknown-answer"),
        pytest.param(f"""\
            - id: q1
              kind: essay
              prompt: {T}
              explanation: {T}
            """, 10, "essay", "quiz[0].kind", "unknown question kind 'essay'", id="unknown-kind"),
        pytest.param(f"""\
            - id: q1
              kind: numeric
              prompt: {T}
              explanation: {T}
              answer: 4.7
              tolerance: {{abs: 0.1, rel: 0.1}}
            """, 14, "{abs", "quiz[0].tolerance", "exactly one of abs, rel, magnitude", id="numeric-two-tolerances"),
        pytest.param(f"""\
            - id: q1
              kind: true_false
              prompt: {T}
              explanation: {T}
              answer: maybe
            """, 13, "maybe", "quiz[0].answer", "expected true or false", id="true-false-answer"),
        pytest.param(f"""\
            - id: q1
              kind: predict
              prompt: {T}
              explanation: {T}
              demo: cpu-bound
              metric: speedup.gpu
              options:
                - {{id: a, text: {T}, why: {T}, correct: true, range: [null, 2], observed: {T}}}
                - {{id: b, text: {T}, why: {T}, range: [2, null], observed: {T}}}
            """, 14, "speedup.gpu", "quiz[0].metric", "does not measure 'speedup.gpu'", id="predict-unknown-metric"),
        pytest.param(predict_with("{workers: 0}"), 15, "{workers", "quiz[0].params",
                     "workers must be a whole number from 1", id="predict-params-too-few-workers"),
        pytest.param(predict_with("{microbatches: 16}"), 15, "{micro", "quiz[0].params",
                     "takes no micro-batch count", id="predict-params-not-for-this-demo"),
        pytest.param(predict_with("{stages: 4}", "pipeline", "bubble"), 15, "stages", "quiz[0].params.stages",
                     "stages", id="predict-params-unknown-key"),
        pytest.param(predict_with("{size: huge}", "pipeline", "bubble"), 15, "{size", "quiz[0].params",
                     "size must be one of small, medium, large", id="predict-params-bad-size"),
        pytest.param(f"""\
            - id: q1
              kind: single
              prompt: {T}
              explanation: {T}
              assumes: pypy
              options:
                - {{id: a, text: {T}, why: {T}, correct: true}}
                - {{id: b, text: {T}, why: {T}}}
            """, 13, "pypy", "quiz[0].assumes", "unknown assumption 'pypy'", id="unknown-assumption"),
        pytest.param(f"""\
            - id: q1
              kind: true_false
              prompt: {T}
              explanation: {T}
              timer_s: 4
              answer: true
            """, 13, "4", "quiz[0].timer_s", "timer_s must be between 5 and 600 seconds", id="timer-too-short"),
        pytest.param(f"""\
            - id: q1
              kind: true_false
              prompt: {T}
              explanation: {T}
              timer_s: 601
              answer: true
            """, 13, "601", "quiz[0].timer_s", "between 5 and 600", id="timer-too-long"),
        pytest.param(f"""\
            - id: q1
              kind: true_false
              prompt: {T}
              explanation: {T}
              timer_s: 1.5
              answer: true
            """, 13, "1.5", "quiz[0].timer_s", "expected an integer", id="timer-not-whole"),
    ],
)
def test_question_problems(tmp_path, body, line, needle, field, message):
    text = question(body)
    problem = only_error(problems_of(tmp_path, text))
    assert (problem.line, problem.col, problem.field) == (line, column_of(text, line, needle), field)
    assert message in problem.message


@pytest.mark.parametrize("seconds", [5, 90, 600])
def test_a_question_may_set_its_class_quiz_timer(tmp_path, seconds):
    text = question(f"""\
        - id: q1
          kind: true_false
          prompt: {T}
          explanation: {T}
          timer_s: {seconds}
          answer: true
        - id: q2
          kind: true_false
          prompt: {T}
          explanation: {T}
          answer: false
        """)
    result = problems_of(tmp_path, text)
    assert result.problems == ()
    assert [q.timer_s for q in result.lesson.quiz] == [seconds, None]


def test_duplicate_question_ids(tmp_path):
    one = f"""\
        - id: q1
          kind: true_false
          prompt: {T}
          explanation: {T}
          answer: true
        """
    text = question(textwrap.dedent(one) * 2)
    problem = only_error(problems_of(tmp_path, text))
    assert (problem.line, problem.col, problem.field) == (14, column_of(text, 14, "q1"), "quiz[1].id")
    assert "duplicate question id 'q1' (first at line 9)" in problem.message


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = HEAD.replace("order: 1", "order: x").replace("title: {vi: \"Bài\"", "tittle: {vi: \"Bài\"")
    text += "    embed: {demo: nope}\n"
    result = problems_of(tmp_path, text)
    fields = [p.field for p in result.errors]
    assert fields == ["order", "tittle", "sections[0].embed.demo"]  # no "missing title": the typo says it
    assert result.lesson is None


def test_not_utf8_points_at_the_bad_byte(tmp_path):
    problem = only_error(problems_of(tmp_path, HEAD.encode() + b'summary: {vi: "caf\xe9", en: "x"}\n'))
    assert (problem.line, problem.col) == (8, 19)
    assert "not valid UTF-8" in problem.message


def test_python_tag_is_an_error_and_never_runs(tmp_path):
    marker = tmp_path / "ran"
    text = HEAD + f"sources: [!!python/object/apply:os.system ['touch {marker}']]\n"
    problem = only_error(problems_of(tmp_path, text))
    assert (problem.line, problem.col) == (8, 11)
    assert "tag '!!python/object/apply:os.system' is not allowed" in problem.message
    assert not marker.exists()


def test_aliases_are_refused_so_they_cannot_blow_up(tmp_path):
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 9):
        laughs += f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]\n"
    result = problems_of(tmp_path, laughs)
    assert result.lesson is None
    assert any("aliases (*a) are not supported" in p.message and p.line == 2 for p in result.errors)


def test_file_over_one_megabyte_is_refused(tmp_path):
    problem = only_error(problems_of(tmp_path, HEAD + "# " + "x" * MAX_BYTES + "\n"))
    assert (problem.line, problem.col) == (1, 1)
    assert "limited to 1,000,000 bytes" in problem.message


@pytest.mark.parametrize("text", ["[" * 50_000, "{a: " * 50_000, "- " * 50_000, "a:\n" + "".join(
    " " * i + "- \n" for i in range(2_000))], ids=["flow-lists", "flow-maps", "block-list", "indented"])
def test_deep_nesting_is_refused_not_crashing(tmp_path, text):
    """Whatever the YAML library says about it: one error for the file, with its position."""
    problem = only_error(problems_of(tmp_path, text))
    assert problem.line >= 1 and problem.col >= 1 and problem.message
    assert problem.format().startswith(f"{tmp_path / 'lesson.yaml'}:{problem.line}:{problem.col}: error: ")


def test_missing_translation_is_a_warning_and_falls_back_marked(tmp_path):
    result = problems_of(tmp_path, HEAD.replace('body: {vi: "Nội dung", en: "Body"}', 'body: {en: "Body"}'))
    assert result.errors == ()
    (warning,) = result.problems
    assert (warning.severity, warning.line, warning.col, warning.field) == ("warning", 7, 11, "sections[0].body.vi")
    body = result.lesson.sections[0].body
    assert body.show("vi") == "[en] Body"
    assert body.show("en") == "Body"
