"""The screens that show the machine look the same on every computer.

Two very different fake hosts are injected where the app would read the real one (the probe, the
sampler, the usable cores, os/psutil core counts, locale, time zone, terminal variables). After the
suite's hermetic set-up (``tests/hermetic.py``, applied to every test by ``conftest.py``) each screen
must render identically on both, and identically to its stored snapshot.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from ds_tui.hardware.examples import example_laptop, example_sample
from ds_tui.hardware.model import found
from ds_tui.hardware.source import LiveMachine
from ds_tui.ui.app import DsTuiApp
from ds_tui.start_request import StartRequest
from tests.hermetic import make_hermetic
from tests.ui_helpers import settle

SNAPSHOTS = Path(__file__).parent / "__snapshots__"

HOSTS = {
    "arm-vm": {"model": "Neoverse-N1 (fake host)", "cores": 2, "cpu_percent": 99.0,
               "env": {"LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8", "TZ": "Asia/Ho_Chi_Minh", "NO_COLOR": "1",
                       "TERM": "dumb", "COLUMNS": "40", "LINES": "10", "TEXTUAL_ANIMATIONS": "none"}},
    "workstation": {"model": "AMD Ryzen Threadripper 7980X (fake host)", "cores": 64, "cpu_percent": 1.0,
                    "env": {"LANG": "en_US.UTF-8", "TZ": "America/Los_Angeles", "FORCE_COLOR": "1",
                            "COLORTERM": "truecolor", "TERM": "xterm-kitty", "COLUMNS": "300", "LINES": "90"}},
}


def inject_host(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make every live reading of the machine answer as the fake host ``name``."""
    import psutil

    from ds_tui.demos import machine
    from ds_tui.hardware import probe, sampler

    host = HOSTS[name]
    laptop = example_laptop()
    cpu = dataclasses.replace(laptop.cpu, model=found("cpu.model", host["model"], "fake"),
                              logical_cpus=found("cpu.logical_cpus", host["cores"], "fake"),
                              usable_cpus=found("cpu.usable_cpus", host["cores"], "fake"))
    report = dataclasses.replace(laptop, cpu=cpu, gpus=())
    sample = dataclasses.replace(example_sample(), per_cpu_percent=(host["cpu_percent"],) * host["cores"], gpus=())

    class FakeSampler:
        def __init__(self, interval_s, callback=None, **_):
            self.callback = callback

        def start(self):
            self.callback(sample)
            return self

        def stop(self, timeout=None):
            pass

    monkeypatch.setattr(probe, "probe_static", lambda *a, **k: report)
    monkeypatch.setattr(sampler, "SamplerThread", FakeSampler)
    for fn in ("usable_cores", "affinity_cpus"):
        monkeypatch.setattr(machine, fn, lambda: host["cores"])
    monkeypatch.setattr(os, "cpu_count", lambda: host["cores"])
    monkeypatch.setattr(psutil, "cpu_count", lambda logical=True: host["cores"])
    for key, value in host["env"].items():
        monkeypatch.setenv(key, value)


async def open_hardware(pilot):
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)


async def open_panel_section(pilot):
    await settle(pilot)
    await pilot.press("enter", "n")
    await pilot.pause()


async def ready(pilot):
    await settle(pilot)


# (stored snapshot, language, terminal size, start, how to get there)
SCREENS = {
    "hardware": ("test_ui_hardware/test_hardware_snapshot.svg", "en", (80, 24), None, open_hardware),
    "hardware-vi": ("test_ui_hardware/test_hardware_snapshot_vietnamese_wide.svg", "vi", (120, 40), None,
                    open_hardware),
    "lesson-panel": ("test_ui_snapshots/test_reader[80x24].svg", "en", (80, 24), None, open_panel_section),
    "demo": ("test_ui_demos/test_demo_snapshot_before_running.svg", "en", (80, 24), StartRequest("demo", demo="io-bound"), ready),
}


def normalize(svg: str) -> str:
    """As pytest-textual-snapshot compares: without the per-run id in the CSS class names."""
    return re.sub(r"\bterminal-\d+-([\w-]+)", r"terminal-\1", svg)


def render(monkeypatch, tmp_path, host: str, screen: str) -> str:
    from textual._doc import take_svg_screenshot  # what snap_compare renders with

    inject_host(monkeypatch, host)
    assert LiveMachine().probe().cpu.model.value == HOSTS[host]["model"]  # the fake host is really in place
    assert LiveMachine().usable_cores() == HOSTS[host]["cores"]
    home = tmp_path / host
    home.mkdir()
    make_hermetic(monkeypatch, home)
    _, lang, size, start, run_before = SCREENS[screen]
    return normalize(take_svg_screenshot(app=DsTuiApp(lang=lang, home=home, start=start), terminal_size=size,
                                         run_before=run_before))


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_screen_showing_the_machine_is_the_same_on_any_host(monkeypatch, tmp_path, snapshot_lessons, screen):
    """Compared with the stored snapshots, so the app shows the same fixture lessons as they do."""
    renders = {host: render(monkeypatch, tmp_path, host, screen) for host in HOSTS}
    stored = normalize((SNAPSHOTS / SCREENS[screen][0]).read_text())
    for host, svg in renders.items():
        assert HOSTS[host]["model"].split(" (")[0] not in svg
        assert svg == stored, f"{screen} on {host} differs from its snapshot"


def test_the_live_machine_is_what_the_app_uses_when_none_is_injected(monkeypatch, tmp_path):
    """The hermetic set-up replaces the default; outside tests the app reads this computer."""
    from ds_tui.ui import app as app_module

    monkeypatch.undo()  # back to the real default for this test only
    assert isinstance(app_module.default_machine(), LiveMachine)
    assert isinstance(DsTuiApp(home=tmp_path).machine, LiveMachine)
