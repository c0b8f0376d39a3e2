"""The user's keymap (keymap.toml or .yaml in the data folder) for both apps: the binding ids it may
name, the screens that must keep a key that quits, applying it, and the keys as the help screen lists them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from ds_tui.i18n import t
from ds_tui.keymap_file import find_keymap_file
from ds_tui.paths import data_dir
from ds_tui.textsafe import clean, shown_path

if TYPE_CHECKING:
    from textual.app import App

    from ds_tui.keymap import KeyScreen


# ds-tui notes' keys (NotesApp.BINDINGS), kept here: one keymap file serves both apps, and the main app
# knows the ids it may name without importing the notes app
NOTES_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", id="notes.quit"),
    Binding("l", "toggle_lang", "Tiếng Việt", id="notes.lang"),
]


def classroom_screens() -> list[type]:
    # lazy: screens load when first opened
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
    # lazy: screens load when first opened; with the screens it is named with
    from ds_tui.ui.screens.home import HomeScreen
    from ds_tui.ui.widgets.lesson_list import LessonList

    notes = {binding.id for binding in NOTES_BINDINGS if isinstance(binding, Binding) and binding.id}  # one file for both apps
    return binding_ids([type(app), HomeScreen, LessonList, *classroom_screens()]) | notes


QUIT_ACTIONS = frozenset({"quit", "app.quit", "present_quit", "confirm_yes"})  # confirm: "really quit?" yes


def quit_screens(app: App) -> list[KeyScreen]:
    """Where a user's keymap must leave a key that quits: the screens with remappable keys and a quit key,
    each with the nodes a key press goes through (the focused widget, the screen, the app)."""
    from ds_tui.keymap import KeyScreen, KeySpec  # lazy: a keymap file is rare: its reader loads only when there is one

    def node(cls: type) -> tuple[KeySpec, ...]:
        return tuple(KeySpec(b.id, b.key, b.action in QUIT_ACTIONS)
                     for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding))

    if type(app).BINDINGS is NOTES_BINDINGS:  # ds-tui notes
        return [KeyScreen("ds-tui notes", (node(type(app)),))]
    # lazy: screens load when first opened; with the screens it is named with
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
    home = getattr(app, "home_dir", None) or data_dir()
    if find_keymap_file(home) is None:  # the usual case costs one stat, not importing the reader or every screen
        return
    from ds_tui.keymap import load_keymap, summary  # lazy: a keymap file is rare: its reader loads only then

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
    keymap = getattr(app, "_keymap", {}) or {}  # private (App): what set_keymap() applied; there is no getter
    out: list[Binding] = []
    for binding in bindings:
        keys = (keymap.get(binding.id or "") or binding.key).split(",")
        shown = "/".join(app.get_key_display(binding.with_key(key.strip(), key_display=None)) for key in keys)
        out.append(binding.with_key(",".join(keys), key_display=shown))
    return out
