"""The footer of every screen: Textual's Footer, without keeping the widgets of closed screens alive."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from ds_tui.ui.memory import release_closed


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        release_closed(self, self.app)  # the footer recomposes on every screen change: the moment to let go
        yield from super().compose()
