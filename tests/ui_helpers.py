"""Shared helpers for the Pilot and snapshot tests."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait for the loading worker and the resulting refresh, instead of sleeping."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_demo(pilot: Pilot) -> None:
    """Wait until every running demo of the app has finished and its results are drawn."""
    for worker in [w for w in pilot.app.workers if w.group == "demo"]:
        await worker.wait()
    await pilot.pause()


def fixed_hardware(monkeypatch) -> None:
    """The course notes' laptop and one fixed sample instead of probing and sampling this machine,
    so hardware screens are the same on every machine (snapshots)."""
    from ds_tui.hardware import GpuSample, Sample
    from ds_tui.hardware.examples import example_laptop
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.hardware_feed import HardwareFeed

    gib = 1024**3
    sample = Sample(timestamp=0.0, monotonic=0.0, per_cpu_percent=(12.0, 85.0, 40.0, 3.0, 55.0, 100.0, 0.0, 27.0),
                    clock_mhz=2900.0, memory_used_bytes=5 * gib, memory_available_bytes=3 * gib,
                    memory_total_bytes=8 * gib, swap_used_bytes=gib // 2,
                    gpus=(GpuSample(0, "NVIDIA GeForce RTX 3060 Laptop GPU", 37.0, 2 * gib, 6 * gib, 54.0, 31.0, "example"),))

    def probe(self):  # runs in the worker, like the real probe
        return example_laptop()

    def acquire(self):
        self.users += 1
        self.app.hw_sample = sample

    monkeypatch.setattr(DsTuiApp, "probe_hardware", __import__("textual").work(
        thread=True, exclusive=True, group="probe", exit_on_error=False)(probe))
    monkeypatch.setattr(HardwareFeed, "acquire", acquire)


def plain(static) -> str:
    """The text a Static shows, whatever Rich renderable it holds."""
    import io

    from rich.console import Console

    console = Console(width=120, file=io.StringIO(), record=True)
    console.print(static.content)
    return console.export_text()
