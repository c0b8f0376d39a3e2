"""The pipeline demo's Gantt chart: one row per stage, time left to right on a scale shared by the runs.

Each operation is drawn where it was measured: "F3░░" the forward of micro-batch 3, "B3▓▓▓▓" its
backward, "·" idle time — the bubble. Letters and glyphs carry the meaning (colour only helps). The
end of each row gives the stage's idle share and the most micro-batches whose activations it held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.widget import Widget

from ds_tui.ui.widgets.painted import Painted

MAX_LANES = 8
IDLE = "·"
GLYPH = {"F": ("░", "cyan"), "B": ("▓", "magenta")}


@dataclass
class GanttLane:
    label: str
    ops: list[tuple[str, int | None, float, float]]  # ("F" | "B", micro-batch or None, start_s, end_s)
    suffix: str = ""


@dataclass
class GanttTrack:
    title: str
    window_s: float  # the batch's time: ops run from 0 to window_s
    lanes: list[GanttLane] = field(default_factory=list)


def paint(ops: list[tuple[str, int | None, float, float]], window_s: float, scale_s: float,
          width: int) -> list[tuple[str, str]]:
    """(glyph, style) per cell: idle dots up to the batch's end, each op's letter and micro-batch number
    (1-based, where it fits) at its start, its fill after."""
    cells: list[tuple[str, str]] = [(" ", "")] * width
    if scale_s <= 0:
        return cells
    end_cell = min(width, round(window_s / scale_s * width))
    for x in range(end_cell):
        cells[x] = (IDLE, "dim")
    for kind, mb, start, end in sorted(ops, key=lambda o: o[2]):
        a = max(0, min(width - 1, int(start / scale_s * width)))
        b = max(a + 1, min(width, round(end / scale_s * width)))
        fill, style = GLYPH.get(kind, ("█", ""))
        label = kind + ("" if mb is None else str(mb + 1))
        if len(label) > b - a:
            label = kind
        for x in range(a, b):
            k = x - a
            cells[x] = (label[k] if k < len(label) else fill, f"bold {style}" if k < len(label) else style)
    return cells


class PipelineGantt(Widget):
    DEFAULT_CSS = """
    PipelineGantt { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tracks: list[GanttTrack] = []
        self.legend = ""
        self._painted = Painted()

    def set_tracks(self, tracks: list[GanttTrack], legend: str) -> None:
        rows = [len(t.lanes) for t in self.tracks]
        self.tracks, self.legend = tracks, legend
        relayout = rows != [len(t.lanes) for t in tracks] or not tracks
        if relayout or self._painted.changed(self._text):  # else the same cells: nothing to repaint
            self.refresh(layout=relayout)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self.tracks:
            return 0
        return len(self._text(width).wrap(self.app.console, max(1, width)))  # the legend and titles may wrap

    def render(self) -> Text:
        return self._painted.render(self.size.width or 80, self._text)

    def _text(self, width: int) -> Text:
        if not self.tracks:
            return Text()
        scale = max(t.window_s for t in self.tracks) or 1.0
        lanes = [lane for t in self.tracks for lane in t.lanes]
        label_w = max(len(lane.label) for lane in lanes) + 1
        suffix_w = max((len(lane.suffix) for lane in lanes), default=0)
        plot = max(10, width - label_w - 1 - (suffix_w + 1 if suffix_w else 0))
        out = Text(self.legend, style="dim")
        for track in self.tracks:
            out.append("\n" + track.title, style="bold")
            for lane in track.lanes[:MAX_LANES]:
                out.append("\n" + lane.label.ljust(label_w) + "▕")
                for glyph, style in paint(lane.ops, track.window_s, scale, plot):
                    out.append(glyph, style=style)
                if suffix_w:
                    out.append(" " + lane.suffix.rjust(suffix_w), style="dim")
            if len(track.lanes) > MAX_LANES:
                out.append(f"\n  (+{len(track.lanes) - MAX_LANES})", style="dim")
        return out
