"""Where ds-tui keeps its data: ``DS_TUI_HOME`` if set (tests always set it), else the OS's user data dir."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("DS_TUI_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_dir  # lazy: platformdirs only when no DS_TUI_HOME is set

    return Path(user_data_dir("ds-tui", appauthor=False))
