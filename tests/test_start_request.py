"""The command line asks the app what to open first with a StartRequest (ds_tui.start_request)."""

from __future__ import annotations


import pytest

from ds_tui.cli import main
from ds_tui.start_request import StartRequest


@pytest.fixture
def started(monkeypatch):
    """The keyword arguments the command line starts the app with (the app itself is not started)."""
    from ds_tui.ui import launch

    seen: dict[str, object] = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: seen.update(kwargs) or 0)
    return seen


def test_each_command_that_opens_the_app_asks_for_its_screen(started):
    assert main([]) == 0 and started["start"] is None  # the home screen
    assert main(["hardware", "--live"]) == 0 and started["start"] == StartRequest("hardware")
    assert main(["review"]) == 0 and started["start"] == StartRequest("review")
    assert main(["quiz"]) == 0 and started["start"] == StartRequest("quiz", lesson=None)
    assert main(["present", "1"]) == 0 and started["start"] == StartRequest("present", lesson="your-hardware")


def test_a_live_demo_runs_at_once_with_the_parameters_given_and_the_demos_defaults_otherwise(started):
    assert main(["demo", "race", "--live"]) == 0
    assert started["start"] == StartRequest("demo", demo="race", workers=None, size=None, microbatches=None, run=True)
    assert main(["demo", "race", "--live", "--workers", "2", "--size", "small"]) == 0
    assert started["start"] == StartRequest("demo", demo="race", workers=2, size="small", run=True)


def test_a_start_request_is_a_value():
    request = StartRequest("demo", demo="race", workers=4, size="small", run=True)
    assert request == StartRequest("demo", demo="race", workers=4, size="small", run=True)
    with pytest.raises(AttributeError):  # frozen
        request.demo = "isolation"  # type: ignore[misc]
