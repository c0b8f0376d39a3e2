"""What the demo view's parts show, drawn at 80 and 160 columns (and 60, the projector) from recorded
data: every lane present on its own line, labels whole or shortened on purpose (never cut inside a
word), each pool worker's own tasks, the timeline's turns under the GIL, a results table that fits,
the speedup chart's x axis and side-by-side letters, the pipeline's legend. Both languages."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from ds_tui.demos import events as ev
from ds_tui.demos.results import DemoReport, Failure, RunResult, Span
from ds_tui.lessons.model import Text
from ds_tui.i18n import t
from ds_tui.ui.widgets.demo_view import DemoView, run_note
from ds_tui.ui.widgets.fit import SHORT_WORDS, clip_words, fit_label
from ds_tui.ui.widgets.lane_progress import LaneProgress
from ds_tui.ui.widgets.results_table import Column, ResultsTable
from ds_tui.ui.widgets.speedup_chart import Point, SpeedupChart
from ds_tui.ui.widgets.timeline import Lane, Timeline, Track, paint, shown_lanes
from ds_tui.start_request import StartRequest

ISOLATION_LANES = ("process 0 (ok)", "process 1 (exception)", "process 2 (exit)", "process 3 (signal)")
THREAD_LANES = ("thread 0 (ok)", "thread 1 (exception)", "thread 2 (ok)", "thread 3 (ok)")
LONG_REASON = "raised ValueError: simulated bug: a bad record in this task (at workloads.py:505) (exited with code 1)"


class Harness(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def drawn(widget: Widget, width: int, fill=None, height: int = 60) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines ``widget`` shows in a terminal ``width`` columns wide (``fill(widget)`` gives it its data)."""
    app = Harness(widget)
    async with app.run_test(size=(width, height)) as pilot:
        if fill is not None:
            fill(widget)
        await pilot.pause()
        size = widget.size
        strips = widget.render_lines(Region(0, 0, size.width, size.height))
        return ["".join(seg.text for seg in strip).rstrip() for strip in strips]


def label_is_whole_or_shortened_on_purpose(shown: str, label: str) -> bool:
    """``shown`` is ``label``, or its words with known short forms and an ellipsis: never a word cut."""
    shown = shown.strip()
    if shown == label:
        return True
    words = set(label.split()) | set(SHORT_WORDS.values()) | {f"({w}" for w in SHORT_WORDS.values()} | \
        {f"{w})" for w in SHORT_WORDS.values()} | {f"({w})" for w in SHORT_WORDS.values()}
    return all(w in words for w in shown.removesuffix("…").split())


# ------------------------------------------------------------------------------------------- fitting
def test_labels_and_sentences_are_cut_between_words_only():
    assert fit_label("process 1 (exception)", 30) == "process 1 (exception)"
    assert fit_label("process 1 (exception)", 18) == "proc 1 (exception)"
    assert fit_label("process 1 (exception)", 12) == "proc 1 (exc)"
    assert fit_label("process 1 (exception)", 7) == "proc 1…"
    assert clip_words("✗ raised ValueError: simulated bug", 20) == "✗ raised ValueError…"
    assert clip_words("short", 20) == "short"


# ---------------------------------------------------------------------------------------- the lanes
@pytest.mark.parametrize("width", [60, 80, 160])
async def test_every_lane_is_on_screen_with_its_whole_label_and_a_clipped_failure(width):
    def fill(w: LaneProgress) -> None:
        w.start("Threads (4)", THREAD_LANES, "en")
        for k in (0, 2, 3):
            w.progress(k, 16000, 16000)
        w.fail(1, LONG_REASON)

    lines = await drawn(LaneProgress(), width, fill)
    assert len(lines) == 5 and all(len(line) <= width for line in lines)
    for label, line in zip(THREAD_LANES, lines[1:]):  # thread 3 is not pushed off by a wrapped reason
        assert line.startswith(label)
    assert "✗ raised ValueError" in lines[2] and (width == 160 or lines[2].endswith("…"))
    assert lines[4].endswith("16000/16000 ✓")


async def test_a_burst_of_progress_is_one_repaint_now_and_one_later_with_the_last_counts():
    """Progress arrives hundreds of times a second: the lanes repaint at most every REPAINT_S (each
    repaint is a frame of the demo screen), and the counts drawn last are the latest."""
    lanes = LaneProgress()
    async with Harness(lanes).run_test(size=(80, 10)) as pilot:
        lanes.start("Processes (4)", THREAD_LANES, "en")
        await pilot.pause()
        repaints: list[float] = []
        real = lanes.refresh

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            repaints.append(0.0)
            return real(*args, **kwargs)

        lanes.refresh = counted  # type: ignore[method-assign]
        for done in range(1, 201):  # a burst, far faster than REPAINT_S
            lanes.progress(0, done, 200)
        assert len(repaints) == 1  # the first at once; the rest wait for one timer
        await pilot.pause(LaneProgress.REPAINT_S * 2)
        assert len(repaints) == 2
        assert str(lanes.render()).splitlines()[1].endswith("200/200 ✓")


@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_pool_workers_show_the_tasks_each_did_and_the_queue_once(lang):
    lanes = ("producer", "worker 0", "worker 1", "worker 2", "worker 3")
    mine = [13, 11, 12, 12]

    def fill(w: LaneProgress) -> None:
        w.start("Pool of 4 (4)", lanes, lang)
        w.progress(0, 0, 0)
        for k, done in enumerate(mine):
            w.progress(1 + k, done, 48, shared=True)

    lines = await drawn(LaneProgress(), 80, fill)
    assert "\n".join(lines).count("48") == 2 and "/48" not in "\n".join(lines[1:])  # the queue, said once
    assert ("48/48 tasks done" if lang == "en" else "xong 48/48 tác vụ") in lines[0]
    for k, done in enumerate(mine):
        assert lines[2 + k].startswith(f"worker {k}") and lines[2 + k].endswith(f" {done}")


# ------------------------------------------------------------------------------------- the timeline
def test_two_threads_taking_turns_under_the_gil_each_fill_half_of_every_cell():
    """Recorded from a 2-thread cpu-bound run: 5 ms slices, one thread at a time. Drawn over 1.5 s, a cell
    holds several turns: each thread is a half-height block, not two solid bars."""
    a = [(t * 0.010, t * 0.010 + 0.005, "cpu") for t in range(150)]
    b = [(t * 0.010 + 0.005, t * 0.010 + 0.010, "cpu") for t in range(150)]
    for spans in (a, b):
        cells = paint(spans, 1.5, 60)
        assert "█" not in cells and set(cells) <= set("▃▄▅"), cells
    solid = paint([(0.0, 1.5, "cpu")], 1.5, 60)  # a process on its own core
    assert solid == "█" * 60


def test_a_lane_that_mostly_waits_reads_as_waiting():
    """A pool worker: 20 ms waiting for a service, then 2 ms of CPU, over and over."""
    spans = []
    for k in range(60):
        t = k * 0.022
        spans += [(t, t + 0.020, "io"), (t + 0.020, t + 0.022, "cpu")]
    cells = paint(spans, 1.32, 60)
    assert cells.count("░") >= 55, cells


def test_a_short_burst_is_still_visible():
    assert paint([(0.50, 0.501, "cpu")], 1.0, 10).strip() == "▁"


def test_a_run_with_many_workers_shows_every_kind_of_worker():
    lanes = [Lane(f"I/O thread {k}", []) for k in range(16)] + [Lane(f"CPU process {k}", []) for k in range(4)]
    shown = [lane.label for lane in shown_lanes(lanes, 12)]
    assert len(shown) == 12 and sum(s.startswith("CPU") for s in shown) == 4


@pytest.mark.parametrize("width", [60, 80, 160])
async def test_timeline_labels_are_whole_or_shortened_on_purpose_and_every_lane_is_there(width):
    spans = [(0.01 * k, 0.01 * k + 0.008, "cpu") for k in range(20)]
    tracks = [Track("Processes (4) — 0.26 s", 0.26, [Lane(label, spans) for label in ISOLATION_LANES]),
              Track("Threads (4) — 0.44 s", 0.44, [Lane(label, spans) for label in THREAD_LANES])]
    lines = await drawn(Timeline(), width, lambda w: w.set_tracks(tracks, t("demo.legend", "en")))
    rows = [line for line in lines if "▕" in line]
    assert len(rows) == 8 and all(len(line) <= width for line in lines)
    for label, row in zip(ISOLATION_LANES + THREAD_LANES, rows):
        shown = row.split("▕")[0]
        assert label_is_whole_or_shortened_on_purpose(shown, label), (shown, label)
        if width >= 80:
            assert shown.strip() == label
    assert "▄" in lines[0] or "▄" in " ".join(lines[:3])  # the legend explains the lower blocks


# -------------------------------------------------------------------------------------- the results
def _pool_table(lang: str) -> ResultsTable:
    runs = [RunResult(f"pool-{n}", n, 1.5 / n, 0.07, True, extra={"throughput_per_s": 31.1 * n, "latency_p95_s": 1.47 / n})
            .with_baseline(1.5) for n in (1, 2, 4)]
    view = DemoView.__new__(DemoView)  # only the table's code: no app needed
    view.runs, view.lang = runs, lang
    return view._results_table()


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("width", [60, 80])
def test_the_results_table_fits_without_cutting_a_title(lang, width):
    import io

    from rich.console import Console

    console = Console(width=width - 8, file=io.StringIO(), record=True)  # the view's padding and border
    console.print(_pool_table(lang))
    text = console.export_text()
    assert "…" not in text
    lines = text.splitlines()
    assert all(len(line) <= width - 8 for line in lines)
    header = lines[0]
    for title in (t("demo.col_mode", lang), t("demo.col_wall", lang), t("demo.col_ok", lang)):
        assert title in header
    if width == 80:
        assert t("demo.col_eff", lang) in header and t("demo.col_speedup", lang) in header
    # the notes, too long for a column here, are under the table: one line each, after the run's mode
    notes = [line for line in lines if ("tasks/s" if lang == "en" else "việc/s") in line]
    assert len(notes) == 3 and notes[0].strip().startswith("Pool")
    # the figures in the language's decimal separator: 1.5 s, 31.1 tasks/s; 1,50 s, 31,1 việc/s
    assert ("1.50" if lang == "en" else "1,50") in text and ("31.1 tasks/s" if lang == "en" else "31,1 việc/s") in text
    assert ("1,50" if lang == "en" else "1.50") not in text


def test_on_a_wide_screen_the_notes_are_a_column():
    import io

    from rich.console import Console

    console = Console(width=150, file=io.StringIO(), record=True)
    console.print(_pool_table("en"))
    lines = console.export_text().splitlines()
    assert len(lines) == 4 and "Note" in lines[0] and "tasks/s" in lines[1]


def test_a_table_drops_its_least_needed_columns_before_it_wraps():
    table = ResultsTable([Column("mode", "Mode", "left"), Column("cpu", "CPU seconds", optional=1)],
                         [["Sequential", "1.00"]], ["Sequential"])
    import io

    from rich.console import Console

    console = Console(width=14, file=io.StringIO(), record=True)
    console.print(table)
    text = console.export_text()
    assert "CPU" not in text and "Sequential" in text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_failed_workers_note_is_whole_words(lang):
    run = RunResult("processes", 4, 0.3, 0.1, True, lanes=ISOLATION_LANES,  # in the order they failed
                    failures=(Failure(3, "killed by signal SIGKILL", -9), Failure(2, "exited with code 3", 3),
                              Failure(1, LONG_REASON, 1)))
    note = run_note(run, lang)
    if lang == "en":
        assert note == "✗ process 1 exit code 1, ✗ process 2 exit code 3, ✗ process 3 signal 9"
    else:
        assert note == "✗ tiến trình 1 mã thoát 1, ✗ tiến trình 2 mã thoát 3, ✗ tiến trình 3 tín hiệu 9"
    thread = RunResult("threads", 4, 0.3, 0.1, True, lanes=THREAD_LANES, failures=(Failure(1, LONG_REASON),))
    assert run_note(thread, lang).endswith("thread 1 exception" if lang == "en" else "luồng 1 ngoại lệ")


# ------------------------------------------------------------------------- lane labels in Vietnamese
ENGLISH_LANE_WORDS = ("thread", "process", "task", "stage", "exception", "signal", "exit")
EVERY_LANE_KIND = ["thread 0", "process 1", "async task 2", "I/O thread 3", "CPU process 0", "stage 2", "worker 1",
                   "rank 0", "producer", *ISOLATION_LANES, *THREAD_LANES]


def test_every_lane_label_the_demos_make_is_in_the_readers_language():
    from ds_tui.demos.lanes import lane_label

    assert lane_label("process 1 (exception)", "vi") == "tiến trình 1 (ngoại lệ)"
    assert lane_label("async task 12", "vi") == "tác vụ async 12"
    assert lane_label("I/O thread 3", "vi") == "luồng I/O 3"
    assert lane_label("stage 2", "vi") == "giai đoạn 2"
    assert lane_label("worker 1", "vi") == "worker 1" and lane_label("producer", "vi") == "producer"  # the course's words
    for label in EVERY_LANE_KIND:
        assert lane_label(label, "en") == label
        shown = lane_label(label, "vi")
        assert not [w for w in ENGLISH_LANE_WORDS if w in shown.split(" (")[0].split() or f"({w})" in shown], shown
        assert shown.split(" (")[0].split()[-1] == label.split(" (")[0].split()[-1]  # the worker's number kept


def test_the_demos_name_no_lane_kind_the_translation_does_not_know():
    """Every lane kind the demos' code names ("thread", "CPU process", ...) has its Vietnamese words, or is
    one the course keeps in English (worker, producer, rank)."""
    import inspect
    import re

    from ds_tui.demos.kinds import ALL
    from ds_tui.demos.lanes import LANE_KINDS

    source = "\n".join(inspect.getsource(inspect.getmodule(demo.run)) for demo in ALL)
    kinds = set(re.findall(r'_lanes\("([^"]+)"', source)) | set(re.findall(r'\["([a-zA-Z/ ]+) 0"\]', source))
    kinds |= {k for pair in re.findall(r'kind = "([a-z]+)" if [^\n]* else "([a-z]+)"', source) for k in pair}
    assert {"thread", "process", "async task", "I/O thread", "CPU process", "stage"} <= kinds
    assert kinds - set(LANE_KINDS) <= {"worker", "producer", "rank"}, kinds - set(LANE_KINDS)


@pytest.mark.parametrize("width", [60, 80])
async def test_vietnamese_lanes_and_timelines_say_luong_and_tien_trinh_whole_at_80_columns(width):
    """The live lanes and the timeline of a run, in Vietnamese: "tiến trình 1 (ngoại lệ)", whole at 80
    columns; at 60, shortened on purpose (never a word cut)."""
    from ds_tui.demos.lanes import lane_label

    def fill(w: LaneProgress) -> None:
        w.start("Tiến trình (4)", ISOLATION_LANES, "vi")
        for k in (0, 2, 3):
            w.progress(k, 16000, 16000)
        w.fail(1, LONG_REASON)

    lines = await drawn(LaneProgress(), width, fill)
    for label, line in zip(ISOLATION_LANES, lines[1:]):
        assert line.startswith(lane_label(label, "vi")), line
    spans = [(0.01 * k, 0.01 * k + 0.008, "cpu") for k in range(20)]
    vi_iso = [lane_label(label, "vi") for label in ISOLATION_LANES]
    vi_thr = [lane_label(label, "vi") for label in THREAD_LANES]
    tracks = [Track("Tiến trình (4) — 0,26 s", 0.26, [Lane(label, spans) for label in vi_iso]),
              Track("Luồng (4) — 0,44 s", 0.44, [Lane(label, spans) for label in vi_thr])]
    lines = await drawn(Timeline(), width, lambda w: w.set_tracks(tracks, t("demo.legend", "vi")))
    rows = [line for line in lines if "▕" in line]
    assert len(rows) == 8 and all(len(line) <= width for line in lines)
    for label, row in zip(vi_iso + vi_thr, rows):
        shown = row.split("▕")[0].strip()
        assert not [w for w in ENGLISH_LANE_WORDS if w in shown.split()], shown
        if width >= 80:
            assert shown == label
        else:
            assert label_is_whole_or_shortened_on_purpose(shown, label), (shown, label)


# ----------------------------------------------------------------------------------- speedup chart
@pytest.mark.parametrize("width", [60, 80, 160])
async def test_the_speedup_chart_labels_its_x_axis_and_shows_both_letters_at_one_spot(width):
    points = [Point("threads", 4, 3.9), Point("processes", 4, 3.9), Point("asyncio", 2, 1.2)]
    lines = await drawn(SpeedupChart(), width, lambda w: w.set_points(points, 8, t("demo.chart", "en")))
    assert lines[-2].lstrip().startswith("└")
    axis = lines[-1]
    assert axis.lstrip().startswith("N") and axis.split()[1:] == ["1", "2", "4", "8"]
    assert sum("TP" in line.split("│")[-1] for line in lines if "│" in line) == 1  # neither hides the other
    assert sum("A" in line.split("│")[-1] for line in lines if "│" in line) == 1
    assert "TP" in " ".join(lines[:3])  # the caption says what two letters together mean


def test_the_x_labels_never_run_together():
    from ds_tui.ui.widgets.speedup_chart import x_labels

    line = x_labels([1, 2, 3, 64], lambda n: round((n - 1) / 63 * 39), 40)
    assert line.split() == ["1", "64"] or line.split() == ["1", "2", "64"]
    assert line.endswith("64") and len(line) == 40


# -------------------------------------------------------------------------------------- the pipeline
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_pipeline_legend_is_one_line_that_names_each_glyph(lang):
    from ds_tui.ui.widgets.pipeline_gantt import GLYPH, IDLE

    first = t("demo.legend_pipeline", lang).splitlines()[0]
    assert len(first) <= 58  # one line even on the projector's 60 columns
    assert all(glyph in first for glyph, _ in GLYPH.values()) and IDLE in first
    assert "forward" in first and "backward" in first and "bubble" in first


# ------------------------------------------------------------------------- a pool run, in the app
def _pool_report() -> DemoReport:
    runs = []
    for n in (1, 2, 4):
        spans = tuple(Span(1 + k, 0.022 * j, 0.022 * j + 0.020, "io") for k in range(n) for j in range(48 // n))
        runs.append(RunResult(f"pool-{n}", n, 1.1 / n, 0.07, True, lanes=("producer",) + tuple(f"worker {k}" for k in range(n)),
                              spans=spans, extra={"tasks": 48, "throughput_per_s": 43.6 * n, "latency_p95_s": 1.0 / n})
                    .with_baseline(1.1))
    return DemoReport("worker-pool", {"workers": 4, "size": "medium"}, {"usable_cores": 8}, tuple(runs),
                      Text(en="Explained.", vi="Giải thích."), {})


async def test_a_pool_run_on_the_demo_screen_shows_each_workers_tasks(ds_home, monkeypatch):
    from textual.widgets import Static

    from ds_tui.demos import isolated
    from ds_tui.ui.app import DsTuiApp
    from tests.ui_helpers import plain, settle, wait_demo

    report = _pool_report()
    mine = {1: 13, 2: 11, 3: 12, 4: 12}

    def run(demo_id, params=None, on_event=None, cancel=None, start_method=None):
        for r in report.runs:
            on_event(ev.RunStarted(report.demo, r.mode, r.workers, r.lanes, 48))
            on_event(ev.Progress(r.mode, 0, 0, 0))
            for k in range(1, r.workers + 1):
                on_event(ev.Progress(r.mode, k, mine[k] if r.workers == 4 else 48 // r.workers, 48, shared=True))
            on_event(ev.RunFinished(r))
        on_event(ev.DemoFinished(report))
        return report

    monkeypatch.setattr(isolated, "run_demo_isolated", run)
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="worker-pool"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_demo(pilot)
        view = app.screen.query_one(DemoView)
        lanes = view.query_one(LaneProgress).render().plain.splitlines()
        assert "48/48 tasks done" in lanes[0]
        assert [line.split()[-1] for line in lanes[2:]] == ["13", "11", "12", "12"]
        table = plain(view.query_one("#demo-results", Static))
        assert "Effic" not in table and "…" not in table
        rows = [line for line in view.query_one(Timeline).render().plain.splitlines() if "▕" in line]
        assert len(rows) == 1 + 2 + 4 + 3  # every lane, producers included
        assert all(set(row.split("▕")[1]) <= {" ", "░"} for row in rows)  # the workers wait: nothing computes


async def test_a_run_on_the_demo_screen_names_its_lanes_in_vietnamese(ds_home, monkeypatch):
    """The demo screen in Vietnamese: the live lanes, the timeline and the note of failed workers say
    "tiến trình" and "luồng" (the demo's own labels are English), whole at 80 columns."""
    from textual.widgets import Static

    from ds_tui.demos import isolated
    from ds_tui.ui.app import DsTuiApp
    from tests.ui_helpers import plain, settle, wait_demo

    spans = tuple(Span(k, 0.01 * j, 0.01 * j + 0.008, "cpu") for k in range(4) for j in range(20))
    runs = (RunResult("processes", 4, 0.26, 0.1, True, lanes=ISOLATION_LANES, spans=spans,
                      failures=(Failure(1, "raised ValueError", 1), Failure(2, "exited with code 3", 3),
                                Failure(3, "killed by signal SIGKILL", -9))),
            RunResult("threads", 4, 0.44, 0.1, True, lanes=THREAD_LANES, spans=spans,
                      failures=(Failure(1, "raised ValueError"),)))
    report = DemoReport("isolation", {"workers": 4, "size": "small"}, {"usable_cores": 8}, runs,
                        Text(en="Explained.", vi="Giải thích."), {})

    def run(demo_id, params=None, on_event=None, cancel=None, start_method=None):
        for r in report.runs:
            on_event(ev.RunStarted(report.demo, r.mode, r.workers, r.lanes, 4))
            for f in r.failures:
                on_event(ev.WorkerFailed(r.mode, f.worker, f.reason, f.exitcode))
            on_event(ev.RunFinished(r))
        on_event(ev.DemoFinished(report))
        return report

    monkeypatch.setattr(isolated, "run_demo_isolated", run)
    app = DsTuiApp(lang="vi", home=ds_home, start=StartRequest("demo", demo="isolation"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_demo(pilot)
        view = app.screen.query_one(DemoView)
        lanes = view.query_one(LaneProgress).render().plain.splitlines()[1:]  # the last run's: the threads
        assert all(line.startswith(label) for line, label in
                   zip(lanes, ["luồng 0 (ổn)", "luồng 1 (ngoại lệ)", "luồng 2 (ổn)", "luồng 3 (ổn)"])), lanes
        rows = [line.split("▕")[0].strip() for line in view.query_one(Timeline).render().plain.splitlines() if "▕" in line]
        assert rows == ["tiến trình 0 (ổn)", "tiến trình 1 (ngoại lệ)", "tiến trình 2 (thoát)", "tiến trình 3 (tín hiệu)",
                        "luồng 0 (ổn)", "luồng 1 (ngoại lệ)", "luồng 2 (ổn)", "luồng 3 (ổn)"]
        table = plain(view.query_one("#demo-results", Static))
        assert "tiến trình 1 mã thoát 1" in " ".join(table.split()), table  # the note of failed workers
        assert "process" not in table and "thread" not in table


# ------------------------------------------------------------------- lesson text outside Markdown
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_quiz_feedback_shows_lesson_code_without_its_backticks(lang):
    """Options, whys and items are plain-text cells: their inline Markdown is drawn as styles."""
    import io

    from rich.console import Console

    from ds_tui.lessons.model import Item, Option, OrderQuestion, SingleQuestion
    from ds_tui.quiz.grading import grade
    from ds_tui.ui.quiz_render import feedback

    def t(s: str) -> Text:
        return Text(en=s, vi=f"{s} (vi)")

    q = SingleQuestion("q", t("Which?"), t("Because."),
                       options=(Option("a", t("`multiprocessing.Pool`"), t("a **new** `Process` each"), True),
                                Option("b", t("`threading`"), t("one *GIL*"), False)))
    console = Console(width=80, file=io.StringIO(), record=True)
    console.print(feedback(q, "b", grade(q, "b"), lang))
    text = console.export_text()
    assert "`" not in text and "**" not in text and "*GIL*" not in text
    assert "multiprocessing.Pool" in text and "a new Process each" in text
    order = OrderQuestion("o", t("Order"), t("Because."), items=(
        Item("x", t("`fork`"), t("then `exec`")), Item("y", t("`wait`"))), answer=("x", "y"))
    console.print(feedback(order, ["y", "x"], grade(order, ["y", "x"]), lang))
    text = console.export_text()
    assert "`" not in text and "fork" in text and "then exec" in text
