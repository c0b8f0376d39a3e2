"""Snapshots of the quiz screens: a question, the feedback, the summary, the stats and the menu."""

from __future__ import annotations

import pytest

from ds_tui.quiz.scheduler import Scheduler
from ds_tui.ui.app import DsTuiApp
from ds_tui.start_request import StartRequest
from tests.conftest import FIXTURES
from tests.ui_helpers import settle


@pytest.fixture(autouse=True)
def exact_schedule(monkeypatch):
    from ds_tui.quiz import progress

    monkeypatch.setattr(progress, "Scheduler", lambda: Scheduler(fuzz=False))


def quiz_app(ds_home, lang="en", topic="snap-choosing") -> DsTuiApp:
    return DsTuiApp(lang=lang, home=ds_home, start=StartRequest("quiz", lesson=topic or None))


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
def test_question_classify(snap_compare, ds_home, size):
    async def place_two(pilot):
        await settle(pilot)
        await pilot.press("1", "4")
        await pilot.pause()

    assert snap_compare(quiz_app(ds_home), terminal_size=size, run_before=place_two)


def test_feedback_after_a_wrong_answer_vietnamese(snap_compare, ds_home):
    async def answer_wrong(pilot):
        await settle(pilot)
        screen = pilot.app.screen
        while screen.session.current.question.kind != "single":
            await pilot.press("n")
        wrong = next(n for n, o in enumerate(screen.session.current.question.options, 1) if not o.correct)
        await pilot.press(str(wrong), "enter")
        await pilot.pause()

    assert snap_compare(quiz_app(ds_home, "vi"), terminal_size=(80, 24), run_before=answer_wrong)


def test_summary(snap_compare, ds_home):
    async def finish(pilot):
        await settle(pilot)
        await pilot.press("1", "enter", "n", "1", "enter", "n", "2", "enter", "n", "n", "n", "n", "n")
        await pilot.pause()

    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=finish)


def test_stats_and_menu(snap_compare, ds_home):
    async def answer_then_stats(pilot):
        await settle(pilot)
        await pilot.press("1", "enter", "n", "2", "enter", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()

    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=answer_then_stats)


def test_quiz_menu(snap_compare, ds_home):
    async def open_menu(pilot):
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()

    assert snap_compare(DsTuiApp(lang="en", home=ds_home), terminal_size=(80, 24), run_before=open_menu)
