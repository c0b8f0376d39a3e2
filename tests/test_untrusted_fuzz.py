"""Property-based: whatever a lesson file (or a keymap, or the presenter's state) holds, reading it raises
nothing but reported problems, every problem is one ``PATH:LINE:COL: error|warning:`` line, and nothing
that reaches the terminal holds a control character: not the problems, not a loaded lesson rendered
the way the interface renders it.

The YAML is generated from a grammar of lesson-ish structures (the schema's keys, bilingual texts,
questions) mixed with tokens that have broken the reader before: merge keys, value tokens, tags,
anchors and aliases, huge integers, NaN, control characters as escapes and as raw bytes, markup.
"""

from __future__ import annotations

import atexit
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rich.console import Console

from ds_tui.lessons import load_file
from ds_tui.lessons.model import Lesson

BILINGUAL = re.compile(r'\{vi: "[^"]*", en: "[^"]*"\}')
FIXTURE_LINES = (Path(__file__).parent / "fixtures" / "every_kind.yaml").read_text(encoding="utf-8").splitlines()
WORK = Path(tempfile.mkdtemp(prefix="ds-tui-fuzz-"))  # one file rewritten per example, removed at exit
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- the grammar --------------------------------------------------------------------------------------------
NASTY_TEXT = ["a [/] b", "counts[i] += 1", "[@click=app.screenshot()]x[/]", "[bold]", "[link=file:///]l[/link]",
              "\\e]52;c;aGk=\\a", "\\x9b2J", "\\e[2J", "a\\rb", "\\0", "\\x7f", "\\u0085", "\\ufeff",
              "| a | b |\\n|-|-|\\n| 1 | 2 |", "> > > > > > deep", "- a\\n  - b\\n    - c\\n      - d\\n        - e",
              "[x](app.quit)", "<script>", "**bold** `code` *em*", "\\t tab", "é ü 中文 🙂", "\\udc80"]
NASTY_SCALARS = ["<<", "=", "~", "null", ".nan", ".inf", "-.inf", "9" * 400, "-" + "9" * 30, "0x" + "f" * 50,
                 "1.0e+999", "2024-13-45", "2024-01-02", "190:20:30", "yes", "off", "!!bool maybe", "!!int abc",
                 "!!float x", "!!str 1", "!!binary aGk=", "!!python/name:os.system", "!local x", "&a x", "*a",
                 "!!timestamp nope", "''", '""', "[]", "{}", "[1, [2, [3]]]", "{a: {b: {c: 1}}}", "-", "?", "|",
                 "'[/]'", "0", "-1", "1", "2", "3", "true", "false", "a", "q1", "s1", "cpu-bound", "speedup.threads"]
KEYS = ["id", "order", "title", "summary", "sections", "quiz", "sources", "body", "notes", "embed", "kind", "prompt",
        "explanation", "hint", "concepts", "assumes", "options", "text", "why", "correct", "range", "answer",
        "tolerance", "unit", "demo", "metric", "params", "categories", "items", "vi", "en", "abs", "rel",
        "magnitude", "workers", "size", "microbatches", "<<", "=", "? x", "&k id", "!!str id"]
KINDS = ["single", "multi", "true_false", "classify", "order", "numeric", "predict", "essay"]

MARKUP_TEXT = ["a [/] b", "counts[i] += 1", "[@click=app.screenshot()]x[/]", "[bold]", "[link=file:///]l[/link]",
               "| a | b |\\n|-|-|\\n| 1 | 2 |", "> quote", "- a\\n  - b", "[x](app.quit)", "[y](file:///etc)",
               "<b>html</b>", "**bold** `code` *em*", "é ü 中文 🙂", "# heading", "```\\ncode\\n```", "[esc\\\\]"]
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp"), blacklist_characters='"\\'), max_size=15)
safe_quoted = st.lists(st.sampled_from(MARKUP_TEXT) | printable, min_size=1, max_size=4).map(
    lambda parts: '"' + (" ".join(parts).strip() or "x") + '"')
quoted = st.lists(st.sampled_from(NASTY_TEXT) | printable, min_size=1, max_size=3).map(
    lambda parts: '"' + " ".join(p.replace('"', "'") if "\\" in p else p.replace("\\", "/").replace('"', "'")
                                 for p in parts) + '"')
scalar = st.sampled_from(NASTY_SCALARS) | quoted | st.integers(-10**6, 10**40).map(str) | st.floats().map(repr)


def bilingual(text: st.SearchStrategy[str] = quoted) -> st.SearchStrategy[str]:
    return st.tuples(text, text, st.booleans()).map(
        lambda t: f"{{vi: {t[0]}, en: {t[1]}}}" if t[2] else f"{{en: {t[1]}}}")


value = st.recursive(
    scalar | bilingual(),
    lambda inner: st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    | st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(
        lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
    max_leaves=12,
)


@st.composite
def option(draw) -> str:
    fields = [f"id: {draw(st.sampled_from(['a', 'b', 'c', '1', 'true'] + NASTY_SCALARS[:6]))}",
              f"text: {draw(bilingual())}", f"why: {draw(bilingual())}"]
    if draw(st.booleans()):
        fields.append(f"correct: {draw(st.sampled_from(['true', 'false', 'maybe', '!!bool yes', '1']))}")
    if draw(st.booleans()):
        fields.append(f"range: [{draw(scalar)}, {draw(scalar)}]")
    return "{" + ", ".join(draw(st.permutations(fields))) + "}"


@st.composite
def question(draw) -> list[str]:
    kind = draw(st.sampled_from(KINDS))
    lines = [f"  - id: {draw(st.sampled_from(['q1', 'q2', 'Q!', '=']))}", f"    kind: {kind}",
             f"    prompt: {draw(bilingual())}", f"    explanation: {draw(bilingual())}"]
    if kind in ("single", "multi", "predict"):
        lines.append("    options:")
        lines += [f"      - {draw(option())}" for _ in range(draw(st.integers(0, 4)))]
    if kind == "predict":
        lines += [f"    demo: {draw(st.sampled_from(['cpu-bound', 'pipeline', 'nope']))}",
                  f"    metric: {draw(st.sampled_from(['speedup.threads', 'bubble', 'x']))}"]
    if kind in ("numeric", "true_false", "order"):
        lines.append(f"    answer: {draw(value)}")
    if kind == "numeric":
        lines.append(f"    tolerance: {{{draw(st.sampled_from(['abs', 'rel', 'magnitude']))}: {draw(scalar)}}}")
    if kind in ("classify", "order"):
        lines.append("    categories: [{id: a, text: {en: A, vi: A}}, {id: b, text: " + draw(bilingual()) + "}]")
        lines.append(f"    items: [{{id: x, text: {draw(bilingual())}, answer: a, why: {draw(bilingual())}}}]")
    if draw(st.booleans()):
        lines.append(f"    {draw(st.sampled_from(KEYS))}: {draw(value)}")
    return lines


@st.composite
def lesson_text(draw) -> bytes:
    """A lesson: sometimes the fixture with lines changed, sometimes one built from the grammar."""
    if draw(st.booleans()):
        lines = list(FIXTURE_LINES)
        texts = [i for i, line in enumerate(lines) if BILINGUAL.search(line)]
        for _ in range(draw(st.integers(0, 10))):  # texts: mostly still a valid lesson, full of markup
            i = draw(st.sampled_from(texts))
            new = draw(bilingual(safe_quoted))
            lines[i] = BILINGUAL.sub(lambda _, new=new: new, lines[i], count=1)
        for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 4]))):
            i = draw(st.integers(0, len(lines) - 1))
            action = draw(st.sampled_from(["value", "insert", "delete", "indent"]))
            head, sep, _tail = lines[i].partition(": ")
            if action == "value" and sep:
                lines[i] = f"{head}: {draw(value)}"
            elif action == "insert":
                indent = " " * (len(lines[i]) - len(lines[i].lstrip()))
                lines.insert(i, f"{indent}{draw(st.sampled_from(KEYS))}: {draw(value)}")
            elif action == "delete":
                del lines[i]
            else:
                lines[i] = " " + lines[i]
    else:
        lines = [f"id: {draw(st.sampled_from(['fuzz', 'Fuzz', '=', '9' * 80, 'your-hardware']))}",
                 f"order: {draw(scalar | st.integers(0, 99).map(str))}", f"title: {draw(bilingual(safe_quoted | quoted))}"]
        if draw(st.booleans()):
            lines.append(f"summary: {draw(bilingual())}")
        lines.append("sections:")
        for n in range(draw(st.integers(0, 3))):
            lines += [f"  - id: s{n}", f"    title: {draw(bilingual(safe_quoted))}",
                      f"    body: {draw(bilingual(safe_quoted | quoted))}"]
            if draw(st.booleans()):
                lines.append(f"    embed: {{{draw(st.sampled_from(['demo', 'panel', 'tool', 'x']))}: "
                             f"{draw(st.sampled_from(['cpu-bound', 'hardware', 'decision-helper', 'nope']))}}}")
        if draw(st.booleans()):
            lines.append("quiz:")
            for _ in range(draw(st.integers(1, 3))):
                lines += draw(question())
        for _ in range(draw(st.integers(0, 2))):
            lines.insert(draw(st.integers(0, len(lines))), f"{draw(st.sampled_from(KEYS))}: {draw(value)}")
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 14)) == 5:  # a raw byte (not 0: hypothesis draws the bounds often): a control character, half of a UTF-8 sequence, NUL
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\x1b", b"\x07", b"\x00", b"\xc2\x9b", b"\xff", b"\r", b"\x7f"])) + data[at:]
    return data


# -- rendering a loaded lesson the way the interface does ------------------------------------------------
def rendered(lesson: Lesson) -> str:
    """Every text of the lesson through the interface's own renderers, printed by Rich without a
    terminal: any escape in the output came from the lesson."""
    from ds_tui.classroom.class_text import answer_lines
    from ds_tui.classroom.class_votes import class_options
    from ds_tui.classroom.class_votes import Tally
    from ds_tui.quiz.drafting import draft_for
    from ds_tui.quiz.grading import expected_answer, grade
    from ds_tui.ui.hanging_text import HangingText
    from ds_tui.ui.quiz_render import feedback, kind_how
    from ds_tui.ui.safe import plain, rich_markdown
    from ds_tui.ui.widgets.vote_bars import VoteBars, inline, option_lines, reveal

    out = io.StringIO()
    console = Console(file=out, width=72, color_system=None, force_terminal=False, legacy_windows=False)
    for lang in ("en", "vi"):
        console.print(HangingText(plain(" 1. "), plain(lesson.title.show(lang))))
        if lesson.summary:
            console.print(plain(lesson.summary.show(lang)))
        for section in lesson.sections:
            console.print(plain(section.title.show(lang)))
            console.print(rich_markdown(section.body.show(lang)))
            if section.notes:
                console.print(rich_markdown(section.notes.show(lang)))
        for source in lesson.sources:
            console.print(plain(source))
        for q in lesson.quiz:
            console.print(rich_markdown(q.prompt.show(lang)), plain(kind_how(q, lang)))
            draft = draft_for(q)
            for row in draft.rows():
                console.print(plain(row.marker), plain(row.label.show(lang)))
            answer = expected_answer(q)
            console.print(feedback(q, answer, grade(q, answer), lang))
            options = class_options(q)
            if options:
                tally = Tally({o.id: i for i, o in enumerate(options)})
                console.print(option_lines(options, lang), VoteBars(options, [tally], lang),
                              reveal(options, [o.id for o in options if o.correct], lang, tally))
            for line in answer_lines(q, lang):
                console.print(inline(line))
    return out.getvalue()


@FUZZ
@given(lesson_text())
def test_reading_any_lesson_file_reports_problems_and_renders_without_escapes(data):
    path = WORK / "lesson.yaml"
    path.write_bytes(data)
    result = load_file(path)  # never raises: a failure inside is the file's problem
    for problem in result.problems:
        line = problem.format()
        assert LINE.match(line), line
        assert not CONTROL.search(line), repr(line)
    if result.lesson is None:
        assert any(p.is_error for p in result.problems)
        event("refused")
        return
    event("loaded and rendered")
    output = rendered(result.lesson)
    assert not CONTROL.search(output.replace("\n", "")), repr(CONTROL.findall(output))


# -- the presenter's state and the keymap -----------------------------------------------------------------
json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=20)
    | st.sampled_from(["\x1b]52;c;x\x07", "[/]", "votes", "reveal", "ds-tui.present/1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["en", "vi", "pid", "slide", "total", "phase", "number", "answer", "prompt", "x"]), inner, max_size=4),
    max_leaves=10)
def mostly(good: st.SearchStrategy, nasty: st.SearchStrategy = json_value) -> st.SearchStrategy:
    """``good`` nine times in ten (so that most states are read, and shown), else anything."""
    return st.integers(0, 9).flatmap(lambda n: nasty if n == 4 else good)


text_doc = st.fixed_dictionaries({"en": printable | st.sampled_from(MARKUP_TEXT + ["\x1b]52;c;x\x07", "\x9b", "\r"]),
                                  "vi": printable})
quiz_doc = st.fixed_dictionaries({
    "number": mostly(st.integers(1, 2)), "total": mostly(st.just(2)),
    "phase": mostly(st.sampled_from(["question", "votes", "reveal", "run"])),
    "prompt": mostly(text_doc), "answer": mostly(st.lists(text_doc, max_size=3)), "explanation": mostly(text_doc)})
state_doc = st.fixed_dictionaries({
    "schema": mostly(st.just("ds-tui.present/1")), "pid": mostly(st.integers(1, 2**22)),
    "lesson_id": mostly(st.text(min_size=1, max_size=20)), "slide": mostly(st.integers(0, 2)),
    "total": mostly(st.just(3)), "started_at": mostly(st.floats(0, 2e9)), "updated_at": mostly(st.floats(0, 2e9)),
}, optional={"lesson_title": mostly(text_doc), "title": mostly(text_doc), "notes": mostly(text_doc),
             "next_title": mostly(text_doc), "blank": mostly(st.booleans()), "quiz": mostly(st.none() | quiz_doc)})


@FUZZ
@given(state_doc)
def test_any_state_file_reads_as_a_checked_state_or_none(doc):
    from ds_tui.classroom.presence import elapsed_text, is_stale, json_text, read_state

    path = WORK / "present.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    state = read_state(path)
    event("refused" if state is None else "accepted")
    if state is None:
        return
    is_stale(state, 2e9)
    elapsed_text(2e9 - state.started_at)
    for text in (state.lesson_title, state.title, state.notes, state.next_title):
        shown = json_text(text)
        if shown is not None:
            assert not CONTROL.search(shown.show("en").replace("\n", "")), shown


keymap_value = st.recursive(
    st.sampled_from(NASTY_SCALARS + ['"q"', '"pagedown,n"', '"ctrl+q"', '"q,b"', '["x", "q"]']),
    lambda inner: st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"), max_leaves=6)
keymap_ids = st.sampled_from(["present.next", "present.quit", "present.blank", "home.present", "confirm.no",
                              "notes.lang", "quiz.pause", "nope", "<<", "\"\\e]52\"", "keymap"])


@FUZZ
@given(st.lists(st.tuples(keymap_ids, keymap_value), max_size=8), st.booleans())
def test_any_keymap_leaves_every_screen_a_quit_key(entries, as_toml):
    from ds_tui.keymap import load_keymap, quit_keys, summary
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.user_keys import known_binding_ids, quit_screens
    from ds_tui.ui.notes_app import NotesApp

    folder = WORK / "keymap"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    name = "keymap.toml" if as_toml else "keymap.yaml"
    body = "".join(f'{k if k.startswith(chr(34)) else chr(34) + k + chr(34)} = {v}\n' if as_toml else f"{k}: {v}\n"
                   for k, v in entries)
    (folder / name).write_text(body, encoding="utf-8")
    screens = quit_screens(DsTuiApp()) + quit_screens(NotesApp())
    loaded = load_keymap(folder, known_binding_ids(DsTuiApp()), "en", screens)
    for screen in screens:
        assert quit_keys(screen, loaded.keymap), (screen.name, loaded.keymap)
    message = summary(loaded.warnings, "en") or ""
    assert len(message) < 4000 and not CONTROL.search(message.replace("\n", ""))
