"""A terminal smaller than a screen can use: one line saying how big to make the window, over the
screen (whose layout would be cut), until the window grows; then the screen is there again as it was.

Normal screens need 80×24; the classroom screens (and help) are made for a projector's zoomed terminal,
60×18, and so is ``ds-tui notes``. The hint covers the screen but takes nothing away: the focus, the keys and the screen's state
stay, so nothing is lost while the window is being resized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from ds_tui.i18n import t

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

NORMAL: tuple[int, int] = (80, 24)
COMPACT: tuple[int, int] = (60, 18)


class TooSmall(Static):
    """The one-line hint (styled in app.tcss: it covers the whole screen)."""


def min_size(screen: Screen) -> tuple[int, int]:
    """The smallest window ``screen`` is made for: its class's ``MIN_WINDOW`` (the classroom screens and
    help: 60×18), else its app's (``ds-tui notes``, a classroom window), else 80×24. An attribute, not a
    list of classes: checking one must not import every classroom screen before the first frame."""
    for owner in (screen, screen.app):
        size = getattr(owner, "MIN_WINDOW", None)
        if size is not None:
            return size
    return NORMAL


def check_fit(app: App) -> None:
    """Show or hide the hint on the current screen for the terminal's size now."""
    try:
        screen = app.screen
    except Exception:  # no screen yet (starting) or none left (quitting)
        return
    width, height = app.size
    need_w, need_h = min_size(screen)
    hints = [child for child in screen.children if isinstance(child, TooSmall)]
    if width >= need_w and height >= need_h:
        for hint in hints:
            hint.remove()
        return
    text = t("term.too_small", getattr(app, "lang", "en"), width=width, height=height, min_w=need_w, min_h=need_h)
    if hints:
        hints[0].update(text)
    else:
        screen.mount(TooSmall(text, markup=False))


def watch_fit(app: App) -> None:
    """Check on every resize, screen change and language change (call once, when the app mounts)."""
    app.screen_change_signal.subscribe(app, lambda _screen: app.call_after_refresh(check_fit, app))
    if hasattr(app, "lang"):
        app.watch(app, "lang", lambda _lang: check_fit(app), init=False)
    app.call_after_refresh(check_fit, app)
