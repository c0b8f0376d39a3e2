"""The Demos place: every demo with its one-line description and its last result on this machine,
and the highlighted demo's recent runs to compare (from the progress store)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ds_tui.demos.catalog import DEMOS
from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.hanging_text import HangingText
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary

HISTORY_SHOWN = 8  # runs of the highlighted demo


class DemoList(OptionList):
    """The list owns Enter (as the lesson list does) so keys typed ahead are handled in order."""

    BINDINGS = [Binding("enter", "select", "Open")]


class DemosScreen(DsScreen[None]):
    CSS_PATH = "demos.tcss"
    BINDINGS = [Binding("escape", "back", "Back"), Binding("r", "run_highlighted", "Run demo")]

    demo_list = getters.query_one(DemoList)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DemoList(id="demo-list")
        yield Static(id="demo-history")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        self.demo_list.focus()

    def on_screen_resume(self) -> None:
        self._render_list()  # a run on the demo screen: its result is the newest

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        localize(self.demo_list, lang)
        self.title = t("demos.title", lang)
        self.sub_title = t("demos.subtitle", lang)
        self._render_list()

    def _render_list(self) -> None:
        options = self.demo_list
        highlighted = options.highlighted
        now = time.time()
        self._history: dict[str, list[RunSummary]] = {
            demo_id: self.ds_app.demo_history(demo_id, HISTORY_SHOWN) for demo_id in DEMOS}
        options.clear_options()
        for number, spec in enumerate(DEMOS.values(), 1):
            options.add_option(Option(self._prompt(number, spec.id, now), id=spec.id))
        options.highlighted = min(highlighted or 0, len(DEMOS) - 1)
        self._render_history()

    def _prompt(self, number: int, demo_id: str, now: float) -> HangingText:
        # lazy: the demo engine loads with the first demo
        from ds_tui.demos.history import ago, headline

        lang = self.lang
        spec = DEMOS[demo_id]
        text = RichText(spec.title.show(lang), style="bold")
        text.append("\n" + spec.summary.show(lang), style="dim")
        runs = self._history.get(demo_id) or []
        if runs:
            last = runs[0]
            text.append("\n" + t("demos.last", lang, result=headline(last, lang), when=ago(last.finished, now, lang)))
        else:
            text.append("\n" + t("demos.never", lang), style="italic dim")
        return HangingText(RichText(f"{number}. ", style="bold"), text)

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self._render_history()

    def _highlighted_id(self) -> str | None:
        options = self.demo_list
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _render_history(self) -> None:
        # lazy: the demo engine loads with the first demo
        from ds_tui.demos.history import ago, headline, params_text

        lang = self.lang
        demo_id = self._highlighted_id()
        box = self.query_one("#demo-history", Static)
        if demo_id is None:
            box.update("")
            return
        box.border_title = t("demos.history", lang, demo=DEMOS[demo_id].title.show(lang))
        runs = self._history.get(demo_id) or []
        if not runs:
            box.update(RichText(t("demos.no_history", lang), style="italic"))
            return
        now = time.time()
        table = Table(box=None, padding=(0, 1), show_header=False, expand=False)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column()
        for run in runs:
            table.add_row(ago(run.finished, now, lang), params_text(run, lang),
                          RichText(headline(run, lang), style="" if run.ok else "bold red"))
        box.update(Group(table))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.ds_app.open_demo(event.option.id)

    def action_run_highlighted(self) -> None:
        demo_id = self._highlighted_id()
        if demo_id:
            self.ds_app.open_demo(demo_id, run=True)

    def action_back(self) -> None:
        self.app.pop_screen()
