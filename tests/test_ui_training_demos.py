"""The allreduce and pipeline demos in the app: run for real on the demo screen (Pilot), embedded in lesson 4,
and snapshots of each finished screen with fixed results (the demo is replaced by a fixed report, the
hardware by the notes' laptop), so the pictures are the same on every machine."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from ds_tui.demos import allreduce as ar
from ds_tui.demos import pipeline as pl
from ds_tui.demos.results import Span
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.widgets.demo_view import DemoView
from ds_tui.ui.widgets.pipeline_gantt import PipelineGantt, paint
from ds_tui.ui.widgets.ring_view import RingView
from ds_tui.start_request import StartRequest
from tests.ui_helpers import plain, settle, wait_demo


def rendered(widget) -> str:
    return widget.render().plain


async def test_allreduce_runs_on_the_demo_screen(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="allreduce"))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "small"
        await pilot.press("r")
        await wait_demo(pilot)
        assert [r.mode for r in view.runs][:2] == ["single", "ring"]
        assert all(r.ok for r in view.runs), [(r.mode, r.failures) for r in view.runs]
        ring = rendered(view.query_one(RingView))
        assert "reduce-scatter" in ring and "all-gather" in ring
        assert "w0 → w1" in ring and " c0 " in ring
        assert ring.count("1.500×") == 4  # each of the 4 workers against the ┃ of 2(N−1)/N
        assert "the same curve" in ring
        table = plain(view.query_one("#demo-results", Static))
        assert "Ring" in table and "1 process" in table and "✓" in table
        text = plain(view.query_one("#demo-explanation", Static))
        assert "2(N−1)/N = 1.50" in text
        assert app.store is not None and len(app.store.demo_reports("allreduce")) == 1


async def test_pipeline_runs_on_the_demo_screen_with_its_micro_batches(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="pipeline"))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "small"
        view.query_one("#demo-workers", Input).value = "3"
        view.query_one("#demo-micro", Input).value = "5"
        await pilot.press("r")
        await wait_demo(pilot)
        assert [r.mode for r in view.runs] == ["gpipe", "1f1b"] and all(r.ok for r in view.runs)
        assert view.report is not None and view.report.params["microbatches"] == 5
        gantt = view.query_one(PipelineGantt)
        assert len(gantt.tracks) == 2 and [len(t.lanes) for t in gantt.tracks] == [3, 3]
        chart = rendered(gantt)
        assert "F1" in chart and "B5" in chart and "·" in chart  # letters, micro-batch numbers, idle cells
        assert "(p−1)/(m+p−1) = 0.29" in chart  # 2/7
        assert "bubble" in plain(view.query_one("#demo-results", Static))
        assert "2/7 = 0.29" in plain(view.query_one("#demo-explanation", Static))
        await pilot.press("l")
        await pilot.pause()
        assert "công thức" in plain(view.query_one("#demo-explanation", Static))
        assert "đo được" in rendered(gantt)


async def test_the_command_lines_parameters_fill_the_demo_screen(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="pipeline", workers=3, size="small", microbatches=16))  # ds-tui demo pipeline --live ...
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        assert view.query_one("#demo-workers", Input).value == "3"
        assert view.query_one("#demo-size", Select).value == "small"
        assert view.query_one("#demo-micro", Input).value == "16"
        assert "stages p" in plain(view.query_one("#demo-params-help", Static))


async def test_bad_micro_batches_are_refused_before_running(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="pipeline"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-micro", Input).value = "0"
        await pilot.press("r")
        await pilot.pause()
        assert not view.running and not view.runs


async def test_lesson_4_embeds_both_demos(ds_home, monkeypatch):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_lesson("chatgpt-training")
        await pilot.pause()
        reader = app.screen
        for demo in ("allreduce", "pipeline"):
            reader.index = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == demo)
            await pilot.pause()
            view = reader.query_one(DemoView)
            assert view.spec.id == demo
            assert "Run demo" in [b.description for (_, b, enabled, _) in reader.active_bindings.values() if enabled]


def test_gantt_paints_letters_numbers_and_idle_cells():
    cells = "".join(g for g, _ in paint([("F", 0, 0.0, 1.0), ("B", 0, 2.0, 4.0)], 5.0, 5.0, 10))
    assert cells == "F1··B1▓▓··"
    assert "".join(g for g, _ in paint([("F", 11, 0.0, 0.5)], 0.5, 1.0, 4)) == "F░  "  # no room for "F12"


# ------------------------------------------------------------------------------------ fixed reports
MACHINE = {"usable_cores": 8, "speedup_bound": 8.0, "logical_cpus": 8, "physical_cores": 4, "affinity_cpus": 8,
           "cpu_quota": None, "gil_enabled": True, "free_threaded_build": False, "start_method": "spawn",
           "python": "3.12.3", "implementation": "CPython", "platform": "Linux", "os": "Linux"}


def _allreduce_report():
    from ds_tui.demos.catalog import DemoParams, explain, metrics
    from ds_tui.demos.results import DemoReport, RunResult

    cfg, n = ar.SIZES["small"], 4
    loss = [round(v, 6) for v in ar.reference(cfg)["loss"]]
    common = {"model": "16→64→1", "params": cfg.params, "grad_bytes": cfg.grad_bytes, "steps": cfg.steps,
              "batch": cfg.batch}
    single = RunResult("single", 1, 0.0412, 0.0409, True, lanes=("process 0",),
                       spans=tuple(Span(0, 0.002 * k, 0.002 * k + 0.0019, "cpu") for k in range(20)),
                       extra=dict(common, loss=loss, compute_s=[0.038], comm_s=[0.0]))
    per_step = [ar.expected_bytes(r, n, cfg.params) for r in range(n)]
    logs = [[[phase, k + 1, out_c, in_c, 0, 0.0, 0.0] for k, (phase, out_c, in_c) in enumerate(ar.ring_schedule(r, n))]
            for r in range(n)]
    spans = []
    for w in range(n):  # each step: the gradient (cpu), then the all-reduce (io)
        for k in range(20):
            t = 0.003 * k + 0.0002 * w
            spans += [Span(w, t, t + 0.0006, "cpu"), Span(w, t + 0.0006, 0.003 * k + 0.0029, "io")]
    ring = RunResult("ring", n, 0.0604, 0.0912, True, lanes=tuple(f"worker {r}" for r in range(n)), spans=tuple(spans),
                     extra=dict(common, loss=loss, loss_max_diff=1.1e-16, params_max_diff=2.2e-16,
                                first_grad_max_diff=5.5e-17, params_identical=True, compute_s=[0.012] * n,
                                comm_s=[0.046] * n, workers=n, chunks=[hi - lo for lo, hi in ar.chunk_bounds(cfg.params, n)],
                                bytes_sent=[b * cfg.steps for b in per_step], bytes_per_step=per_step,
                                bytes_ratio_per_worker=[b / cfg.grad_bytes for b in per_step],
                                bytes_ratio=sum(per_step) / n / cfg.grad_bytes, bytes_formula_ratio=1.5,
                                messages_per_step=6, ring_log=logs,
                                ring_step_s=[0.0009, 0.0004, 0.0004, 0.0005, 0.0003, 0.0004])).with_baseline(0.0412)
    runs = (single, ring)
    p = DemoParams(n, "small")
    measured = metrics("allreduce", runs)
    return DemoReport("allreduce", {"workers": n, "size": "small"}, MACHINE, runs,
                      explain("allreduce", p, MACHINE, runs, measured), measured)


def _pipeline_report():
    from ds_tui.demos.catalog import DemoParams, explain, metrics
    from ds_tui.demos.results import DemoReport, RunResult

    p, m = 4, 4
    cfg = pl.config(p, m, "medium")
    runs = []
    for mode in ("gpipe", "1f1b"):
        schedule = pl.SCHEDULES[mode](p, m)
        ideal_b, ideal_w, _ = pl.bubble(pl.simulate(schedule, cfg.forward_s, cfg.backward_s))
        ops = pl.simulate(schedule, cfg.forward_s + 0.0002, cfg.backward_s + 0.0002, latency_s=0.0006)
        bubble, window, idle = pl.bubble(ops)
        extra = {"stages": p, "microbatches": m, "forward_s": cfg.forward_s, "backward_s": cfg.backward_s,
                 "bubble_formula": pl.bubble_formula(p, m), "bubble_schedule": ideal_b, "ideal_window_s": ideal_w,
                 "peak_activations_expected": [pl.peak_in_flight(s) for s in schedule], "bubble": bubble,
                 "window_s": window, "idle": idle, "peak_activations": [pl.peak_in_flight(s) for s in schedule],
                 "ops": [[list(o) for o in stage] for stage in ops], "problems": [], "gradients_ok": True,
                 "losses_ok": True}
        spans = tuple(Span(i, a, b, "fwd" if op == "F" else "bwd") for i, stage in enumerate(ops) for op, _, a, b in stage)
        runs.append(RunResult(mode, p, window, 0.061, True, lanes=tuple(f"stage {i}" for i in range(p)), spans=spans,
                              extra=extra))
    runs_t = tuple(runs)
    measured = metrics("pipeline", runs_t)
    params = DemoParams(p, "medium", m)
    return DemoReport("pipeline", {"workers": p, "size": "medium", "microbatches": m}, MACHINE, runs_t,
                      explain("pipeline", params, MACHINE, runs_t, measured), measured)


def fixed_demo(monkeypatch, make_report) -> None:
    """The demo screen runs ``make_report()`` instead of a demo: the same events, in order, from the demo
    worker. The report is made once torch is taken as absent, so its explanation is the same whether
    or not this machine has torch."""
    from ds_tui.demos import events as ev
    from ds_tui.demos import isolated
    from ds_tui.demos.kinds import allreduce as allreduce_demo

    monkeypatch.setattr(allreduce_demo, "torch_available", lambda: False)
    report = make_report()

    def run(demo_id, params=None, on_event=None, cancel=None, start_method=None):
        for r in report.runs:
            on_event(ev.RunStarted(report.demo, r.mode, r.workers, r.lanes, len(r.lanes) * 8))
            for w in range(len(r.lanes)):
                on_event(ev.Progress(r.mode, w, 8, 8))
            on_event(ev.RunFinished(r))
        on_event(ev.DemoFinished(report))
        return report

    monkeypatch.setattr(isolated, "run_demo_isolated", run)


def _finished_screen(scroll_to: str):
    async def run_it(pilot):
        await settle(pilot)
        await pilot.press("r")
        await wait_demo(pilot)
        pilot.app.screen.query_one(scroll_to).scroll_visible(animate=False, top=True)
        await pilot.pause()

    return run_it


def test_allreduce_snapshot_finished(snap_compare, ds_home, monkeypatch):
    fixed_demo(monkeypatch, _allreduce_report)
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="allreduce", workers=4, size="small"))
    assert snap_compare(app, terminal_size=(80, 40), run_before=_finished_screen("#demo-results"))


def test_pipeline_snapshot_finished(snap_compare, ds_home, monkeypatch):
    fixed_demo(monkeypatch, _pipeline_report)
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="pipeline"))
    assert snap_compare(app, terminal_size=(80, 40), run_before=_finished_screen("#demo-gantt"))


async def test_enter_in_a_field_runs_the_demo_and_the_buttons_fit_80_columns(ds_home, monkeypatch):
    fixed_demo(monkeypatch, _pipeline_report)
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="pipeline"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(DemoView)
        assert view.query_one("#demo-run").region.right <= 80 and view.query_one("#demo-cancel").region.right <= 80
        field = view.query_one("#demo-micro", Input)
        field.focus()
        field.value = ""
        await pilot.press("1", "6", "r")  # r is typed into the field (refused there), not obeyed
        await pilot.pause()
        assert field.value == "16" and not view.runs
        await pilot.press("enter")
        await wait_demo(pilot)
        assert [r.mode for r in view.runs] == ["gpipe", "1f1b"]
