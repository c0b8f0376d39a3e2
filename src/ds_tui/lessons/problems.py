"""A problem found in a lesson file, reported as ``PATH:LINE:COL: error: FIELD: MESSAGE``."""

# no `from __future__ import annotations`: msgspec reads these Structs' types as objects instead of evaluating
# strings at the start-up cache's first decode (~1.5 ms of every start, ds_tui.lessons.cache)
from typing import Literal

from msgspec import Struct

from ds_tui.textsafe import clean, shown_path

Severity = Literal["error", "warning"]


class Problem(Struct, frozen=True):
    path: str
    line: int  # 1-based
    col: int  # 1-based
    field: str  # e.g. "quiz[3].options[1].why.en"; "" for the file as a whole
    message: str
    severity: Severity = "error"

    def format(self, path: str | None = None) -> str:
        """One line, whatever the file, its name or the message hold: control characters are escaped
        (a name or a key may come from the file itself) and each part is bounded. ``path``: the file
        as the reader should see it (default: as it was given)."""
        where = f"{clean(self.field, 200, one_line=True)}: " if self.field else ""
        shown = shown_path(self.path if path is None else path)
        return f"{shown}:{self.line}:{self.col}: {self.severity}: {where}{clean(self.message, 1000, one_line=True)}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
