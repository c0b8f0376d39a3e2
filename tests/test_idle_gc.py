"""Full garbage collections wait for a pause in the user's typing (ds_tui.idle_gc), and the app hands
Python its own thresholds back when it ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ds_tui import idle_gc
from ds_tui.idle_gc import QUIET_S, IdleCollector
from ds_tui.ui.app import DsTuiApp
from tests.ui_helpers import settle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def python_gc(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """gc's thresholds and counts as the test sets them, and the full collections asked for."""
    state: dict[str, object] = {"threshold": (700, 10, 10), "count": (0, 0, 0), "collected": 0}

    def collect(generation: int = 2) -> int:
        state["collected"] = int(state["collected"]) + 1  # type: ignore[call-overload]
        return 0

    monkeypatch.setattr(idle_gc.gc, "get_threshold", lambda: state["threshold"])
    monkeypatch.setattr(idle_gc.gc, "set_threshold", lambda *t: state.__setitem__("threshold", t))
    monkeypatch.setattr(idle_gc.gc, "get_count", lambda: state["count"])
    monkeypatch.setattr(idle_gc.gc, "collect", collect)
    monkeypatch.setattr(idle_gc.gc, "isenabled", lambda: True)
    yield state


def test_start_holds_back_pythons_full_collections_and_stop_gives_them_back(python_gc):
    collector = IdleCollector(Clock())
    assert collector.start() and collector.active
    assert python_gc["threshold"] == (700, 10, idle_gc.NEVER)
    assert collector.start()  # twice: the saved thresholds are still Python's, not NEVER
    collector.stop()
    assert python_gc["threshold"] == (700, 10, 10) and not collector.active


def test_a_due_collection_waits_while_the_user_types_and_runs_in_the_pause(python_gc):
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    python_gc["count"] = (0, 0, 9)
    clock.now += 10
    assert not collector.tick()  # not due yet: 9 young collections of the 10 Python waits for
    python_gc["count"] = (0, 0, 10)
    collector.input()  # a key press
    clock.now += QUIET_S / 2
    assert not collector.tick() and python_gc["collected"] == 0
    clock.now += QUIET_S
    assert collector.tick() and python_gc["collected"] == 1 and collector.collections == 1


def test_an_overdue_collection_runs_even_while_the_user_types(python_gc):
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    python_gc["count"] = (0, 0, 10 * idle_gc.OVERDUE)
    collector.input()
    assert collector.tick() and python_gc["collected"] == 1


def test_an_incremental_collector_is_left_alone(python_gc):
    python_gc["threshold"] = (2000, 10, 0)  # Python 3.14's: the third value means nothing
    collector = IdleCollector(Clock())
    assert not collector.start() and not collector.active
    assert python_gc["threshold"] == (2000, 10, 0)
    python_gc["count"] = (0, 0, 1000)
    assert not collector.tick() and python_gc["collected"] == 0


def test_nothing_is_collected_while_collection_is_off(python_gc, monkeypatch):
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    monkeypatch.setattr(idle_gc.gc, "isenabled", lambda: False)  # the paused start, or a profiler
    python_gc["count"] = (0, 0, 1000)
    clock.now += 10
    assert not collector.tick() and python_gc["collected"] == 0


async def test_the_app_counts_key_presses_as_typing_and_restores_the_thresholds_at_its_end(ds_home):
    before = gc.get_threshold()
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if before[2] != 0:  # not an incremental collector
            assert app.idle_gc.active and gc.get_threshold()[2] == idle_gc.NEVER
        typed = app.idle_gc._last_input
        await pilot.press("down")
        assert app.idle_gc._last_input > typed
    assert gc.get_threshold() == before
