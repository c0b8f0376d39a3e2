"""Snapshot tests of every screen at 80x24 and 120x40 (update with: pytest --snapshot-update).

The app shows the fixture lessons of tests/snapshot_lessons/ (conftest.py), not the bundled ones."""

from __future__ import annotations

import pytest

from ds_tui.ui.app import DsTuiApp
from tests.ui_helpers import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def make_app(ds_home, lang: str = "en") -> DsTuiApp:
    return DsTuiApp(lang=lang, home=ds_home)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, ds_home, size):
    assert snap_compare(make_app(ds_home), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare, ds_home, size):
    async def open_second_section(pilot):
        await settle(pilot)
        await pilot.press("enter", "n")
        await pilot.pause()

    assert snap_compare(make_app(ds_home), terminal_size=size, run_before=open_second_section)


def test_reader_vietnamese(snap_compare, ds_home):
    async def open_lesson(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(ds_home, "vi"), terminal_size=(80, 24), run_before=open_lesson)


def test_help(snap_compare, ds_home):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(ds_home), terminal_size=(80, 24), run_before=open_help)


def test_decision_helper(snap_compare, ds_home):
    async def open_helper(pilot):
        await settle(pilot)
        pilot.app.open_lesson("snap-choosing")
        await pilot.pause()
        reader = pilot.app.screen
        reader.index = next(i for i, s in enumerate(reader.lesson.sections)
                            if s.embed and s.embed.id == "decision-helper")
        await pilot.pause()
        reader.query_one("#recommendation").scroll_visible(animate=False)
        await pilot.pause()

    assert snap_compare(make_app(ds_home), terminal_size=(80, 24), run_before=open_helper)


@pytest.mark.parametrize("tool", ["memory-calculator", "compute-calculator"])
def test_calculators(snap_compare, ds_home, tool):
    async def open_tool(pilot):
        await settle(pilot)
        pilot.app.open_lesson("snap-training")
        await pilot.pause()
        reader = pilot.app.screen
        reader.index = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == tool)
        await pilot.pause()
        reader.query_one(".calculator").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(make_app(ds_home), terminal_size=(100, 40), run_before=open_tool)
