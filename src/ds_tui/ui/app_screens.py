"""The app's ways to a screen: a quiz, a lesson where the student stopped, the help with every key, the
glossary, the hardware, the demos, a presentation, a tool, the search and the command palette."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.theme import ThemeProvider

from ds_tui.i18n import t
from ds_tui.ui.bindings import bindings_of
from ds_tui.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.binding import BindingType
    from textual.reactive import var
    from textual.screen import Screen

    from ds_tui.lessons import LessonLibrary
    from ds_tui.quiz.progress import Progress
    from ds_tui.quiz.session import QuizItem
    from ds_tui.store import QuestionState
    from ds_tui.ui.app import DsTuiApp


class ScreenOpeners(App[int]):
    """The actions and calls that open a screen; DsTuiApp (ds_tui.ui.app) has them."""

    if TYPE_CHECKING:  # the app's, for the type checker
        lang: var[str]
        library: var[LessonLibrary | None]
        _help_names: dict[tuple[object, ...], str]  # the installed help screens (see action_help)

        @property
        def progress(self) -> Progress | None: ...

        def quiz_states(self) -> list[QuestionState]: ...

        def lesson_place(self, lesson_id: str) -> str | None: ...

    # -- quizzes ---------------------------------------------------------------------------------
    def open_quiz(self, kind: str, lesson_id: str | None = None) -> None:
        """Start a quiz: "lesson" (lesson_id), "mixed", "review" (what is due) or "mistakes"."""
        # lazy: the quiz core loads with the first quiz; screens load when first opened
        from ds_tui.quiz.planning import plan_session
        from ds_tui.quiz.session import QuizSession
        from ds_tui.ui.screens.quiz import QuizScreen

        if self.library is None:
            self.notify(t("quiz.nothing.library", self.lang))
            return
        plan = plan_session(kind, lesson_id, self.library, self.quiz_states(), self.lang, time.time())
        if not plan.items:
            self.notify(plan.empty, timeout=6, markup=False)
            return
        self.push_screen(QuizScreen(QuizSession(plan.kind, plan.items, self.progress), plan.title))

    def retry_quiz(self, wrong: list[QuizItem]) -> None:
        """In place of a quiz's summary: a new quiz of only the questions it got wrong."""
        # lazy: the quiz core loads with the first quiz; screens load when first opened
        from ds_tui.quiz.session import QuizSession, SessionKind
        from ds_tui.ui.screens.quiz import QuizScreen

        session = QuizSession(SessionKind.MISTAKES, wrong, self.progress)
        count = len(wrong)
        self.switch_screen(QuizScreen(session, lambda shown: t("quiz.title.retry", shown, n=count)))

    def action_stats(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())


    # -- lessons ---------------------------------------------------------------------------------
    def open_lesson(self, lesson_id: str, section_id: str | None = None) -> None:
        """Open a lesson at ``section_id``, or where the student stopped last time (a toast says so)."""
        lesson = self.library.get(lesson_id) if self.library else None
        if lesson is None:
            return
        # lazy: screens load when first opened
        from ds_tui.ui.screens.reader import ReaderScreen

        ids = [s.id for s in lesson.sections]
        resumed = section_id is None
        if resumed:
            section_id = self.lesson_place(lesson_id)
        index = ids.index(section_id) if section_id in ids else 0
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ReaderScreen(lesson, index))
        if resumed and index > 0:
            self.notify(t("reader.resumed", self.lang, n=index + 1, total=len(ids)), timeout=5)


    # -- the command palette, in the user's language ------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from ds_tui.ui.commands import system_commands  # lazy: the palette's module loads when it opens

        return system_commands(cast("DsTuiApp", self), screen)

    def action_command_palette(self) -> None:
        from ds_tui.ui.commands import LocalPalette  # lazy: the palette's module loads when it opens

        # a cast: Textual types is_open's argument App[object], and App is invariant in its return type
        if self.use_command_palette and not LocalPalette.is_open(cast("App[object]", self)):
            self.push_screen(LocalPalette(self.lang, id="--command-palette"))

    def search_themes(self) -> None:
        from ds_tui.ui.commands import LocalPalette  # lazy: the palette's module loads when it opens

        self.push_screen(LocalPalette(self.lang, "palette.themes", providers=[ThemeProvider]))

    def action_help(self) -> None:
        # lazy: screens load when first opened; with the screens it is named with
        from ds_tui.ui.screens.help import HelpScreen
        from ds_tui.ui.screens.reader import ReaderScreen
        from ds_tui.ui.widgets.lesson_list import LessonList

        if isinstance(self.screen, HelpScreen):
            return
        everywhere = bindings_of(self.BINDINGS)
        global_keys = {b.key for b in everywhere}
        # lazy: screens load when first opened
        from ds_tui.ui.screens.hardware import HardwareScreen
        from ds_tui.ui.screens.quiz import QuizScreen
        from ds_tui.ui.screens.stats import StatsScreen

        quiz_keys = [b for b in bindings_of(QuizScreen.BINDINGS) if b.show or b.action in ("toggle", "move(1)", "backspace")]
        # lazy: screens load when first opened
        from ds_tui.ui.screens.demo import DemoScreen
        from ds_tui.ui.screens.demos import DemosScreen
        from ds_tui.ui.screens.search import SearchScreen

        per_screen: dict[str, Iterable[BindingType]] = {"help.home": [*LessonList.BINDINGS, *HomeScreen.BINDINGS], "help.reader": ReaderScreen.BINDINGS,
                      "help.hardware": HardwareScreen.BINDINGS, "help.demos": DemosScreen.BINDINGS,
                      "help.demo_keys": DemoScreen.BINDINGS, "help.search": SearchScreen.BINDINGS,
                      "help.quiz": quiz_keys, "help.stats": StatsScreen.BINDINGS}
        sections = [("help.everywhere", everywhere)] + [
            (heading, [b for b in bindings_of(bindings) if b.key not in global_keys])
            for heading, bindings in per_screen.items()
        ]
        # lazy: screens load when first opened
        from ds_tui.ui.classroom import help_sections

        sections = help_sections(self, sections)
        # one help screen per set of sections, kept (installed) between uses: composing it and styling its
        # widgets on every ? was a good part of a key press while a demo kept the cores busy. It follows a
        # language switch itself, shown or not.
        key = tuple((heading, tuple((b.key, b.action, b.description, b.key_display) for b in bindings))
                    for heading, bindings in sections)
        name = self._help_names.get(key)
        if name is None:
            name = self._help_names[key] = f"ds-tui-help-{len(self._help_names)}"
            self.install_screen(HelpScreen(sections), name)
        self.push_screen(name)

    def action_glossary(self, concept: str | None = None) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(concept))

    def action_hardware(self) -> None:
        # lazy: screens load when first opened
        from ds_tui.ui.screens.hardware import HardwareScreen

        if not isinstance(self.screen, HardwareScreen):
            self.push_screen(HardwareScreen())

    def open_demo(self, demo_id: str, workers: int | None = None, size: str | None = None,
                  microbatches: int | None = None, run: bool = False) -> None:
        """The demo's screen; ``run``: start it at once (``ds-tui demo NAME --live``)."""
        # lazy: screens load when first opened
        from ds_tui.ui.screens.demo import DemoScreen

        self.push_screen(DemoScreen(demo_id, workers, size, microbatches, run=run))

    def action_demos(self) -> None:
        """The Demos place: every demo, its last result on this machine, and its history."""
        # lazy: screens load when first opened
        from ds_tui.ui.screens.demos import DemosScreen

        if not isinstance(self.screen, DemosScreen):
            self.push_screen(DemosScreen())

    def open_present(self, lesson_id: str) -> None:
        """Present a lesson as slides (classroom mode), in the projector theme until it ends."""
        # lazy: screens load when first opened
        from ds_tui.ui.classroom import open_present

        open_present(cast("DsTuiApp", self), lesson_id)

    def open_tool(self, tool_id: str) -> None:
        """A lesson's tool (a calculator, the decision helper) on a screen of its own."""
        # lazy: screens load when first opened
        from ds_tui.ui.screens.tool import ToolScreen

        self.push_screen(ToolScreen(tool_id))

    def action_search(self) -> None:
        """Search every lesson (titles, headings, text; both languages)."""
        # lazy: screens load when first opened
        from ds_tui.ui.screens.search import SearchScreen

        if self.library is not None and not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.library))

    def action_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
