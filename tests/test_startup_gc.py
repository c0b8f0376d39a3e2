"""Automatic garbage collection is paused from the entry point until the app's first screen is drawn, and
only then: a command that opens no app, the app's first screen (with its lessons, or the hardware screen
that needs none), a lesson library that failed to load and the app's end each turn it back on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ds_tui import cli, entry, startup_gc
from ds_tui.start_request import StartRequest
from ds_tui.ui.app import DsTuiApp
from tests.ui_helpers import settle

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def paused() -> Iterator[None]:
    """The state the entry point leaves: collection paused by ds_tui.startup_gc."""
    assert gc.isenabled()
    startup_gc.pause()
    assert not gc.isenabled() and startup_gc.paused()
    try:
        yield
    finally:
        startup_gc.resume()
        gc.enable()


def test_pause_and_resume_are_paired_and_leave_someone_elses_choice_alone():
    startup_gc.pause()
    startup_gc.pause()  # a second pause changes nothing
    assert not gc.isenabled()
    startup_gc.resume()
    assert gc.isenabled() and not startup_gc.paused()
    gc.disable()  # turned off by someone else (a profiler, an embedding program): not ours to turn on
    try:
        startup_gc.pause()
        assert not startup_gc.paused()
        startup_gc.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_entry_point_pauses_collection_before_the_command_line_runs(monkeypatch):
    seen: list[bool] = []

    def fake_main(argv: list[str] | None = None) -> int:
        seen.append(gc.isenabled())
        startup_gc.resume()
        return 7

    monkeypatch.setattr(cli, "main", fake_main)
    assert entry.main(["--version"]) == 7
    assert seen == [False] and gc.isenabled()


@pytest.mark.parametrize("argv", [["--version"], ["validate", str(ROOT / "lessons")], ["demo", "list"],
                                  ["hardware", "--json"], ["no-such-command"]])
def test_a_command_that_opens_no_app_collects_as_usual(paused, argv, capsys):
    states: list[bool] = []
    real = cli._main

    def watched(args: list[str] | None) -> int:
        try:
            return real(args)
        finally:
            states.append(gc.isenabled())

    cli._main = watched  # type: ignore[assignment]  # restored below
    try:
        try:
            cli.main(argv)
        except SystemExit:
            pass
    finally:
        cli._main = real  # type: ignore[assignment]
    assert gc.isenabled()
    if argv[0] != "--version" and argv[0] != "no-such-command":  # argparse exits before the command runs
        assert states == [True]  # turned on before the command's own work, not only at the end


async def test_the_app_resumes_collection_once_its_first_screen_has_the_lessons(paused, ds_home):
    app = DsTuiApp(lang="en", home=ds_home)  # (the heap frozen then: tests/test_ui_memory.py)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert app.library is not None and app.library.lessons
        assert gc.isenabled() and not startup_gc.paused()


async def test_the_hardware_screen_resumes_collection_without_waiting_for_lessons(paused, ds_home):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.library is None  # never loaded on this start
        assert gc.isenabled()


async def test_a_library_that_fails_to_load_still_resumes_collection(paused, ds_home, monkeypatch):
    import ds_tui.startup

    def broken(*_args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(ds_tui.startup, "load_everything", broken)
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert app.library is not None and not app.library.lessons
        assert gc.isenabled()


async def test_an_app_that_ends_before_its_first_screen_resumes_collection(paused, ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)):
        app.exit()
    assert gc.isenabled()


async def test_a_start_that_never_draws_its_lessons_resumes_collection_after_a_limit(paused, ds_home, monkeypatch):
    import threading

    import ds_tui.startup

    release = threading.Event()

    def hanging(*_args: object) -> None:
        release.wait(10)
        raise OSError("gave up")

    monkeypatch.setattr(ds_tui.startup, "load_everything", hanging)
    monkeypatch.setattr(DsTuiApp, "STARTUP_GC_LIMIT_S", 0.3)
    app = DsTuiApp(lang="en", home=ds_home)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.1)
            assert not gc.isenabled() and app.library is None  # still loading: paused
            await pilot.pause(0.5)
            assert gc.isenabled() and app.library is None  # the limit, not the lessons
            release.set()
    finally:
        release.set()
