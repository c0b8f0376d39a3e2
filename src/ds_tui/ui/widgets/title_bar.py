"""The title line at the top of every screen: what Textual's Header shows, drawn by one widget.

Header is four widgets (the icon, the title, the clock's space, itself), four watchers that each
update the title widget, and a tooltip: ~10 ms of CPU on a 2-vCPU machine each time a screen
opens, a fifth of the first screen's cost (benchmarks/startup.py). This bar draws the same line —
the command palette's ⭘ on the left, "title — subtitle" centred between the icon's 8 columns and
the clock's 10, cut with "…" when it does not fit — and repaints itself when a title changes.
A click on the ⭘ opens the command palette, as Header's does.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # Header's icon: one column of padding, the icon, the rest of its 8 columns
CLOCK_WIDTH = 10  # Header's clock space on the right (no clock is shown)


def title_line(title: Content, width: int, icon: str = ICON) -> Content:
    """The bar's line at ``width`` columns: the icon, then ``title`` centred between the icon's
    and the clock's columns (cut with "…" when it is wider)."""
    middle = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
    shown = title.truncate(middle, ellipsis=True)
    left = (middle - shown.cell_length) // 2
    start = Content(f" {icon}").pad_right(max(0, ICON_WIDTH - 2))
    line = Content.assemble(start, shown.pad(left, middle - left - shown.cell_length + CLOCK_WIDTH))
    return line.truncate(width, pad=True)


class TitleBar(Widget):
    """The app's title and the screen's sub-title, as Textual's Header shows them, in one widget."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitle, init=False)
            self.watch(owner, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        return title_line(self.app.format_title(title, sub_title), self.size.width)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
