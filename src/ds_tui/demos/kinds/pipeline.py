"""The pipeline-parallelism demo: p stage processes linked by pipes run m micro-batches, GPipe then 1F1B;
the bubble (idle time) is measured. The stages' workers and the schedules are in
:mod:`ds_tui.demos.pipeline` (numpy, imported only when the demo runs)."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING, Any

from ds_tui.demos.kinds.common import worker_lanes
from ds_tui.demos.prose import Doc, num, secs
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.i18n import Text, many, t

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary

SPEC = DemoSpec(
    "pipeline",
    Text(vi="Song song pipeline: GPipe và 1F1B", en="Pipeline parallelism: GPipe and 1F1B"),
    Text(vi="p tiến trình giai đoạn nối bằng pipe chạy m micro-batch; đo bong bóng (thời gian rỗi). Mỗi giai "
            "đoạn thay cho một GPU: phần tính của nó là một khoảng chờ cố định, như CPU chờ kernel chạy trên GPU.",
         en="p stage processes linked by pipes run m micro-batches; the bubble (idle time) is measured. Each "
            "stage stands for a GPU: its compute is a fixed wait, as a CPU waits for the kernel on its GPU."),
    Text(vi="Demo song song pipeline", en="Pipeline-parallelism demo"),
    (Mode("gpipe", Text(vi="GPipe", en="GPipe"),
          Text(vi="p tiến trình giai đoạn nối bằng pipe: mọi forward của m micro-batch, rồi mọi "
                  "backward. Mỗi forward mất t, backward 2t (thời gian chờ thay cho kernel chạy trên GPU).",
               en="p stage processes linked by pipes: all m micro-batches' forwards, then all the "
                  "backwards. A forward takes t, a backward 2t (a wait standing for the GPU's kernel).")),
     Mode("1f1b", Text(vi="1F1B", en="1F1B"),
          Text(vi="Cùng các giai đoạn: lấp pipeline, rồi xen kẽ một forward, một backward; mỗi giai đoạn "
                  "giữ activation của tối đa p micro-batch thay vì m.",
               en="The same stages: fill the pipeline, then alternate one forward and one backward; a "
                  "stage holds the activations of at most p micro-batches instead of m."))),
    4, Text(vi="số giai đoạn p", en="stages p"),
    (Metric("bubble", Text(en="pipeline bubble (idle share)", vi="bong bóng pipeline (phần thời gian rảnh)"),
            "percent", 0.02),),
    min_workers=2, default_microbatches=4, view="gantt")


# --------------------------------------------------------------------------------------------------
def run(eng: Engine, p: DemoParams) -> None:
    """GPipe, then 1F1B: p stage processes, m micro-batches. The batch is timed from the first operation's
    start to the last one's end (stage start-up is reported apart)."""
    from ds_tui.demos import pipeline as pl  # lazy: the pipeline's worker module loads only when the demo runs

    n, m = p.workers, SPEC.microbatches(p) or 4
    cfg = pl.config(n, m, p.size)
    ref = pl.reference(cfg)
    formula = pl.bubble_formula(n, m)
    for mode in ("gpipe", "1f1b"):
        if not eng.wants(mode):
            continue
        schedule = pl.SCHEDULES[mode](n, m)
        ideal = pl.simulate(schedule, cfg.forward_s, cfg.backward_s)
        ideal_bubble, ideal_window, _ = pl.bubble(ideal)
        with eng.session(mode, n, worker_lanes("stage", n), 2 * m * n) as s:
            abort = s.value("b", 0)
            s.on_failure(partial(setattr, abort, "value", 1))
            # (reader, writer) pairs. fwd[0]: the data loader (here) → stage 0; fwd[i]: stage i−1 → stage i;
            # bwd[i]: stage i+1 → stage i
            fwd = [eng.ctx.Pipe(duplex=False) for _ in range(n)]
            bwd = [eng.ctx.Pipe(duplex=False) for _ in range(n - 1)]
            for i in range(n):
                s.process(i, pl.stage_worker, i, cfg, mode, fwd[i][0], fwd[i + 1][1] if i < n - 1 else None,
                          bwd[i][0] if i < n - 1 else None, bwd[i - 1][1] if i > 0 else None, abort, total=2 * m)
            loader = fwd[0][1]
            for end in [e for pair in fwd + bwd for e in pair if e is not loader]:
                end.close()  # the stages have their own copies
            s.wait_ready(range(n))  # every stage is running: feed the micro-batches
            for j in range(m):
                loader.send((j, pl.micro_batch(cfg, j)[0]))
            loader.close()
            s.wait()
            outs: list[Any] = [s.results.get(i) for i in range(n)]
            extra: dict[str, Any] = {"stages": n, "microbatches": m, "forward_s": cfg.forward_s,
                                     "backward_s": cfg.backward_s, "bubble_formula": formula,
                                     "bubble_schedule": ideal_bubble, "ideal_window_s": ideal_window,
                                     "peak_activations_expected": [pl.peak_in_flight(ops) for ops in schedule]}
            ok, window, t0 = False, None, 0.0
            if all(o is not None for o in outs):
                ops = [o["ops"] for o in outs]
                measured, window, idle = pl.bubble(ops)
                t0 = min(op[2] for stage in ops for op in stage)
                problems = pl.check_order(ops, schedule)
                grads_ok = all(_close(o["dw"], ref["dw"][i]) and _close(o["db"], ref["db"][i])
                               for i, o in enumerate(outs))
                losses = outs[-1]["losses"]
                losses_ok = _close([losses.get(j, math.nan) for j in range(m)], ref["losses"])
                peaks = [o["peak_activations"] for o in outs]
                extra.update(bubble=measured, window_s=window, idle=idle, peak_activations=peaks,
                             ops=[[[op, j, a - t0, b - t0] for op, j, a, b in stage] for stage in ops],
                             problems=problems, gradients_ok=grads_ok, losses_ok=losses_ok)
                ok = not problems and grads_ok and losses_ok and peaks == extra["peak_activations_expected"]
            eng.finish(s.result(ok, extra, wall_s=window, origin_s=t0))


def _close(a: Any, b: Any) -> bool:
    import numpy as np  # lazy: numpy (tens of ms) only for the check

    return bool(np.allclose(a, b, rtol=1e-12, atol=1e-14))


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    by_mode = {r.mode: r for r in runs}
    r = by_mode.get("gpipe") or by_mode.get("1f1b")  # the lessons ask about GPipe; 1F1B's bubble is the same
    return {"bubble": float(r.extra["bubble"])} if r is not None and "bubble" in r.extra else {}


def note(run: RunResult, lang: str) -> str:
    extra = run.extra
    if "bubble" in extra:
        return t("demonote.bubble", lang, bubble=num(extra["bubble"], lang), formula=num(extra["bubble_formula"], lang))
    return ""


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    gp, ob = by.get("gpipe"), by.get("1f1b")
    first = gp or ob
    if first is None:
        return
    e = first.extra
    st, mb = e["stages"], e["microbatches"]
    t_ms, b_ms = 1000 * e["forward_s"], 1000 * e["backward_s"]
    formula = e["bubble_formula"]
    doc.add(f"{many(st, 'stage process')} stand for {many(st, 'GPU')}, each holding a slice of the layers; pipes carry activations "
            f"forward and gradients back. {many(mb, 'micro-batch')}. A forward takes t = {t_ms:.0f} ms on each stage, a "
            f"backward 2t = {b_ms:.0f} ms (a backward costs about twice a forward's FLOPs). In pipeline parallelism "
            f"the GPU does the work and the CPU only launches it, so each stage computes its small numpy layer, then "
            f"waits out the rest of t, standing for the kernel on the GPU: the stages run side by side even on "
            f"{many(m['usable_cores'], 'core')}, and what is measured is the schedule.",
            f"{st} tiến trình giai đoạn thay cho {st} GPU, mỗi GPU giữ một phần các lớp; pipe chuyển activation về "
            f"trước và gradient về sau. {mb} micro-batch. Mỗi forward mất t = {t_ms:.0f} ms trên mỗi giai đoạn, mỗi "
            f"backward 2t = {b_ms:.0f} ms (backward tốn khoảng gấp đôi FLOP của forward). Trong song song pipeline, "
            f"GPU làm việc còn CPU chỉ khởi chạy, nên mỗi giai đoạn tính lớp numpy nhỏ của mình rồi chờ hết thời "
            f"gian t, thay cho kernel chạy trên GPU: các giai đoạn chạy song song kể cả trên {m['usable_cores']} lõi, "
            f"và cái được đo là lịch chạy.")
    if gp and "bubble" in gp.extra:
        g = gp.extra
        extra_s = g["window_s"] - g["ideal_window_s"]
        doc.add(f"GPipe (all forwards, then all backwards): the batch took {secs(g['window_s'], 'en')}, where the schedule "
                f"alone needs (m + p − 1)·3t = {secs(g['ideal_window_s'], 'en')}. Measured bubble {num(g['bubble'], 'en')} "
                f"(the stages' idle share of p × the batch's time); the formula (p − 1)/(m + p − 1) = {st - 1}/{mb + st - 1} "
                f"= {num(formula, 'en')} for p = {st}, m = {mb}. The formula assumes equal stage times and free "
                f"communication — equal here by design; the other {secs(max(0.0, extra_s), 'en')} are the pipes' "
                f"latency and the timers' overshoot.",
                f"GPipe (mọi forward, rồi mọi backward): batch mất {secs(g['window_s'], 'vi')}, trong khi riêng lịch chạy "
                f"cần (m + p − 1)·3t = {secs(g['ideal_window_s'], 'vi')}. Bubble đo được {num(g['bubble'], 'vi')} (phần "
                f"thời gian rỗi của các giai đoạn trên p × thời gian batch); công thức (p − 1)/(m + p − 1) = "
                f"{st - 1}/{mb + st - 1} = {num(formula, 'vi')} với p = {st}, m = {mb}. Công thức giả định các giai đoạn "
                f"mất thời gian bằng nhau và truyền dữ liệu không tốn gì — ở đây bằng nhau theo thiết kế; "
                f"{secs(max(0.0, extra_s), 'vi')} còn lại là độ trễ của pipe và phần ngủ quá giờ của bộ đếm.")
    if ob and "bubble" in ob.extra:
        o = ob.extra
        peaks = ", ".join(str(k) for k in o["peak_activations"])
        doc.add(f"1F1B (fill the pipeline, then one forward, one backward): bubble {num(o['bubble'], 'en')} — the same "
                f"as GPipe by the formula: 1F1B does not shrink the bubble. It saves memory: stages 0, 1, … held the "
                f"activations of at most {peaks} micro-batch(es) at once (p − i), where GPipe's stages each held all "
                f"m = {mb}.",
                f"1F1B (lấp đầy pipeline, rồi một forward, một backward): bubble {num(o['bubble'], 'vi')} — theo công "
                f"thức thì bằng GPipe: 1F1B không làm bubble nhỏ đi. Cái nó tiết kiệm là bộ nhớ: các giai đoạn 0, 1, … "
                f"giữ activation của tối đa {peaks} micro-batch cùng lúc (p − i), còn mỗi giai đoạn của GPipe giữ cả "
                f"m = {mb}.")
    if mb < 4 * st:
        m4 = 4 * st
        f4 = (st - 1) / (m4 + st - 1)
        doc.add(f"More micro-batches shrink the bubble: with m = {m4} (4p) the formula gives {st - 1}/{m4 + st - 1} = "
                f"{num(f4, 'en')}. Set the micro-batches (--microbatches {m4}) and run again.",
                f"Nhiều micro-batch hơn thì bubble nhỏ hơn: với m = {m4} (4p) công thức cho {st - 1}/{m4 + st - 1} = "
                f"{num(f4, 'vi')}. Đặt số micro-batch (--microbatches {m4}) rồi chạy lại.")
    else:
        doc.add(f"Here m ≥ 4p, where GPipe found the bubble's cost small; it never reaches 0: filling and draining "
                f"always take p − 1 = {st - 1} slots.",
                f"Ở đây m ≥ 4p, mức mà GPipe thấy chi phí bubble đã nhỏ; nhưng nó không bao giờ về 0: lấp đầy và xả "
                f"cạn luôn tốn p − 1 = {st - 1} khe.")


def headline(summary: RunSummary, lang: str) -> str | None:
    m = summary.metrics
    return f"bubble {round(100 * m['bubble'])}%" if "bubble" in m else None


DEMO = Demo(SPEC, run, explain, metrics, note, headline=headline)
