"""Numbers as each language writes them: the one formatter of the app.

English writes ``1,234.5``; Vietnamese ``1.234,5`` (decimal comma, dot between thousands). Two
locales only, both tested, so this is Python's own formatting with the separators swapped, not a
locale library (whose data would be loaded by every screen that shows a figure).
"""

from __future__ import annotations


def localize(text: str, lang: str) -> str:
    """English separators in ``text`` -> the language's: ``1,234.5`` -> ``1.234,5`` in Vietnamese."""
    if lang != "vi":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def decimal(value: float, lang: str, digits: int = 2, grouping: bool = False) -> str:
    """``value`` with ``digits`` decimals: ``decimal(2.64, "vi")`` -> ``"2,64"``; ``grouping``
    separates the thousands (``12,345.0`` / ``12.345,0``)."""
    return localize(f"{value:{',' if grouping else ''}.{digits}f}", lang)


def general(value: float, lang: str) -> str:
    """The shortest form (Python's ``g``): ``0.3`` -> ``"0,3"`` in Vietnamese; ``1e-05`` stays."""
    return localize(f"{value:g}", lang)
