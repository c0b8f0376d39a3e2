"""Shared helpers for the Pilot and snapshot tests."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait for the loading worker and the resulting refresh, instead of sleeping."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
