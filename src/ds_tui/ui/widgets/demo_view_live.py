"""The demo view while a demo runs: the core's events, taken from the view's inbox, become the workers'
progress lanes, the status line, the running mode's spans and, at each run's end, its results.

The demo's thread puts events in the inbox and wakes the view with one ``DemoEventsReady`` at a time
(post_message is the one thread-safe call); ``DemoLive`` handles them on the interface's thread and tells
the screen around it with ``DemoView.RunDone`` and ``DemoView.Finished``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.widgets import Static

from ds_tui.demos.catalog import mode_title
from ds_tui.ui.base import ds_app
from ds_tui.ui.widgets.demo_view_results import DemoResults
from ds_tui.ui.widgets.demo_view_text import status_text
from ds_tui.ui.widgets.lane_progress import LaneProgress

if TYPE_CHECKING:
    from ds_tui.demos.results import DemoReport
    from ds_tui.ui.event_inbox import EventInbox


class DemoEventsReady(Message):
    """The demo's thread put events in the view's inbox."""


class DemoLive(DemoResults):
    """A demo view's events and status line (the view's state is set by ``DemoView``)."""

    class Finished(Message, namespace="demo_view"):
        """A run ended: a quiz or a slide can read what it measured (report None: it failed)."""

        view: DemoLive
        report: DemoReport | None

        def __init__(self, view: DemoLive, report: DemoReport | None) -> None:
            super().__init__()
            self.view = view
            self.report = report

        @property
        def control(self) -> DemoLive:
            """The view that ran (what ``@on(DemoView.Finished, "#id")`` matches)."""
            return self.view

    class RunDone(Message, namespace="demo_view"):
        """One mode's run finished (the demo goes on with the next): a slide can show it at once."""

        view: DemoLive

        def __init__(self, view: DemoLive) -> None:
            super().__init__()
            self.view = view

        @property
        def control(self) -> DemoLive:
            return self.view

    status_key: tuple[str, dict[str, object]]
    _inbox: EventInbox

    def _events_ready(self) -> None:  # from the demo's thread
        self.post_message(DemoEventsReady())

    def _status(self, key: str, **values: object) -> None:
        self.status_key = (key, values)
        self._show_status()

    def _show_status(self) -> None:
        key, values = self.status_key
        self.query_one("#demo-status", Static).update(status_text(key, values, self.lang))

    def on_demo_events_ready(self, _: DemoEventsReady) -> None:
        for event in self._inbox.take():
            self._handle_event(event)

    def _handle_event(self, e: object) -> None:
        from ds_tui.demos import events as ev  # lazy: the demo engine loads with the first demo

        lanes = self.query_one("#demo-lanes", LaneProgress)
        if isinstance(e, ev.RunStarted):
            self.live_mode, self.live_lanes, self.live = e.mode, e.lanes, {}
            lanes.start(f"{mode_title(e.mode).show(self.lang)} ({e.workers})", e.lanes, self.lang)
            self._status("running", mode=e.mode, workers=e.workers)
        elif isinstance(e, ev.Progress):
            lanes.progress(e.worker, e.done, e.total, e.shared)
        elif isinstance(e, ev.WorkerSpan):
            self.live.setdefault(e.worker, []).append((e.start_s, e.end_s, e.kind))
            self._timeline_dirty = True  # drawn by the 4 Hz timer: hundreds of spans arrive per second
        elif isinstance(e, ev.WorkerFailed):
            lanes.fail(e.worker, e.reason)
        elif isinstance(e, ev.RunFinished):
            self.runs.append(e.run)
            self.live = {}
            self._show_runs()
            self.post_message(self.RunDone(self))
        elif isinstance(e, ev.DemoFinished):
            self.report = e.report
            seconds = sum(r.wall_s for r in e.report.runs)
            self._status("cancelled" if e.report.cancelled else "done", **({} if e.report.cancelled else {"seconds": seconds}))
            self._save(e.report)
            self._show_runs()
            self.post_message(self.Finished(self, e.report))

    def _save(self, report: DemoReport) -> None:
        if report.cancelled:
            return
        # lazy: the demo engine loads with the first demo
        from ds_tui import jsonout
        from ds_tui.demos.results import to_json

        ds_app(self).save_demo_report(report.demo, jsonout.dumps(to_json(report), ensure_ascii=True))
