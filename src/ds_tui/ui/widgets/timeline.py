"""The busy timeline of each run: one row per worker, time running left to right on a shared scale.

"█" computing, "░" waiting for I/O, " " idle (waiting for the GIL, for a core, or for work): threads
under the GIL take turns; processes run side by side. Glyphs, not colour, carry the meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

CPU, IO = "█", "░"


@dataclass
class Lane:
    label: str
    spans: list[tuple[float, float, str]]


@dataclass
class Track:
    title: str
    wall_s: float
    lanes: list[Lane]


def paint(spans: list[tuple[float, float, str]], scale_s: float, width: int) -> str:
    cells = [" "] * width
    if scale_s <= 0:
        return "".join(cells)
    for start, end, kind in spans:
        a = int(start / scale_s * width)
        b = max(a + 1, int(round(end / scale_s * width)))
        glyph = CPU if kind == "cpu" else IO
        for x in range(max(0, a), min(width, b)):
            if cells[x] != CPU:  # computing wins over waiting in a shared cell
                cells[x] = glyph
    return "".join(cells)


class Timeline(Widget):
    DEFAULT_CSS = """
    Timeline { height: auto; }
    """
    MAX_LANES = 8  # more workers than this are summarised, so the chart stays on screen

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tracks: list[Track] = []
        self.legend = ""

    def set_tracks(self, tracks: list[Track], legend: str) -> None:
        rows = [len(t.lanes) for t in self.tracks]
        self.tracks, self.legend = tracks, legend
        self.refresh(layout=rows != [len(t.lanes) for t in tracks])  # relayout only when the height changes

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        if not self.tracks:
            return 0
        legend = len(Text(self.legend).wrap(self.app.console, max(1, width))) if self.legend else 1
        return legend + sum(1 + min(len(t.lanes), self.MAX_LANES) for t in self.tracks)  # a long legend wraps

    def render(self) -> Text:
        if not self.tracks:
            return Text()
        width = self.size.width or 60
        scale = max(t.wall_s for t in self.tracks) or 1.0
        label_width = min(14, max((len(lane.label) for t in self.tracks for lane in t.lanes), default=6) + 1)
        plot = max(10, width - label_width - 2)
        out = Text(self.legend, style="dim")
        for track in self.tracks:
            out.append(f"\n{track.title}", style="bold")
            for lane in track.lanes[: self.MAX_LANES]:
                out.append("\n" + lane.label[:label_width].ljust(label_width) + "▕")
                out.append(paint(lane.spans, scale, plot), style="cyan")
            if len(track.lanes) > self.MAX_LANES:
                out.append(f"  (+{len(track.lanes) - self.MAX_LANES})", style="dim")
        return out
