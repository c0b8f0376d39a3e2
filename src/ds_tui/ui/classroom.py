"""Classroom mode's glue with the app: the projector themes, the user's keymap, help sections,
and opening a presentation (from the home screen or from ``ds-tui present``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.theme import Theme

from ds_tui.i18n import t

if TYPE_CHECKING:
    from textual.app import App

    from ds_tui.keymap import KeyScreen

# Okabe & Ito (2008), "Color Universal Design": told apart by people with every common colour-vision deficiency
OKABE_ITO: dict[str, str] = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
# the options' colours, in order: A, B, C, … (letters and shapes say the same thing, for everyone)
OPTION_COLOURS: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2")
RIGHT_COLOUR = OKABE_ITO["bluish_green"]
WRONG_COLOUR = OKABE_ITO["vermillion"]

PROJECTOR = "projector"
PROJECTOR_THEMES: tuple[Theme, ...] = (
    Theme(name=PROJECTOR, primary="#56B4E9", secondary="#E69F00", accent="#F0E442", warning="#E69F00",
          error="#D55E00", success="#009E73", foreground="#FFFFFF", background="#000000", surface="#000000",
          panel="#1C1C1C", boost="#262626", dark=True, luminosity_spread=0.2, text_alpha=1.0,
          variables={"footer-key-foreground": "#F0E442", "footer-background": "#1C1C1C",
                     "footer-description-foreground": "#FFFFFF", "block-cursor-background": "#56B4E9",
                     "block-cursor-foreground": "#000000", "text-muted": "#DDDDDD"}),
    Theme(name="projector-light", primary="#0072B2", secondary="#D55E00", accent="#0072B2", warning="#A05A00",
          error="#B34700", success="#006B4F", foreground="#000000", background="#FFFFFF", surface="#FFFFFF",
          panel="#EDEDED", boost="#E0E0E0", dark=False, luminosity_spread=0.2, text_alpha=1.0,
          variables={"footer-key-foreground": "#0072B2", "footer-background": "#E6E6E6",
                     "footer-description-foreground": "#000000", "text-muted": "#222222"}),
)


def register_themes(app: App) -> None:
    for theme in PROJECTOR_THEMES:
        app.register_theme(theme)


# -- keys -------------------------------------------------------------------------------------------
def classroom_screens() -> list[type]:
    from ds_tui.ui.screens.class_quiz import ClassQuizScreen
    from ds_tui.ui.screens.class_summary import ClassSummaryScreen, ExportScreen
    from ds_tui.ui.screens.classroom_modals import BlankScreen, ConfirmScreen, GotoScreen
    from ds_tui.ui.screens.devices import FiguresScreen, JoinScreen
    from ds_tui.ui.screens.present import PresentScreen

    return [PresentScreen, ClassQuizScreen, ClassSummaryScreen, BlankScreen, ConfirmScreen, GotoScreen, ExportScreen,
            JoinScreen, FiguresScreen]


def binding_ids(classes: list[type]) -> set[str]:
    ids: set[str] = set()
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def known_binding_ids(app: App) -> set[str]:
    from ds_tui.ui.screens.home import HomeScreen
    from ds_tui.ui.widgets.lesson_list import LessonList

    from ds_tui.ui.notes_app import NotesApp

    return binding_ids([type(app), HomeScreen, LessonList, NotesApp, *classroom_screens()])  # one file for both apps


QUIT_ACTIONS = frozenset({"quit", "app.quit", "present_quit", "confirm_yes"})  # confirm: "really quit?" yes


def quit_screens(app: App) -> list[KeyScreen]:
    """Where a user's keymap must leave a key that quits: the screens with remappable keys and a quit key,
    each with the nodes a key press goes through (the focused widget, the screen, the app)."""
    from ds_tui.keymap import KeyScreen, KeySpec

    def node(cls: type) -> tuple[KeySpec, ...]:
        return tuple(KeySpec(b.id, b.key, b.action in QUIT_ACTIONS)
                     for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding))

    from ds_tui.ui.notes_app import NotesApp

    if isinstance(app, NotesApp):
        return [KeyScreen("ds-tui notes", (node(NotesApp),))]
    from ds_tui.ui.screens.class_quiz import ClassQuizScreen
    from ds_tui.ui.screens.classroom_modals import ConfirmScreen
    from ds_tui.ui.screens.home import HomeScreen
    from ds_tui.ui.screens.present import PresentScreen
    from ds_tui.ui.widgets.lesson_list import LessonList

    own = node(type(app))  # the app's own bindings (q quits), not Textual's
    return [KeyScreen("home", (node(LessonList), node(HomeScreen), own)),
            KeyScreen("present", (node(PresentScreen), own)),
            KeyScreen("class quiz", (node(ClassQuizScreen), own)),
            KeyScreen("quit?", (node(ConfirmScreen), own))]


def apply_user_keymap(app: App, lang: str) -> None:
    """Load ``keymap.toml``/``.yaml`` from the data folder and apply it; problems are warnings, never a crash,
    all of them in one notification."""
    from ds_tui.keymap import find_keymap_file, load_keymap, summary
    from ds_tui.paths import data_dir
    from ds_tui.textsafe import clean, shown_path

    home = getattr(app, "home_dir", None) or data_dir()
    if find_keymap_file(home) is None:  # the usual case costs one stat, not importing every screen
        return
    try:
        loaded = load_keymap(home, known_binding_ids(app), lang, quit_screens(app))
    except Exception as exc:  # whatever it is, the default keys still work
        app.notify(t("keymap.unreadable", lang, path=shown_path(home), error=clean(str(exc), 200, one_line=True)),
                   severity="warning", timeout=10, markup=False)
        return
    message = summary(loaded.warnings, lang)
    if message:
        app.notify(message, title=t("keymap.title", lang), severity="warning", timeout=10, markup=False)
    if loaded.keymap:
        app.set_keymap(loaded.keymap)


def rebound(app: App, bindings: list[Binding]) -> list[Binding]:
    """The bindings as the help screen lists them: every key (the user's keymap applied), e.g. pgdn/space/→."""
    keymap = getattr(app, "_keymap", {}) or {}
    out: list[Binding] = []
    for binding in bindings:
        keys = (keymap.get(binding.id or "") or binding.key).split(",")
        shown = "/".join(app.get_key_display(binding.with_key(key.strip(), key_display=None)) for key in keys)
        out.append(binding.with_key(",".join(keys), key_display=shown))
    return out


def help_sections(app: App, sections: list[tuple[str, list[Binding]]]) -> list[tuple[str, list[Binding]]]:
    """The help screen's sections with classroom mode's; while presenting, those come first."""
    from ds_tui.ui.screens.class_quiz import ClassQuizScreen
    from ds_tui.ui.screens.class_summary import ClassSummaryScreen
    from ds_tui.ui.screens.present import PresentScreen

    def own(bindings: list) -> list[Binding]:  # the app's keys (help, language) are listed once, with the app's
        return [b for b in bindings if b.action not in ("app.help", "present_lang")]

    summary = [b for b in ClassSummaryScreen.BINDINGS if b.action == "sum_export"]  # type: ignore[union-attr]
    ours = [("help.present", rebound(app, own(list(PresentScreen.BINDINGS)))),  # type: ignore[arg-type]
            ("help.class_quiz", rebound(app, own(list(ClassQuizScreen.BINDINGS)) + summary))]  # type: ignore[arg-type]
    if isinstance(app.screen, (PresentScreen, ClassQuizScreen, ClassSummaryScreen)):
        return sections[:1] + ours + sections[1:]
    return sections + ours


# -- presenting ------------------------------------------------------------------------------------
def open_present(app: App, lesson_id: str, *, from_command_line: bool = False) -> None:
    """Present a lesson. From the home screen the projector theme is used until the presentation ends."""
    library = getattr(app, "library", None)
    lesson = library.get(lesson_id) if library else None
    if lesson is None:
        return
    from ds_tui.ui.screens.present import PresentScreen

    listener = getattr(app, "serve_listener", None) if from_command_line else None
    if listener is not None:
        app.serve_listener = None  # type: ignore[attr-defined]  # the first presentation takes it
    screen = PresentScreen(lesson, quit_app=from_command_line, listener=listener)
    if not from_command_line and app.theme != PROJECTOR:
        screen.restore_theme = app.theme
        app.theme = PROJECTOR
    app.push_screen(screen)


def present_when_loaded(app: App, lesson_id: str) -> None:
    """``ds-tui present``: the lessons load in a thread; present as soon as they are there."""
    opened = False

    def maybe_open(library: object) -> None:
        nonlocal opened
        if library is not None and not opened:
            opened = True
            open_present(app, lesson_id, from_command_line=True)

    app.watch(app, "library", maybe_open)
