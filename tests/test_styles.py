"""Where the look lives: app.tcss holds what every screen shares, a screen's own rules sit in a .tcss beside it
(ui/screens/) and start with its class, so none leaks onto another screen; Textual reads a screen's CSS_PATH
into the app's one stylesheet the first time the screen is shown, and from then on it applies app-wide."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.app import App
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import ds_tui.ui.screens as screens_pkg
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.join_app import JoinApp
from ds_tui.ui.notes_app import NotesApp

UI = Path(screens_pkg.__file__).parent.parent
SCREENS = UI / "screens"
VARIABLES = App().get_css_variables()


def _rules(path: Path) -> list:
    sheet = Stylesheet(variables=VARIABLES)
    sheet.read(path)
    sheet.parse()
    return sheet.rules


def _screen_classes() -> list[type[Screen]]:
    found: dict[str, type[Screen]] = {}
    for info in pkgutil.iter_modules(screens_pkg.__path__):
        module = importlib.import_module(f"{screens_pkg.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found[cls.__qualname__] = cls
    return list(found.values())


def _css_files(owner: type) -> list[Path]:
    paths = owner.CSS_PATH
    if paths is None:
        return []
    listed = [paths] if isinstance(paths, str | Path) else list(paths)
    base = Path(inspect.getfile(owner)).parent
    return [(base / p).resolve() for p in listed]


def _owners() -> dict[Path, set[str]]:
    """Each stylesheet under ui/screens/ and the screens that read it (a screen's subclasses read it too)."""
    owners: dict[Path, set[str]] = {}
    for cls in _screen_classes():
        for path in _css_files(cls):
            owners.setdefault(path, set()).add(cls.__name__)
    return owners


def test_every_screen_stylesheet_is_read_by_a_screen_of_its_module():
    owners = _owners()
    files = sorted(p.resolve() for p in SCREENS.glob("*.tcss"))
    assert files, "no screen stylesheets found"
    for path in files:
        assert path in owners, f"{path.name} is read by no screen's CSS_PATH"
        modules = {Path(inspect.getfile(c)).stem for c in _screen_classes() if c.__name__ in owners[path]}
        assert modules == {path.stem}, f"{path.name} is read by screens of {sorted(modules)}"
    for path in owners:
        assert path.parent == SCREENS.resolve(), f"a screen reads {path}, not a stylesheet beside it"


def test_every_screen_rule_starts_with_a_screen_that_reads_it():
    """A rule that did not start with its screen's type would match the same ids on every other screen."""
    for path, names in _owners().items():
        for rule in _rules(path):
            for selector_set in rule.selector_set:
                first = selector_set.selectors[0]
                assert first.type == SelectorType.TYPE and first.name in names, (
                    f"{path.name}: {rule.selectors!r} does not start with {' or '.join(sorted(names))}")


def _ids(path: Path) -> set[str]:
    return set(re.findall(r"#([A-Za-z_][\w-]*)", re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)))


def test_app_stylesheet_names_no_widget_by_id():
    """app.tcss applies on every screen from the start: a rule there that names an id is a screen's own."""
    assert _ids(UI / "app.tcss") == set()
    assert _ids(UI / "window_size.tcss") == set()
    for rule in _rules(UI / "app.tcss"):
        for selector_set in rule.selector_set:
            for selector in selector_set.selectors:
                assert selector.name not in {c.__name__ for c in _screen_classes()}, rule.selectors


def test_the_home_screen_stylesheet_is_read_with_the_app():
    """Textual does not read the default screen's CSS_PATH: the app's lists it."""
    home = (SCREENS / "home.tcss").resolve()
    assert home in _css_files(DsTuiApp)
    assert [p.name for p in _css_files(DsTuiApp) if p != home] == ["app.tcss", "window_size.tcss"]


def test_notes_and_join_have_their_own_stylesheets_with_only_their_ids():
    assert [p.name for p in _css_files(NotesApp)] == ["notes.tcss", "window_size.tcss"]
    assert [p.name for p in _css_files(JoinApp)] == ["join.tcss"]
    for app, path in ((NotesApp, UI / "notes.tcss"), (JoinApp, UI / "join.tcss")):
        source = Path(inspect.getfile(app)).read_text()
        for name in _ids(path):
            assert f'id="{name}"' in source, f"{path.name} styles #{name}, which {app.__name__} does not draw"
