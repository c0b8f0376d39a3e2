"""The demo view's results: the busy timeline (or the pipeline's schedule) of the finished runs and the
running one, the results table, the ring, the speedup chart and the explanation.

``DemoResults`` holds what the view shows (the runs, the one running, the report) and draws it; the
tracks and the table are built by the plain functions below, from the runs alone."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual.containers import Vertical
from textual.widgets import Static

from ds_tui.demos.catalog import mode_title
from ds_tui.demos.lanes import lane_label
from ds_tui.i18n import t
from ds_tui.numbers import decimal
from ds_tui.ui.base import ds_app
from ds_tui.ui.widgets.demo_view_text import run_note
from ds_tui.ui.widgets.pipeline_gantt import GanttLane, GanttTrack, PipelineGantt
from ds_tui.ui.widgets.results_table import Column, ResultsTable
from ds_tui.ui.widgets.ring_view import RingView
from ds_tui.ui.widgets.speedup_chart import LETTERS, Point, SpeedupChart
from ds_tui.ui.widgets.timeline import Lane, Timeline, Track

if TYPE_CHECKING:
    from ds_tui.demos.results import DemoReport, RunResult
    from ds_tui.demos.spec import Demo, DemoSpec

LiveSpans = dict[int, list[tuple[float, float, str]]]  # the running mode's spans so far, by worker


def timeline_tracks(runs: list[RunResult], live: LiveSpans, live_mode: str, live_lanes: tuple[str, ...],
                    lang: str) -> list[Track]:
    """One track per finished run, and one for the run going on (its spans so far)."""
    tracks = [Track(f"{mode_title(r.mode).show(lang)} ({r.workers}) — {decimal(r.wall_s, lang)} s", r.wall_s,
                    [Lane(lane_label(label, lang), [(s.start_s, s.end_s, s.kind) for s in r.spans if s.worker == i])
                     for i, label in enumerate(r.lanes)]) for r in runs]
    if live:
        wall = max(end for spans in live.values() for _, end, _ in spans)
        tracks.append(Track(f"{mode_title(live_mode).show(lang)} …", wall,
                            [Lane(lane_label(label, lang), live.get(i, []))
                             for i, label in enumerate(live_lanes)]))
    return tracks


def gantt_tracks(runs: list[RunResult], live: LiveSpans, live_mode: str, live_lanes: tuple[str, ...],
                 lang: str) -> list[GanttTrack]:
    """The pipeline's schedule: the finished runs' operations as measured, and the running one's so far."""
    tracks = []
    for r in runs:
        e = r.extra
        if "ops" not in e:
            continue
        title = t("demo.gantt_title", lang, mode=mode_title(r.mode).show(lang), b=decimal(e["bubble"], lang, 2),
                  f=decimal(e["bubble_formula"], lang, 2))
        lanes = [GanttLane(lane_label(label, lang), [(op, j, a, b) for op, j, a, b in ops],
                           f"{round(100 * idle)}% {peak:>2}")
                 for label, ops, idle, peak in zip(r.lanes, e["ops"], e["idle"], e["peak_activations"])]
        tracks.append(GanttTrack(title, e["window_s"], lanes))
    if live:
        spans = [(w, a, b, k) for w, ss in live.items() for a, b, k in ss]
        t0 = min(a for _, a, _, _ in spans)
        window = max(b for _, _, b, _ in spans) - t0
        kinds = {"fwd": "F", "bwd": "B"}
        lanes = [GanttLane(lane_label(label, lang), [(kinds.get(k, "F"), None, a - t0, b - t0)
                                                     for w, a, b, k in spans if w == i])
                 for i, label in enumerate(live_lanes)]
        tracks.append(GanttTrack(f"{mode_title(live_mode).show(lang)} …", window, lanes))
    return tracks


def results_table(runs: list[RunResult], lang: str, demo: Demo | None) -> ResultsTable:
    """The runs' table: a column of notes where it fits, else the notes under it (see ResultsTable)."""
    speedups = any(r.speedup is not None for r in runs)  # no column of dashes where a demo has none
    columns = [Column("mode", t("demo.col_mode", lang), "left"), Column("workers", t("demo.col_workers", lang)),
               Column("wall", t("demo.col_wall", lang)), Column("cpu", t("demo.col_cpu", lang), optional=1)]
    if speedups:
        columns += [Column("speedup", t("demo.col_speedup", lang)), Column("eff", t("demo.col_eff", lang), optional=2)]
    columns.append(Column("ok", t("demo.col_ok", lang), "center"))
    rows: list[list[str | RichText]] = []
    for r in runs:
        row: list[str | RichText] = [mode_title(r.mode).show(lang), str(r.workers), decimal(r.wall_s, lang), decimal(r.cpu_s, lang)]
        if speedups:
            row += ["—" if r.speedup is None else f"{decimal(r.speedup, lang)}×",
                    "—" if r.efficiency is None else f"{r.efficiency:.0%}"]
        row.append(RichText("✓" if r.ok else "✗", style="green" if r.ok else "bold red"))
        rows.append(row)
    return ResultsTable(columns, rows, [mode_title(r.mode).show(lang) for r in runs],
                        [run_note(r, lang, demo) for r in runs], t("demo.col_note", lang))


def with_saved_runs(runs: list[RunResult], saved_reports: Iterable[str]) -> list[RunResult]:
    """These runs, and the saved reports' runs (JSON) with a speedup at other (mode, workers) than theirs."""
    # lazy: the demo engine loads with the first demo
    from ds_tui.demos.results import RunResult

    saved: list[RunResult] = []
    for text in saved_reports:
        try:
            data = json.loads(text)
            saved += [RunResult(r["mode"], r["workers"], r["wall_s"], r["cpu_s"], r["ok"], r["speedup"])
                      for r in data["runs"] if r.get("speedup")]
        except (ValueError, KeyError, TypeError):
            continue
    seen = {(r.mode, r.workers) for r in runs}
    return list(runs) + [r for r in saved if (r.mode, r.workers) not in seen]


class DemoResults(Vertical):
    """What a demo view shows of its runs, and its drawing (the view's state is set by ``DemoView``)."""

    demo: Demo | None = None  # set by DemoView (a table drawn without one asks every demo for its note)
    spec: DemoSpec
    lang: str
    runs: list[RunResult]
    live: LiveSpans
    live_lanes: tuple[str, ...]
    live_mode: str
    report: DemoReport | None
    _timeline_dirty: bool

    def _redraw_timeline(self) -> None:
        if self._timeline_dirty:
            self._timeline_dirty = False
            self._show_timeline()

    def _show_timeline(self) -> None:
        if self.spec.view == "gantt":
            self._show_gantt()
            return
        tracks = timeline_tracks(self.runs, self.live, self.live_mode, self.live_lanes, self.lang)
        legend = t("demo.legend_allreduce" if self.spec.view == "ring" else "demo.legend", self.lang)
        self.query_one("#demo-timeline", Timeline).set_tracks(tracks, legend)

    def _show_gantt(self) -> None:
        tracks = gantt_tracks(self.runs, self.live, self.live_mode, self.live_lanes, self.lang)
        self.query_one("#demo-gantt", PipelineGantt).set_tracks(tracks, t("demo.legend_pipeline", self.lang))

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
        return results_table(self.runs, self.lang, self.demo)

    def _show_chart(self) -> None:
        points = [Point(r.mode, r.workers, r.speedup) for r in self._history() if r.speedup and r.mode in LETTERS]
        usable = int((self.report.machine if self.report else {}).get("usable_cores") or 0) or self._usable()
        self.query_one("#demo-chart", SpeedupChart).set_points(points, usable, t("demo.chart", self.lang), self.lang)

    def _usable(self) -> int:
        return ds_app(self).machine.usable_cores()

    def _history(self) -> list[RunResult]:
        """This run's results and the saved runs of this demo with other worker counts."""
        return with_saved_runs(self.runs, (text for _, text in ds_app(self).demo_reports(self.spec.id)))
