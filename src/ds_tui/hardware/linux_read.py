"""Reading below a root: every Linux probe takes ``root`` (default ``/``) and reads only below it, so tests
build a fake tree in a temporary folder; a file absent or unreadable reads as None.
"""

from __future__ import annotations

import re
from pathlib import Path


ROOT = Path("/")
_CPU_DIR = re.compile(r"^cpu\d+$")


def read(root: Path, path: str) -> str | None:
    """The stripped text of ``root/path``, or None when it is absent or unreadable."""
    try:
        return (root / path.lstrip("/")).read_text(errors="replace").strip()
    except (OSError, ValueError):
        return None


def shown(path: str) -> str:
    """A path as the user would look for it on the real machine."""
    return "/" + path.lstrip("/")


def parse_int(text: str | None) -> int | None:
    """Decimal ("3100000", "-1") or hexadecimal ("0x41") integers from /proc and /sys."""
    if text is None:
        return None
    try:
        return int(text, 16) if text.lower().startswith("0x") else int(text)
    except ValueError:
        return None


def cpu_dirs(root: Path) -> list[Path]:
    base = root / "sys/devices/system/cpu"
    try:
        return sorted((p for p in base.iterdir() if _CPU_DIR.match(p.name)), key=lambda p: int(p.name[3:]))
    except OSError:
        return []
