"""Where a user's keymap file is: the app looks at every start, so this is all it imports then (the
reader, ``ds_tui.keymap``, loads only when there is a file)."""

from __future__ import annotations

from pathlib import Path

KEYMAP_FILES: tuple[str, ...] = ("keymap.toml", "keymap.yaml", "keymap.yml")


def find_keymap_file(directory: Path) -> Path | None:
    return next((directory / name for name in KEYMAP_FILES if (directory / name).is_file()), None)
