"""Packages above ds_tui.i18n add their strings to it; i18n imports nothing above it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ds_tui import i18n


def test_a_clashing_key_is_refused_loudly(monkeypatch):
    monkeypatch.setattr(i18n, "_STRINGS", dict(i18n._STRINGS))
    with pytest.raises(ValueError, match=r"ds_tui\.example.*home\.title"):
        i18n.register({"home.title": ("Other words", "Chữ khác"), "example.new": ("New", "Mới")}, "ds_tui.example")
    assert "example.new" not in i18n._STRINGS  # nothing of a refused table is added
    assert i18n.t("home.title", "en") == "Lessons"


def test_new_keys_are_added_and_the_same_words_again_are_no_clash(monkeypatch):
    monkeypatch.setattr(i18n, "_STRINGS", dict(i18n._STRINGS))
    i18n.register({"example.new": ("New {n}", "Mới {n}")}, "ds_tui.example")
    i18n.register({"example.new": ("New {n}", "Mới {n}")}, "ds_tui.example")
    assert i18n.t("example.new", "vi", n=2) == "Mới 2"


def test_classroom_strings_are_registered_when_the_classroom_package_is_imported():
    from ds_tui.classroom.strings import STRINGS

    import ds_tui.classroom  # noqa: F401

    assert all(i18n._STRINGS[key] == words for key, words in STRINGS.items())


def test_i18n_does_not_import_the_classroom_package():
    code = "import sys, ds_tui.i18n; print(sorted(m for m in sys.modules if m.startswith('ds_tui.classroom')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
