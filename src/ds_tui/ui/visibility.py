"""Whether a widget's screen can be seen, and a hook for when that changes.

A live view (the hardware panel, a demo's cores and timeline) costs CPU every second it runs. When
another screen covers it, nobody sees that work: it stops, and starts again when its screen is
shown. A screen is seen when it is the current one, or lies under a screen whose background is
not opaque (a modal), like Textual's own background screens.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from textual.widget import Widget


def screen_shown(screen: Screen) -> bool:
    stack = screen.app.screen_stack
    for above in reversed(stack):
        if above is screen:
            return True
        if above.styles.background.a >= 1:  # an opaque screen hides everything below it
            return False
    return False


def follow_visibility(widget: Widget, changed: Callable[[bool], None]) -> None:
    """Call ``changed(shown)`` each time ``widget``'s screen becomes seen or hidden (not at once)."""
    state = {"shown": True}

    def on_screen_change(_: Screen) -> None:
        # _closing/_closed: private (MessagePump); Textual has no public 'being removed' flag
        if not widget.is_attached or widget._closing or widget._closed:
            return
        shown = screen_shown(widget.screen)
        if shown != state["shown"]:
            state["shown"] = shown
            changed(shown)

    widget.app.screen_change_signal.subscribe(widget, on_screen_change)


def stop_following(widget: Widget) -> None:
    """On unmount: let go of the hook (the signal would keep the closed widget alive until next published)."""
    widget.app.screen_change_signal.unsubscribe(widget)
