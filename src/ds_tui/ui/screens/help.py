"""The help screen: every key of every screen, in the user's language, built from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.ui.bindings import label


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]], lang: str) -> None:
        super().__init__()
        self.sections = sections
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = t("help.title", self.lang)
            box.border_subtitle = t("help.close", self.lang)
            yield Static(self._table())

    def _table(self) -> Table:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for heading, bindings in self.sections:
            table.add_row(f"[u]{t(heading, self.lang)}[/u]", "")
            for binding in bindings:
                table.add_row(self.app.get_key_display(binding), label(binding, self.lang))
            table.add_row("", "")
        table.add_row("ctrl+p", t("help.palette", self.lang))
        return table

    def action_close(self) -> None:
        self.dismiss()
