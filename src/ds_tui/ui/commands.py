"""Command-palette entries for ds-tui's own actions (Textual adds theme, keys, quit...)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ds_tui.i18n import t
from ds_tui.ui.safe import highlighted, plain_content


class LessonCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        lang = app.lang  # type: ignore[attr-defined]
        commands: list[tuple[str, str, object]] = [
            (t("cmd.switch_lang", lang), t("cmd.switch_lang.help", lang), app.action_toggle_lang),  # type: ignore[attr-defined]
            (t("cmd.help", lang), t("cmd.help.help", lang), app.action_help),  # type: ignore[attr-defined]
            (t("cmd.home", lang), t("cmd.home.help", lang), app.action_home),  # type: ignore[attr-defined]
            (t("cmd.theme", lang), t("cmd.theme.help", lang), app.action_next_theme),  # type: ignore[attr-defined]
            (t("cmd.hardware", lang), t("cmd.hardware.help", lang), app.action_hardware),  # type: ignore[attr-defined]
            (t("cmd.review", lang), t("cmd.review.help", lang), partial(app.open_quiz, "review")),  # type: ignore[attr-defined]
            (t("cmd.stats", lang), t("cmd.stats.help", lang), app.action_stats),  # type: ignore[attr-defined]
            (t("cmd.demos", lang), t("cmd.demos.help", lang), app.action_demos),  # type: ignore[attr-defined]
            (t("cmd.search", lang), t("cmd.search.help", lang), app.action_search),  # type: ignore[attr-defined]
        ]
        from ds_tui.registry import REGISTRY

        for entry in REGISTRY.values():  # the calculators and the decision helper
            if entry.kind == "tool" and entry.available:
                commands.append((t("cmd.tool", lang, title=entry.title(lang)), t("cmd.tool.help", lang),
                                 partial(app.open_tool, entry.id)))  # type: ignore[attr-defined]
        from ds_tui.demos.catalog import DEMOS

        for spec in DEMOS.values():
            commands.append((t("cmd.demo", lang, title=spec.title.show(lang)), t("cmd.demo.help", lang),
                             partial(app.open_demo, spec.id)))  # type: ignore[attr-defined]
        from ds_tui.ui.classroom import open_present

        library = app.library  # type: ignore[attr-defined]
        for lesson in library.lessons if library else []:
            title = lesson.title.show(lang)
            commands.append((t("cmd.open_lesson", lang, title=title), t("cmd.open_lesson.help", lang),
                             partial(app.open_lesson, lesson.id)))  # type: ignore[attr-defined]
            if lesson.quiz:
                commands.append((t("cmd.quiz", lang, title=title), t("cmd.quiz.help", lang),
                                 partial(app.open_quiz, "lesson", lesson.id)))  # type: ignore[attr-defined]
            commands.append((t("cmd.present", lang, title=title), t("cmd.present.help", lang),
                             partial(open_present, app, lesson.id)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():  # a lesson title is text, never markup
            yield DiscoveryHit(plain_content(name, 300), callback, text=name, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)  # type: ignore[arg-type]
