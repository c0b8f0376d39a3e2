"""Textual asks a screen's check_action about every binding on every key press and focus change: the demo
screen answers from the view it made, and the reader looks for its demo view only for the demo's own
actions (run, cancel). A DOM query for each binding cost the demo screen ~40 queries per key press while
a demo kept the cores busy."""

from __future__ import annotations

from ds_tui.lessons import load_library
from ds_tui.lessons.library import bundled_lessons_dir
from ds_tui.start_request import StartRequest
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.demo import DemoScreen
from ds_tui.ui.screens.reader import ReaderScreen
from tests.ui_helpers import settle


def counting_queries(monkeypatch, screen_class: type) -> list[object]:
    searched: list[object] = []
    real = screen_class.query

    def query(self, *args, **kwargs):
        searched.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(screen_class, "query", query)
    return searched


async def test_the_demo_screen_answers_for_its_keys_without_searching_itself(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        searched = counting_queries(monkeypatch, DemoScreen)
        assert screen.check_action("back", ()) is True
        assert screen.check_action("run_demo", ()) is True and screen.check_action("cancel_demo", ()) is False
        await pilot.press("question_mark")  # the help opens and closes: every binding is checked on the way
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is screen and searched == []


async def test_the_reader_looks_for_its_demo_only_for_the_demos_keys(ds_home, monkeypatch):
    library = load_library([bundled_lessons_dir()])
    lesson, index = next((lesson, i) for lesson in library.lessons for i, s in enumerate(lesson.sections)
                         if s.embed is not None and s.embed.kind == "demo")
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_lesson(lesson.id)
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.index = index
        await pilot.pause()
        searched = counting_queries(monkeypatch, ReaderScreen)
        for action in ("back", "next_section", "prev_section", "app.help"):
            assert reader.check_action(action, ()) is True
        assert searched == []
        assert reader.check_action("run_demo", ()) is True  # the section's demo is found, and not running
        assert searched
