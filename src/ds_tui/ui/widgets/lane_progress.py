"""One progress bar per worker of the running mode, drawn as text with the counts beside it.

A worker given its own share shows "done/total". Workers that take tasks from one shared queue (a
pool's processes, asyncio's task slots) each show the tasks *they* did, their bar that part of the
queue; the queue's size is said once, on the title line. One line per lane, always: a label is
shortened on purpose and a failure's reason clipped after a whole word, so no lane is pushed away.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ds_tui.demos.lanes import lane_label
from ds_tui.i18n import t
from ds_tui.ui.widgets.core_bars import bar
from ds_tui.ui.widgets.fit import clip_words, fit_label

if TYPE_CHECKING:
    from textual.timer import Timer

class LaneProgress(Widget):
    DEFAULT_CSS = """
    LaneProgress { height: auto; }
    """
    # Progress arrives hundreds of times a second; each repaint asked for is a frame of the whole demo
    # screen (5-15 ms on 2 busy cores), so the lanes repaint at most this often, the last count always
    # drawn. At Textual's 60 frames a second the frames took a core's worth of time from the key presses
    # and the demo's own processes.
    REPAINT_S = 0.1

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = ""
        self.lang = "en"
        self.lanes: list[str] = []
        self.done: list[int] = []
        self.totals: list[int] = []
        self.shared: list[bool] = []
        self.failed: dict[int, str] = {}
        self._painted_at = 0.0  # when a progress repaint was last asked for (monotonic)
        self._repaint_due: Timer | None = None  # the repaint that will draw the counts since then

    def start(self, title: str, lanes: tuple[str, ...], lang: str | None = None) -> None:
        self.title, self.lanes = title, list(lanes)
        self.lang = lang or self.lang
        self.done, self.totals, self.failed = [0] * len(lanes), [0] * len(lanes), {}
        self.shared = [False] * len(lanes)
        self.refresh(layout=True)

    def progress(self, lane: int, done: int, total: int, shared: bool = False) -> None:
        if 0 <= lane < len(self.lanes) and (self.done[lane], self.totals[lane], self.shared[lane]) != (done, total, shared):
            self.done[lane], self.totals[lane], self.shared[lane] = done, total, shared
            self._repaint_soon()

    def _repaint_soon(self) -> None:
        """A repaint now if the last was REPAINT_S ago, else one when that time is up (one at most waits)."""
        if self._repaint_due is not None:
            return
        wait = self._painted_at + self.REPAINT_S - monotonic()
        if wait <= 0:
            self._repaint()
        else:
            self._repaint_due = self.set_timer(wait, self._repaint)

    def _repaint(self) -> None:
        self._repaint_due = None
        self._painted_at = monotonic()
        self.refresh()

    def fail(self, lane: int, reason: str) -> None:
        self.failed[lane] = reason
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lanes) + 1 if self.lanes else 0

    def queue_line(self) -> str:
        """The shared queue, said once: "30/48 tasks done" ("" when no lane shares one)."""
        queue = {self.totals[i] for i in range(len(self.lanes)) if self.shared[i]}
        if not queue:
            return ""
        done = sum(self.done[i] for i in range(len(self.lanes)) if self.shared[i])
        return t("widget.lane.tasks", self.lang, done=done, total=max(queue))

    def render(self) -> Text:
        if not self.lanes:
            return Text()
        width = self.size.width or 60
        labels = [lane_label(lane, self.lang) for lane in self.lanes]  # in the reader's language
        label_width = min(max(cell_len(label) for label in labels) + 1, max(8, width * 2 // 5))
        out = Text(self.title, style="bold")
        queue = self.queue_line()
        if queue:
            out.append(" — " + queue, style="bold")
        for i, label in enumerate(labels):
            shown = fit_label(label, label_width - 1)
            out.append("\n" + shown + " " * (label_width - cell_len(shown)))
            if i in self.failed:
                out.append(clip_words("✗ " + " ".join(self.failed[i].split()), width - label_width), style="bold red")
                continue
            done, total = self.done[i], self.totals[i]
            if self.shared[i]:
                counts = f" {done}"  # its part of the queue; the queue's size is on the title line
            else:
                counts = f" {done}/{total}" if total else ""
            counts += " ✓" if total and not self.shared[i] and done >= total else ""
            percent = 100 * done / total if total else 0
            out.append(bar(percent, max(4, width - label_width - len(counts) - 1)), style="green")
            out.append(counts)
        return out
