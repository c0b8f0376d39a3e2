"""The command palette in the user's language: ds-tui's own actions, Textual's system commands (theme,
keys, quit, screenshot) relabelled, and the palette's own words (its placeholder, "no matches")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text as RichText
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from ds_tui.i18n import t
from ds_tui.ui.base import ds_app
from ds_tui.ui.safe import highlighted, plain_content

if TYPE_CHECKING:
    from textual.screen import Screen

    from ds_tui.ui.app import DsTuiApp


class LessonCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = ds_app(self)
        lang = app.lang
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (t("cmd.switch_lang", lang), t("cmd.switch_lang.help", lang), app.action_toggle_lang),
            (t("cmd.help", lang), t("cmd.help.help", lang), app.action_help),
            (t("cmd.home", lang), t("cmd.home.help", lang), app.action_home),
            (t("cmd.theme", lang), t("cmd.theme.help", lang), app.action_next_theme),
            (t("cmd.hardware", lang), t("cmd.hardware.help", lang), app.action_hardware),
            (t("cmd.review", lang), t("cmd.review.help", lang), partial(app.open_quiz, "review")),
            (t("cmd.stats", lang), t("cmd.stats.help", lang), app.action_stats),
            (t("cmd.demos", lang), t("cmd.demos.help", lang), app.action_demos),
            (t("cmd.search", lang), t("cmd.search.help", lang), app.action_search),
        ]
        from ds_tui.registry import REGISTRY  # lazy: the registry lists the demos: only when the palette is searched

        for entry in REGISTRY.values():  # the calculators and the decision helper
            if entry.kind == "tool":
                commands.append((t("cmd.tool", lang, title=entry.title(lang)), t("cmd.tool.help", lang),
                                 partial(app.open_tool, entry.id)))
        # lazy: the demo engine loads with the first demo
        from ds_tui.demos.catalog import DEMOS

        for spec in DEMOS.values():
            commands.append((t("cmd.demo", lang, title=spec.title.show(lang)), t("cmd.demo.help", lang),
                             partial(app.open_demo, spec.id)))
        library = app.library
        for lesson in library.lessons if library else []:
            title = lesson.title.show(lang)
            commands.append((t("cmd.open_lesson", lang, title=title), t("cmd.open_lesson.help", lang),
                             partial(app.open_lesson, lesson.id)))
            if lesson.quiz:
                commands.append((t("cmd.quiz", lang, title=title), t("cmd.quiz.help", lang),
                                 partial(app.open_quiz, "lesson", lesson.id)))
            commands.append((t("cmd.present", lang, title=title), t("cmd.present.help", lang),
                             partial(app.open_present, lesson.id)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():  # a lesson title is text, never markup
            yield DiscoveryHit(plain_content(name, 300), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)


def system_commands(app: DsTuiApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    """Textual's system commands, in the user's language. Textual's "Keys" panel (English key descriptions)
    is left out: ds-tui's own "Show every key" opens the help screen, every key of every screen, translated."""
    lang = app.lang
    yield SystemCommand(t("sys.theme", lang), t("sys.theme.help", lang), app.action_change_theme)
    yield SystemCommand(t("sys.quit", lang), t("sys.quit.help", lang), app.action_quit)
    if screen.maximized is not None:
        yield SystemCommand(t("sys.minimize", lang), t("sys.minimize.help", lang), screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(t("sys.maximize", lang), t("sys.maximize.help", lang), screen.action_maximize)
    yield SystemCommand(t("sys.screenshot", lang), t("sys.screenshot.help", lang),
                        lambda: app.set_timer(0.1, app.deliver_screenshot))


class LocalPalette(CommandPalette):
    """Textual's command palette with its own words in the user's language."""

    def __init__(self, lang: str, placeholder_key: str = "palette.placeholder", **kwargs: Any) -> None:
        super().__init__(placeholder=t(placeholder_key, lang), **kwargs)
        self.lang = lang

    # _start_no_matches_countdown and the names it uses (_stop_no_matches_countdown, _NO_MATCHES, _list_visible,
    # _no_matches_timer, _NO_MATCHES_COUNTDOWN) are CommandPalette's
    # private parts (Textual 8): its "No matches found" is fixed English text with no hook to translate it
    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with "no matches" in the user's language."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(RichText(t("palette.no_matches", self.lang), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
