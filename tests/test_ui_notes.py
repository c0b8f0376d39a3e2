"""``ds-tui notes`` as the teacher's second window: the saved theme, the small-window hint, and a
code-reading question shown as the class quiz shows it (no fences, the code in a box)."""

from __future__ import annotations

import os
import time

import pytest
from textual.widgets import Static

from ds_tui.classroom.class_text import prompt_parts
from ds_tui.classroom.presence import PresenterState, QuizState, state_path, text_json, write_state
from ds_tui.lessons import load_library
from ds_tui.ui.notes_app import NotesApp
from ds_tui.ui.window_size import TooSmall
from tests.ui_helpers import plain

LESSONS = {lesson.id: lesson for lesson in load_library().lessons}


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def presenting_slide(home) -> None:
    write_state(state_path(home), PresenterState(
        pid=os.getpid(), lesson_id="your-hardware", lesson_title={"en": "Your hardware", "vi": "Phần cứng của bạn"},
        slide=0, total=15, started_at=time.time(), updated_at=time.time()))


def asking(home, question) -> None:
    lesson = LESSONS["thread-or-process"]
    write_state(state_path(home), PresenterState(
        pid=os.getpid(), lesson_id=lesson.id, lesson_title=text_json(lesson.title), slide=3, total=15,
        started_at=time.time(), updated_at=time.time(),
        quiz=QuizState(10, len(lesson.quiz), "question", text_json(question.prompt),
                       [{"en": "B. A lock is needed", "vi": "B. Cần một khóa"}], text_json(question.explanation))))


# -- the theme ---------------------------------------------------------------------------------------------
async def test_notes_use_the_saved_theme_and_the_flag_wins(ds_home):
    presenting_slide(ds_home)
    app = NotesApp(lang="en", home=ds_home, saved_theme="nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert app.theme == "nord"
    app = NotesApp(lang="en", home=ds_home, theme="projector-light", saved_theme="nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert app.theme == "projector-light"


async def test_an_unknown_saved_theme_is_a_warning_not_an_error(ds_home):
    app = NotesApp(lang="vi", home=ds_home, saved_theme="no-such-theme", notices=["settings.json: [b]x[/b]"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        shown = [str(n.message) for n in app._notifications]
        assert any("no-such-theme" in m for m in shown) and "settings.json: [b]x[/b]" in shown  # as text, no markup
        assert app.theme != "no-such-theme"


def test_ds_tui_notes_passes_the_saved_theme_and_the_settings_warning(ds_home, monkeypatch):
    import json

    from ds_tui.cli import main
    from ds_tui.ui import notes_app

    (ds_home / "settings.json").write_text(json.dumps({"theme": "nord"}), encoding="utf-8")
    seen: dict = {}
    monkeypatch.setattr(notes_app, "run_notes", lambda *a, **k: seen.update(args=a, kwargs=k) or 0)
    assert main(["notes"]) == 0
    assert seen["args"][1:3] == (None, "nord") and seen["args"][3] == []
    assert main(["notes", "--theme", "textual-light"]) == 0 and seen["args"][1:3] == ("textual-light", "nord")


# -- a window too small ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_a_window_smaller_than_60x18_says_how_big_to_make_it_and_recovers(ds_home, lang):
    presenting_slide(ds_home)
    app = NotesApp(lang=lang, home=ds_home)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause(0.3)
        hint = app.screen.query_one(TooSmall)
        for _ in range(100):  # mounted; laid out a few frames later on a loaded machine
            if hint.region.width:
                break
            await pilot.pause(0.02)
        text = plain(hint).strip()
        assert "60×18" in text and "50×15" in text
        assert hint.region.width == 50 and hint.region.height == 15  # over the whole window
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        await pilot.pause()
        assert not app.screen.query(TooSmall)
        assert "Your hardware" in screen_text(app) or "Phần cứng" in screen_text(app)


# -- a code-reading question -------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(60, 18), (120, 40)], ids=["60x18", "120x40"])
@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_a_code_question_shows_its_code_in_a_box_without_fences(ds_home, lang, size):
    lesson = LESSONS["thread-or-process"]
    question = next(q for q in lesson.quiz if prompt_parts(q.prompt.show(lang))[1] is not None)
    before, code, _after = prompt_parts(question.prompt.show(lang))
    asking(ds_home, question)
    app = NotesApp(lang=lang, home=ds_home)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "```" not in text and "**" not in text
        box = app.query_one("#notes-code", Static)
        assert box.display and box.region.height >= 2
        first = next(line.strip() for line in code.splitlines() if line.strip())
        assert first in text  # the code's first line, as written
        assert box.region.y > app.query_one("#notes-prompt").region.y  # under the question's text
        assert "```" not in app.query_one("#notes-body").source
        assert before.split()[0] in text


async def test_a_question_without_code_and_a_slide_show_no_code_box(ds_home):
    question = next(q for q in LESSONS["thread-or-process"].quiz if prompt_parts(q.prompt.show("en"))[1] is None)
    asking(ds_home, question)
    app = NotesApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert not app.query_one("#notes-code").display and app.query_one("#notes-prompt").display
        presenting_slide(ds_home)
        await pilot.pause(0.5)
        assert not app.query_one("#notes-code").display and not app.query_one("#notes-prompt").display
