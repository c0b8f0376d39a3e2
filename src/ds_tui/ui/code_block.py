"""A code snippet from a lesson as the class reads it: no fences, every line as written, and a line too long
for the screen wrapped under its own indent plus two, so a continuation never looks like a line of its own."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text as RichText

from ds_tui.ui.safe import plain


class CodeBlock:
    """``compact``: without its blank lines (a zoomed projector, where every row counts)."""

    def __init__(self, code: str, style: str = "", compact: bool = False) -> None:
        self.code = "\n".join(line for line in code.splitlines() if line.strip()) if compact else code
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(8, options.max_width)
        for raw in self.code.splitlines() or [""]:
            raw = raw.expandtabs(4)
            indent = min(len(raw) - len(raw.lstrip(" ")), width // 2)
            hang = min(indent + 2, width // 2)
            body = plain(raw.lstrip(" "), style=self.style)
            pieces = body.wrap(console, width - hang, no_wrap=False) if body.plain else [RichText("")]
            for number, piece in enumerate(pieces):
                yield Segment(" " * (indent if number == 0 else hang))
                yield from piece.render(console)
                yield Segment.line()
