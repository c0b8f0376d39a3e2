"""A demo full-screen: the same DemoView a lesson embeds, with room to breathe."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.demo_view import DemoView
from ds_tui.ui.widgets.key_footer import KeyFooter


class DemoScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back"), Binding("r", "run", "Run"), Binding("c", "cancel", "Cancel")]
    AUTO_FOCUS = "#demo-run"  # not the workers field: typed keys (r, l, ?) must reach the app

    def __init__(self, demo_id: str, workers: int | None = None, size: str | None = None,
                 microbatches: int | None = None) -> None:
        super().__init__()
        self.demo_id = demo_id
        self.initial = (workers, size, microbatches)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="demo-scroll"):
            yield DemoView(self.demo_id, self.app.lang, workers=self.initial[0], size=self.initial[1],  # type: ignore[attr-defined]
                           microbatches=self.initial[2])
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._render_lang)

    def _render_lang(self, lang: str) -> None:
        view = self.query_one(DemoView)
        localize(self, lang)
        localize(view, lang)
        view.set_lang(lang)
        self.title = view.spec.title.show(lang)

    def action_run(self) -> None:
        self.query_one(DemoView).action_run()

    def action_cancel(self) -> None:
        self.query_one(DemoView).action_cancel()

    def action_back(self) -> None:
        self.app.pop_screen()
