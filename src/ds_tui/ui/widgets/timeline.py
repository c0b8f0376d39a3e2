"""The busy timeline of each run: one row per worker, time running left to right on a shared scale.

Each cell is a slice of time. "█" the worker computed through all of it; a lower block "▁▂▃▄▅▆▇" only
part of it (its height is that share): threads under the GIL take turns every few milliseconds, so
two of them each compute about half of every slice ("▄"), where processes on two cores both show
"█". "░" the worker mostly waited for I/O; " " idle (waiting for work). Glyphs, not colour, carry
the meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ds_tui.ui.widgets.fit import fit_label
from ds_tui.ui.widgets.painted import Painted

CPU, IO = "█", "░"
BLOCKS = " ▁▂▃▄▅▆▇█"  # the share of a cell's time spent computing, in eighths


@dataclass
class Lane:
    label: str
    spans: list[tuple[float, float, str]]


@dataclass
class Track:
    title: str
    wall_s: float
    lanes: list[Lane]


def coverage(spans: list[tuple[float, float, str]], scale_s: float, width: int) -> tuple[list[float], list[float]]:
    """The share (0 to 1) of each cell's time covered by cpu spans, and by the other (I/O) spans."""
    cpu, io = [0.0] * width, [0.0] * width
    if scale_s <= 0 or width <= 0:
        return cpu, io
    cell = scale_s / width
    for start, end, kind in spans:
        target = cpu if kind == "cpu" else io
        first, last = max(0, int(start / cell)), min(width - 1, int(end / cell))
        for x in range(first, last + 1):
            overlap = min(end, (x + 1) * cell) - max(start, x * cell)
            if overlap > 0:
                target[x] += overlap / cell
    return [min(1.0, c) for c in cpu], [min(1.0, i) for i in io]


def paint(spans: list[tuple[float, float, str]], scale_s: float, width: int) -> str:
    """One glyph per cell: a block as high as the share of the cell spent computing, "░" where waiting
    for I/O took more of it than computing, " " where neither did."""
    cpu, io = coverage(spans, scale_s, width)
    cells = []
    for c, i in zip(cpu, io):
        if c > 0 and c >= i:
            cells.append(BLOCKS[max(1, round(c * 8))])
        elif i > 0:
            cells.append(IO)
        else:
            cells.append(" ")
    return "".join(cells)


class Timeline(Widget):
    DEFAULT_CSS = """
    Timeline { height: auto; }
    """
    MAX_LANES = 12  # more workers than this are summarised, so the chart stays on screen

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tracks: list[Track] = []
        self.legend = ""
        self._painted = Painted()

    def set_tracks(self, tracks: list[Track], legend: str) -> None:
        rows = [len(t.lanes) for t in self.tracks]
        self.tracks, self.legend = tracks, legend
        relayout = rows != [len(t.lanes) for t in tracks]  # relayout only when the height changes
        if relayout or self._painted.changed(self._draw):  # else the same cells: nothing to repaint
            self.refresh(layout=relayout)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self.tracks:
            return 0
        legend = len(Text(self.legend).wrap(self.app.console, max(1, width))) if self.legend else 1
        return legend + sum(1 + min(len(t.lanes), self.MAX_LANES) for t in self.tracks)  # a long legend wraps

    def render(self) -> Text:
        return self._painted.render(self.size.width or 60, self._draw)

    def _draw(self, width: int) -> Text:
        if not self.tracks:
            return Text()
        scale = max(t.wall_s for t in self.tracks) or 1.0
        longest = max((cell_len(lane.label) for t in self.tracks for lane in t.lanes), default=6)
        label_width = min(longest + 1, max(8, (width - 2) * 2 // 5))  # whole labels where they fit
        plot = max(10, width - label_width - 2)
        out = Text(self.legend, style="dim")
        for track in self.tracks:
            out.append(f"\n{track.title}", style="bold")
            if len(track.lanes) > self.MAX_LANES:
                out.append(f"  (+{len(track.lanes) - self.MAX_LANES})", style="dim")
            for lane in shown_lanes(track.lanes, self.MAX_LANES):
                shown = fit_label(lane.label, label_width - 1)
                out.append("\n" + shown + " " * (label_width - cell_len(shown)) + "▕")
                out.append(paint(lane.spans, scale, plot), style="cyan")
        return out


def shown_lanes(lanes: list[Lane], most: int) -> list[Lane]:
    """At most ``most`` lanes, in their order, taken in turn from each kind of worker ("I/O thread",
    "CPU process", ...), so that no kind is left out of a run with many workers."""
    if len(lanes) <= most:
        return lanes
    groups: dict[str, list[int]] = {}
    for i, lane in enumerate(lanes):
        groups.setdefault(lane.label.split(" (")[0].rstrip("0123456789 "), []).append(i)
    picked: list[int] = []
    queues = [list(g) for g in groups.values()]
    while len(picked) < most:
        for q in queues:
            if q and len(picked) < most:
                picked.append(q.pop(0))
    return [lanes[i] for i in sorted(picked)]
