"""A label followed by text whose wrapped lines all start under the text (a hanging indent).

One wrap of one Text: the lesson list re-measures its prompts on every layout, and a Rich table per
prompt (the obvious way to get this) made the home screen's first frame measurably slower. The wrapped
lines are kept per width: the list renders each prompt ~6 times before its first frame (to measure
heights, then to draw), and the same width wraps the same way.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text


class HangingText:
    def __init__(self, label: Text, body: Text) -> None:
        self.label = label
        self.body = body
        self.indent = cell_len(label.plain)
        # the lines drawn at a width, with what else decides them; segments are immutable, so shared
        self._drawn: dict[tuple[object, ...], list[Segment]] = {}

    @property
    def plain(self) -> str:
        return self.label.plain + self.body.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.justify, options.overflow, options.no_wrap, options.markup,
               options.highlight, console.color_system, console.style)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= 8:  # a window dragged through many widths: keep only the latest
                self._drawn.clear()
            drawn = self._drawn[key] = self._draw(console, options)
        return drawn

    def _draw(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        width = max(1, options.max_width - self.indent)
        lines = console.render_lines(self.body, options.update_width(width), pad=False)
        label = list(self.label.render(console))
        drawn: list[Segment] = []
        for number, line in enumerate(lines):
            drawn.extend(label if number == 0 else [Segment(" " * self.indent)])
            drawn.extend(line)
            drawn.append(Segment.line())
        return drawn

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        body = Measurement.get(console, options, self.body)
        return Measurement(body.minimum + self.indent, body.maximum + self.indent)
