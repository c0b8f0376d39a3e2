"""One progress bar per worker of the running mode, drawn as text with the counts beside it."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ds_tui.ui.widgets.core_bars import bar


class LaneProgress(Widget):
    DEFAULT_CSS = """
    LaneProgress { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = ""
        self.lanes: list[str] = []
        self.done: list[int] = []
        self.totals: list[int] = []
        self.failed: dict[int, str] = {}

    def start(self, title: str, lanes: tuple[str, ...]) -> None:
        self.title, self.lanes = title, list(lanes)
        self.done, self.totals, self.failed = [0] * len(lanes), [0] * len(lanes), {}
        self.refresh(layout=True)

    def progress(self, lane: int, done: int, total: int) -> None:
        if 0 <= lane < len(self.lanes) and (self.done[lane], self.totals[lane]) != (done, total):
            self.done[lane], self.totals[lane] = done, total
            self.refresh()  # a repaint only; Textual draws at most one frame per refresh interval

    def fail(self, lane: int, reason: str) -> None:
        self.failed[lane] = reason
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return len(self.lanes) + 1 if self.lanes else 0

    def render(self) -> Text:
        if not self.lanes:
            return Text()
        width = self.size.width or 60
        label_width = min(16, max(len(lane) for lane in self.lanes) + 1)
        out = Text(self.title, style="bold")
        for i, lane in enumerate(self.lanes):
            out.append("\n" + lane[:label_width].ljust(label_width))
            if i in self.failed:
                out.append("✗ " + self.failed[i], style="bold red")
                continue
            done, total = self.done[i], self.totals[i]
            counts = f" {done}/{total}" if total else ""
            percent = 100 * done / total if total else 0
            out.append(bar(percent, max(4, width - label_width - len(counts) - 2)), style="green")
            out.append(counts + (" ✓" if total and done >= total else ""))
        return out
