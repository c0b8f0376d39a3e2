"""One demo, one module, registered once: a demo added to ``ds_tui.demos.kinds.ALL`` — and nowhere else —
is listed by ``ds-tui demo list``, runs, is known to the lesson checker (embed, metric, parameters), has
an embed widget, and names its metric in the class quiz. And the layers point one way: the engine and
the lessons import no demo."""

from __future__ import annotations

import argparse
import ast
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ds_tui.demos import kinds
from ds_tui.demos.kinds.common import THREADS, worker_lanes
from ds_tui.demos.prose import Doc, num
from ds_tui.demos.reporter import Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric
from ds_tui.lessons.model import Text

SRC = Path(__file__).parent.parent / "src" / "ds_tui"


# -- a tiny demo, as a new demo module would write it ------------------------------------------------------
def add_up(rep: Reporter, n: int) -> int:
    rep.add(n)
    return n


def run(eng: Engine, p: DemoParams) -> None:
    with eng.session("threads", p.workers, worker_lanes("thread", p.workers), p.workers) as s:
        for k in range(p.workers):
            s.thread(k, add_up, 1, total=1)
        s.wait()
        eng.finish(s.result(sum(s.results.values()) == p.workers, {"sum": sum(s.results.values())}))


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    return {"tiny.sum": float(runs[0].extra["sum"])} if runs else {}


def explain(doc: Doc, p: DemoParams, m: dict, by: dict, runs: tuple, measured: dict) -> None:
    doc.add(f"The threads added up to {num(measured.get('tiny.sum', 0), 'en', 0)}.",
            f"Các luồng cộng được {num(measured.get('tiny.sum', 0), 'vi', 0)}.")


def note(run: RunResult, lang: str) -> str:
    return f"sum {run.extra.get('sum')}"


TINY = Demo(DemoSpec("tiny", Text(en="A tiny demo", vi="Một demo nhỏ"), Text(en="Threads add ones.", vi="Các luồng cộng số 1."),
                     Text(en="Tiny demo", vi="Demo nhỏ"), (THREADS,), 3, Text(en="threads", vi="số luồng"),
                     (Metric("tiny.sum", Text(en="the threads' sum", vi="tổng của các luồng"), "count"),), min_workers=2),
            run, explain, metrics, note)


@pytest.fixture
def tiny(monkeypatch):
    """The tiny demo, added to the one list only."""
    monkeypatch.setattr(kinds, "ALL", kinds.ALL + (TINY,))
    return TINY


def cli(*argv: str) -> tuple[int, str, str]:
    from ds_tui.demos.cli import add_demo_parser, run_demo_cli

    parser = argparse.ArgumentParser()
    add_demo_parser(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    return run_demo_cli(parser.parse_args(["demo", *argv]), out, err), out.getvalue(), err.getvalue()


def test_a_demo_added_to_the_list_is_listed_and_runs_from_the_command_line(tiny):
    code, out, _ = cli("list", "--lang", "en")
    assert code == 0 and "tiny" in out and "A tiny demo — Threads add ones." in out
    code, out, _ = cli("list", "--lang", "vi")
    assert "Một demo nhỏ — Các luồng cộng số 1." in out
    code, out, err = cli("tiny", "--json", "--lang", "en")
    assert code == 0, err
    data = json.loads(out)
    assert data["demo"] == "tiny" and data["params"] == {"workers": 3, "size": "medium"}
    assert data["metrics"] == {"tiny.sum": 3.0} and [r["mode"] for r in data["runs"]] == ["threads"]
    assert "The threads added up to 3." in data["explanation"]["en"]


def test_without_it_the_list_does_not_know_it():
    code, out, err = cli("tiny")
    assert code == 2 and "unknown demo 'tiny'" in err


LESSON = textwrap.dedent("""\
    id: tiny-lesson
    order: 99
    title: {vi: "Bài nhỏ", en: "Tiny lesson"}
    sections:
      - id: run
        title: {vi: "Chạy", en: "Run"}
        body: {vi: "Chạy demo.", en: "Run the demo."}
        embed: {demo: tiny}
    quiz:
      - id: q-predict
        kind: predict
        prompt: {vi: "Dự đoán", en: "Predict"}
        demo: tiny
        metric: METRIC
        params: {workers: WORKERS}
        options:
          - {id: a, text: {vi: "3", en: "3"}, range: [null, 3.5], correct: true, why: {vi: "Đúng", en: "Right"},
             observed: {vi: "Máy này: 3", en: "This machine: 3"}}
          - {id: b, text: {vi: "nhiều", en: "more"}, range: [3.5, null], why: {vi: "Sai", en: "Wrong"},
             observed: {vi: "Máy này: nhiều", en: "This machine: more"}}
        explanation: {vi: "Giải thích", en: "Explanation"}
""")


def check(text: str):
    from ds_tui.lessons.validate import build_lesson
    from ds_tui.lessons.yaml_source import read_source

    root, errors = read_source(text.encode())
    assert root is not None and not errors
    return build_lesson(root, "tiny.yaml")


def test_the_lesson_checker_knows_its_embed_metric_and_parameters(tiny):
    lesson, problems = check(LESSON.replace("METRIC", "tiny.sum").replace("WORKERS", "3"))
    assert [p for p in problems if p.is_error] == [] and lesson is not None
    assert lesson.sections[0].embed.id == "tiny" and lesson.quiz[0].metric == "tiny.sum"
    _, problems = check(LESSON.replace("METRIC", "speedup.threads").replace("WORKERS", "3"))
    assert any("demo 'tiny' does not measure 'speedup.threads'; it measures: tiny.sum" in p.message for p in problems)
    _, problems = check(LESSON.replace("METRIC", "tiny.sum").replace("WORKERS", "1"))
    assert any("demo 'tiny': workers must be a whole number from 2 to 64" in p.message for p in problems)


def test_without_it_a_lesson_embedding_it_is_refused():
    _, problems = check(LESSON.replace("METRIC", "tiny.sum").replace("WORKERS", "3"))
    assert any("unknown demo" in p.message for p in problems)


def test_the_checker_is_given_what_it_knows():
    """The lesson checker asks what it is given, not the demos: another registry, another answer."""
    from ds_tui.registry import Known

    class NoDemos(Known):
        def has(self, kind: str, ident: str) -> bool:
            return kind != "demo" and super().has(kind, ident)

        def ids_of(self, kind: str) -> list[str]:
            return [] if kind == "demo" else super().ids_of(kind)

    from ds_tui.lessons.validate import build_lesson
    from ds_tui.lessons.yaml_source import read_source

    root, _ = read_source(LESSON.replace("METRIC", "tiny.sum").replace("WORKERS", "3").encode())
    _, problems = build_lesson(root, "tiny.yaml", NoDemos())
    assert any("unknown demo 'tiny'" in p.message for p in problems)


def test_it_is_embeddable_and_names_its_metric_in_the_class_quiz(tiny):
    from ds_tui import registry
    from ds_tui.classroom.class_text import format_metric, metric_title
    from ds_tui.demos.catalog import mode_title
    from ds_tui.ui.widgets.demo_view import DemoView, run_note
    from ds_tui.ui.widgets.embeds import builder

    entry = registry.lookup("demo", "tiny")
    assert entry is not None and entry.title("vi") == "Demo nhỏ" and entry.metrics == ("tiny.sum",)
    assert ("demo", "tiny") in registry.REGISTRY and "tiny" in registry.ids_of("demo")
    view = builder("demo", "tiny")("en")
    assert isinstance(view, DemoView) and view.spec is TINY.spec
    assert metric_title("tiny.sum", "vi") == "tổng của các luồng" and format_metric("tiny.sum", 12345.0) == "12,345"
    assert mode_title("threads").en == "Threads"
    assert run_note(RunResult("threads", 3, 0.1, 0.1, True, extra={"sum": 3}), "en", TINY) == "sum 3"


def test_every_demo_is_registered_once_and_embeddable():
    from ds_tui import registry
    from ds_tui.demos.catalog import DEMOS

    ids = [d.id for d in kinds.ALL]
    assert len(ids) == len(set(ids)) and list(DEMOS) == ids == registry.ids_of("demo")
    for d in kinds.ALL:
        assert d.spec.view in ("timeline", "gantt", "ring")
        assert set(d.metrics(())) == set()  # nothing measured, no metric
        assert all(m.title.en and m.title.vi for m in d.spec.measures)
        assert all(m.title.en and m.title.vi and m.help.en and m.help.vi for m in d.spec.run_modes)
    assert {d.id: d.spec.view for d in kinds.ALL if d.spec.view != "timeline"} == {"allreduce": "ring",
                                                                                  "pipeline": "gantt"}


# -- the layers ---------------------------------------------------------------------------------------------
def loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_engine_imports_no_demo():
    loaded = loaded_after("import ds_tui.demos.runner, ds_tui.demos.session, ds_tui.demos.reporter, "
                          "ds_tui.demos.events, ds_tui.demos.lifeline, ds_tui.demos.spec, ds_tui.demos.prose")
    assert not {m for m in loaded if m.startswith("ds_tui.demos.kinds") or m == "ds_tui.demos.catalog"}


def test_lessons_and_the_registry_load_no_demo_until_asked():
    loaded = loaded_after("import ds_tui.lessons.validate, ds_tui.lessons.library, ds_tui.registry")
    assert not {m for m in loaded if m.startswith("ds_tui.demos")}


def test_the_spec_is_a_leaf():
    tree = ast.parse((SRC / "demos" / "spec.py").read_text())
    runtime = {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
    # the standard library, and Text's home (ds_tui.i18n): no other ds_tui module
    assert runtime <= {"__future__", "collections.abc", "dataclasses", "typing", "ds_tui.i18n"}, runtime


def test_the_lesson_format_lists_each_demos_metrics_as_its_module_declares_them():
    import re

    doc = (SRC.parent.parent / "docs" / "lesson-format.md").read_text()
    table = doc.split("Metrics by demo")[1].split("\n\n")[1]
    rows = {m[1]: tuple(re.findall(r"`([^`]+)`", m[2])) for m in re.finditer(r"^\| `([a-z-]+)` \| (.*?) \|", table, re.M)}
    assert rows == {d.id: d.spec.metrics for d in kinds.ALL if d.spec.metrics}
