"""The start-up cache serves unchanged lessons exactly, and never a stale or broken one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ds_tui.lessons import load_paths
from ds_tui.lessons.model import QUESTION_CLASSES, QuestionKind

FIXTURES = Path(__file__).parent / "fixtures"


def folder_with_lesson(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    shutil.copy(FIXTURES / "every_kind.yaml", folder / "sample.yaml")
    (folder / "broken.yaml").write_text("id: x\n")
    return folder


def test_cached_library_equals_a_fresh_load(tmp_path):
    folder = folder_with_lesson(tmp_path)
    cache_file = tmp_path / "cache.json"
    fresh = load_paths([folder], cache_file)
    assert cache_file.exists()
    cached = load_paths([folder], cache_file)
    assert cached.lessons == fresh.lessons
    assert [r.problems for r in cached.results] == [r.problems for r in fresh.results]
    assert cached.lessons[0].path == folder / "sample.yaml"


def test_a_question_timer_survives_the_cache(tmp_path):
    folder = folder_with_lesson(tmp_path)
    lesson = folder / "sample.yaml"
    text = lesson.read_text()
    at = text.index("kind: true_false")  # the first true/false question gets a timer
    indent = text[text.rindex("\n", 0, at) + 1:at]
    lesson.write_text(text[:at] + f"timer_s: 45\n{indent}" + text[at:])
    cache_file = tmp_path / "cache.json"
    fresh = load_paths([folder], cache_file)
    assert fresh.results[-1].problems == () or all(p.severity != "error" for r in fresh.results
                                                    if r.lesson for p in r.problems)
    timers = [q.timer_s for q in fresh.lessons[0].quiz]
    assert 45 in timers
    cached = load_paths([folder], cache_file)
    assert [q.timer_s for q in cached.lessons[0].quiz] == timers


def test_a_changed_file_is_read_again(tmp_path):
    folder = folder_with_lesson(tmp_path)
    cache_file = tmp_path / "cache.json"
    load_paths([folder], cache_file)
    lesson = folder / "sample.yaml"
    lesson.write_text(lesson.read_text().replace('en: "Sample lesson"', 'en: "Changed title"'))
    os.utime(lesson, ns=(lesson.stat().st_atime_ns, lesson.stat().st_mtime_ns + 1_000_000))
    assert load_paths([folder], cache_file).lessons[0].title.en == "Changed title"


def test_a_corrupt_cache_is_ignored(tmp_path):
    folder = folder_with_lesson(tmp_path)
    cache_file = tmp_path / "cache.json"
    cache_file.write_text('{"format": 1, "results": [')
    library = load_paths([folder], cache_file)
    assert [lesson.id for lesson in library.lessons] == ["sample"]
    assert load_paths([folder], cache_file).lessons == library.lessons  # and it was rewritten


def test_a_cache_hit_does_not_import_yaml(tmp_path):
    folder = folder_with_lesson(tmp_path)
    cache_file = tmp_path / "cache.json"
    load_paths([folder], cache_file)
    code = (f"import sys\nfrom pathlib import Path\nfrom ds_tui.lessons import load_paths\n"
            f"lib = load_paths([Path({str(folder)!r})], Path({str(cache_file)!r}))\n"
            "print(len(lib.lessons), 'yaml' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.split() == ["1", "False"]


def test_every_kind_comes_back_from_the_cache_as_its_own_class(tmp_path):
    folder = folder_with_lesson(tmp_path)
    cache_file = tmp_path / "cache.json"
    fresh = load_paths([folder], cache_file)
    cached = load_paths([folder], cache_file)
    (lesson,) = fresh.lessons
    assert {q.kind for q in lesson.quiz} == set(QuestionKind)  # the fixture has every kind
    assert cached.lessons[0].quiz == lesson.quiz
    assert [type(q) for q in cached.lessons[0].quiz] == [type(q) for q in lesson.quiz]
    assert all(type(q) is QUESTION_CLASSES[q.kind] for q in cached.lessons[0].quiz)


def test_a_cache_that_does_not_fit_the_model_is_not_served(tmp_path, monkeypatch):
    import msgspec

    from ds_tui.lessons import cache

    folder = folder_with_lesson(tmp_path)
    cache_file = tmp_path / "cache.msgpack"
    fresh = load_paths([folder], cache_file)
    whole = cache_file.read_bytes()
    cache_file.write_bytes(whole[: len(whole) // 2])  # cut short
    assert load_paths([folder], cache_file).lessons == fresh.lessons
    # the same header, but a lesson whose question is of a kind this model does not have
    data = msgspec.msgpack.decode(cache_file.read_bytes())
    lesson = next(entry["lesson"] for entry in data["results"] if entry["lesson"])
    lesson["quiz"][0]["kind"] = "essay"
    cache_file.write_bytes(msgspec.msgpack.encode(data))
    assert cache.read(cache_file, data["key"]) is None
    assert load_paths([folder], cache_file).lessons == fresh.lessons


def test_the_cached_types_carry_their_annotations_as_types_not_strings():
    """msgspec reads evaluated annotations directly; strings (``from __future__ import annotations``) would
    be evaluated at every start's first decode (~1.5 ms)."""
    from ds_tui.i18n import Text
    from ds_tui.lessons import cache, library, model, problems

    structs = [model.Lesson, model.Section, model.Option, model.SingleQuestion, model.Tolerance, Text,
               problems.Problem, library.LoadResult, cache._Entry]
    for struct in structs:
        strings = {name: hint for name, hint in struct.__annotations__.items() if isinstance(hint, str)}
        assert strings == {}, struct.__name__
