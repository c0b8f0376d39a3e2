"""The user's key overrides: ``keymap.toml`` or ``keymap.yaml`` in the data folder.

Each entry maps a binding id to the keys that trigger it (Textual key names, comma-separated or a
list), for example ``"present.next" = "pagedown,space,right,n"``. The entries may also sit under a
``keymap`` table. A file that cannot be read gives warnings, never an error: the default keys stay.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ds_tui.i18n import t

KEYMAP_FILES: tuple[str, ...] = ("keymap.toml", "keymap.yaml", "keymap.yml")
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+$")  # Textual key names: pagedown, ctrl+n, full_stop, f5, a


@dataclass
class KeymapLoad:
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)


def find_keymap_file(directory: Path) -> Path | None:
    return next((directory / name for name in KEYMAP_FILES if (directory / name).is_file()), None)


def _parse(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        import tomllib

        return tomllib.loads(text)
    import yaml

    return yaml.safe_load(text)


def _keys(value: object) -> str | None:
    """'a,b' or ['a', 'b'] → 'a,b'; None when it is not a list of plausible key names."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = [v.strip() for v in value]
    else:
        return None
    if not parts or not all(_KEY.match(p) for p in parts):
        return None
    return ",".join(parts)


def load_keymap(directory: Path, known_ids: Iterable[str] = (), lang: str = "en") -> KeymapLoad:
    """The overrides found in ``directory``; every problem becomes a warning in ``lang``."""
    path = find_keymap_file(directory)
    result = KeymapLoad(path=path)
    if path is None:
        return result
    try:
        data = _parse(path)
    except (OSError, UnicodeDecodeError) as exc:
        result.warnings.append(t("keymap.unreadable", lang, path=path, error=exc))
        return result
    except Exception as exc:  # tomllib.TOMLDecodeError, yaml.YAMLError: a message with the line
        detail = " ".join(str(exc).split())
        result.warnings.append(t("keymap.syntax", lang, path=path, error=detail))
        return result
    if data is None:
        return result
    if isinstance(data, dict) and isinstance(data.get("keymap"), dict) and len(data) == 1:
        data = data["keymap"]
    if not isinstance(data, dict):
        result.warnings.append(t("keymap.not_table", lang, path=path))
        return result
    known = set(known_ids)
    for binding_id, value in data.items():
        binding_id = str(binding_id)
        keys = _keys(value)
        if keys is None:
            result.warnings.append(t("keymap.bad_keys", lang, path=path, id=binding_id, value=value))
        elif known and binding_id not in known:
            close = difflib.get_close_matches(binding_id, sorted(known), n=1)
            hint = t("keymap.did_you_mean", lang, id=close[0]) if close else ""
            result.warnings.append(t("keymap.unknown_id", lang, path=path, id=binding_id, hint=hint))
        else:
            result.keymap[binding_id] = keys
    return result
