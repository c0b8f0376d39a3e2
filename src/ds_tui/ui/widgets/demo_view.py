"""A live demo: parameters, one progress bar per worker, per-core bars, the busy timeline, the results,
speedup against workers with the theory beside it, and the explanation.

The demo runs in a thread worker; the core's events arrive here as messages (post_message is the one
thread-safe call). Every figure and sentence comes from ds_tui.demos; this widget only draws them.
Embedded in lessons and shown full-screen by the demo screen.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from ds_tui.demos import kinds
from ds_tui.demos.catalog import demo as find_demo
from ds_tui.demos.catalog import mode_help, mode_title
from ds_tui.demos.lanes import lane_label
from ds_tui.demos.spec import SIZES, Demo, size_title
from ds_tui.i18n import t
from ds_tui.lessons.model import Embed, Question
from ds_tui.numbers import decimal
from ds_tui.ui.base import ds_app
from ds_tui.ui.event_inbox import EventInbox
from ds_tui.ui.select_labels import relabel
from ds_tui.ui.visibility import follow_visibility, stop_following
from ds_tui.ui.widgets.core_bars import CoreBars
from ds_tui.ui.widgets.lane_progress import LaneProgress
from ds_tui.ui.widgets.pipeline_gantt import GanttLane, GanttTrack, PipelineGantt
from ds_tui.ui.widgets.results_table import Column, ResultsTable
from ds_tui.ui.widgets.ring_view import RingView
from ds_tui.ui.widgets.speedup_chart import LETTERS, Point, SpeedupChart
from ds_tui.ui.widgets.timeline import Lane, Timeline, Track

if TYPE_CHECKING:
    from textual.worker import Worker

    from ds_tui.demos.results import DemoReport, RunResult
    from ds_tui.demos.spec import DemoParams
    from ds_tui.hardware import Sample



def run_note(run: RunResult, lang: str, demo: Demo | None = None) -> str:
    """The one figure a run's row needs beyond time: which workers failed, else the demo's own note (lost
    updates, throughput, the bubble...); without the demo, the first demo's note that has one."""
    if run.failures:
        return failures_note(run, lang)
    for candidate in (demo,) if demo is not None else kinds.ALL:
        note = candidate.note(run, lang)
        if note:
            return note
    return ""  # the allreduce runs' bytes and losses have their own view (RingView)


def failures_note(run: RunResult, lang: str) -> str:
    """Which workers failed and how, in a few whole words: "✗ process 1 exit code 1, ✗ process 3 signal 9"
    (each worker's full reason is on its progress lane)."""
    parts = []
    for f in sorted(run.failures, key=lambda f: f.worker):
        label = lane_label(run.lanes[f.worker], lang).split(" (")[0] if 0 <= f.worker < len(run.lanes) else f"#{f.worker}"
        if f.exitcode is None:
            how = t("demo.failure.raised" if f.reason.startswith("raised") else "demo.failure.stopped", lang)
        elif f.exitcode < 0:
            how = t("demo.failure.signal", lang, signal=-f.exitcode)
        else:
            how = t("demo.failure.exit_code", lang, code=f.exitcode)
        parts.append(f"✗ {label} {how}")
    return ", ".join(parts)


_dec = decimal  # the app's one number formatter (ds_tui.numbers)


class DemoEventsReady(Message):
    """The demo's thread put events in the view's inbox."""


class DemoView(Vertical):
    BINDINGS = [Binding("r", "run", "Run"), Binding("c", "cancel", "Cancel")]
    demo: Demo | None = None  # set by __init__ (a table drawn without one asks every demo for its note)

    class Finished(Message):
        """A run ended: a quiz or a slide can read what it measured (report None: it failed)."""

        view: DemoView
        report: DemoReport | None

        def __init__(self, view: DemoView, report: DemoReport | None) -> None:
            super().__init__()
            self.view = view
            self.report = report

        @property
        def control(self) -> DemoView:
            """The view that ran (what ``@on(DemoView.Finished, "#id")`` matches)."""
            return self.view

    class RunDone(Message):
        """One mode's run finished (the demo goes on with the next): a slide can show it at once."""

        view: DemoView

        def __init__(self, view: DemoView) -> None:
            super().__init__()
            self.view = view

        @property
        def control(self) -> DemoView:
            return self.view

    DEFAULT_CSS = """
    DemoView { height: auto; }
    DemoView > * { height: auto; }
    """

    @classmethod
    def for_prediction(cls, question: Question, lang: str, *, size: str | None = None,
                       id: str | None = None) -> DemoView:
        """The run a predict question describes (its params); ``size`` when the question names none."""
        settings = question.demo_settings
        workers, micro = settings.get("workers"), settings.get("microbatches")
        chosen = settings.get("size", size)
        return cls(question.demo or "", lang, workers=int(workers) if workers is not None else None,
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

    def _events_ready(self) -> None:  # from the demo's thread
        self.post_message(DemoEventsReady())

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
        relabel(self.query_one("#demo-size", Select), [(size_title(s).show(lang), s) for s in SIZES])
        self.query_one("#l-start", Label).update(t("demo.start", lang))
        if self.initial_micro is not None:
            self.query_one("#l-micro", Label).update(t("demo.microbatches", lang))
        self.query_one("#demo-run", Button).label = t("demo.run", lang)
        self.query_one("#demo-cancel", Button).label = t("demo.cancel", lang)
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

    def _status(self, key: str, **values: object) -> None:
        self.status_key = (key, values)
        self._show_status()

    def _show_status(self) -> None:
        key, values = self.status_key
        status = self.query_one("#demo-status", Static)
        if key == "running":  # what this mode does, under the line saying it runs
            mode = str(values["mode"])
            text = RichText(t(f"demo.{key}", self.lang, **{**values, "mode": mode_title(mode).show(self.lang),
                                                    "workers": t("count.workers", self.lang, n=values["workers"])}))
            text.append("\n" + mode_help(mode).show(self.lang), style="not bold dim")
            status.update(text)
            return
        if key == "done":  # the seconds as the language shown now writes them
            values = {**values, "seconds": decimal(float(str(values["seconds"])), self.lang, 1)}
        status.update(t(f"demo.{key}", self.lang, **values))

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
                                       "size": str(self.query_one("#demo-size", Select).value),
                                       "microbatches": micro})
        except ValueError:
            self.notify(t("demo.bad_workers", self.lang, low=self.spec.min_workers), severity="error")
            return
        self.runs, self.live, self.report = [], {}, None
        self.cancel_event = threading.Event()
        run, cancel = self.query_one("#demo-run", Button), self.query_one("#demo-cancel", Button)
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
        from ds_tui.demos.isolated import run_demo_isolated  # never demo code in the interface's process

        return run_demo_isolated(self.spec.id, params, on_event=self._inbox.put, cancel=cancel,
                                 start_method=start_method)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if worker.group != "demo" or event.state not in (WorkerState.ERROR, WorkerState.SUCCESS):
            return
        if event.state is WorkerState.ERROR:
            self._status("failed", error=str(worker.error))
            self.post_message(self.Finished(self, None))
        self._finished()

    def _finished(self) -> None:
        self.cancel_event = None
        run = self.query_one("#demo-run", Button)
        run.disabled = False
        focused = self.app.focused
        if focused is None or focused.id in ("demo-cancel", "demo-workers", "demo-size", "demo-micro"):
            run.focus()  # the cancel button is about to be disabled: give focus back to Run
        self.query_one("#demo-cancel", Button).disabled = True

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

    def on_demo_events_ready(self, _: DemoEventsReady) -> None:
        for event in self._inbox.take():
            self._handle_event(event)

    def _handle_event(self, e: object) -> None:
        from ds_tui.demos import events as ev

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
        from ds_tui import jsonout
        from ds_tui.demos.results import to_json

        ds_app(self).save_demo_report(report.demo, jsonout.dumps(to_json(report), ensure_ascii=True))

    # -- results -----------------------------------------------------------------------------
    def _redraw_timeline(self) -> None:
        if self._timeline_dirty:
            self._timeline_dirty = False
            self._show_timeline()

    def _show_timeline(self) -> None:
        if self.spec.view == "gantt":
            self._show_gantt()
            return
        tracks = [Track(f"{mode_title(r.mode).show(self.lang)} ({r.workers}) — {decimal(r.wall_s, self.lang)} s", r.wall_s,
                        [Lane(lane_label(label, self.lang), [(s.start_s, s.end_s, s.kind) for s in r.spans if s.worker == i])
                         for i, label in enumerate(r.lanes)]) for r in self.runs]
        if self.live:
            wall = max(end for spans in self.live.values() for _, end, _ in spans)
            tracks.append(Track(f"{mode_title(self.live_mode).show(self.lang)} …", wall,
                                [Lane(lane_label(label, self.lang), self.live.get(i, []))
                                 for i, label in enumerate(self.live_lanes)]))
        legend = t("demo.legend_allreduce" if self.spec.view == "ring" else "demo.legend", self.lang)
        self.query_one("#demo-timeline", Timeline).set_tracks(tracks, legend)

    def _show_gantt(self) -> None:
        """The pipeline's schedule: the finished runs' operations as measured, and the running one's so far."""
        lang = self.lang
        tracks = []
        for r in self.runs:
            e = r.extra
            if "ops" not in e:
                continue
            title = t("demo.gantt_title", lang, mode=mode_title(r.mode).show(lang), b=_dec(e["bubble"], lang, 2),
                         f=_dec(e["bubble_formula"], lang, 2))
            lanes = [GanttLane(lane_label(label, lang), [(op, j, a, b) for op, j, a, b in ops],
                               f"{round(100 * idle)}% {peak:>2}")
                     for label, ops, idle, peak in zip(r.lanes, e["ops"], e["idle"], e["peak_activations"])]
            tracks.append(GanttTrack(title, e["window_s"], lanes))
        if self.live:
            spans = [(w, a, b, k) for w, ss in self.live.items() for a, b, k in ss]
            t0 = min(a for _, a, _, _ in spans)
            window = max(b for _, _, b, _ in spans) - t0
            kinds = {"fwd": "F", "bwd": "B"}
            lanes = [GanttLane(lane_label(label, lang), [(kinds.get(k, "F"), None, a - t0, b - t0)
                                                         for w, a, b, k in spans if w == i])
                     for i, label in enumerate(self.live_lanes)]
            tracks.append(GanttTrack(f"{mode_title(self.live_mode).show(lang)} …", window, lanes))
        self.query_one("#demo-gantt", PipelineGantt).set_tracks(tracks, t("demo.legend_pipeline", lang))

    def _show_runs(self) -> None:
        self._show_timeline()
        results = self.query_one("#demo-results", Static)
        results.update(self._results_table() if self.runs else "")
        if self.spec.view == "ring":
            self.query_one("#demo-ring", RingView).show(self.runs, self.lang)
        explanation = self.query_one("#demo-explanation", Static)  # plain text, never markup ("ds-tui[torch]")
        explanation.update(RichText(self.report.explanation.show(self.lang)) if self.report else "")
        self._show_chart()

    def _results_table(self) -> ResultsTable:
        """The runs' table: a column of notes where it fits, else the notes under it (see ResultsTable)."""
        lang = self.lang
        speedups = any(r.speedup is not None for r in self.runs)  # no column of dashes where a demo has none
        columns = [Column("mode", t("demo.col_mode", lang), "left"), Column("workers", t("demo.col_workers", lang)),
                   Column("wall", t("demo.col_wall", lang)), Column("cpu", t("demo.col_cpu", lang), optional=1)]
        if speedups:
            columns += [Column("speedup", t("demo.col_speedup", lang)), Column("eff", t("demo.col_eff", lang), optional=2)]
        columns.append(Column("ok", t("demo.col_ok", lang), "center"))
        rows: list[list[str | RichText]] = []
        for r in self.runs:
            row: list[str | RichText] = [mode_title(r.mode).show(lang), str(r.workers), decimal(r.wall_s, lang), decimal(r.cpu_s, lang)]
            if speedups:
                row += ["—" if r.speedup is None else f"{decimal(r.speedup, lang)}×",
                        "—" if r.efficiency is None else f"{r.efficiency:.0%}"]
            row.append(RichText("✓" if r.ok else "✗", style="green" if r.ok else "bold red"))
            rows.append(row)
        return ResultsTable(columns, rows, [mode_title(r.mode).show(lang) for r in self.runs],
                            [run_note(r, lang, self.demo) for r in self.runs], t("demo.col_note", lang))

    def _show_chart(self) -> None:
        points = [Point(r.mode, r.workers, r.speedup) for r in self._history() if r.speedup and r.mode in LETTERS]
        usable = int((self.report.machine if self.report else {}).get("usable_cores") or 0) or self._usable()
        self.query_one("#demo-chart", SpeedupChart).set_points(points, usable, t("demo.chart", self.lang), self.lang)

    def _usable(self) -> int:
        return ds_app(self).machine.usable_cores()

    def _history(self) -> list[RunResult]:
        """This run's results and the saved runs of this demo with other worker counts."""
        from ds_tui.demos.results import RunResult

        saved: list[RunResult] = []
        for _, text in ds_app(self).demo_reports(self.spec.id):
            try:
                data = json.loads(text)
                saved += [RunResult(r["mode"], r["workers"], r["wall_s"], r["cpu_s"], r["ok"], r["speedup"])
                          for r in data["runs"] if r.get("speedup")]
            except (ValueError, KeyError, TypeError):
                continue
        seen = {(r.mode, r.workers) for r in self.runs}
        return list(self.runs) + [r for r in saved if (r.mode, r.workers) not in seen]

