"""Measured speedup against the number of workers, beside what theory allows on this machine.

Points: the runs measured here (letters by mode: T threads, P processes, A asyncio, H hybrid; two
modes measured at the same spot sit side by side, "TP", so neither hides the other). The x axis is
labelled with the worker counts.
"·": the ideal, min(N, usable cores). "∘": Amdahl's curve for the parallel fraction p fitted to the
best measured process run. Letters and shapes, so colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from ds_tui.numbers import decimal

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
    # lazy: the demo engine loads with the first demo
    from ds_tui.demos.prose import amdahl_parallel_fraction

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
        self.lang = "en"  # the axis's and p's decimal separator

    def set_points(self, points: list[Point], usable: int, caption: str, lang: str = "en") -> None:
        self.points, self.usable, self.caption, self.lang = points, max(1, usable), caption, lang
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self.points:
            return 0
        return len(self._text(width).wrap(self.app.console, max(1, width)))  # the caption may wrap

    def render(self) -> Text:
        return self._text(self.size.width or 60)

    def _text(self, total_width: int) -> Text:
        if not self.points:
            return Text()
        max_n = max(max(pt.workers for pt in self.points), self.usable, 2)
        p = fit_parallel_fraction(self.points, self.usable)
        top = max(max(pt.speedup for pt in self.points), float(min(max_n, self.usable)), 1.0) * 1.1
        width = max(20, total_width - 7)
        grid = [[" "] * width for _ in range(HEIGHT)]

        def column(n: float) -> int:
            return round((n - 1) / (max_n - 1) * (width - 1)) if max_n > 1 else 0

        def row(s: float) -> int:
            return HEIGHT - 1 - round(min(s, top) / top * (HEIGHT - 1))

        def place(n: float, s: float, glyph: str) -> None:
            x, y = column(n), row(s)
            if grid[y][x] == " ":
                grid[y][x] = glyph

        for i in range(width):
            n = 1 + i / (width - 1) * (max_n - 1)
            place(n, min(n, self.usable), "·")
            if p is not None:
                place(n, amdahl(p, min(n, self.usable)), "∘")
        for (x, y), letters in marker_cells(self.points, column, row).items():
            start = min(max(0, x), width - len(letters))  # letters sharing a cell sit side by side
            for k, letter in enumerate(letters):
                grid[y][start + k] = letter
        out = Text(self.caption + (f"  (p ≈ {decimal(p, self.lang)})" if p is not None else ""), style="dim")
        for r, cells in enumerate(grid):
            label = f"{decimal(top * (HEIGHT - 1 - r) / (HEIGHT - 1), self.lang, 1):>4}× " if r % 2 == 0 else "      "
            out.append("\n" + label + "│" + "".join(cells))
        out.append("\n" + " " * 6 + "└" + "─" * width)
        out.append("\n" + "N".rjust(5) + "  " + x_labels(self.ticks(max_n), column, width))
        return out

    def ticks(self, max_n: int) -> list[int]:
        """Worker counts labelled on the x axis: 1, the usable cores (where the ideal line bends), every
        count measured, and the axis's end."""
        return sorted({1, max_n, *(pt.workers for pt in self.points), *([self.usable] if self.usable <= max_n else [])})


def marker_cells(points: list[Point], column, row) -> dict[tuple[int, int], str]:
    """The measured points' letters by cell; two modes measured at the same spot share it ("TP")."""
    order = list(LETTERS)
    cells: dict[tuple[int, int], list[str]] = {}
    for pt in sorted(points, key=lambda pt: order.index(pt.mode) if pt.mode in order else len(order)):
        letter = LETTERS.get(pt.mode, "*")
        spot = cells.setdefault((column(pt.workers), row(pt.speedup)), [])
        if letter not in spot:
            spot.append(letter)
    return {cell: "".join(letters) for cell, letters in cells.items()}


def x_labels(ticks: list[int], column, width: int) -> str:
    """The worker counts under their columns: 1 and the last first, then the others where a label
    would not touch another (one left out rather than two run together)."""
    line = [" "] * width
    for n in dict.fromkeys([ticks[0], ticks[-1], *ticks]):
        label = str(n)
        start = max(0, min(column(n), width - len(label)))  # the last one ends at the axis's end
        if all(line[x] == " " for x in range(max(0, start - 1), min(width, start + len(label) + 1))):
            line[start:start + len(label)] = list(label)
    return "".join(line).rstrip()
