"""Running the OS's own tools (sysctl, ioreg, system_profiler, PowerShell) behind an injectable runner."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence

Runner = Callable[[Sequence[str]], "str | None"]
"""Runs a command and returns its standard output, or None when it could not run at all."""


def run_command(args: Sequence[str], timeout: float = 15.0) -> str | None:
    """Standard output of ``args`` (also when the exit status is not 0: ``sysctl`` with one unknown
    key still prints the others), or None when the program is missing, fails to start or times out."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    try:
        result = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout,
                                encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL, creationflags=flags)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return result.stdout
