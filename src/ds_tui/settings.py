"""What ds-tui remembers between launches: ``settings.json`` in the data folder.

The language and theme last chosen (``l`` / ``t`` in the app), and the student's name, class and the
folder the hardware report was last saved in. Flags on the command line (``--lang``, ``--theme``) win.

The file is the user's, but it is read as untrusted input: at most ``MAX_BYTES`` of a regular file
(a FIFO or ``/dev/zero`` is refused at once), JSON only, every value checked against its type and
bounds. Anything wrong gives one warning and the default for that value, never an error. The text in
it (a name, a folder) is data: shown without markup, control characters refused. It is written
atomically (a temporary file in the same folder, then a rename), so a crash leaves the old file or
the new one, never half of one.

Plain Python: the command line, the core and the interface share it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct

from ds_tui.i18n import LANGUAGES, t
from ds_tui.textsafe import clean, first_control, shown_path

SETTINGS_FILE = "settings.json"
MAX_BYTES = 16 * 1024  # the real file is under 400 bytes
MAX_NAME = 80  # a student's name, a class
MAX_FOLDER = 1000
_THEME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")  # Textual theme names: textual-dark, nord, projector-light


class Settings(Struct, frozen=True):
    lang: str | None = None  # None: from the locale
    theme: str | None = None  # None: Textual's default
    student_name: str = ""
    student_class: str = ""
    report_folder: str = ""  # where the hardware report was last saved ("": the current folder)


class SettingsLoad(Struct):
    settings: Settings = msgspec.field(default_factory=Settings)
    path: Path | None = None
    problems: list[tuple[str, dict[str, object]]] = msgspec.field(default_factory=list)  # (i18n key, values)

    def warning(self, lang: str) -> str | None:
        """One line for the user, in ``lang`` (None: nothing was wrong)."""
        if not self.problems:
            return None
        key, values = self.problems[0]
        detail = t(key, lang, **values)
        more = t("settings.more", lang, count=len(self.problems) - 1) if len(self.problems) > 1 else ""
        return t("settings.warning", lang, path=shown_path(self.path or SETTINGS_FILE, 200), problem=detail) + more


def settings_path(directory: Path) -> Path:
    return directory / SETTINGS_FILE


def _text(value: object, limit: int) -> tuple[str | None, tuple[str, dict[str, object]] | None]:
    if not isinstance(value, str):
        return None, ("settings.not_text", {})
    if len(value) > limit:
        return None, ("settings.too_long", {"limit": limit})
    index = first_control(value)
    if index is not None or "\n" in value or "\t" in value:
        return None, ("settings.control", {})
    return value.strip(), None


def _check(data: dict[str, Any]) -> tuple[Settings, list[tuple[str, dict[str, object]]]]:
    problems: list[tuple[str, dict[str, object]]] = []
    values: dict[str, Any] = {}
    known = set(Settings.__struct_fields__)
    for key, value in list(data.items())[:50]:
        shown_key = clean(str(key), 40, one_line=True)
        if key not in known:
            problems.append(("settings.unknown_key", {"setting": shown_key}))
            continue
        if key == "lang":
            if value is None or value in LANGUAGES:
                values[key] = value
            else:
                problems.append(("settings.bad_value", {"setting": key, "expected": " | ".join(LANGUAGES)}))
        elif key == "theme":
            if value is None or (isinstance(value, str) and _THEME.match(value)):
                values[key] = value
            else:
                problems.append(("settings.bad_value", {"setting": key, "expected": "textual-dark, nord, projector, …"}))
        else:
            text, problem = _text(value, MAX_FOLDER if key == "report_folder" else MAX_NAME)
            if problem is not None:
                key_word, extra = problem
                problems.append((key_word, {**extra, "setting": key}))
            else:
                values[key] = text
    if len(data) > 50:
        problems.append(("settings.too_many", {"count": len(data)}))
    return Settings(**values), problems


def load_settings(directory: Path) -> SettingsLoad:
    """The settings in ``directory`` (the defaults when there is no file); problems never raise."""
    path = settings_path(directory)
    result = SettingsLoad(path=path)
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # no file, or no data folder (yet): the defaults
        return result
    except OSError:
        pass  # said below, when reading it fails
    # lazy: the lessons package (and PyYAML) is kept out of headless commands that need only settings
    from ds_tui.lessons.library import read_bounded

    try:
        raw = read_bounded(path, MAX_BYTES)
        text = raw.decode("utf-8-sig")
    except ValueError:  # larger than MAX_BYTES (UnicodeDecodeError is a ValueError: told apart below)
        result.problems.append(("settings.too_big", {"limit": MAX_BYTES}))
        return result
    except UnicodeError:
        result.problems.append(("settings.not_utf8", {}))
        return result
    except OSError as exc:
        result.problems.append(("settings.unreadable", {"error": clean(exc.strerror or str(exc), 120, one_line=True)}))
        return result
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        where = f"{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else "?"
        result.problems.append(("settings.not_json", {"where": where}))
        return result
    if not isinstance(data, dict):
        result.problems.append(("settings.not_object", {}))
        return result
    result.settings, result.problems = _check(data)
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def save_settings(directory: Path, settings: Settings) -> None:
    """Write ``settings`` atomically (OSError when the folder cannot be written)."""
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(msgspec.structs.asdict(settings), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, settings_path(directory))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def update_settings(directory: Path, **changes: Any) -> Settings:
    """Read, change, write: the values not named keep what the file says now (another ds-tui may have
    saved since this one started). A file with problems is replaced by the good values it had."""
    current = load_settings(directory).settings
    updated = msgspec.structs.replace(current, **changes)
    save_settings(directory, updated)
    return updated


def check_text(value: str, limit: int = MAX_NAME) -> str | None:
    """``value`` as a setting takes it (stripped), or None when it is too long or holds control characters."""
    text, problem = _text(value, limit)
    return None if problem is not None else text
