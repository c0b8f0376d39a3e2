"""Screen changes leave nothing behind: closed widgets are freed, and the heap loaded at start-up is frozen
so that Python's full collections (pauses of the interface) stay short."""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.widget import Widget

from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.memory import prune_closed_watchers
from ds_tui.ui.screens.help import HelpScreen
from ds_tui.start_request import StartRequest
from tests.ui_helpers import settle


class Owner:
    def __init__(self, closing: bool = False, closed: bool = False) -> None:
        self._closing = closing
        self._closed = closed


def test_prune_removes_only_watchers_of_closed_owners():
    watched = Owner()
    alive, closing, closed = Owner(), Owner(closing=True), Owner(closed=True)
    setattr(watched, "__watchers", {"lang": [(alive, print), (closing, print)], "compact": [(closed, repr)]})
    assert prune_closed_watchers(watched) == 2
    assert getattr(watched, "__watchers") == {"lang": [(alive, print)], "compact": []}
    assert prune_closed_watchers(watched) == 0
    assert prune_closed_watchers(Owner()) == 0  # nothing watched: nothing to do


def closed_widgets_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Widget) and o._closed)


async def test_screen_changes_free_the_closed_screens_widgets(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(3):  # warm up: the first screens fill Textual's caches
            await pilot.press("question_mark", "question_mark")
        await pilot.pause()
        before = closed_widgets_alive()
        for _ in range(8):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("question_mark")
            await pilot.pause()
        # each help screen and each footer made on the way is gone (they were kept by the footer's
        # watchers and a memo of Textual's styles cache: about 200 objects per key press)
        assert closed_widgets_alive() <= before
        assert StylesCache.get_inner_outer.cache_info().currsize < 200


async def test_startup_heap_is_frozen_while_the_app_runs(ds_home, monkeypatch):
    gc.unfreeze()
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert app.library is not None
        assert gc.get_freeze_count() > 10_000  # imports, the lesson library, the first screen (no collection first)
    assert gc.get_freeze_count() == 0  # given back when the app ends
