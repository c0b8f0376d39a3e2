"""Keep the heap small, so that Python's full garbage collections stay short (they pause the interface).

Two places in Textual keep a closed widget alive:
- a `watch()` callback, and so the widget that registered it, stays until the watched value next
  changes. Textual's Footer binds each key to its `compact`, which never changes, and makes new keys on
  every screen change (ds-tui's KeyFooter no longer binds them); screens that watch the app's `lang`
  stay until the language changes.
- `StylesCache.get_inner_outer` is memoized per instance (up to 1,024 of them), so each widget's
  styles cache, with every line it last drew, outlives the widget.
Without this, the heap grew with every key press that switched screens, and Python's full garbage
collections grew with it: about 100 ms each after a few minutes, long enough to be felt as a late key.
"""

from __future__ import annotations

import gc
from typing import Any

from ds_tui import startup_gc

try:  # a private module (Textualize/textual#6665): if a later Textual moves it, only this clean-up is skipped
    from textual._styles_cache import StylesCache
except ImportError:  # pragma: no cover
    StylesCache = None  # type: ignore[assignment,misc]  # no class: nothing to clear


def prune_closed_watchers(obj: Any) -> int:
    """Remove the watchers of `obj` whose owner has closed; return how many were removed."""
    # "__watchers": Textual's private table of watch() callbacks (Textualize/textual#6666)
    watchers: dict[str, list[tuple[Any, Any]]] | None = getattr(obj, "__watchers", None)
    if not watchers:
        return 0
    removed = 0
    for entries in watchers.values():
        alive = [(owner, callback) for owner, callback in entries
                 if not (getattr(owner, "_closing", False) or getattr(owner, "_closed", False))]
        removed += len(entries) - len(alive)
        entries[:] = alive
    return removed


def release_closed(*watched: Any) -> None:
    """Called on a screen change: drop closed widgets' watchers of `watched`, and the styles memo."""
    for obj in watched:
        prune_closed_watchers(obj)
    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if clear is not None:  # a memo of two colours: rebuilt at once on the next frame
        clear()


def freeze_startup_heap() -> None:
    """Once the lessons are loaded: what exists now (imports, the lesson library, the first screen)
    lives as long as the app, so full collections need not scan it again (gc.freeze). On this app's
    heap that took a full collection from about 100 ms, a late key press, to about 10 ms. Automatic
    collection, paused for the start (ds_tui.startup_gc), goes on from here.

    No collection first: it found ~2,000 objects of garbage among ~50,000 and took 34–48 ms, while the
    frame that shows the lessons waited to be written (a collection holds the interpreter's lock)."""
    gc.freeze()
    startup_gc.resume()


def thaw_heap() -> None:
    gc.unfreeze()
