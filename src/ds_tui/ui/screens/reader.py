"""The lesson reader: one section at a time, rendered Markdown, a table of contents, next/previous."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events, getters, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ds_tui.i18n import t
from ds_tui.lessons import Lesson
from ds_tui.ui.bindings import localize
from ds_tui.ui.demo_keys import CANCEL_KEYS, DEMO_ACTIONS, RUN_KEYS, demo_key_state, field_keys_only_in_fields
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.lesson_markdown import LessonMarkdown
from ds_tui.ui.widgets.embeds import make_embed
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen, FollowsLang
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.ui.widgets.demo_view import DemoView

TOC_MIN_WIDTH = 100  # below this the contents start hidden so the text keeps ~76 columns


class ReaderScreen(DsScreen[None]):
    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("n,right", "next_section", "Next", key_display="n/→"),
        Binding("p,left", "prev_section", "Previous", key_display="p/←"),
        *CANCEL_KEYS,  # c cancels while the section's demo runs (before Contents, which c is otherwise)
        Binding("c", "toggle_toc", "Contents"),
        *RUN_KEYS,
        Binding("b", "first_section", "From the start", show=False),
    ]
    OWNS_DEMO_KEYS = True  # r / c (^r / ^c in a field) are this screen's, whatever has focus

    index: reactive[int] = reactive(0, init=False)

    _body_wanted: str | None = None  # the section text to show
    _body_shown: str | None = None  # the section text the Markdown shows
    _body_updating = False

    toc = getters.query_one("#toc", OptionList)
    content_scroll = getters.query_one("#content", VerticalScroll)

    def __init__(self, lesson: Lesson, index: int = 0) -> None:
        super().__init__()
        self.lesson = lesson
        self.set_reactive(ReaderScreen.index, index)
        self._toc_chosen: bool | None = None  # None: follow the width; else the user's choice

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="reader-main"):
            yield OptionList(id="toc")
            with VerticalScroll(id="content"):
                yield Static(id="section-title")
                yield LessonMarkdown(id="body")
                yield Static(id="sources")
        yield KeyFooter(compact=True, show_command_palette=False)  # ctrl+p is in the help; the keys need the room

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        self.content_scroll.focus()

    def on_resize(self, event: events.Resize) -> None:
        if self._toc_chosen is None:
            self.toc.display = event.size.width >= TOC_MIN_WIDTH

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.title = self.lesson.title.show(lang)
        toc = self.toc
        toc.border_title = t("reader.contents", lang)
        toc.clear_options()
        toc.add_options(Option(plain(f"{i}. {s.title.show(lang)}"), id=s.id) for i, s in enumerate(self.lesson.sections, 1))
        self._render_section()

    def _show_body(self, text: str) -> None:
        """Markdown.update is asynchronous: with keys pressed quickly, an older update could finish
        last and leave one section's title over another's text. One updater applies them in turn."""
        self._body_wanted = text
        if not self._body_updating:
            self._body_updating = True
            self._apply_body()

    @work(group="reader-body", exit_on_error=False)
    async def _apply_body(self) -> None:
        try:
            while self._body_shown != self._body_wanted:
                text = self._body_wanted
                if text is None:  # never: a section's text is asked for before this runs
                    break
                await self.query_one("#body", LessonMarkdown).update(text)
                self._body_shown = text
        finally:
            self._body_updating = False

    def watch_index(self) -> None:
        self._render_section()
        self.content_scroll.scroll_home(animate=False)

    def _render_section(self) -> None:
        lang = self.lang
        section = self.lesson.sections[self.index]
        total = len(self.lesson.sections)
        self.sub_title = t("reader.section_of", lang, n=self.index + 1, total=total)
        self.query_one("#section-title", Static).update(plain(f"{self.index + 1}. {section.title.show(lang)}"))
        self._show_body(section.body.show(lang))
        current = next(iter(self.query(".embed")), None)
        if current is not None and getattr(current, "embed", None) == section.embed:
            cast(FollowsLang, current).set_lang(lang)  # same embed: keep its state
        else:
            if current is not None:
                current.remove()
            if section.embed is not None:
                self.content_scroll.mount(make_embed(section.embed, lang), before="#sources")
        self.refresh_bindings()
        sources = self.query_one("#sources", Static)
        last = self.index == total - 1
        sources.display = last and bool(self.lesson.sources)
        if sources.display:
            sources.update(plain(f"{t('reader.sources', lang)}:\n" + "\n".join(f"• {s}" for s in self.lesson.sources)))
        toc = self.toc
        if toc.option_count:
            toc.highlighted = self.index
        self.ds_app.mark_read(self.lesson.id, section.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.index = event.option_index
        self.content_scroll.focus()

    def action_next_section(self) -> None:
        if self.index < len(self.lesson.sections) - 1:
            self.index += 1
        else:
            self.offer_what_next()

    def offer_what_next(self) -> None:
        """After the last section: the lesson's quiz, the next lesson, or the lessons."""
        # lazy: screens load when first opened
        from ds_tui.ui.screens.lesson_end import LessonEndScreen

        library = self.ds_app.library
        lessons = list(library.lessons) if library else []
        ids = [x.id for x in lessons]
        following = lessons[ids.index(self.lesson.id) + 1] if self.lesson.id in ids[:-1] else None

        def chosen(choice: str | None) -> None:
            if choice == "quiz":
                self.ds_app.open_quiz("lesson", self.lesson.id)
            elif choice == "next" and following is not None:
                self.ds_app.open_lesson(following.id)
            elif choice == "home":
                self.ds_app.action_home()

        self.app.push_screen(LessonEndScreen(self.lang, self.lesson.title.show(self.lang), len(self.lesson.quiz),
                                             following.title.show(self.lang) if following else None), chosen)

    def action_first_section(self) -> None:
        self.index = 0

    def action_prev_section(self) -> None:
        if self.index > 0:
            self.index -= 1
        else:
            self.notify(t("reader.first", self.lang), timeout=3)

    def action_toggle_toc(self) -> None:
        toc = self.toc
        toc.display = not toc.display
        self._toc_chosen = toc.display
        if toc.display:
            toc.focus()
        else:
            self.content_scroll.focus()

    def _demo_view(self) -> DemoView | None:
        """The section's demo view: only where the section embeds a demo (the section, not the widgets:
        the last section's demo view is still there while it is being removed)."""
        embed = self.lesson.sections[self.index].embed
        if embed is None or embed.kind != "demo":
            return None
        # lazy: screens load when first opened
        from ds_tui.ui.widgets.demo_view import DemoView

        views = [v for v in self.query(DemoView) if v.embed == embed]
        return views[-1] if views else None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:  # what the footer shows
        return field_keys_only_in_fields(self, super().active_bindings)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in DEMO_ACTIONS:
            return True
        state = demo_key_state(action, self._demo_view())
        return True if state is None else state

    def action_run_demo(self) -> None:
        view = self._demo_view()
        if view is not None:
            view.action_run()
        self.refresh_bindings()

    def action_cancel_demo(self) -> None:
        view = self._demo_view()
        if view is not None:
            view.action_cancel()
        self.refresh_bindings()

    def on_demo_view_finished(self, _: DemoView.Finished) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()
