"""Packages above ds_tui.i18n add their strings to it; i18n imports nothing above it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

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


# -- one way to translate (docs/architecture.md, "Translations") -------------------------------------------------------
SRC = Path(__file__).parent.parent / "src" / "ds_tui"
# being split into smaller modules by another change: their conditionals go when that lands
BEING_SPLIT: set[str] = set()  # none left: the files that were being split are split and converted
# the mechanism itself: t(), Text.get and other_lang() choose the language here, and nowhere else
MECHANISM = {"i18n.py"}
INLINE = re.compile(r"""\bif (?:self\.)?vi else\b|\bif (?:self\.)?lang == ["']vi["'] else\b""")


def _modules() -> list[tuple[str, Path]]:
    return sorted((p.relative_to(SRC).as_posix(), p) for p in SRC.rglob("*.py"))


def test_the_known_exceptions_still_exist():
    names = {name for name, _ in _modules()}
    assert BEING_SPLIT | MECHANISM <= names


def test_no_inline_language_conditional_outside_i18n():
    """``'mất' if vi else 'lost'`` or ``... if lang == "vi" else ...``: a string that escapes the tables (and
    their clash check, and the .one plurals). Write a key in a registered table and call t() instead."""
    found = [f"{name}:{i}: {line.strip()}" for name, path in _modules() if name not in BEING_SPLIT | MECHANISM
             for i, line in enumerate(path.read_text().splitlines(), 1) if INLINE.search(line)]
    assert not found, "\n".join(found)


def _is_pair_table(node: ast.expr) -> bool:
    """A dict literal of three or more entries whose values are all string pairs, some of them Vietnamese
    (not ASCII: a pair of file names or HTTP headers is no translation)."""
    def text(value: ast.expr) -> bool:
        return (isinstance(value, ast.Constant) and isinstance(value.value, str)) or (
            isinstance(value, ast.JoinedStr))

    return (isinstance(node, ast.Dict) and len(node.values) >= 3
            and all(isinstance(v, ast.Tuple) and len(v.elts) == 2 and all(text(e) for e in v.elts) for v in node.values)
            and not ast.unparse(node).isascii())


def test_no_private_string_table_outside_the_registered_ones():
    """A module's own ``{key: (en, vi)}`` table with its own lookup is a second mechanism: its entries belong
    in a registered table (``STRINGS`` in a ``strings.py`` / ``*_strings.py`` module, or i18n's own)."""
    found = []
    for name, path in _modules():
        if name in BEING_SPLIT | MECHANISM or name.endswith("strings.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is not None and _is_pair_table(value):
                found.append(f"{name}:{node.lineno}")
    assert not found, found


def test_every_registered_table_joins_without_a_clash_and_every_literal_key_exists():
    """Importing every package that registers strings raises nothing (a clash is an error), and each
    ``t("some.key", …)`` written in the source names a key the joined table has."""
    import ds_tui.classroom
    import ds_tui.demos
    import ds_tui.hardware
    import ds_tui.training
    import ds_tui.ui  # noqa: F401

    call = re.compile(r"""\bt\(\s*["']([a-z][\w.\-]*)["']\s*[,)]""")
    missing = [f"{name}: {key}" for name, path in _modules() for key in call.findall(path.read_text())
               if not i18n.has(key)]
    assert not missing, missing
