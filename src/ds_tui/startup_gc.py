"""Automatic garbage collection waits while the app starts.

Start-up (Python's imports, Textual's, the first screen) makes nearly every object the app keeps, and
the collector's ~120 young collections over them free almost nothing: 20–35 ms of CPU before the first
screen on a 2-vCPU machine (timed with ``gc.callbacks``), 60 ms on a first start that builds the
lesson cache. So the entry point (ds_tui.entry) pauses automatic collection; a command that opens no
app resumes it at once (ds_tui.cli), and the app resumes it once its first screen is drawn, freezing
what start-up made (ds_tui.ui.memory.freeze_startup_heap), or after 5 s at most
(DsTuiApp.STARTUP_GC_LIMIT_S: a first start that parses many lessons). Objects are freed by their
reference counts as before; only cycles wait.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn automatic collection off until :func:`resume` (nothing, if something else turned it off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn automatic collection back on, if :func:`pause` turned it off. Safe to call more than once."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def paused() -> bool:
    return _paused
