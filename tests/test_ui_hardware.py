"""The hardware screen and the embeddable panel, driven with a fixed report and sample."""

from __future__ import annotations

from textual.widgets import Static

from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.hardware import HardwareScreen
from ds_tui.ui.widgets.core_bars import CoreBars
from ds_tui.ui.widgets.gauge import Gauge
from ds_tui.ui.widgets.hardware_panel import HardwarePanel
from ds_tui.start_request import StartRequest
from tests.ui_helpers import plain, settle



async def test_hardware_screen_shows_probe_sample_and_advice(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HardwareScreen)
        assert screen.sub_title == "11th Gen Intel(R) Core(TM) i5-11300H @ 3.10GHz"
        assert screen.query_one(CoreBars).cores == (12.0, 85.0, 40.0, 3.0, 55.0, 100.0, 0.0, 27.0)
        memory = screen.query_one("#hw-mem", Gauge)
        assert memory.percent == 62.5 and "10.0 GiB / 16.0 GiB" in memory.figures
        gpu_gauge = screen.query_one("#hw-gpus").query_one(Gauge)
        assert gpu_gauge.percent == 37.0 and "54°C" in gpu_gauge.figures
        facts = plain(screen.query_one("#hw-all", Static))
        assert "Logical CPUs" in facts and "8" in facts
        advice = plain(screen.query_one("#hw-advice", Static))
        assert "What speedup to expect" in advice
        await pilot.press("l")
        await pilot.pause()
        assert "Kỳ vọng tăng tốc" in plain(screen.query_one("#hw-advice", Static))
        await pilot.press("escape")
        assert not isinstance(app.screen, HardwareScreen)
        assert app.hardware_feed.users == 0


async def test_save_report_writes_markdown_in_the_current_folder(ds_home, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = DsTuiApp(lang="vi", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HardwareScreen)
        await pilot.press("s")  # asks the name, class and folder (the current one at first): Enter saves
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        report = (tmp_path / "hardware-report-vi.md").read_text()
        assert "Kiểm tra CPU, GPU, RAM" in report and "i5-11300H" in report


async def test_lesson_one_embeds_the_live_panel(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "n")
        await settle(pilot)
        panel = app.screen.query_one(HardwarePanel)
        assert app.hardware_feed.users == 1
        assert "i5-11300H" in str(panel.query_one("#hw-model", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert not app.screen.query(HardwarePanel) and app.hardware_feed.users == 0


def test_core_bars_render_percentages_not_only_colour():
    bars = CoreBars()
    bars.update_cores([0.0, 50.0, 100.0])
    assert bars.cores == (0.0, 50.0, 100.0)
    from ds_tui.ui.widgets.core_bars import bar, sparkline

    assert bar(50, 10) == "█████░░░░░" and bar(150, 4) == "████" and bar(-5, 4) == "░░░░"
    assert sparkline([0, 50, 100]) == " ▄█"


def test_hardware_snapshot(snap_compare, ds_home, monkeypatch):

    async def open_hardware(pilot):
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(DsTuiApp(lang="en", home=ds_home), terminal_size=(80, 24), run_before=open_hardware)


def test_hardware_snapshot_vietnamese_wide(snap_compare, ds_home, monkeypatch):

    async def open_hardware(pilot):
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(DsTuiApp(lang="vi", home=ds_home), terminal_size=(120, 40), run_before=open_hardware)


async def test_started_on_the_hardware_screen_the_lessons_load_when_it_is_left(ds_home):
    """ds-tui hardware --live is a hardware monitor: the lessons and the progress store (SQLite) are
    loaded only once the student leaves that screen (~3.5 MiB less while it is all they look at)."""
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HardwareScreen) and app.hw_report is not None
        assert app.library is None and app.store is None
        await pilot.press("escape")
        await settle(pilot)
        assert app.library is not None and app.library.lessons and app.store is not None
        options = app.screen.query_one("#lessons")
        assert options.option_count == len(app.library.lessons)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            lesson.id for lesson in app.library.lessons]


async def test_started_on_the_hardware_screen_the_palette_lists_the_lessons(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.library is None
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.library is not None and app.library.lessons
