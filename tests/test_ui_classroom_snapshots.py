"""Snapshots of classroom mode at a zoomed projector's 60x18 and at 120x40 (update: pytest --snapshot-update)."""

from __future__ import annotations

import os
import time

import pytest

from ds_tui.classroom.presence import PresenterState, state_path, write_state
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.notes_app import NotesApp
from ds_tui.ui.screens import class_quiz as class_quiz_module
from ds_tui.start_request import StartRequest
from tests.ui_helpers import settle

SIZES = [pytest.param((60, 18), id="60x18"), pytest.param((120, 40), id="120x40")]
NOW = 1_750_000_000.0  # 2025-06-15 15:06:40 UTC


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(class_quiz_module, "monotonic", lambda: 1000.0)


def presenting(ds_home, lang: str = "en") -> DsTuiApp:
    return DsTuiApp(lang=lang, home=ds_home, start=StartRequest("present", lesson="snap-machine"), theme="projector")


async def quiz_question_3(pilot) -> None:
    await settle(pilot)
    await pilot.press("k", "g", "3", "enter")
    await pilot.pause()


async def counted(pilot) -> None:
    await quiz_question_3(pilot)
    await pilot.press("right", "right")
    await pilot.pause()
    for key in ("4", "enter", "6", "enter", "9", "enter", "1"):
        await pilot.press(key)
    await pilot.press("pagedown")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_slide(snap_compare, ds_home, size):
    assert snap_compare(presenting(ds_home), terminal_size=size, run_before=settle)


def test_slide_vietnamese(snap_compare, ds_home):
    async def third(pilot):
        await settle(pilot)
        await pilot.press("g", "3", "enter")
        await pilot.pause()

    assert snap_compare(presenting(ds_home, "vi"), terminal_size=(60, 18), run_before=third)


@pytest.mark.parametrize("size", SIZES)
def test_blank_screen(snap_compare, ds_home, size):
    async def blank(pilot):
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(presenting(ds_home), terminal_size=size, run_before=blank)


@pytest.mark.parametrize("size", SIZES)
def test_class_quiz_countdown(snap_compare, ds_home, size):
    async def countdown(pilot):
        await quiz_question_3(pilot)
        await pilot.press("right", "plus")  # 1:15 on the clock
        await pilot.pause(0.3)

    assert snap_compare(presenting(ds_home), terminal_size=size, run_before=countdown)


@pytest.mark.parametrize("size", SIZES)
def test_class_quiz_distribution(snap_compare, ds_home, size):
    assert snap_compare(presenting(ds_home), terminal_size=size, run_before=counted)


@pytest.mark.parametrize("size", SIZES)
def test_class_quiz_reveal(snap_compare, ds_home, size):
    async def reveal(pilot):
        await counted(pilot)
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(presenting(ds_home), terminal_size=size, run_before=reveal)


@pytest.mark.parametrize("size", SIZES)
def test_notes_view(snap_compare, ds_home, monkeypatch, size):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    write_state(state_path(ds_home), PresenterState(
        pid=os.getpid(), lesson_id="snap-machine",
        lesson_title={"en": "Reading a machine", "vi": "Đọc thông số một chiếc máy"},
        slide=2, total=6, started_at=NOW - 754, updated_at=NOW, title={"en": "Cores and hardware threads", "vi": "x"},
        notes={"en": "Ask who has **more logical CPUs** than cores.\n\nThen open the hardware panel.", "vi": "x"},
        next_title={"en": "RAM and virtual memory", "vi": "x"}))
    app = NotesApp(lang="en", home=ds_home, clock=lambda: NOW)

    async def ready(pilot):
        await pilot.pause(0.3)

    try:
        assert snap_compare(app, terminal_size=size, run_before=ready)
    finally:
        monkeypatch.undo()
        time.tzset()


# -- a zoomed projector: everything the class reads is on screen --------------------------------------------------
def presenting_lesson(ds_home, lesson: str, lang: str = "en") -> DsTuiApp:
    return DsTuiApp(lang=lang, home=ds_home, start=StartRequest("present", lesson=lesson), theme="projector")


def quiz_question(number: int, keys: tuple[str, ...] = ("right",)):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("k", "g", *str(number), "enter")
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)

    return run_before


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_class_quiz_countdown_four_long_options_60x18(snap_compare, ds_home, lang):
    """The clock on the top line; option D (it used to be under the big digits) and the whole hint."""
    app = presenting_lesson(ds_home, "snap-choosing", lang)
    assert snap_compare(app, terminal_size=(60, 18), run_before=quiz_question(7))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_class_quiz_countdown_classify_60x18(snap_compare, ds_home, lang):
    """Eight items to classify, every one on screen (two columns, or run on when even that is too tall)."""
    app = presenting_lesson(ds_home, "snap-training", lang)
    assert snap_compare(app, terminal_size=(60, 18), run_before=quiz_question(1))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_class_quiz_show_of_hands_60x18(snap_compare, ds_home, lang):
    """Six count fields on one row, the cursor in the second, the hint whole."""
    app = presenting_lesson(ds_home, "snap-choosing", lang)
    assert snap_compare(app, terminal_size=(60, 18), run_before=quiz_question(2, ("right", "right", "4", "enter")))


@pytest.mark.parametrize("size", SIZES)
def test_class_summary(snap_compare, ds_home, monkeypatch, size):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    async def until(pilot, done) -> None:
        for _ in range(12):  # next (a page at a time where the screen is small) until ``done``
            if done(pilot.app.screen.quiz):
                return
            await pilot.press("right")
            await pilot.pause()
        raise AssertionError("the class quiz did not get there")

    async def summary(pilot):
        await counted(pilot)  # question 3: 45% right
        pilot.app.screen.present.class_started = NOW
        await until(pilot, lambda quiz: quiz.phase.value == "votes")  # discussed, vote again
        for _ in range(10):  # the count fields are there
            if pilot.app.focused is not None:
                break
            await pilot.pause()
        for key in ("1", "enter", "2", "enter", "1", "6", "enter", "1"):
            await pilot.press(key)
        await until(pilot, lambda quiz: quiz.phase.value == "reveal")  # 80%, then the answer
        await until(pilot, lambda quiz: pilot.app.screen.number == 3)  # question 4
        await pilot.press("a", "s")  # discussed; the summary
        await pilot.pause()

    try:
        assert snap_compare(presenting(ds_home), terminal_size=size, run_before=summary)
    finally:
        monkeypatch.undo()
        time.tzset()
