"""What makes a test the same on every computer: no reading of the host's machine, locale, time zone,
terminal or user folders. ``conftest.py`` applies it to every test; ``test_hermetic_ui.py`` proves it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

# read by Textual, Rich, the C library or ds-tui itself: a CI runner or a developer's shell may set any
HOST_ENV = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "NO_COLOR",
            "FORCE_COLOR", "COLORTERM", "TERM_PROGRAM", "COLUMNS", "LINES", "CLICOLOR", "CLICOLOR_FORCE")


def make_hermetic(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    for name in HOST_ENV:
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith("TEXTUAL") and not n.startswith("TEXTUAL_SNAPSHOT")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("DS_TUI_HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / "xdg" / name.lower()))
    _utc(monkeypatch)
    # the screens show the course notes' laptop, whatever this computer is
    from ds_tui.hardware.source import example_machine
    from ds_tui.ui import app

    monkeypatch.setattr(app, "default_machine", example_machine)


def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):  # not on Windows; every test runs in UTC, so it is never set back
        time.tzset()
