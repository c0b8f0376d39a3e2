"""A lesson file is untrusted input: whatever it holds, reading it gives that file's PATH:LINE:COL
errors and nothing else; the other lessons still load; nothing it holds reaches the terminal raw;
what passes ``ds-tui validate`` can be loaded and shown; and every read is bounded."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from ds_tui.cli import main
from ds_tui.lessons import load_file, load_library, load_paths
from ds_tui.lessons import limits as L

FIXTURES = Path(__file__).parent / "fixtures"
EVERY_KIND = (FIXTURES / "every_kind.yaml").read_text(encoding="utf-8")
BUNDLED_IDS = ["your-hardware", "real-systems", "thread-or-process", "chatgpt-training"]
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): .+$")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # what a terminal must never receive

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


def write(folder: Path, text: str | bytes, name: str = "lesson.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def question(body: str) -> str:
    return HEAD + "quiz:\n" + textwrap.indent(textwrap.dedent(body), "  ")


def numeric(answer: str, tolerance: str = "{abs: 0.1}") -> str:
    return question(f"""\
        - id: q1
          kind: numeric
          prompt: {T}
          explanation: {T}
          answer: {answer}
          tolerance: {tolerance}
        """)


def choice(kind: str, options: int, extra: str = "") -> str:
    lines = "".join(f"    - {{id: o{i}, text: {T}, why: {T}{', correct: true' if i == 0 else ''}{extra}}}\n"
                    for i in range(options))
    demo = "  demo: cpu-bound\n  metric: speedup.threads\n" if kind == "predict" else ""
    return HEAD + f"quiz:\n- id: q1\n  kind: {kind}\n  prompt: {T}\n  explanation: {T}\n{demo}  options:\n{lines}"


def errors_of(tmp_path: Path, text: str | bytes) -> list[str]:
    result = load_file(write(tmp_path, text))
    assert result.lesson is None, "expected the file to be refused"
    lines = [p.format() for p in result.problems if p.is_error]
    assert lines
    for line in lines:
        assert LINE.match(line), line
        assert not RAW.search(line), repr(line)
    return lines


# -- 1. whatever YAML token the file holds, the reader reports it: never an exception --------------------
TOKENS = {
    "merge-key": HEAD + "<<: {}\n",
    "merge-key-in-section": HEAD + "    <<: {title: {en: x}}\n",
    "value-token-as-id": HEAD.replace("id: sample", "id: ="),
    "value-token-as-key": HEAD + "=: 1\n",
    "bool-tag-maybe": question(f"- {{id: q, kind: true_false, prompt: {T}, explanation: {T}, answer: !!bool maybe}}\n"),
    "int-tag-text": HEAD.replace("order: 1", "order: !!int abc"),
    "float-tag-text": numeric("!!float abc"),
    "null-tag-text": HEAD.replace("order: 1", "order: !!null x"),
    "timestamp-as-order": HEAD.replace("order: 1", "order: 2024-01-02"),
    "bad-timestamp": HEAD.replace("order: 1", "order: 2024-13-45"),
    "explicit-timestamp-tag": HEAD.replace("order: 1", "order: !!timestamp nonsense"),
    "binary-tag": HEAD.replace("order: 1", "order: !!binary aGk="),
    "set-tag": HEAD + "sources: !!set {a, b}\n",
    "omap-tag": HEAD + "sources: !!omap [a: 1]\n",
    "local-tag": HEAD.replace("order: 1", "order: !local 1"),
    "verbatim-tag-with-escape": HEAD.replace("order: 1", "order: !<tag:%1b%5d52> 1"),
    "huge-int-as-number": numeric("9" * 400),
    "huge-int-as-tolerance": numeric("1", "{rel: " + "9" * 400 + "}"),
    "huge-int-as-range": choice("predict", 2, ", range: [0, " + "9" * 400 + "]"),
    "huge-int-as-order": HEAD.replace("order: 1", "order: " + "9" * 400),
    "int-beyond-str-digits-limit": HEAD.replace("order: 1", "order: " + "9" * 5000),
    "huge-int-as-id": HEAD.replace("id: sample", "id: " + "9" * 400),
    "huge-int-as-option-id": choice("single", 2).replace("id: o1", "id: " + "9" * 400),
    "huge-float": numeric("1.0e+999"),
    "hex-int": HEAD.replace("order: 1", "order: 0x" + "f" * 400),
    "huge-sexagesimal": HEAD.replace("order: 1", "order: " + "9" * 400 + ":20:30"),
    "anchor-alias": HEAD + "summary: &s {en: x}\nquiz: *s\n",
    "second-document": HEAD + "---\nid: other\n",
    "directive": "%YAML 1.1\n---\n" + HEAD + "summary: !!str x\n...\n%TAG ! tag:x\n---\na: 1\n",
    "complex-key": HEAD + "? [a, b]\n: c\n",
    "nul-in-quoted": HEAD.replace('en: "Lesson"', 'en: "a\\0b"'),
}


@pytest.mark.parametrize("text", list(TOKENS.values()), ids=list(TOKENS))
def test_an_unexpected_token_is_that_files_error(tmp_path, text):
    errors_of(tmp_path, text)


def test_merge_key_is_named_at_its_position(tmp_path):
    (line,) = errors_of(tmp_path, HEAD + "<<: {}\n")
    assert line.endswith(":8:1: error: merge keys (<<) are not supported; write the fields out")


def test_an_exception_inside_the_checks_is_that_files_error(tmp_path, monkeypatch):
    """Whatever a check raises on a value nobody foresaw, it is the file's error, at that value."""
    from ds_tui.lessons import validate

    def broken(self, node, path):
        self.last = node
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(validate._Checker, "embed", broken)
    lines = errors_of(tmp_path, HEAD + "    embed: {demo: cpu-bound}\n")
    assert lines == [f"{tmp_path / 'lesson.yaml'}:8:12: error: cannot check this value: ZeroDivisionError: a bug"]


def test_an_exception_anywhere_in_reading_is_that_files_error(tmp_path, monkeypatch):
    from ds_tui.lessons import yaml_source

    monkeypatch.setattr(yaml_source, "read_source", lambda data: 1 / 0)
    (line,) = errors_of(tmp_path, HEAD)
    assert line.endswith(":1:1: error: cannot check this file: ZeroDivisionError: division by zero")


def test_the_other_lessons_still_load(tmp_path):
    folder = tmp_path / "extra"
    for name, text in TOKENS.items():
        write(folder, text, f"{name}.yaml")
    write(folder, EVERY_KIND, "good.yaml")
    library = load_library([folder])
    assert {lesson.id for lesson in library.lessons} == {*BUNDLED_IDS, "sample"}
    assert len(library.broken) == len(TOKENS)


def test_validate_reports_them_and_exits_1_without_traceback(tmp_path):
    folder = tmp_path / "extra"
    for name, text in TOKENS.items():
        write(folder, text, f"{name}.yaml")
    result = subprocess.run([sys.executable, "-m", "ds_tui", "validate", str(folder)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stdout.splitlines()
    assert {Path(LINE.match(line)["path"]).name for line in lines} == {f"{name}.yaml" for name in TOKENS}
    assert f"checked {len(TOKENS)} lesson files" in result.stderr


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"]])
def test_stats_survive_a_broken_teacher_lesson(tmp_path, capsys, command):
    folder = tmp_path / "extra"
    write(folder, TOKENS["merge-key"], "a.yaml")
    write(folder, TOKENS["huge-int-as-number"], "b.yaml")
    assert main(["--lessons", str(folder), *command]) == 0


@pytest.mark.parametrize("command", [["quiz", "--topic", "thread-or-process"], ["quiz"], ["review"],
                                     ["present", "your-hardware"], ["present"]])
def test_quiz_and_present_start_with_a_broken_teacher_lesson(tmp_path, monkeypatch, command):
    from ds_tui.ui import launch

    folder = tmp_path / "extra"
    for name, text in TOKENS.items():
        write(folder, text, f"{name}.yaml")
    started = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: started.update(kwargs) or 0)
    assert main(["--lessons", str(folder), *command]) == 0
    assert started["lesson_dirs"] == [folder]


def test_cache_written_by_an_older_check_is_not_served(tmp_path, monkeypatch):
    """A lesson the old checks passed (a NaN answer) must not come back from the start-up cache."""
    from msgspec.structs import replace

    from ds_tui.lessons import cache

    folder = tmp_path / "extra"
    path = write(folder, numeric("1"))
    cache_file = tmp_path / "lessons.msgpack"
    library = load_paths([folder], cache_file)
    lesson = library.lessons[0]
    old = replace(lesson, quiz=(replace(lesson.quiz[0], answer=float("nan")),))
    cache.write(cache_file, cache.file_key([path]), [(path, old, ())])
    assert math.isnan(load_paths([folder], cache_file).lessons[0].quiz[0].answer)  # this ds-tui's own: served
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)  # written by an older ds-tui
    cache.write(cache_file, cache.file_key([path]), [(path, old, ())])
    monkeypatch.undo()
    assert load_paths([folder], cache_file).lessons[0].quiz[0].answer == 1.0
    assert path.exists()


def test_deep_nesting_gives_exit_1_from_validate_without_traceback(tmp_path):
    write(tmp_path, "[" * 50_000)
    result = subprocess.run([sys.executable, "-m", "ds_tui", "validate", str(tmp_path / "lesson.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stdout.splitlines()
    assert LINE.match(line) and line.startswith(f"{tmp_path / 'lesson.yaml'}:")


# -- 3. control characters: an error where they are, and never printed raw ---------------------------------
CONTROLS = {"esc-osc52": "\\e]52;c;aGVsbG8=\\a", "csi": "\\e[2J", "c1-csi": "\\x9b2J", "c1-osc": "\\x9d0;x\\x9c",
            "bel": "\\a", "cr": "a\\rb", "backspace": "a\\bb", "del": "a\\x7fb", "nul": "a\\0b",
            "vertical-tab": "a\\vb", "form-feed": "a\\fb", "lone-surrogate": "a\\udc80b", "nel-escape": "a\\x85b"}
PLACES = {
    "title": ('title: {vi: "Bài", en: "Lesson"}', 'title: {{vi: "Bài", en: "{}"}}'),
    "summary": ('sections:', 'summary: {{en: "{}", vi: "x"}}\nsections:'),
    "body": ('body: {vi: "Nội dung", en: "Body"}', 'body: {{vi: "Nội dung", en: "{}"}}'),
    "key": ('order: 1', 'order: 1\n"{}": 1'),
    "id": ('id: sample', 'id: "{}"'),
    "source": ('sections:', 'sources: ["{}"]\nsections:'),
}


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("control", list(CONTROLS.values()), ids=list(CONTROLS))
def test_a_control_character_is_an_error_at_its_position(tmp_path, control, place):
    old, new = PLACES[place]
    text = HEAD.replace(old, new.format(control), 1)
    lines = errors_of(tmp_path, text)
    row = next(i for i, line in enumerate(text.splitlines(), 1) if control in line)
    col = text.splitlines()[row - 1].index('"' + control) + 1 if '"' + control in text else None
    # libyaml refuses a lone surrogate escape itself (a syntax error there); every other one is named
    named = "control character" if "udc80" not in control else "error"
    assert any(f":{row}:" in line and named in line for line in lines), lines
    if col is not None and "udc80" not in control:
        assert any(f":{row}:{col}: error: " in line for line in lines), lines


def test_raw_control_bytes_in_the_file_are_an_error_at_their_position(tmp_path):
    for raw in (b"\x1b]52;c;aGk=\x07", b"\x9b", b"\xc2\x9b2J", b"\x7f", b"\x00"):
        text = HEAD.encode().replace(b'en: "Lesson"', b'en: "Le' + raw + b'sson"')
        lines = errors_of(tmp_path, text)
        assert any(":3:" in line for line in lines), (raw, lines)


def test_validate_never_echoes_a_control_character(tmp_path):
    folder = tmp_path / "extra"
    write(folder, HEAD + 'unknown\\e: 1\n"\\e]52;c;aGk=\\a": 1\n', "keys.yaml")
    write(folder, HEAD.replace("id: sample", "id: \"\\e[31mred\""), "id.yaml")
    write(folder, EVERY_KIND.replace("kind: single", 'kind: "\\e]0;title\\a"'), "kind.yaml")
    write(folder, EVERY_KIND.replace("demo: cpu-bound\n", 'demo: "\\x9b2Jcpu"\n', 1), "demo.yaml")
    write(folder, HEAD.replace("order: 1", "order: !<tag:%1b]52;c;aGk=%07> 1"), "tag.yaml")
    write(folder, HEAD.replace("order: 1", "order: x"), "\x1b]52;c;aGk=\x07name.yaml")
    write(folder, HEAD.replace("order: 1", "order: y"), os.fsdecode(b"caf\xe9-\x9b.yaml"))
    result = subprocess.run([sys.executable, "-m", "ds_tui", "validate", str(folder)], capture_output=True,
                            timeout=120)
    assert result.returncode == 1
    for stream in (result.stdout, result.stderr):
        assert b"\x1b" not in stream and b"\x9b" not in stream and b"\x07" not in stream and b"Traceback" not in stream
        assert not RAW.search(stream.decode("utf-8")), stream
    out = result.stdout.decode()
    assert "\\x1b]52;c;aGk=\\x07name.yaml:" in out  # the name, escaped, still says which file
    assert "caf\\xe9-\\x9b.yaml:" in out


def test_a_file_name_that_is_not_utf8_loads_and_leaves_no_temporary_file(tmp_path):
    folder = tmp_path / "extra"
    write(folder, EVERY_KIND, os.fsdecode(b"le\xe7on.yaml"))
    cache_file = tmp_path / "cache" / "lessons.json"
    for _ in range(3):
        library = load_paths([folder], cache_file)
        assert [lesson.id for lesson in library.lessons] == ["sample"]
    assert sorted(p.name for p in cache_file.parent.iterdir()) == ["lessons.json"]
    assert load_paths([folder], cache_file).lessons == library.lessons  # served from the cache


def test_stats_print_no_control_character(tmp_path, ds_home):
    folder = tmp_path / "extra"
    # a lesson whose title holds an escape is refused; the path of a broken file is not printed by stats
    write(folder, EVERY_KIND.replace('en: "Sample lesson"', 'en: "\\e]52;c;aGk=\\a"'), "a.yaml")
    result = subprocess.run([sys.executable, "-m", "ds_tui", "--lessons", str(folder), "stats"],
                            capture_output=True, timeout=120, env={**os.environ, "DS_TUI_HOME": str(ds_home)})
    assert result.returncode == 0 and b"\x1b" not in result.stdout and b"\x07" not in result.stdout


def test_text_escapes_whatever_reaches_it():
    """Defence in depth: a Text built from anywhere but a checked lesson (cache, state file) is shown escaped."""
    from ds_tui.lessons.model import Text

    text = Text(en="a\x1b]52;c;x\x07b\x9b\udc80", vi=None)
    assert text.show("en") == "a\\x1b]52;c;x\\x07b\\x9b\\x80"
    assert text.show("vi") == "[en] a\\x1b]52;c;x\\x07b\\x9b\\x80"


# -- 4. what passes validate can work, and validate agrees with the app ----------------------------------------
CANNOT_WORK = {
    "nan-answer": numeric(".nan"),
    "inf-answer": numeric(".inf"),
    "minus-inf-answer": numeric("-.inf"),
    "nan-tolerance": numeric("1", "{abs: .nan}"),
    "inf-tolerance": numeric("1", "{rel: .inf}"),
    "nan-range": choice("predict", 2, ", range: [.nan, 1]"),
    "inf-range": choice("predict", 2, ", range: [0, .inf]"),
    "magnitude-of-zero": numeric("0", "{magnitude: 0.5}"),
    "magnitude-of-negative": numeric("-3", "{magnitude: 0.5}"),
    "single-with-one-option": choice("single", 1),
    "multi-with-one-option": choice("multi", 1),
    "predict-with-one-option": choice("predict", 1, ", range: [null, null]"),
    "single-with-ten-options": choice("single", 10),
    "classify-with-one-category": question(f"""\
        - id: q1
          kind: classify
          prompt: {T}
          explanation: {T}
          categories:
            - {{id: a, text: {T}}}
          items:
            - {{id: x, text: {T}, answer: a, why: {T}}}
        """),
    "order-with-one-item": question(f"""\
        - id: q1
          kind: order
          prompt: {T}
          explanation: {T}
          items:
            - {{id: x, text: {T}}}
          answer: [x]
        """),
    "order-far-away": HEAD.replace("order: 1", "order: 10000000000"),
    "workers-far-away": EVERY_KIND.replace("params: {workers: 3, size: small}", "params: {workers: 99999999999}"),
    "long-id": HEAD.replace("id: sample", "id: " + "a" * 65),
}


@pytest.mark.parametrize("text", list(CANNOT_WORK.values()), ids=list(CANNOT_WORK))
def test_a_value_that_cannot_work_does_not_validate(tmp_path, text):
    errors_of(tmp_path, text)


def test_two_options_are_enough(tmp_path):
    assert load_file(write(tmp_path, choice("single", 2))).lesson is not None
    assert load_file(write(tmp_path, choice("single", 9))).lesson is not None


@pytest.mark.parametrize("bundled", ["your-hardware", "thread-or-process"])
def test_validate_refuses_a_lesson_whose_id_a_bundled_lesson_has(tmp_path, capsys, bundled):
    """The app loads the bundled lessons first and refuses the clash: validate DIR says so too."""
    folder = tmp_path / "extra"
    write(folder, EVERY_KIND.replace("id: sample", f"id: {bundled}", 1), "mine.yaml")
    assert main(["validate", str(folder)]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'mine.yaml'}:1:1: error: id: lesson id '{bundled}' is already used by" in captured.out
    assert "checked 1 lesson file: 1 error" in captured.err
    app_view = load_library([folder])
    assert any(r.path == folder / "mine.yaml" and r.lesson is None for r in app_view.results)


def test_validate_of_the_bundled_folder_itself_is_clean(capsys):
    from ds_tui.lessons import bundled_lessons_dir

    assert main(["validate", str(bundled_lessons_dir())]) == 0
    assert main(["validate", str(bundled_lessons_dir() / "01-your-hardware.yaml")]) == 0
    assert "0 errors" in capsys.readouterr().err


def test_the_same_folder_twice_is_read_once(tmp_path):
    folder = tmp_path / "extra"
    write(folder, EVERY_KIND, "a.yaml")
    library = load_paths([folder, folder / ".." / "extra"])
    assert [lesson.id for lesson in library.lessons] == ["sample"] and not library.broken


# -- 5. bounded reads and bounded rendering -----------------------------------------------------------------
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = threading.Event()
    results = []
    worker = threading.Thread(target=lambda: (results.append(load_file(fifo)), done.set()), daemon=True)
    worker.start()
    assert done.wait(10), "reading a FIFO blocked"
    (problem,) = results[0].problems
    assert problem.line == 1 and "not a regular file" in problem.message


def test_validate_a_fifo_and_dev_zero_quickly(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "ds_tui", "validate", str(fifo), "/dev/zero"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{fifo}:1:1: error: cannot read file: not a regular file" in result.stdout
    assert "/dev/zero:1:1: error: cannot read file: not a regular file" in result.stdout


def test_a_folder_named_like_a_lesson_and_a_link_to_a_device_are_skipped_or_refused(tmp_path):
    folder = tmp_path / "extra"
    (folder / "sub.yaml").mkdir(parents=True)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    write(folder, EVERY_KIND, "good.yaml")
    library = load_paths([folder])
    assert [lesson.id for lesson in library.lessons] == ["sample"]
    result = load_file(folder / "zero.yaml")
    assert result.lesson is None and "not a regular file" in result.problems[0].message


def test_a_file_growing_past_the_limit_is_cut(tmp_path, monkeypatch):
    from ds_tui.lessons.library import read_bounded

    path = write(tmp_path, b"x" * 100)
    with pytest.raises(ValueError):
        read_bounded(path, 99)
    assert read_bounded(path, 100) == b"x" * 100


def table(rows: int, cols: int = 3) -> str:
    head = "|" + "|".join(f"h{c}" for c in range(cols)) + "|\\n|" + "|".join("-" for _ in range(cols)) + "|\\n"
    return head + "".join("|" + "|".join("a" for _ in range(cols)) + "|\\n" for _ in range(rows))


def body(markdown: str) -> str:
    return HEAD.replace('body: {vi: "Nội dung", en: "Body"}', f'body: {{vi: "x", en: "{markdown}"}}')


TOO_COSTLY = {
    "table-10000-rows": body(table(10_000)),
    "table-of-40-rows-within-the-size-limit": body(table(40)),
    "table-of-200-cells": body(table(20, 10)),
    "tables-of-too-many-cells-together": body((table(10, 4) + "\\n") * 5),
    "table-rows-without-pipes": body("| a |\\n| - |\\n" + "b\\n" * 60),
    "many-list-items": body("- a\\n" * 60),
    "nested-quotes": body(">" * 20 + " x"),
    "nested-lists": body("\\n".join("  " * i + "- x" for i in range(10))),
    "many-paragraphs": body("a\\n\\n" * 200),
    "long-body": body("word " * 2000),
    "long-title": HEAD.replace('en: "Lesson"', 'en: "' + "t" * 1000 + '"'),
    "long-prompt": numeric("1").replace('prompt: {vi: "x", en: "x"}', 'prompt: {vi: "x", en: "' + "p" * 5000 + '"}'),
    "table-in-a-prompt": numeric("1").replace('prompt: {vi: "x", en: "x"}', 'prompt: {vi: "x", en: "' + table(50) + '"}'),
    "too-many-sections": HEAD + "".join(f"  - {{id: s{i + 2}, title: {T}, body: {T}}}\n" for i in range(L.MAX_SECTIONS)),
    "too-many-sources": HEAD + "sources: [" + ", ".join(["a"] * (L.MAX_SOURCES + 1)) + "]\n",
}


@pytest.mark.parametrize("text", list(TOO_COSTLY.values()), ids=list(TOO_COSTLY))
def test_a_text_too_costly_to_show_is_refused_with_a_clear_message(tmp_path, text):
    lines = errors_of(tmp_path, text)
    assert any(re.search(r"at most [\d,]+", line) for line in lines), lines


def test_the_table_error_says_where_and_how_big(tmp_path):
    size = len(table(10_000).replace("\\n", "\n"))
    (line,) = errors_of(tmp_path, body(table(10_000)))
    assert line.endswith(f":7:25: error: sections[0].body.en: text of {size:,} characters; at most 6,000 are "
                         "allowed here")
    (line,) = errors_of(tmp_path, body(table(40)))
    assert line.endswith(":7:25: error: sections[0].body.en: a table of 41 rows; at most 30 are shown: "
                         "split it into sections")


def test_texts_at_the_limits_load(tmp_path):
    text = body(table(L.MAX_TABLE_ROWS - 1, 3)).replace('en: "Lesson"', 'en: "' + "t" * L.MAX_TITLE + '"')
    result = load_file(write(tmp_path, text))
    assert result.lesson is not None, [p.format() for p in result.problems]


def test_the_quick_bound_never_undercounts(tmp_path):
    """The line-based bound lets a text skip the Markdown parse: it must never be below the parse."""
    samples = [table(5), "- a\n  - b\n    - c\n", "> > > x\n> > y", "1. a\n   1. b\n      1. c",
               "| a |\n| - |\nb\nc\n\nd", "a | b\n-|-\n1|2\n3|4", "* > - > + x", "\t- a\n\t\t- b",
               "```\n|a|\n```\n", "<div>\n|x|\n</div>\n", "- - - -\n", "a\nb\n\nc\n===\n"]
    for text in samples + [t.replace("\\n", "\n") for t in (table(8), table(3, 9))]:
        exact, bound = L.shape(text), L.quick_bound(text)
        for field in exact.__slots__:
            assert getattr(exact, field) <= getattr(bound, field), (field, text, exact, bound)
