"""A label followed by text whose wrapped lines all start under the text (a hanging indent).

One wrap of one Text: the lesson list re-measures its prompts on every layout, and a Rich table per
prompt (the obvious way to get this) made the home screen's first frame measurably slower.
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

    @property
    def plain(self) -> str:
        return self.label.plain + self.body.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.indent)
        lines = console.render_lines(self.body, options.update_width(width), pad=False)
        label = list(self.label.render(console))
        for number, line in enumerate(lines):
            yield from label if number == 0 else [Segment(" " * self.indent)]
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        body = Measurement.get(console, options, self.body)
        return Measurement(body.minimum + self.indent, body.maximum + self.indent)
