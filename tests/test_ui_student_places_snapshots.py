"""Snapshots of the Demos place and the lesson search (update with: pytest --snapshot-update)."""

from __future__ import annotations

import pytest

from ds_tui.ui.app import DsTuiApp
from tests.ui_helpers import settle


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_demos_place(snap_compare, ds_home, lang):
    async def open_demos(pilot):
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(DsTuiApp(lang=lang, home=ds_home), terminal_size=(80, 24), run_before=open_demos)


def test_lesson_search(snap_compare, ds_home):
    async def search(pilot):
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.app.screen.workers.wait_for_complete()
        await pilot.press(*"bo nho")
        await pilot.pause()

    assert snap_compare(DsTuiApp(lang="en", home=ds_home), terminal_size=(80, 24), run_before=search)
