"""Measured speedup against the number of workers, beside what theory allows on this machine.

Points: the runs measured here (letters by mode: T threads, P processes, A asyncio, H hybrid).
"·": the ideal, min(N, usable cores). "∘": Amdahl's curve for the parallel fraction p fitted to the
best measured process run. Letters and shapes, so colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

LETTERS = {"threads": "T", "processes": "P", "asyncio": "A", "hybrid": "H"}
HEIGHT = 8


@dataclass(frozen=True)
class Point:
    mode: str
    workers: int
    speedup: float


def amdahl(p: float, n: float) -> float:
    """Amdahl's law, only to draw the curve; the fraction p comes from the core (demos.explain)."""
    return 1.0 / ((1.0 - p) + p / n)


def fit_parallel_fraction(points: list[Point], usable: int) -> float | None:
    """p for the best process run, with N capped at the usable cores (the core's formula)."""
    from ds_tui.demos.explain import amdahl_parallel_fraction

    runs = [pt for pt in points if pt.mode == "processes" and pt.workers > 1]
    if not runs:
        return None
    best = max(runs, key=lambda pt: pt.speedup)
    return amdahl_parallel_fraction(best.speedup, min(best.workers, usable))


class SpeedupChart(Widget):
    DEFAULT_CSS = """
    SpeedupChart { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: list[Point] = []
        self.usable = 1
        self.caption = ""

    def set_points(self, points: list[Point], usable: int, caption: str) -> None:
        self.points, self.usable, self.caption = points, max(1, usable), caption
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return HEIGHT + 3 if self.points else 0

    def render(self) -> Text:
        if not self.points:
            return Text()
        max_n = max(max(pt.workers for pt in self.points), self.usable, 2)
        p = fit_parallel_fraction(self.points, self.usable)
        top = max(max(pt.speedup for pt in self.points), float(min(max_n, self.usable)), 1.0) * 1.1
        width = max(20, (self.size.width or 60) - 7)
        grid = [[" "] * width for _ in range(HEIGHT)]

        def place(n: float, s: float, glyph: str, overwrite: bool) -> None:
            x = round((n - 1) / (max_n - 1) * (width - 1)) if max_n > 1 else 0
            y = HEIGHT - 1 - round(min(s, top) / top * (HEIGHT - 1))
            if overwrite or grid[y][x] == " ":
                grid[y][x] = glyph

        for i in range(width):
            n = 1 + i / (width - 1) * (max_n - 1)
            place(n, min(n, self.usable), "·", False)
            if p is not None:
                place(n, amdahl(p, min(n, self.usable)), "∘", False)
        for pt in self.points:
            place(pt.workers, pt.speedup, LETTERS.get(pt.mode, "*"), True)
        out = Text(self.caption + (f"  (p ≈ {p:.2f})" if p is not None else ""), style="dim")
        for row, cells in enumerate(grid):
            label = f"{top * (HEIGHT - 1 - row) / (HEIGHT - 1):4.1f}× " if row % 2 == 0 else "      "
            out.append("\n" + label + "│" + "".join(cells))
        out.append("\n" + " " * 6 + "└" + "─" * width)
        axis = " " * 7 + "1" + f"{max_n}".rjust(width - 1)
        out.append("\n" + axis)
        return out
