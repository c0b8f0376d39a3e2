"""A demo full-screen: the same DemoView a lesson embeds, with room to breathe."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches

from ds_tui.ui.bindings import localize
from ds_tui.ui.demo_keys import CANCEL_KEYS, RUN_KEYS, demo_key_state, field_keys_only_in_fields
from ds_tui.ui.widgets.demo_view import DemoView
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar


class DemoScreen(DsScreen[None]):
    BINDINGS = [Binding("escape", "back", "Back"), *RUN_KEYS, *CANCEL_KEYS]
    AUTO_FOCUS = "#demo-run"  # not the workers field: typed keys (r, l, ?) must reach the app
    OWNS_DEMO_KEYS = True  # r / c (^r / ^c in a field) are this screen's, whatever has focus

    _view: DemoView | None = None  # made in compose; kept, as check_action asks for it on every key press

    @property
    def view(self) -> DemoView:
        if self._view is None:
            raise NoMatches("the demo screen has not been composed yet")
        return self._view

    def __init__(self, demo_id: str, workers: int | None = None, size: str | None = None,
                 microbatches: int | None = None, run: bool = False) -> None:
        super().__init__()
        self.demo_id = demo_id
        self.initial = (workers, size, microbatches)
        self.run_at_once = run

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self._view = DemoView(self.demo_id, self.ds_app.lang, workers=self.initial[0], size=self.initial[1],
                              microbatches=self.initial[2])
        with VerticalScroll(id="demo-scroll"):
            yield self._view
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        if self.run_at_once:  # asked for on the command line: run once the fields are on screen
            self.run_at_once = False
            self.call_after_refresh(self.action_run_demo)

    def _render_lang(self, lang: str) -> None:
        view = self.view
        localize(self, lang)
        localize(view, lang)
        view.set_lang(lang)
        self.title = view.spec.title.show(lang)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:  # what the footer shows
        return field_keys_only_in_fields(self, super().active_bindings)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = demo_key_state(action, self._view)  # the view kept from compose: no search of the screen
        return True if state is None else state

    def action_run_demo(self) -> None:
        self.view.action_run()
        self.refresh_bindings()

    def action_cancel_demo(self) -> None:
        self.view.action_cancel()
        self.refresh_bindings()

    def on_demo_view_finished(self, _: DemoView.Finished) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()
