"""The help screen: every key of every screen, in the user's language, built from the bindings themselves.

It follows a language switch (``l``) while open, and its footer names the key that closes it."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.ui.base import DsScreen
from ds_tui.ui.bindings import label, localize
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.window_size import COMPACT


class HelpScreen(DsScreen[None]):
    CSS_PATH = "help.tcss"
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = t("help.title", self.lang)
            box.border_subtitle = t("help.close", self.lang)
            yield Static(self._table(), id="help-table")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang, init=False)
        localize(self, self.lang)

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        box = self.query_one("#help-box", VerticalScroll)
        box.border_title = t("help.title", lang)
        box.border_subtitle = t("help.close", lang)
        self.query_one("#help-table", Static).update(self._table())

    def _table(self) -> RichText:
        """Two columns as plain text: a Rich Table would be measured and laid out again on every
        frame of the screen, and this screen must open at once even while every core is busy."""
        rows: list[tuple[str, str, bool]] = []  # key, label, is a heading
        for heading, bindings in self.sections:
            rows.append((t(heading, self.lang), "", True))
            rows += [(self.app.get_key_display(b), label(b, self.lang), False) for b in bindings]
            rows.append(("", "", False))
        rows.append(("ctrl+p", t("help.palette", self.lang), False))
        width = max(cell_len(key) for key, _, heading in rows if not heading) + 2
        text = RichText()
        for key, description, is_heading in rows:
            if is_heading:
                text.append(key, style="bold underline")
            else:
                text.append(key + " " * (width - cell_len(key)), style="bold")
                text.append(description)
            text.append("\n")
        text.rstrip()
        return text

    def action_close(self) -> None:
        self.dismiss()
