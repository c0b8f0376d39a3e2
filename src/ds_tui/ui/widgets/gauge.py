"""A labelled usage gauge (memory, swap, GPU): bar, figures and a one-line meaning."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ds_tui.numbers import decimal
from ds_tui.ui.widgets.core_bars import bar, level_style


def human_bytes(value: float | None, lang: str = "en") -> str:
    if value is None:
        return "?"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{decimal(value, lang, 1)} {unit}"
        value /= 1024
    return f"{decimal(value, lang, 1)} TiB"


class Gauge(Widget):
    DEFAULT_CSS = """
    Gauge { height: auto; }
    """

    def __init__(self, label: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.percent: float | None = None
        self.figures = ""
        self.meaning = ""
        self._drawn: Text | None = None  # what the screen shows (or will, once a pending refresh is drawn)
        self._next: tuple[int, Text] | None = None  # (width, text) made by set() for the next frame

    def set(self, label: str, percent: float | None, figures: str, meaning: str = "") -> None:
        state = (label, percent, figures, meaning)
        if state == (self.label, self.percent, self.figures, self.meaning):
            return  # nothing moved: no repaint at all
        relayout = bool(meaning) != bool(self.meaning)  # the height is 1 or 2 lines
        self.label, self.percent, self.figures, self.meaning = state
        text = self._text()
        self._next = (self.size.width, text)  # what render() returns next: made once a second, not twice
        if not relayout and self._drawn is not None and text == self._drawn:
            return  # a figure moved, but not as far as the screen shows (62.4% and 62.3% both read 62%)
        self._drawn = text.copy()  # what the screen shows once this refresh is drawn
        self.refresh(layout=relayout)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 2 if self.meaning else 1

    def render(self) -> Text:
        made, self._next = self._next, None
        if made is not None and made[0] == self.size.width:
            return made[1]  # made by set(), and already in _drawn
        out = self._text()
        self._drawn = out.copy()
        return out

    def _text(self) -> Text:
        width = self.size.width or 40
        out = Text(f"{self.label:<8}", style="bold")
        if self.percent is None:
            out.append(self.figures or "—", style="dim")
        else:
            bar_width = max(4, width - 8 - len(self.figures) - 7)
            out.append(bar(self.percent, bar_width), style=level_style(self.percent))
            out.append(f" {self.percent:3.0f}% ")
            out.append(self.figures)
        if self.meaning:  # one line, as promised: cut with an ellipsis on narrow screens
            meaning = Text(self.meaning, style="dim italic", no_wrap=True, overflow="ellipsis")
            meaning.truncate(width, overflow="ellipsis")
            out.append("\n")
            out.append_text(meaning)
        out.no_wrap = True
        out.overflow = "ellipsis"
        return out
