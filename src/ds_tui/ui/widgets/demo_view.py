"""A live demo: parameters, one progress bar per worker, per-core bars, the busy timeline, the results,
speedup against workers with the theory beside it, and the explanation.

The demo runs in a thread worker; the core's events arrive here as messages (post_message is the one
thread-safe call). Every figure and sentence comes from ds_tui.demos; this widget only draws them.
Embedded in lessons and shown full-screen by the demo screen.

This module is the view's layout and run controls; the events of a run going on are ``demo_view_live``'s,
the drawing of the runs ``demo_view_results``', the words ``demo_view_text``'s.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import WorkerState

from ds_tui.demos.catalog import demo as find_demo
from ds_tui.demos.spec import SIZES, size_title
from ds_tui.i18n import t
from ds_tui.lessons.model import Embed, PredictQuestion
from ds_tui.ui.base import ds_app
from ds_tui.ui.event_inbox import EventInbox
from ds_tui.ui.select_labels import relabel
from ds_tui.ui.visibility import follow_visibility, stop_following
from ds_tui.ui.widgets.core_bars import CoreBars
from ds_tui.ui.widgets.demo_view_live import DemoEventsReady, DemoLive
from ds_tui.ui.widgets.demo_view_text import failures_note, run_note
from ds_tui.ui.widgets.lane_progress import LaneProgress
from ds_tui.ui.widgets.pipeline_gantt import PipelineGantt
from ds_tui.ui.widgets.ring_view import RingView
from ds_tui.ui.widgets.speedup_chart import SpeedupChart
from ds_tui.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from textual.worker import Worker

    from ds_tui.demos.results import DemoReport, RunResult
    from ds_tui.demos.spec import DemoParams
    from ds_tui.hardware import Sample

__all__ = ["DemoEventsReady", "DemoView", "failures_note", "run_note"]


class DemoView(DemoLive):
    """A demo to run: its parameters, its run controls, and what ``DemoLive`` and ``DemoResults`` draw of it."""

    BINDINGS = [Binding("r", "run", "Run"), Binding("c", "cancel", "Cancel")]

    DEFAULT_CSS = """
    DemoView { height: auto; }
    DemoView > * { height: auto; }
    DemoView.demo-view { height: auto; max-width: 100; margin: 1 1; padding: 0 1; border: round $accent; }
    DemoView #demo-params { height: auto; margin: 1 0 0 0; }
    DemoView #demo-params Label { margin: 0 1 0 0; }
    DemoView #demo-params Input { width: 6; margin: 0 2 0 0; }
    DemoView #demo-params Select { width: 14; margin: 0 2 0 0; }
    DemoView #demo-actions { height: auto; margin: 0 0 1 0; }
    DemoView #demo-actions Button { margin: 0 1 0 0; }
    DemoView #demo-actions Label { margin: 0 1 0 2; }
    DemoView #demo-actions Select { width: 16; }
    DemoView #demo-status { text-style: bold; margin-bottom: 1; }
    DemoView .demo-caption { color: $text-muted; margin-top: 1; }
    DemoView #demo-params-help { margin-top: 0; }
    DemoView #demo-timeline, DemoView #demo-results, DemoView #demo-chart, DemoView #demo-explanation { margin-top: 1; }
    /* the all-reduce demo's ring and the pipeline demo's schedule */
    DemoView #demo-gantt, DemoView #demo-ring { margin-top: 1; }
    """

    run_button = getters.query_one("#demo-run", Button)
    cancel_button = getters.query_one("#demo-cancel", Button)
    size_select = getters.query_one("#demo-size", Select)

    @classmethod
    def for_prediction(cls, question: PredictQuestion, lang: str, *, size: str | None = None,
                       id: str | None = None) -> DemoView:
        """The run a predict question describes (its params); ``size`` when the question names none."""
        settings = question.demo_settings
        workers, micro = settings.get("workers"), settings.get("microbatches")
        chosen = settings.get("size", size)
        return cls(question.demo, lang, workers=int(workers) if workers is not None else None,
                   size=str(chosen) if chosen is not None else None,
                   microbatches=int(micro) if micro is not None else None, id=id)

    def __init__(self, demo_id: str, lang: str, *, workers: int | None = None, size: str | None = None,
                 microbatches: int | None = None, id: str | None = None) -> None:
        super().__init__(classes="embed demo-view", id=id)
        self.demo = find_demo(demo_id)
        self.spec = self.demo.spec
        self.initial_workers = workers or self.spec.default_workers
        self.initial_size = size if size in SIZES else self.spec.default_size
        self.initial_micro = microbatches or self.spec.default_microbatches
        self.embed = Embed("demo", demo_id)
        self.lang = lang
        self.cancel_event: threading.Event | None = None
        self.runs: list[RunResult] = []
        self.live: dict[int, list[tuple[float, float, str]]] = {}
        self.live_lanes: tuple[str, ...] = ()
        self.live_mode = ""
        self.report: DemoReport | None = None
        self.status_key: tuple[str, dict[str, object]] = ("ready", {})
        self._timeline_dirty = False
        self._inbox = EventInbox(self._events_ready)

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="demo-summary")
        with Horizontal(id="demo-params"):
            yield Label(id="l-workers")
            yield Input(str(self.initial_workers), type="integer", compact=True, id="demo-workers")
            yield Label(id="l-size")
            yield Select([(size_title(s).show(self.lang), s) for s in SIZES], value=self.initial_size, allow_blank=False, compact=True,
                         id="demo-size")
            if self.initial_micro is not None:
                yield Label(id="l-micro")
                yield Input(str(self.initial_micro), type="integer", compact=True, id="demo-micro")
        yield Static(id="demo-params-help", classes="demo-caption")  # under the fields: beside them it hid Size at 80 columns
        with Horizontal(id="demo-actions"):  # a row of their own: beside the fields they fell off 80 columns
            yield Button("", id="demo-run", compact=True, variant="primary")
            yield Button("", id="demo-cancel", compact=True, disabled=True)
            # how worker processes start (every demo starts some): the platform's default first, as
            # `ds-tui demo` does; the others to compare their start-up cost
            methods = ds_app(self).machine.start_methods()
            yield Label(id="l-start")
            yield Select([(m, m) for m in methods], value=methods[0], allow_blank=False, compact=True,
                         id="demo-start")
        yield Static(id="demo-status")
        yield LaneProgress(id="demo-lanes")
        yield Static(id="demo-cores-title", classes="demo-caption")
        yield CoreBars(id="demo-cores")
        if self.spec.view == "gantt":
            yield PipelineGantt(id="demo-gantt")  # the schedule as measured, in place of the busy timeline
        else:
            yield Timeline(id="demo-timeline")
        yield Static(id="demo-results")
        if self.spec.view == "ring":
            yield RingView(id="demo-ring")
        yield SpeedupChart(id="demo-chart")
        yield Static(id="demo-explanation")

    def on_mount(self) -> None:
        self._timeline_timer = self.set_interval(0.25, self._redraw_timeline)
        self._feeding = True  # holds one use of the app's 1 Hz sampler (only while its screen is seen)
        ds_app(self).hardware_feed.acquire()
        self.watch(self.app, "hw_sample", self._show_cores)
        self.set_lang(self.lang)
        follow_visibility(self, self._on_visibility)

    def _on_visibility(self, shown: bool) -> None:
        """Covered by another screen: the timeline's timer pauses and the sampler is let go (a running
        demo goes on); shown again: both resume, and what happened meanwhile is drawn."""
        if shown == self._feeding:
            return
        self._feeding = shown
        feed = ds_app(self).hardware_feed
        if shown:
            feed.acquire()
            self._timeline_timer.resume()
            self._show_cores(ds_app(self).hw_sample)
        else:
            feed.release()
            self._timeline_timer.pause()

    def on_unmount(self) -> None:
        stop_following(self)
        if self._feeding:
            self._feeding = False
            ds_app(self).hardware_feed.release()
        if self.cancel_event is not None:
            self.cancel_event.set()  # leaving the screen stops the demo and its processes

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.border_title = "▣ " + self.spec.title.show(lang)
        self.query_one("#demo-summary", Static).update(self.spec.summary.show(lang))
        self.query_one("#l-workers", Label).update(t("demo.workers", lang))
        self.query_one("#demo-params-help", Static).update(f"{t('demo.workers', lang)}: {self.spec.workers_help.show(lang)}")
        self.query_one("#l-size", Label).update(t("demo.size", lang))
        relabel(self.size_select, [(size_title(s).show(lang), s) for s in SIZES])
        self.query_one("#l-start", Label).update(t("demo.start", lang))
        if self.initial_micro is not None:
            self.query_one("#l-micro", Label).update(t("demo.microbatches", lang))
        self.run_button.label = t("demo.run", lang)
        self.cancel_button.label = t("demo.cancel", lang)
        self.query_one("#demo-cores-title", Static).update(t("demo.cores", lang))
        progress = self.query_one("#demo-lanes", LaneProgress)
        progress.lang = lang
        progress.refresh()
        self._show_status()
        self._show_runs()

    def _show_cores(self, sample: Sample | None) -> None:
        per_cpu = sample.per_cpu_percent if sample is not None else None
        if per_cpu and self._feeding:
            self.query_one("#demo-cores", CoreBars).update_cores(list(per_cpu))

    # -- running -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.cancel_event is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run", "cancel"):  # a screen with its own demo keys (ds_tui.ui.demo_keys) has them
            return not getattr(self.screen, "OWNS_DEMO_KEYS", False)
        return True

    def action_run(self) -> None:
        if self.running:
            return
        raw = self.query_one("#demo-workers", Input).value.strip()
        micro = None
        if self.initial_micro is not None:
            raw_m = self.query_one("#demo-micro", Input).value.strip()
            try:
                micro = int(raw_m) if raw_m else None
                self.spec.params({"microbatches": micro})
            except ValueError:
                self.notify(t("demo.bad_micro", self.lang), severity="error")
                return
        try:
            params = self.spec.params({"workers": int(raw) if raw else None,
                                       "size": str(self.size_select.value),
                                       "microbatches": micro})
        except ValueError:
            self.notify(t("demo.bad_workers", self.lang, low=self.spec.min_workers), severity="error")
            return
        self.runs, self.live, self.report = [], {}, None
        self.cancel_event = threading.Event()
        run, cancel = self.run_button, self.cancel_button
        cancel.disabled = False
        focused = self.app.focused
        if run.has_focus or (focused is not None and focused.id in ("demo-workers", "demo-micro")):
            cancel.focus()  # keep focus on a button: in the workers field, r and c would be typed, not obeyed
        run.disabled = True
        self._show_runs()
        self._run(params, self.cancel_event, self.start_method)

    def action_cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self._status("cancelling")

    @property
    def start_method(self) -> str:
        """The start method chosen for the worker processes."""
        return str(self.query_one("#demo-start", Select).value)

    @work(thread=True, group="demo", exit_on_error=False, description="running a demo")
    def _run(self, params: DemoParams, cancel: threading.Event, start_method: str) -> DemoReport:
        # lazy: the demo engine loads with the first demo
        from ds_tui.demos.isolated import run_demo_isolated

        return run_demo_isolated(self.spec.id, params, on_event=self._inbox.put, cancel=cancel,
                                 start_method=start_method)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "demo" or event.state not in (WorkerState.ERROR, WorkerState.SUCCESS):
            return
        if event.state is WorkerState.ERROR:
            self._status("failed", error=str(worker.error))
            self.post_message(self.Finished(self, None))
        self._finished()

    def _finished(self) -> None:
        self.cancel_event = None
        run = self.run_button
        run.disabled = False
        focused = self.app.focused
        if focused is None or focused.id in ("demo-cancel", "demo-workers", "demo-size", "demo-micro"):
            run.focus()  # the cancel button is about to be disabled: give focus back to Run
        self.cancel_button.disabled = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field runs the demo (there, r and c are typed, not obeyed)."""
        event.stop()
        self.action_run()

    @on(Button.Pressed, "#demo-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run()

    @on(Button.Pressed, "#demo-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
