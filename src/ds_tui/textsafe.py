"""Text from files (lessons, settings, the presenter's state) on its way to a terminal: never a control
character, never unbounded.

A terminal obeys what it is sent: ESC starts a sequence that can set the clipboard (OSC 52), change the
window title or hide text; C1 codes (U+0080–U+009F) do the same on many terminals; CR, BS and DEL
overwrite what was shown. Lone surrogates (a file name that is not UTF-8, a ``"\\udc80"`` escape in YAML)
cannot be encoded at all and make ``print`` fail. Each such character is shown as a visible escape
(``\\x1b``) instead, so nothing is lost from sight and nothing reaches the terminal.

Plain Python: the core, the command line and the interface share it.
"""

from __future__ import annotations

import os
import re

# C0 controls except tab and newline, DEL, C1 controls, and surrogates
CONTROL = _CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # and tab, newline too

ELLIPSIS = "…"

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC"}


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def first_control(text: str) -> int | None:
    """The index of the first character a terminal must not receive (tab and newline are fine)."""
    match = _CONTROL.search(text)
    return match.start() if match else None


def describe_char(char: str) -> str:
    """``U+001B (ESC)``: how an error message names a refused character."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def clean(text: str, limit: int | None = None, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as an escape, cut to ``limit`` characters (with …).

    ``one_line`` also escapes tab and newline: for a path or a message that must stay on its line."""
    if not isinstance(text, str):
        text = str(text)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + ELLIPSIS
    pattern = _CONTROL_ONE_LINE if one_line else _CONTROL
    if pattern.search(text) is None:  # the usual case: nothing to copy
        return text
    out = pattern.sub(_visible, text)
    if limit is not None and len(out) > limit:  # escapes take room: cut again
        out = out[: max(0, limit - 1)] + ELLIPSIS
    return out


def shown_path(path: object, limit: int = 1000) -> str:
    """A path as a user reads it: on one line, bytes that are not UTF-8 as ``\\xNN``, bounded."""
    if isinstance(path, (bytes, os.PathLike)):
        path = os.fsdecode(path)
    return clean(str(path), limit, one_line=True)
