"""The demo view, full-screen and embedded: runs a real (small) demo and shows what the core measured."""

from __future__ import annotations

import psutil
from textual.widgets import Input, Select, Static

from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.demo import DemoScreen
from ds_tui.ui.widgets.demo_view import DemoView
from ds_tui.ui.widgets.timeline import Timeline
from ds_tui.start_request import StartRequest
from tests.ui_helpers import plain, settle, wait_demo


async def test_demo_screen_runs_cpu_bound_and_saves_the_runs(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"))
    async with app.run_test(size=(100, 45)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DemoScreen)
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-workers", Input).value = "2"
        view.query_one("#demo-size", Select).value = "small"
        await pilot.press("r")
        await wait_demo(pilot)
        assert [r.mode for r in view.runs] == ["sequential", "threads", "processes"]
        table = plain(view.query_one("#demo-results", Static))
        assert "Sequential" in table and "Processes" in table and "✓" in table
        assert "GIL" in plain(view.query_one("#demo-explanation", Static))
        assert len(view.query_one(Timeline).tracks) == 3
        assert app.store is not None and len(app.store.demo_reports("cpu-bound")) == 1
        await pilot.press("l")
        await pilot.pause()
        assert "Tuần tự" in plain(view.query_one("#demo-results", Static))


async def test_race_demo_shows_lost_updates(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="race"))
    async with app.run_test(size=(100, 45)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "small"
        await pilot.press("r")
        await wait_demo(pilot)
        unlocked = next(r for r in view.runs if r.mode == "threads-unlocked")
        assert not unlocked.ok and unlocked.extra["lost"] > 0
        assert "lost" in plain(view.query_one("#demo-results", Static))


def live_children() -> set[int]:
    return {c.pid for c in psutil.Process().children(recursive=True) if c.is_running() and c.status() != "zombie"}


async def test_cancel_and_quit_leave_no_child_process(ds_home, monkeypatch):
    before = live_children()  # e.g. a resource tracker left by earlier tests
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"))
    async with app.run_test(size=(100, 45)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "large"
        await pilot.press("r")
        for _ in range(900):  # until the process run has started its workers (a busy machine takes long)
            await pilot.pause(0.1)
            if view.live_mode == "processes" and len(live_children() - before) >= 2:  # demo child + workers
                break
        await pilot.press("ctrl+q")
        await pilot.pause(0.5)
    assert view.live_mode == "processes"
    assert not live_children() - before


async def test_lesson_embeds_a_runnable_demo(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_lesson("thread-or-process")
        await pilot.pause()
        reader = app.screen
        reader.index = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == "race")
        await pilot.pause()
        assert "Run demo" in [b.description for (_, b, enabled, _) in reader.active_bindings.values() if enabled]
        view = reader.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "small"
        await pilot.press("r")
        await wait_demo(pilot)
        assert view.report is not None and view.report.metrics["lost_updates.unlocked"] > 0
        reader.index = 0
        await pilot.pause()
        assert "Run demo" not in [b.description for (_, b, enabled, _) in reader.active_bindings.values() if enabled]


def test_demo_snapshot_before_running(snap_compare, ds_home, monkeypatch):

    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="io-bound")), terminal_size=(80, 24),
                        run_before=ready)


def test_speedup_chart_fits_amdahl_from_the_best_process_run():
    from ds_tui.ui.widgets.speedup_chart import Point, amdahl, fit_parallel_fraction

    points = [Point("threads", 4, 0.95), Point("processes", 2, 1.6), Point("processes", 4, 1.8)]
    p = fit_parallel_fraction(points, usable=2)  # 1.8x on min(4, 2) cores
    assert abs(p - (1 - 1 / 1.8) / (1 - 1 / 2)) < 1e-9
    assert abs(amdahl(p, 2) - 1.8) < 1e-9
    assert fit_parallel_fraction([Point("threads", 4, 1.0)], usable=2) is None


async def test_the_chosen_start_method_is_the_one_the_demo_runs_with(ds_home, monkeypatch):
    """The machine's methods, its default first; the one chosen reaches the demo's process."""
    import dataclasses

    from ds_tui.demos import isolated
    from ds_tui.hardware.examples import example_laptop, example_sample
    from ds_tui.hardware.source import RecordedMachine

    seen: list[str | None] = []

    def run(demo_id, params=None, on_event=None, cancel=None, start_method=None):
        seen.append(start_method)
        raise isolated.DemoProcessFailed("stopped by the test")

    monkeypatch.setattr(isolated, "run_demo_isolated", run)
    laptop = example_laptop()
    linux = dataclasses.replace(laptop, os=dataclasses.replace(laptop.os, family="linux"))
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"), machine=RecordedMachine(linux, example_sample()))
    async with app.run_test(size=(100, 45)) as pilot:
        await settle(pilot)
        select = app.screen.query_one(DemoView).query_one("#demo-start", Select)
        assert select.value == "fork"  # Linux's default before Python 3.14, as `ds-tui demo` would use
        select.value = "spawn"
        await pilot.press("r")
        await wait_demo(pilot)
    assert seen == ["spawn"]


def test_the_live_machine_offers_the_default_start_method_first():
    import multiprocessing

    from ds_tui.demos.machine import default_start_method
    from ds_tui.hardware.source import LiveMachine

    methods = LiveMachine().start_methods()
    assert methods[0] == default_start_method() and set(methods) == set(multiprocessing.get_all_start_methods())
