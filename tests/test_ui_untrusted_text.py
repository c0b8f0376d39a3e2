"""Text from a lesson, a keymap or the presenter's state on screen: always as written, never as markup,
never a terminal escape; a lesson link is never followed; a file that cannot be used is a message.

Every screen a lesson's text reaches is driven with a lesson whose every text holds Textual markup:
with markup, "a [/] b" raises (the app would crash), "counts[i]" loses "[i]", and
"[@click=app.screenshot()]" becomes a link that writes a file.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from textual.widgets import Markdown, Static

from ds_tui.classroom.presence import state_path
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.notes_app import NotesApp
from ds_tui.start_request import StartRequest
from tests.conftest import FIXTURES
from tests.ui_helpers import plain, settle

MARKUP = ["a [/] b", "counts[i] += 1", "[@click=app.screenshot()]shot[/]", "[bold red]loud", "[link=file:///etc]l[/link]",
          "[/bold]", "[on red]x[/on red]", "\\[esc]", "[b]"]
LINKS = " [quit](app.quit) [file](file:///etc/passwd) [click](@click=app.screenshot())"
MARKDOWN_FIELDS = {"body", "notes", "prompt", "explanation", "hint"}


def hostile_lesson(folder: Path) -> Path:
    """The every-kind fixture with markup in every text (and links in every Markdown text)."""
    data = yaml.safe_load((FIXTURES / "every_kind.yaml").read_text(encoding="utf-8"))
    counter = iter(range(10_000))

    def walk(node, key=""):
        if isinstance(node, dict):
            if set(node) <= {"vi", "en"} and node and all(isinstance(v, str) for v in node.values()):
                extra = LINKS if key in MARKDOWN_FIELDS else ""
                return {lang: f"{text} {MARKUP[next(counter) % len(MARKUP)]}{extra}" for lang, text in node.items()}
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item, key) for item in node]
        return node

    data = walk(data)
    data["id"] = "hostile"
    data["sources"] = [f"source {m}" for m in MARKUP]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def lessons(tmp_path) -> Path:
    folder = tmp_path / "lessons"
    hostile_lesson(folder)
    from ds_tui.lessons import load_file

    result = load_file(folder / "hostile.yaml")
    assert result.lesson is not None, [p.format() for p in result.problems]
    return folder


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


SAFE_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*\x1b\\")  # SGR, cursor moves, OSC 8 links


def terminal_bytes(app) -> str:
    """What the app would write to the terminal for the whole screen."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_no_foreign_escape(app) -> None:
    """Only the sequences Textual itself writes (colours, cursor moves, hyperlinks): no OSC 52, no BEL,
    no C1 control, no other escape."""
    rest = SAFE_ESCAPES.sub("", terminal_bytes(app))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", rest.replace("\r", "").replace("\n", "")), repr(
        re.findall(".{0,20}[\x00-\x08\x0b-\x1f\x7f-\x9f].{0,20}", rest)[:3])


def no_markup_lost(text: str, shown: str) -> None:
    """Every markup-like piece of ``text`` is on screen as written (the screen may wrap lines)."""
    flat = re.sub(r"\s+", " ", shown)
    for piece in MARKUP:
        if piece in text:
            assert piece in flat or piece.split(" ")[0] in flat, (piece, flat[:500])


async def test_home_reader_and_sources_show_markup_as_text(ds_home, lessons, monkeypatch):
    screenshots = []
    monkeypatch.setattr(DsTuiApp, "action_screenshot", lambda self, *a, **k: screenshots.append(a), raising=False)
    app = DsTuiApp(lang="en", lesson_dirs=[lessons], home=ds_home)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        lesson = app.library.get("hostile")
        assert lesson is not None and not app.library.broken
        index = app.library.lessons.index(lesson)
        app.screen.query_one("#lessons").highlighted = index
        await pilot.pause()
        shown = screen_text(app)
        assert lesson.title.en in re.sub(r"\s+", " ", shown)
        summary = plain(app.screen.query_one("#summary", Static))
        assert lesson.summary.en in summary
        app.open_lesson("hostile")
        await pilot.pause()
        reader = app.screen
        for index, section in enumerate(lesson.sections):
            reader.index = index
            await pilot.pause()
            title = plain(reader.query_one("#section-title", Static))
            assert f"{index + 1}. {section.title.en}" in title
            assert reader.query_one("#body", Markdown).source == section.body.en
        sources = plain(reader.query_one("#sources", Static))
        for source in lesson.sources:
            assert source in sources
        toc = reader.query_one("#toc")
        assert [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)] == [
            f"{i}. {s.title.en}" for i, s in enumerate(lesson.sections, 1)]
        assert_no_foreign_escape(app)
    assert not screenshots


async def test_a_lesson_link_is_never_followed(ds_home, lessons, monkeypatch):
    opened = []
    monkeypatch.setattr(DsTuiApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = DsTuiApp(lang="en", lesson_dirs=[lessons], home=ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_lesson("hostile")
        await pilot.pause()
        body = app.screen.query_one("#body", Markdown)
        block = next(iter(body.query("MarkdownBlock")))
        for href in ("app.quit", "file:///etc/passwd", "@click=app.screenshot()", "javascript:alert(1)"):
            await block.action_link(href)  # what clicking a link runs
            await pilot.pause()
        assert opened == [] and app.is_running
        messages = [n.message for n in app._notifications]
        assert any("file:///etc/passwd" in m and "not opened" in m for m in messages)


async def test_every_quiz_kind_shows_markup_as_text(ds_home, lessons, monkeypatch):
    from ds_tui.demos import events, isolated
    from ds_tui.demos.results import DemoReport
    from ds_tui.lessons.model import Text
    from ds_tui.ui.screens.quiz import QuizScreen
    from ds_tui.ui.screens.quiz_summary import QuizSummaryScreen

    def run(demo_id, params, on_event=None, cancel=None, **_):
        report = DemoReport(demo_id, {"workers": params.workers, "size": params.size}, {"usable_cores": 2}, (),
                            Text(en="measured", vi="đã đo"), {"speedup.threads": 0.97})
        if on_event:
            on_event(events.DemoFinished(report))
        return report

    monkeypatch.setattr(isolated, "run_demo_isolated", run)
    app = DsTuiApp(lang="en", lesson_dirs=[lessons], home=ds_home, start=StartRequest("quiz", lesson="hostile"))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for keys in (["h", "1", "enter"], ["1", "2", "enter"], ["2", "enter"], ["1", "2", "enter"],
                     ["1", "2", "3", "enter"], ["4", "enter"], ["1", "enter"]):
            question = screen.session.current.question
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = plain(screen.query_one("#quiz-answer", Static)) + plain(screen.query_one("#quiz-feedback", Static))
            from ds_tui.quiz.predict import option_for

            measured = option_for(question, 0.97) if question.kind.value == "predict" else None
            options, items = getattr(question, "options", ()), getattr(question, "items", ())  # by kind
            texts = [o.text.en for o in options] + [i.text.en for i in items] + \
                    [(o.observed if o is measured else o.why).en for o in options]  # beside the measured option: what it means
            for text in texts:
                no_markup_lost(text, shown)
            assert_no_foreign_escape(app)
            await pilot.press("n")
            await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        await pilot.press("s")  # statistics: the lesson's title in a table
        await pilot.pause()
        stats = re.sub(r"\s+", " ", plain(app.screen.query_one("#stats-text", Static)))
        assert app.library.get("hostile").title.en in stats


async def test_the_command_palette_lists_a_title_with_markup(ds_home, lessons):
    app = DsTuiApp(lang="en", lesson_dirs=[lessons], home=ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open lesson: sample")
        await pilot.pause(0.5)
        assert "Sample lesson" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ReaderScreen" and app.screen.lesson.id == "hostile"


async def test_present_class_quiz_and_notes_show_markup_as_text(ds_home, lessons):
    from ds_tui.ui.screens.class_quiz import ClassQuizScreen

    app = DsTuiApp(lang="en", lesson_dirs=[lessons], home=ds_home, start=StartRequest("present", lesson="hostile"), theme="projector")
    notes = NotesApp(lang="en", home=ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        lesson = screen.lesson
        assert lesson.title.en in plain(screen.query_one("#slide-lesson", Static))
        assert plain(screen.query_one("#slide-title", Static)).startswith(lesson.sections[0].title.en[:10])
        async with notes.run_test(size=(100, 30)) as follower:
            await follower.pause(0.5)
            text = "\n".join(plain(notes.query_one(s)) for s in ("#notes-title", "#notes-next"))
            assert lesson.sections[0].title.en in text and lesson.sections[1].title.en in text
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, ClassQuizScreen)
            quiz = app.screen
            for _ in range(len(lesson.quiz)):  # each question, then its answer revealed
                question = quiz.quiz.question
                shown = re.sub(r"\s+", " ", plain(quiz.query_one("#cq-prompt", Static))
                               + plain(quiz.query_one("#cq-options", Static)))
                for text in [question.prompt.en.split(" [quit]")[0]] + [o.text.en for o in getattr(question, "options", ())]:
                    no_markup_lost(text, shown)
                await pilot.press("a")
                await pilot.pause()
                assert_no_foreign_escape(app)
                await follower.pause(0.3)
                assert_no_foreign_escape(notes)
                await pilot.press("right")
                await pilot.pause()
            assert app.is_running


HOSTILE_STATE = {
    "schema": "ds-tui.present/1", "pid": os.getpid(), "lesson_id": "x", "slide": 0, "total": 2,
    "started_at": 0.0, "updated_at": 0.0, "blank": False, "quiz": None,
    "lesson_title": {"en": "\x1b]52;c;aGk=\x07[/] lesson", "vi": "x"},
    "title": {"en": "\x9b2J[@click=app.screenshot()]title[/]", "vi": "x"},
    "notes": {"en": "notes \x1b[2J [x](app.quit)", "vi": "x"},
    "next_title": {"en": "next [/]\x07", "vi": "x"},
}


async def test_notes_show_a_hostile_state_as_text_without_escapes(ds_home):
    state_path(ds_home).write_text(fresh(), encoding="utf-8")
    notes = NotesApp(lang="en", home=ds_home)
    async with notes.run_test(size=(100, 30)) as follower:
        await follower.pause(0.5)
        title = plain(notes.query_one("#notes-title", Static))
        assert "[@click=app.screenshot()]title[/]" in title and "\\x9b2J" in title
        assert "next [/]\\x07" in plain(notes.query_one("#notes-next", Static))
        assert "\x1b" not in notes.sub_title and "[/] lesson" in notes.sub_title
        assert_no_foreign_escape(notes)


def fresh(**changes) -> str:
    """The hostile state as a live presenter writes it (updated now), with ``changes``."""
    now = time.time()
    return json.dumps({**HOSTILE_STATE, "started_at": now - 60, "updated_at": now, **changes})


UNUSABLE_STATES = {
    "nan-start": lambda: fresh(started_at=float("nan")),
    "infinite-start": lambda: fresh(started_at=float("-inf")),
    "infinite-update": lambda: fresh(updated_at=float("inf")),
    "huge-start": lambda: fresh(started_at=1e300),
    "huge-pid": lambda: fresh(pid=10**40),
    "negative-pid": lambda: fresh(pid=-1),
    "bool-pid": lambda: fresh(pid=True),
    "huge-slide": lambda: fresh(slide=10**40),
    "slide-past-the-end": lambda: fresh(slide=5, total=2),
    "unknown-phase": lambda: fresh(quiz={"number": 1, "total": 1, "phase": "dancing", "answer": []}),
    "answer-not-a-list": lambda: fresh(quiz={"number": 1, "total": 1, "phase": "votes", "answer": 5}),
    "answer-of-numbers": lambda: fresh(quiz={"number": 1, "total": 1, "phase": "votes", "answer": [1, 2]}),
    "quiz-extra-field": lambda: fresh(quiz={"number": 1, "total": 1, "phase": "votes", "answer": [], "x": 1}),
    "notes-not-a-text": lambda: fresh(notes=["not", "a", "text"]),
    "title-of-numbers": lambda: fresh(title={"en": 5, "vi": None}),
    "deep-lists": lambda: "[" * 100_000,
    "deep-objects": lambda: '{"a":' * 100_000,
    "not-utf8": lambda: fresh().encode() + b"\xff",
}


@pytest.mark.parametrize("content", list(UNUSABLE_STATES.values()), ids=list(UNUSABLE_STATES))
async def test_notes_survive_a_state_file_that_cannot_be_used(ds_home, content):
    data = content()
    state_path(ds_home).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    notes = NotesApp(lang="en", home=ds_home)
    async with notes.run_test(size=(60, 18)) as follower:
        await follower.pause(0.4)
        assert "Waiting for ds-tui present" in plain(notes.query_one("#notes-status", Static))
        await follower.press("l")
        await follower.pause(0.4)
        assert notes.lang == "vi"
        assert_no_foreign_escape(notes)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
async def test_notes_answer_keys_whatever_the_state_file_is(ds_home, kind):
    path = state_path(ds_home)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        with open(path, "wb") as f:
            f.truncate(200 * 1024 * 1024)  # 200 MB (sparse)
    notes = NotesApp(lang="en", home=ds_home)
    async with notes.run_test(size=(60, 18)) as follower:
        await follower.pause(0.5)
        started = time.monotonic()
        await follower.press("l")
        await follower.pause()
        assert notes.lang == "vi" and time.monotonic() - started < 2
        assert "Đang chờ ds-tui present" in plain(notes.query_one("#notes-status", Static))


async def test_broken_lesson_with_escapes_in_its_name_and_text_is_listed_escaped(ds_home, tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    text = (FIXTURES / "every_kind.yaml").read_text(encoding="utf-8")
    (folder / "\x1b]52;c;aGk=\x07.yaml").write_text(text.replace('en: "Sample lesson"', 'en: "\\e]52;c;aGk=\\a"'),
                                                   encoding="utf-8")
    (folder / "merge.yaml").write_text("<<: {}\n", encoding="utf-8")
    (folder / "table.yaml").write_text(text.replace('en: "Run the demo."', 'en: "' + "|a|\\n" * 10_000 + '"')
                                       .replace("id: sample", "id: table"), encoding="utf-8")
    app = DsTuiApp(lang="en", lesson_dirs=[folder], home=ds_home)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert [lesson.id for lesson in app.library.lessons][:4] == ["your-hardware", "real-systems",
                                                                     "thread-or-process", "chatgpt-training"]
        broken = plain(app.screen.query_one("#broken", Static))
        assert "\\x1b]52;c;aGk=\\x07.yaml" in broken and "merge keys" in broken
        assert "table.yaml" in broken
        assert_no_foreign_escape(app)


# -- the user's keymap ---------------------------------------------------------------------------------------
def present_app(ds_home) -> DsTuiApp:
    return DsTuiApp(lang="en", home=ds_home, start=StartRequest("present", lesson="your-hardware"), theme="projector")


async def test_a_keymap_of_aliases_leaves_the_default_keys_and_q_asks_to_quit(ds_home):
    from ds_tui.ui.screens.classroom_modals import ConfirmScreen

    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 9):
        text += f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]\n"
    (ds_home / "keymap.yaml").write_text(text, encoding="utf-8")
    app = present_app(ds_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        notes = [n for n in app._notifications]
        assert len(notes) == 1 and "aliases" in notes[0].message
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_a_long_keymap_gives_one_notification(ds_home):
    (ds_home / "keymap.toml").write_text('"[/]" = 1\n' + "".join(f'n{i} = 1\n' for i in range(5_000)), encoding="utf-8")
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 30)) as pilot:
        started = time.monotonic()
        await settle(pilot)
        assert time.monotonic() - started < 10
        (note,) = app._notifications
        assert "… and" in note.message and note.message.count("\n") == 3
        assert_no_foreign_escape(app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_keymap_cannot_take_the_quit_key_of_present(ds_home):
    from ds_tui.ui.screens.classroom_modals import ConfirmScreen

    (ds_home / "keymap.toml").write_text('"present.next" = "q,n"\n"present.blank" = "w"\n', encoding="utf-8")
    app = present_app(ds_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (note,) = app._notifications
        assert '"present.next"' in note.message and "quits" in note.message
        await pilot.press("w")  # the other entry applies
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
