"""Search the lessons from home: type, see the sections that match, Enter opens one at that section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.hanging_text import HangingText
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.lessons import LessonLibrary
    from ds_tui.lessons.search import SearchHit


class SearchScreen(DsScreen[None]):
    CSS_PATH = "search.tcss"
    BINDINGS = [Binding("escape", "back", "Back"), Binding("down", "to_results", "Results", key_display="↓", priority=True)]  # the field would take it

    results_list = getters.query_one("#search-results", OptionList)
    search_field = getters.query_one(Input)

    def __init__(self, library: LessonLibrary) -> None:
        super().__init__()
        self.library = library
        self.hits: list[SearchHit] = []
        self._ready = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(id="search-input", compact=True)
        yield Static(id="search-count")
        yield OptionList(id="search-results")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        self.search_field.focus()
        self._build_index()

    @work(thread=True, group="search-index", exit_on_error=False, description="indexing the lessons")
    def _build_index(self) -> None:
        from ds_tui.lessons.search import index  # lazy: the search index is built when the search is first opened

        index(self.library)  # a fifth of a second for the bundled lessons: not on the interface thread
        self.app.call_from_thread(self._index_ready)

    def _index_ready(self) -> None:
        self._ready = True
        self._search()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.title = t("search.title", lang)
        self.search_field.placeholder = t("search.placeholder", lang)
        self._search()

    def on_input_changed(self, _: Input.Changed) -> None:
        self._search()

    def _search(self) -> None:
        from ds_tui.lessons.search import search  # lazy: the search index is built when the search is first opened

        query = self.search_field.value
        results = self.results_list
        count = self.query_one("#search-count", Static)
        results.clear_options()
        self.hits = search(self.library, query, self.lang) if self._ready and query.strip() else []
        if not query.strip():
            count.update(t("search.hint", self.lang))
            return
        if not self._ready:
            count.update(t("search.indexing", self.lang))
            return
        count.update(t("search.count", self.lang, n=len(self.hits)) if self.hits else t("search.none", self.lang))
        results.add_options(Option(self._prompt(hit), id=str(i)) for i, hit in enumerate(self.hits))
        if self.hits:
            results.highlighted = 0
        self.refresh_bindings()

    def _prompt(self, hit: SearchHit) -> HangingText | RichText:
        lesson = self.library.get(hit.lesson_id)
        if lesson is None:
            return plain(hit.snippet)
        lang = self.lang
        number = [x.id for x in self.library.lessons].index(hit.lesson_id) + 1
        section = lesson.sections[hit.section_index]
        text = plain(f"{lesson.title.show(lang)} › §{hit.section_index + 1} {section.title.show(lang)}", style="bold")
        if hit.where == "text" or hit.lang != lang:  # the words found, where the heading does not show them
            text.append("\n")
            text.append_text(plain(hit.snippet, style="dim"))
        return HangingText(RichText(f"{number}. "), text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_results":  # from the field, while there are results (in the list, ↓ moves)
            return bool(self.hits) and isinstance(self.focused, Input)
        return True

    def action_to_results(self) -> None:
        results = self.results_list
        if self.hits and not results.has_focus:
            results.focus()

    def action_open_first(self) -> None:
        results = self.results_list
        if self.hits:
            self._open(self.hits[results.highlighted or 0])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.hits[event.option_index])

    def _open(self, hit: SearchHit) -> None:
        self.ds_app.open_lesson(hit.lesson_id, hit.section_id)

    def action_back(self) -> None:
        self.app.pop_screen()
