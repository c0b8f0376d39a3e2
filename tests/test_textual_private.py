"""A canary for the private parts of Textual that ds-tui uses (each use says why, where it is made).

A Textual upgrade that renames or removes one of them fails here, by name, instead of somewhere in a
screen's behaviour. The installed version is pinned (constraints.txt: textual==8.2.8)."""

from __future__ import annotations

import importlib

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import RadioButton


def test_the_styles_cache_memo_is_there_to_clear():  # ds_tui.ui.memory (Textualize/textual#6665)
    module = importlib.import_module("textual._styles_cache")
    assert callable(getattr(module.StylesCache.get_inner_outer, "cache_clear", None))


async def test_watchers_closing_and_the_app_thread_are_where_ds_tui_reads_them():
    # ds_tui.ui.memory ("__watchers", _closing, _closed; Textualize/textual#6666), ds_tui.ui.visibility,
    # ds_tui.ui.hardware_feed (_thread_id), ds_tui.ui.user_keys.rebound (_keymap)
    app = App()
    async with app.run_test():
        node = app.screen
        node.watch(app, "theme", lambda: None, init=False)
        assert isinstance(getattr(app, "__watchers", None), dict) and "theme" in getattr(app, "__watchers")
        widget = Widget()
        assert widget._closing is False and widget._closed is False
        assert isinstance(app._thread_id, int)
        app.set_keymap({"some.id": "x"})
        assert app._keymap == {"some.id": "x"}


def test_a_nodes_own_bindings_can_be_relabelled():  # ds_tui.ui.bindings.localize, PresentScreen.label_quit
    node = DOMNode()
    assert isinstance(node._bindings.key_to_bindings, dict)


def test_the_footers_key_widget_and_the_palettes_no_matches_parts_are_there():
    # ds_tui.ui.widgets.key_footer, ds_tui.ui.commands.LocalPalette
    from textual.widgets._footer import FooterKey

    assert issubclass(FooterKey, Widget)
    for name in ("_start_no_matches_countdown", "_stop_no_matches_countdown", "_NO_MATCHES", "_NO_MATCHES_COUNTDOWN"):
        assert hasattr(CommandPalette, name), name


@pytest.mark.parametrize("name", ["_button", "BUTTON_INNER", "_make_label"])
def test_a_toggle_buttons_drawing_hooks_are_there(name):  # ds_tui.ui.widgets.decision_helper.Choice
    assert hasattr(RadioButton, name)
    assert hasattr(RadioButton("label"), "_label")
