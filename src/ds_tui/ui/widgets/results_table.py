"""The runs' results as a table that fits the width it is drawn at (it decides when drawn, so a resized
terminal gets the right form).

Each run's note (lost updates, throughput, start-up...) is a last column where the whole table fits
without wrapping; otherwise the notes go under the table, one line each after the run's mode, and
when even that is too wide the least needed columns go first (CPU seconds, then efficiency). A cell
is never cut: titles are short on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text


@dataclass
class Column:
    key: str
    title: str
    justify: JustifyMethod = "right"
    optional: int = 0  # dropped on a narrow screen: 1 first, then 2 (0: always shown)


@dataclass
class ResultsTable:
    columns: list[Column]
    rows: list[list[str | Text]]  # one cell per column
    modes: list[str]  # each row's mode, shown before its note under the table
    notes: list[str] = field(default_factory=list)
    note_title: str = "Note"

    def table(self, with_notes: bool, dropped: int = 0) -> Table:
        table = Table(box=None, padding=(0, 1), header_style="bold")
        keep = [i for i, c in enumerate(self.columns) if not c.optional or c.optional > dropped]
        for i in keep:
            c = self.columns[i]
            table.add_column(c.title, justify=c.justify, no_wrap=True)
        if with_notes:
            table.add_column(self.note_title, justify="left", no_wrap=True)
        for r, row in enumerate(self.rows):
            cells = [row[i] for i in keep]
            table.add_row(*cells, *([self.notes[r]] if with_notes else []))
        return table

    def layout(self, width: int, console: Console, options: ConsoleOptions) -> tuple[bool, int]:
        """(notes in a column, how many optional levels dropped) for a table ``width`` cells wide."""
        has_notes = any(self.notes)

        def fits(table: Table) -> bool:
            return Measurement.get(console, options.update_width(10_000), table).maximum <= width

        if has_notes and fits(self.table(True)):
            return True, 0
        levels = max((c.optional for c in self.columns), default=0)
        for dropped in range(levels + 1):
            if fits(self.table(False, dropped)):
                return False, dropped
        return False, levels

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        with_notes, dropped = self.layout(options.max_width, console, options)
        yield self.table(with_notes, dropped)
        if not with_notes:
            for mode, note in zip(self.modes, self.notes):
                if note:
                    line = Text(" ")
                    line.append(f"{mode}: ", style="bold")
                    line.append(note)
                    yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
