"""A problem found in a lesson file, reported as ``PATH:LINE:COL: error: FIELD: MESSAGE``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    field: str  # e.g. "quiz[3].options[1].why.en"; "" for the file as a whole
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {where}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
