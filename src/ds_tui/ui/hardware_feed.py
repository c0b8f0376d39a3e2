"""The app's link to the hardware core: one probe (in a worker), one 1 Hz sampler while anything shows it.

The sampler thread is the only caller of psutil.cpu_percent (its state is per thread); samples reach
the UI thread as messages. With no hardware view on screen the thread is stopped, so an idle app
costs nothing extra.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:

    from ds_tui.hardware import Sample
    from ds_tui.hardware.source import Stoppable
    from ds_tui.ui.app import DsTuiApp


class HardwareSampled(Message):
    """A sample from the sampler thread, for the UI thread."""

    sample: Sample

    def __init__(self, sample: Sample) -> None:
        super().__init__()
        self.sample = sample


class HardwareFeed:
    INTERVAL_S = 1.0

    def __init__(self, app: DsTuiApp) -> None:
        self.app = app
        self.users = 0
        self.thread: Stoppable | None = None

    def acquire(self) -> None:
        self.users += 1
        if self.thread is None:
            self.thread = self.app.machine.start_sampler(self.INTERVAL_S, self._post)

    def _post(self, sample: Sample) -> None:
        # a recorded machine answers at once, on the app's thread: show it now. _thread_id is private (App):
        # it is what Textual's call_from_thread checks; there is no public 'on the app's thread' test
        if threading.get_ident() == self.app._thread_id:
            self.app.hw_sample = sample
        else:
            self.app.post_message(HardwareSampled(sample))

    def release(self) -> None:
        self.users = max(0, self.users - 1)
        if self.users == 0:
            self.stop()

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop()
            self.thread = None
