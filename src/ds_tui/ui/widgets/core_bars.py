"""Per-core usage bars with a short history, like btop's CPU box, drawn as text.

The percentage is always printed beside the bar, so colour is never the only signal.
"""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.widget import Widget

SPARKS = " ▁▂▃▄▅▆▇█"
HISTORY = 12


def bar(percent: float, width: int) -> str:
    filled = round(max(0.0, min(100.0, percent)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def sparkline(values: list[float]) -> str:
    return "".join(SPARKS[min(8, max(0, round(v / 100 * 8)))] for v in values)


def level_style(percent: float) -> str:
    return "bold red" if percent >= 85 else "yellow" if percent >= 50 else "green"


class CoreBars(Widget):
    """One line per logical CPU: label, bar, percentage, history. Two columns when there are many cores."""

    DEFAULT_CSS = """
    CoreBars { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cores: tuple[float, ...] = ()
        self._history: list[deque[float]] = []
        self._drawn: Text | None = None  # what the screen shows (or will, once a pending refresh is drawn)
        self._next: tuple[int, Text] | None = None  # (width, text) made by update_cores() for the next frame

    def update_cores(self, per_core: list[float]) -> None:
        if len(self._history) != len(per_core):
            self._history = [deque(maxlen=HISTORY) for _ in per_core]
        for history, value in zip(self._history, per_core):
            history.append(value)
        relayout = len(per_core) != len(self.cores)  # the height follows the core count
        self.cores = tuple(per_core)
        # what render() returns next: the text is made once a second, not a second time for the frame
        text = self._render_cores()
        self._next = (self.size.width, text)
        if relayout or self._drawn is None or text != self._drawn:  # unchanged on screen: no repaint
            self._drawn = text.copy()  # what the screen shows once this refresh is drawn
            self.refresh(layout=relayout)

    def get_content_height(self, container, viewport, width: int) -> int:
        columns = 2 if len(self.cores) > 16 and width >= 80 else 1
        return max(1, -(-len(self.cores) // columns))

    def render(self) -> Text:
        made, self._next = self._next, None
        if made is not None and made[0] == self.size.width:
            return made[1]  # made by update_cores(), and already in _drawn
        out = self._render_cores()
        self._drawn = out.copy()
        return out

    def _render_cores(self) -> Text:
        if not self.cores:
            return Text("…", style="dim")
        width = self.size.width or 40
        columns = 2 if len(self.cores) > 16 and width >= 80 else 1
        column_width = width // columns - (1 if columns > 1 else 0)
        label_width = len(str(len(self.cores) - 1)) + 4
        bar_width = max(4, column_width - label_width - 6 - HISTORY - 2)
        rows = -(-len(self.cores) // columns)
        out = Text()
        for row in range(rows):
            for col in range(columns):
                index = col * rows + row
                if index >= len(self.cores):
                    continue
                value = self.cores[index]
                cell = Text(f"cpu{index:<{label_width - 3}}", style="bold")
                cell.append(bar(value, bar_width), style=level_style(value))
                cell.append(f" {value:3.0f}% ")
                cell.append(sparkline(list(self._history[index])).ljust(HISTORY), style="dim")
                cell.truncate(column_width, pad=True)
                out.append_text(cell)
                if col < columns - 1:
                    out.append(" ")
            if row < rows - 1:
                out.append("\n")
        return out
