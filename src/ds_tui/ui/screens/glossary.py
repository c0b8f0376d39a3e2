"""The glossary: every term of the course in Vietnamese and English, searchable, with its meaning."""

from __future__ import annotations

from rich.text import Text as RichText
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ds_tui.i18n import other_lang, t
from ds_tui.lessons.glossary import Term, glossary
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar


class GlossaryScreen(DsScreen[None]):
    """A search field, the matching terms, and the highlighted term in both languages."""
    CSS_PATH = "glossary.tcss"

    BINDINGS = [Binding("escape", "close", "Back"), Binding("slash", "search", "Search", key_display="/")]

    terms = getters.query_one("#glossary-terms", OptionList)
    search_field = getters.query_one("#glossary-search", Input)
    entry_text = getters.query_one("#glossary-text", Static)

    def __init__(self, concept: str | None = None) -> None:
        super().__init__()
        self.start = concept  # open on this term (a quiz's concept)
        self.shown: list[Term] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(id="glossary-search", compact=True)
        with Horizontal(id="glossary-body"):
            yield OptionList(id="glossary-terms")
            with VerticalScroll(id="glossary-entry"):
                yield Static(id="glossary-text")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang(self._paint)
        self.terms.focus()

    def _paint(self, lang: str) -> None:
        localize(self, lang)
        self.title = t("glossary.title", lang)
        self.search_field.placeholder = t("glossary.search", lang)
        self._fill(self.search_field.value)

    @on(Input.Changed, "#glossary-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _to_list(self) -> None:
        self.terms.focus()

    def _fill(self, query: str) -> None:
        lang = self.ds_app.lang
        terms = glossary()
        self.shown = terms.search(query, lang) if query.strip() else sorted(
            terms.terms, key=lambda term: term.name.show(lang).casefold())
        listing = self.terms
        listing.clear_options()
        listing.add_options(Option(RichText(term.name.show(lang)), id=term.id) for term in self.shown)
        start = terms.get(self.start) if self.start else None  # the term asked for, then the one last shown
        index = next((i for i, term in enumerate(self.shown) if start and term.id == start.id), 0)
        if self.shown:
            listing.highlighted = index
            self._show(self.shown[index])
        else:
            self.entry_text.update(RichText(t("glossary.none", lang), style="italic"))

    @on(OptionList.OptionHighlighted, "#glossary-terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        term = glossary().get(event.option.id or "")
        if term is not None:
            self._show(term)

    def _show(self, term: Term) -> None:
        self.start = term.id  # a language switch or a new search keeps it in view
        lang = self.ds_app.lang
        other = other_lang(lang)
        text = RichText(term.name.show(lang), style="bold")
        text.append(f"  ({other}: {term.name.show(other)})", style="italic")
        text.append("\n\n" + term.definition.show(lang))
        related = [glossary().name(s, lang) for s in term.see]
        if related:
            text.append("\n\n" + t("glossary.see", lang, terms=", ".join(related)), style="dim")
        self.entry_text.update(text)  # a Text: never read as markup

    def action_search(self) -> None:
        self.search_field.focus()

    def action_close(self) -> None:
        self.app.pop_screen()
