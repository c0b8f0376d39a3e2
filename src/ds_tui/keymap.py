"""The user's key overrides: ``keymap.toml`` or ``keymap.yaml`` in the data folder.

Each entry maps a binding id to the keys that trigger it (Textual key names, comma-separated or a
list), for example ``"present.next" = "pagedown,space,right,n"``. The entries may also sit under a
``keymap`` table. A file that cannot be read gives warnings, never an error: the default keys stay.

The file is the user's, but it is read as untrusted input all the same: at most ``MAX_BYTES`` of a
regular file, YAML through the lessons' reader (no aliases, so no "billion laughs", no tags), at most
``MAX_ENTRIES`` entries, and every warning bounded. An entry that would leave a screen without any of
its quit keys (``"present.next" = "q"`` takes q from "quit") is refused, and its binding keeps its keys.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct

import ds_tui.classroom  # noqa: F401  (registers the keymap.* strings with ds_tui.i18n)
from ds_tui.i18n import t
from ds_tui.keymap_file import find_keymap_file
from ds_tui.textsafe import clean, shown_path

_KEY = re.compile(r"^[A-Za-z0-9_+\-]{1,32}$")  # Textual key names: pagedown, ctrl+n, full_stop, f5, a
MAX_BYTES = 64 * 1024  # a keymap of every binding with ten keys each is under 8 KB
MAX_ENTRIES = 200  # ds-tui has about 40 binding ids
MAX_KEYS = 12  # keys for one binding
MAX_WARNINGS_SHOWN = 3  # in the one notification that sums them up


class KeymapError(ValueError):
    """The file is not a keymap (its text in the user's language, with the path)."""


class KeymapLoad(Struct):
    keymap: dict[str, str] = msgspec.field(default_factory=dict)
    path: Path | None = None
    warnings: list[str] = msgspec.field(default_factory=list)


def _parse(path: Path) -> object:
    """The file's data: read bounded, parsed without aliases or tags. OSError / UnicodeDecodeError when
    it cannot be read, KeymapError (or the TOML parser's error) when it is not valid."""
    # lazy: a keymap file is rare: its readers load only when there is one
    from ds_tui.lessons.library import read_bounded

    try:
        data = read_bounded(path, MAX_BYTES)
    except ValueError as exc:
        raise OSError(f"the file is {exc.args[0]:,} bytes or more; a keymap is at most {MAX_BYTES:,}") from None
    text = data.decode("utf-8-sig")
    if path.suffix == ".toml":
        import tomllib  # lazy: a keymap file is rare: its readers load only when there is one

        try:
            return tomllib.loads(text)
        except RecursionError:
            raise KeymapError("nested too deep") from None
    from ds_tui.lessons.yaml_source import parse  # lazy: a keymap file is rare: its readers load only when there is one

    root, errors = parse(text)
    if errors:
        first = errors[0]
        raise KeymapError(f"line {first.line}, column {first.col}: {first.message}")
    return None if root is None else _plain(root)


def _plain(node: Any) -> object:
    """A positioned YAML node as plain data (the reader refuses nesting deeper than 64 levels)."""
    if node.kind == "map":
        return {str(k.value) if k.kind == "scalar" else "?": _plain(v) for k, v in node.pairs}
    if node.kind == "seq":
        return [_plain(item) for item in node.items]
    return node.value


def _keys(value: object) -> str | None:
    """'a,b' or ['a', 'b'] → 'a,b'; None when it is not a list of plausible key names."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",", MAX_KEYS)]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value[:MAX_KEYS + 1]):
        parts = [v.strip() for v in value[:MAX_KEYS + 1]]
    else:
        return None
    if not parts or len(parts) > MAX_KEYS or not all(_KEY.match(p) for p in parts):
        return None
    return ",".join(parts)


def _shown(value: object) -> str:
    return clean(repr(value) if not isinstance(value, str) else f'"{value}"', 60, one_line=True)


def load_keymap(directory: Path, known_ids: Iterable[str] = (), lang: str = "en",
                screens: Sequence[KeyScreen] = ()) -> KeymapLoad:
    """The overrides found in ``directory``; every problem becomes a warning in ``lang``. With
    ``screens``, an entry that would take every quit key from one of them is refused."""
    path = find_keymap_file(directory)
    result = KeymapLoad(path=path)
    if path is None:
        return result
    shown = shown_path(path)
    try:
        data = _parse(path)
    except (OSError, UnicodeDecodeError) as exc:
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        result.warnings.append(t("keymap.unreadable", lang, path=shown, error=clean(error, 200, one_line=True)))
        return result
    except Exception as exc:  # KeymapError, tomllib.TOMLDecodeError: a message with the line
        detail = clean(" ".join(str(exc).split()), 300, one_line=True)
        result.warnings.append(t("keymap.syntax", lang, path=shown, error=detail))
        return result
    if data is None:
        return result
    if isinstance(data, dict) and isinstance(data.get("keymap"), dict) and len(data) == 1:
        data = data["keymap"]
    if not isinstance(data, dict):
        result.warnings.append(t("keymap.not_table", lang, path=shown))
        return result
    known = set(known_ids)
    entries = list(data.items())
    if len(entries) > MAX_ENTRIES:
        result.warnings.append(t("keymap.too_many", lang, path=shown, n=len(entries), most=MAX_ENTRIES))
        entries = entries[:MAX_ENTRIES]
    for binding_id, value in entries:
        binding_id = clean(str(binding_id), 80, one_line=True)
        keys = _keys(value)
        if keys is None:
            result.warnings.append(t("keymap.bad_keys", lang, path=shown, id=binding_id, value=_shown(value)))
        elif known and binding_id not in known:
            close = difflib.get_close_matches(binding_id, sorted(known), n=1)
            hint = t("keymap.did_you_mean", lang, id=close[0]) if close else ""
            result.warnings.append(t("keymap.unknown_id", lang, path=shown, id=binding_id, hint=hint))
        elif (lost := _takes_quit(screens, result.keymap, binding_id, keys)) is not None:
            result.warnings.append(t("keymap.takes_quit", lang, path=shown, id=binding_id, keys=keys, screen=lost))
        else:
            result.keymap[binding_id] = keys
    return result


def summary(warnings: Sequence[str], lang: str) -> str | None:
    """Every warning in one message: the first few, then how many more."""
    if not warnings:
        return None
    shown = list(warnings[:MAX_WARNINGS_SHOWN])
    if len(warnings) > MAX_WARNINGS_SHOWN:
        shown.append(t("keymap.more", lang, n=len(warnings) - MAX_WARNINGS_SHOWN))
    return "\n".join(shown)


# -- quit keys ---------------------------------------------------------------------------------------
class KeySpec(Struct, frozen=True):
    """One binding as the keymap sees it: its id (None: not remappable), its keys, whether it quits."""

    id: str | None
    keys: str
    quits: bool = False


class KeyScreen(Struct, frozen=True):
    """Where keys are looked up, innermost node first (the focused widget, the screen, the app), each
    node's bindings in their order. A key goes to the first node that has it, and there to the first
    binding that has it."""

    name: str
    nodes: tuple[tuple[KeySpec, ...], ...]


def _node_keys(node: Sequence[KeySpec], keymap: Mapping[str, str]) -> dict[str, KeySpec]:
    """Which binding of one node each key runs once ``keymap`` is applied, as Textual applies it: a
    remapped binding gives up its own keys and takes its new ones from whichever binding had them."""
    table: dict[str, list[KeySpec]] = {}
    for spec in node:
        for key in spec.keys.split(","):
            table.setdefault(key.strip(), []).append(spec)
    new: dict[str, list[KeySpec]] = {}
    for spec in node:
        if spec.id is not None and spec.id in keymap:
            for key in spec.keys.split(","):
                table.pop(key.strip(), None)
            for key in keymap[spec.id].split(","):
                table.pop(key, None)
                new.setdefault(key, []).append(spec)
    table.update(new)
    return {key: specs[0] for key, specs in table.items() if specs}


def quit_keys(screen: KeyScreen, keymap: Mapping[str, str]) -> set[str]:
    """The keys that quit on ``screen`` once ``keymap`` is applied."""
    taken: set[str] = set()
    quits: set[str] = set()
    for node in screen.nodes:
        for key, spec in _node_keys(node, keymap).items():
            if key not in taken:
                taken.add(key)
                if spec.quits:
                    quits.add(key)
    return quits


def _takes_quit(screens: Sequence[KeyScreen], accepted: Mapping[str, str], binding_id: str, keys: str) -> str | None:
    """The name of a screen that had a quit key and would have none with this entry too, or None."""
    trial = {**accepted, binding_id: keys}
    for screen in screens:
        if quit_keys(screen, {}) and not quit_keys(screen, trial):
            return screen.name
    return None
