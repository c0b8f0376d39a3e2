"""Every footer a teacher sees is whole: at a zoomed projector's 60x18 and at 80x24, in both languages,
each key in the footer row is shown whole (none cut at the edge, none half off), and the keys that leave
the screen and go on are among them. The slides, every step of the class quiz (a code-reading question
too), the class summary, the help, the lesson reader and the notes window."""

from __future__ import annotations

import time

import pytest
from rich.cells import cell_len
from textual.widgets._footer import FooterKey

from ds_tui.classroom.class_text import prompt_parts
from ds_tui.classroom.presence import PresenterState, state_path, write_state
from ds_tui.start_request import StartRequest
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.notes_app import NotesApp
from ds_tui.ui.screens.class_quiz import ClassQuizScreen
from ds_tui.ui.screens.class_summary import ClassSummaryScreen
from ds_tui.ui.screens.help import HelpScreen
from ds_tui.ui.screens.present import PresentScreen
from ds_tui.ui.screens.reader import ReaderScreen
from ds_tui.ui.widgets.key_footer import KEPT_ACTIONS, FooterEntry, KeyFooter, fit
from ds_tui.ui.window_size import TooSmall
from tests.test_ui_classroom import LESSONS, STEPS, clock, presenting, reset  # noqa: F401  (clock: a fixture)
from tests.ui_helpers import settle

SIZES = [(60, 18), (80, 24)]
LANGS = ["en", "vi"]


def rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query_one(KeyFooter).query(FooterKey))


async def footer_filled(pilot) -> None:
    """The footer fills its keys after the screen's first layout; on a loaded machine that is a few frames."""
    for _ in range(100):
        if footer_keys(pilot.app):
            return
        await pilot.pause(0.02)


def assert_whole_footer(app, must: set[str], where: object) -> None:
    """The bottom row is the footer, and it shows exactly its keys, each one whole, ``must`` among them."""
    width, height = app.size
    footer = app.screen.query_one(KeyFooter)
    assert footer.display and footer.region.y == height - 1 and footer.region.width == width, where
    keys = footer_keys(app)
    expected = " ".join(f"{k.key_display} {k.description}" for k in keys)  # the compact footer's row
    assert cell_len(expected) <= width, (where, expected)
    assert all(k.region.right <= width and k.region.width > 0 for k in keys), where
    bottom = rows(app)[-1]
    assert bottom.rstrip() == expected, (where, bottom)  # nothing cut, nothing else on the row
    shown = {k.action for k in keys}
    assert must <= shown, (where, must - shown, bottom)


# -- the classroom: slides, each step of the class quiz, the summary, the help --------------------------------
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", LANGS)
async def test_every_classroom_footer_is_whole(ds_home, clock, monkeypatch, lang, size):
    from ds_tui.ui.screens import class_quiz as class_quiz_module

    monkeypatch.setattr(class_quiz_module, "RUN_SIZE", "small")
    app = presenting(ds_home, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PresentScreen)
        await footer_filled(pilot)
        assert_whole_footer(app, {"present_quit", "slide_next", "app.help"}, "slides")
        for step in STEPS:
            screen = await reset(pilot, step)
            await pilot.pause()
            assert_whole_footer(app, {"present_quit", "cq_next", "cq_slides", "app.help"}, step)
            if step == "run":
                for view in screen.query("#cq-demo"):
                    view.action_cancel()
                await app.workers.wait_for_complete()
                await pilot.pause()
        app.set_focus(None)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ClassSummaryScreen)
        assert_whole_footer(app, {"present_quit", "sum_next", "sum_slides", "app.help"}, "summary")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_whole_footer(app, {"close"}, "help")
        await pilot.press("l")  # the help follows the language, its footer too
        await pilot.pause()
        assert_whole_footer(app, {"close"}, "help, the other language")
        assert app.screen.query_one("#help-box").border_title == ("Phím tắt" if lang == "en" else "Keys")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", LANGS)
async def test_a_code_questions_footer_stays_on_screen(ds_home, clock, lang, size):
    """A code-reading question on a zoomed projector is short of rows; its snippet scrolls, and the
    footer (with the keys that quit and go on) stays."""
    lesson = LESSONS["thread-or-process"]
    number = next(i for i, q in enumerate(lesson.quiz) if prompt_parts(q.prompt.show(lang))[1] is not None)
    app = presenting(ds_home, lang=lang, lesson=lesson.id)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassQuizScreen)
        await pilot.press("g", *str(number + 1), "enter")
        await pilot.pause()
        for step in ("question", "countdown", "votes"):
            await pilot.pause()
            assert "```" not in "\n".join(rows(app))
            assert_whole_footer(app, {"present_quit", "cq_next", "cq_slides"}, step)
            await pilot.press("right")
            await pilot.pause()


async def test_the_footer_fits_again_when_the_window_is_resized(ds_home):
    """The same slides, the window zoomed from 80x24 to 60x18 and back: the footer refits each time."""
    app = presenting(ds_home, lang="vi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert_whole_footer(app, {"present_quit", "slide_next", "present_lang"}, "80x24")
        for size in ((60, 18), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert_whole_footer(app, {"present_quit", "slide_next", "app.help"}, size)
        assert "present_lang" in {k.action for k in footer_keys(app)}  # back at 80 columns: l English again


# -- the lesson reader -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_readers_footer_is_whole(ds_home, lang, size):
    """Its keys fit whatever the width (a demo section has the most). The reader needs 80x24: in a
    smaller window the hint says so over it, and its footer underneath is whole too."""
    app = DsTuiApp(lang=lang, home=ds_home)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for lesson_id, index in (("your-hardware", 0), ("real-systems", 8)):
            app.open_lesson(lesson_id)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            app.screen.index = index
            await pilot.pause()
            await pilot.pause()
            where = (lesson_id, index)
            if size == (80, 24):
                assert_whole_footer(app, {"back", "next_section", "help"}, where)
            else:
                assert app.screen.query(TooSmall)
                keys = footer_keys(app)
                assert sum(cell_len(f"{k.key_display} {k.description}") + 1 for k in keys) - 1 <= size[0], where
                assert {"back", "next_section"} <= {k.action for k in keys}, where
            app.action_home()
            await pilot.pause()


# -- the notes window --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_notes_footer_is_whole(ds_home, lang, size):
    import os

    write_state(state_path(ds_home), PresenterState(
        pid=os.getpid(), lesson_id="your-hardware", lesson_title={"en": "Your hardware", "vi": "Phần cứng của bạn"},
        slide=0, total=15, started_at=time.time(), updated_at=time.time()))
    app = NotesApp(lang=lang, home=ds_home)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        assert_whole_footer(app, {"quit"}, "notes")


# -- the rule itself ---------------------------------------------------------------------------------------------
def _entry(action: str, description: str, key: str = "x") -> FooterEntry:
    from textual.binding import Binding

    return FooterEntry(Binding(key, action, description), key, True, "")


def test_fit_leaves_out_secondary_keys_rightmost_first_and_keeps_the_ones_that_leave():
    entries = [_entry("slide_next", "Tiếp", "→"), _entry("present_blank", "Màn đen", "b"),
               _entry("present_quiz", "Hỏi cả lớp", "k"), _entry("present_quit", "Thoát", "q"),
               _entry("app.help", "Trợ giúp", "?"), _entry("present_lang", "English", "l")]
    assert fit(entries, 80) == entries
    assert [e.binding.action for e in fit(entries, 50)] == ["slide_next", "present_blank", "present_quiz",
                                                           "present_quit", "app.help"]
    assert [e.binding.action for e in fit(entries, 30)] == ["slide_next", "present_quit", "app.help"]
    # too narrow even for those: still whole keys, the rightmost left out first
    assert [e.binding.action for e in fit(entries, 14)] == ["slide_next", "present_quit"]
    assert {"present_quit", "quit", "back", "close", "app.help"} <= KEPT_ACTIONS


# -- a footer is made again only when its keys change ----------------------------------------------------------
async def test_a_footer_whose_keys_did_not_change_keeps_its_keys(ds_home):
    """Textual remakes a footer on every screen change, focus change and binding refresh; each remade row
    left its old keys behind as garbage and cost a style pass while a key press waited. The same keys
    stay the same widgets; another language or a narrower window makes new ones."""
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = footer_keys(app)
        assert before and "Back" in [k.description for k in before]
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        await pilot.press("question_mark")  # the help over the hardware screen, then back
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == before and all(k.is_attached for k in before)
        await pilot.press("l")  # Vietnamese: the same actions, other labels
        await pilot.pause()
        await pilot.pause()
        after = footer_keys(app)
        assert not set(after) & set(before) and "Quay lại" in [k.description for k in after]
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        await pilot.pause()
        narrow = footer_keys(app)
        assert len(narrow) < len(after) and not set(narrow) & set(after)


async def test_a_footers_keys_follow_it_when_it_stops_being_compact(ds_home):
    """Keys are made compact or not from the start (no binding to the footer's ``compact``); a footer that
    changes ``compact`` makes them again, and the row's spacing follows."""
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await footer_filled(pilot)
        footer = app.screen.query_one(KeyFooter)
        assert footer.compact and all(k.has_class("-compact") and k.compact for k in footer_keys(app))
        first = footer_keys(app)[0]
        assert rows(app)[-1].startswith(f"{first.key_display} {first.description} ")  # "k Quiz d Demos…"
        footer.compact = False
        for _ in range(50):
            await pilot.pause(0.02)
            if footer_keys(app) and not any(k.has_class("-compact") for k in footer_keys(app)):
                break
        keys = footer_keys(app)
        assert keys and not any(k.has_class("-compact") or k.compact for k in keys)
        assert rows(app)[-1].startswith(f" {keys[0].key_display} {keys[0].description} ")  # " k Quiz  d Demos…"
