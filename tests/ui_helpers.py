"""Shared helpers for the Pilot and snapshot tests."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait for the loading worker and the resulting refresh, instead of sleeping."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_demo(pilot: Pilot) -> None:
    """Wait until every running demo of the app has finished and its results are drawn."""
    from ds_tui.ui.widgets.demo_view import DemoView

    for worker in [w for w in pilot.app.workers if w.group == "demo"]:
        await worker.wait()
    # the worker's state change (which ends the view's run) may come after its last message: wait for it,
    # then for the footer that follows it
    for _ in range(100):
        await pilot.pause()
        if not any(view.running for view in pilot.app.screen.query(DemoView)):
            break
    await pilot.pause()


def plain(static) -> str:
    """The text a Static shows, whatever Rich renderable it holds."""
    import io

    from rich.console import Console

    console = Console(width=120, file=io.StringIO(), record=True)
    console.print(static.content)
    return console.export_text()
