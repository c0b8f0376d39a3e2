"""A lesson's tool (the training calculators, the decision helper) on a screen of its own."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from ds_tui.lessons.model import Embed
from ds_tui.registry import lookup as embeddable
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.embeds import make_embed
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen, FollowsLang
from ds_tui.ui.widgets.title_bar import TitleBar


class ToolScreen(DsScreen[None]):
    CSS_PATH = "tool.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, tool_id: str) -> None:
        super().__init__()
        self.tool_id = tool_id

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="tool-scroll"):
            yield make_embed(Embed("tool", self.tool_id), self.ds_app.lang)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang, init=False)
        localize(self, self.ds_app.lang)
        self._title(self.ds_app.lang)

    def _title(self, lang: str) -> None:
        entry = embeddable("tool", self.tool_id)
        self.title = entry.title(lang) if entry else self.tool_id

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self._title(lang)
        for widget in self.query(".embed"):
            cast(FollowsLang, widget).set_lang(lang)  # every .embed widget follows the language

    def action_back(self) -> None:
        self.app.pop_screen()
