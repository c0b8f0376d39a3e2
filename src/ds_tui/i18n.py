"""Interface strings in Vietnamese and English, and the default language from the locale."""

from __future__ import annotations

import locale
import os

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANG = "en"


def locale_lang(environ: dict[str, str] | None = None) -> str:
    """'vi' when the user's locale is Vietnamese, else 'en'."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else DEFAULT_LANG
    if environ is None:  # Windows has no LANG; ask the C library
        try:
            name = locale.getlocale()[0] or ""
        except ValueError:
            name = ""
        if name.lower().startswith(("vi", "vietnamese")):
            return "vi"
    return DEFAULT_LANG
