"""What a live screen costs while the user only looks at it: a 1 Hz sample repaints only the widgets
whose text changed, and a live view that another screen covers stops its timer and its sampler."""

from __future__ import annotations

import dataclasses

from textual.widget import Widget

from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.help import HelpScreen
from ds_tui.ui.widgets.core_bars import CoreBars
from ds_tui.ui.widgets.demo_view import DemoView
from ds_tui.ui.widgets.gauge import Gauge
from ds_tui.ui.widgets.hardware_panel import HardwarePanel
from ds_tui.start_request import StartRequest
from tests.ui_helpers import settle


def count_refreshes(monkeypatch) -> list[tuple[str, bool]]:
    calls: list[tuple[str, bool]] = []
    original = Widget.refresh

    def refresh(self, *args, **kwargs):
        calls.append((self.id or type(self).__name__, bool(kwargs.get("layout"))))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Widget, "refresh", refresh)
    return calls


async def test_a_sample_that_changes_nothing_on_screen_repaints_nothing(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.hw_sample
        for second in range(1, 13):  # the model line gets its clock, and the cores' history fills up
            app.hw_sample = dataclasses.replace(first, timestamp=first.timestamp + second)
            await pilot.pause()
        calls = count_refreshes(monkeypatch)
        for second in range(13, 23):
            # a quiet machine: memory moves by a few KiB (62.5% reads 62% all along), the rest stays
            app.hw_sample = dataclasses.replace(first, timestamp=first.timestamp + second,
                                                memory_used_bytes=first.memory_used_bytes - 4096 * second)
            await pilot.pause()
        panel = app.screen.query_one(HardwarePanel)
        assert panel.query_one("#hw-mem", Gauge).percent < 62.5
        assert calls == []  # before: the model line was laid out again, and the memory gauge repainted, every second

        # what does change on screen is still drawn: one core's figure, the memory's percentage
        cores = list(first.per_cpu_percent)
        cores[0] = 90.0
        app.hw_sample = dataclasses.replace(first, timestamp=first.timestamp + 30, per_cpu_percent=tuple(cores),
                                            memory_used_bytes=first.memory_used_bytes * 2 // 3 * 2)
        await pilot.pause()
        assert ("hw-cores", False) in calls and ("hw-mem", False) in calls
        assert not [call for call in calls if call[1]]  # nothing changed height: no layout
        assert " 90% " in str(panel.query_one(CoreBars).render())


def test_core_bars_repaint_only_when_what_they_show_changes(monkeypatch):
    bars = CoreBars()
    bars.update_cores([10.0, 20.0])
    bars.render()  # drawn once
    calls = count_refreshes(monkeypatch)
    for _ in range(12):  # the history fills with the same level: the sparkline grows, so it repaints
        bars.update_cores([10.0, 20.0])
    repaints = len(calls)
    assert repaints >= 1
    bars.update_cores([10.2, 19.9])  # reads 10% and 20% as before, same bar, same history level
    assert len(calls) == repaints
    bars.update_cores([55.0, 20.0])
    assert len(calls) == repaints + 1


async def test_a_covered_hardware_screen_lets_the_sampler_go(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.hardware_feed.users == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.hardware_feed.users == 0 and app.hardware_feed.thread is None  # nothing samples for nobody
        calls = count_refreshes(monkeypatch)
        first = app.hw_sample
        app.hw_sample = dataclasses.replace(first, timestamp=first.timestamp + 1, per_cpu_percent=(99.0,) * 8)
        await pilot.pause()
        assert not [call for call in calls if call[0].startswith("hw-")]  # the hidden panel draws nothing
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.hardware_feed.users == 1  # shown again: the panel shows the app's latest sample at once
        assert app.screen.query_one(CoreBars).cores == app.hw_sample.per_cpu_percent


async def test_a_covered_demo_pauses_its_timeline_timer_and_sampler(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        assert view._timeline_timer._active.is_set() and app.hardware_feed.users == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert not view._timeline_timer._active.is_set() and app.hardware_feed.users == 0
        await pilot.press("question_mark")
        await pilot.pause()
        assert view._timeline_timer._active.is_set() and app.hardware_feed.users == 1
        await pilot.press("escape")  # back home: the demo's screen closes and lets go of everything
        await pilot.pause()
        assert app.hardware_feed.users == 0


async def test_a_changed_sample_makes_each_bar_once(ds_home, monkeypatch):
    """The core bars and a gauge compare their new text with the one on screen; the frame then draws
    that same text instead of making it a second time (half of their work, every second)."""
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.hw_sample
        made: list[str] = []
        render_cores, gauge_text = CoreBars._render_cores, Gauge._text
        monkeypatch.setattr(CoreBars, "_render_cores", lambda self: made.append("cores") or render_cores(self))
        monkeypatch.setattr(Gauge, "_text", lambda self: made.append(self.id) or gauge_text(self))
        cores = [min(100.0, value + 30) for value in first.per_cpu_percent]
        app.hw_sample = dataclasses.replace(first, timestamp=first.timestamp + 1, per_cpu_percent=tuple(cores),
                                            memory_used_bytes=first.memory_used_bytes // 2)
        await pilot.pause()
        await pilot.pause()
        panel = app.screen.query_one(HardwarePanel)
        assert made.count("cores") == 1 and made.count("hw-mem") == 1
        assert f"{cores[0]:3.0f}%" in str(panel.query_one(CoreBars).render())


async def test_a_finished_demo_repaints_its_timeline_only_when_the_picture_changes(ds_home, monkeypatch):
    """Drawing the runs again with nothing new (the demo's end, the same language again, the timer's ticks)
    leaves the timeline's cells as they are: no repaint. Another language is another picture: one repaint."""
    from ds_tui.demos import events as ev
    from ds_tui.demos import isolated
    from ds_tui.demos.results import DemoReport, RunResult, Span
    from ds_tui.lessons.model import Text
    from ds_tui.ui.widgets.timeline import Timeline
    from tests.ui_helpers import wait_demo

    lanes = ("process 0", "process 1")
    spans = tuple(Span(k, 0.01 * j, 0.01 * j + 0.008, "cpu") for k in range(2) for j in range(20))
    run = RunResult("processes", 2, 0.2, 0.4, True, lanes=lanes, spans=spans)
    report = DemoReport("cpu-bound", {"workers": 2, "size": "small"}, {"usable_cores": 2}, (run,),
                        Text(en="Explained.", vi="Giải thích."), {})

    def fake_run(demo_id, params=None, on_event=None, cancel=None, start_method=None):
        on_event(ev.RunStarted(report.demo, run.mode, run.workers, lanes, 2))
        for s in spans:
            on_event(ev.WorkerSpan(run.mode, s.worker, s.start_s, s.end_s, s.kind))
        on_event(ev.RunFinished(run))
        on_event(ev.DemoFinished(report))
        return report

    monkeypatch.setattr(isolated, "run_demo_isolated", fake_run)
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="cpu-bound"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_demo(pilot)
        view = app.screen.query_one(DemoView)
        shown = view.query_one(Timeline).render().plain
        assert "process 1" in shown and "█" in shown
        calls = count_refreshes(monkeypatch)
        view._show_runs()  # what the demo's end does after its last run
        view.set_lang("en")
        view._timeline_dirty = True
        view._redraw_timeline()  # a tick with spans that change no cell
        await pilot.pause(0.6)  # and the timer's own ticks
        assert [c for c in calls if c[0] == "demo-timeline"] == []
        assert view.query_one(Timeline).render().plain == shown
        view.set_lang("vi")
        await pilot.pause()
        assert [c for c in calls if c[0] == "demo-timeline"] == [("demo-timeline", False)]
