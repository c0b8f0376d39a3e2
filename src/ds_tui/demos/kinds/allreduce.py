"""The ring all-reduce demo: data-parallel training of a small network — one process, then N processes
summing gradients with a ring all-reduce through pipes, then (torch installed) torch.distributed with
gloo. The training and the ring's workers are in :mod:`ds_tui.demos.allreduce` (numpy, imported only
when the demo runs) and :mod:`ds_tui.demos.torch_gloo`."""

from __future__ import annotations

import math
import socket
from functools import partial
from typing import TYPE_CHECKING, Any

from ds_tui.demos.kinds.common import worker_lanes
from ds_tui.demos.prose import Doc, grp, ideal_speedup, kb, num, secs, times, value_range
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.demos.torch_check import torch_available
from ds_tui.i18n import Text, many, t

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary


SPEC = DemoSpec(
    "allreduce",
    Text(vi="Ring all-reduce: huấn luyện song song dữ liệu", en="Ring all-reduce: data-parallel training"),
    Text(vi="N tiến trình huấn luyện một mạng nơ-ron nhỏ (numpy), cộng gradient bằng ring all-reduce qua pipe.",
         en="N processes train a small neural network (numpy), summing gradients with a ring all-reduce "
            "through pipes."),
    Text(vi="Demo ring all-reduce", en="Ring all-reduce demo"),
    (Mode("single", Text(vi="1 tiến trình", en="1 process"),
          Text(vi="Một tiến trình huấn luyện trên cả batch, không cần truyền gì: mốc để so sánh.",
               en="One process trains on the whole batch, nothing to send: the reference.")),
     Mode("ring", Text(vi="Ring", en="Ring"),
          Text(vi="N tiến trình, mỗi tiến trình tính gradient trên phần batch của mình; cộng gradient "
                  "bằng ring all-reduce qua pipe (reduce-scatter rồi all-gather).",
               en="N processes each compute the gradient of their shard of the batch, then sum the "
                  "gradients with a ring all-reduce through pipes (reduce-scatter, then all-gather).")),
     Mode("torch-gloo", Text(vi="torch gloo", en="torch gloo"),
          Text(vi="Cùng việc huấn luyện, gradient được cộng bằng torch.distributed.all_reduce "
                  "(backend gloo); chỉ chạy khi đã cài torch.",
               en="The same training, gradients summed by torch.distributed.all_reduce (gloo "
                  "backend); runs only when torch is installed."))),
    4, Text(vi="số worker trên vòng", en="workers in the ring"),
    (Metric("bytes_ratio", Text(en="bytes sent per GPU / model size", vi="số byte mỗi GPU gửi / kích thước mô hình"),
            "times"),),
    min_workers=2, view="ring")


def modes(p: DemoParams) -> tuple[str, ...]:
    """Every mode, but torch-gloo only where torch is installed."""
    return SPEC.modes if torch_available() else tuple(m for m in SPEC.modes if m != "torch-gloo")


# --------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(eng: Engine, p: DemoParams) -> None:
    """Data-parallel training: one process (the reference), then N processes with a ring all-reduce
    through pipes, then (torch installed) N ranks of torch.distributed with gloo. Each run is timed from
    the moment every process is running (start-up is reported apart) to the last step's end."""
    from ds_tui.demos import allreduce as ar  # lazy: the ring's worker module loads only when the demo runs

    cfg = ar.SIZES[p.size]
    n = p.workers
    common: dict[str, Any] = {"model": f"{cfg.inputs}→{cfg.hidden}→1", "params": cfg.params,
                              "grad_bytes": cfg.grad_bytes, "steps": cfg.steps, "batch": cfg.batch}
    ref: dict[str, Any] | None = None
    base: float | None = None
    for mode in modes(p):
        if not eng.wants(mode):
            continue
        if mode == "single":
            with eng.session(mode, 1, ["process 0"], cfg.steps) as s:
                go = s.queue()
                s.process(0, ar.single_worker, cfg, go, total=cfg.steps)
                s.wait_ready([0])
                go.put(1)
                s.wait()
                out = s.results.get(0)
                extra = dict(common)
                ok = False
                if out is not None:
                    loss = [v / cfg.batch for v in out["loss_sums"]]
                    ok = all(math.isfinite(v) for v in loss) and loss[-1] < loss[0]
                    if ok:
                        ref = dict(out, loss=loss)
                    extra.update(loss=loss, compute_s=[out["compute_s"]], comm_s=[0.0])
                run = eng.finish(s.result(ok, extra, *_window([out] if out else [])), base)
            base = run.wall_s if ok else None
            continue
        kind = "rank" if mode == "torch-gloo" else "worker"
        with eng.session(mode, n, worker_lanes(kind, n), n * cfg.steps) as s:
            go, abort = s.queue(), s.value("b", 0)
            s.on_failure(partial(setattr, abort, "value", 1))
            if mode == "ring":
                pipes = [eng.ctx.Pipe(duplex=False) for _ in range(n)]  # pipes[r]: worker r → worker r+1
                for r in range(n):
                    s.process(r, ar.ring_worker, r, n, cfg, pipes[r][1], pipes[(r - 1) % n][0], go, abort,
                              total=cfg.steps)
                for reader, writer in pipes:  # the workers have their own copies
                    reader.close()
                    writer.close()
            else:
                from ds_tui.demos import torch_gloo  # lazy: torch may be absent; this path runs only when it is there

                port = _free_port()
                for r in range(n):
                    s.process(r, torch_gloo.gloo_worker, r, n, cfg, port, go, abort, total=cfg.steps)
            s.wait_ready(range(n))
            for _ in range(n):
                go.put(1)
            s.wait()
            outs: list[Any] = [s.results.get(r) for r in range(n)]
            extra = dict(common)
            ok = all(o is not None for o in outs)
            if ok:
                if ref is None:  # the single run was left out (or failed): the reference, computed here
                    ref = ar.reference(cfg)
                ok = _check_training(ar, cfg, ref, outs, extra)
                if mode == "ring":
                    ok = _check_ring(ar, cfg, n, outs, extra) and ok
            run = eng.finish(s.result(ok, extra, *_window([o for o in outs if o])), base)


def _window(outs: list[dict[str, Any]]) -> tuple[float, float, float] | tuple[()]:
    """(cpu_extra_s, wall_s, origin_s) arguments of Session.result: the run from the first worker's first
    step to the last worker's last step."""
    if not outs:
        return ()
    start = min(o["start_s"] for o in outs)
    return 0.0, max(o["end_s"] for o in outs) - start, start


def _check_training(ar: Any, cfg: Any, ref: dict[str, Any], outs: list[dict[str, Any]],
                    extra: dict[str, Any]) -> bool:
    """The workers trained one model, single-process training's: same parameters in every worker, the
    same loss curve and final parameters as the reference, to float64 rounding."""
    import numpy as np  # lazy: numpy (tens of ms) only for the training check

    loss = [sum(o["loss_sums"][k] for o in outs) / cfg.batch for k in range(cfg.steps)]
    params = outs[0]["params"]
    same_everywhere = all(np.array_equal(params, o["params"]) for o in outs)
    loss_diff = max(abs(a - b) for a, b in zip(loss, ref["loss"]))
    params_diff = float(np.max(np.abs(params - ref["params"])))
    grad_diff = float(np.max(np.abs(outs[0]["first_grad"] - ref["first_grad"])))
    extra.update(loss=loss, loss_max_diff=loss_diff, params_max_diff=params_diff, first_grad_max_diff=grad_diff,
                 params_identical=same_everywhere, compute_s=[o["compute_s"] for o in outs],
                 comm_s=[o["comm_s"] for o in outs])
    return (same_everywhere and np.allclose(loss, ref["loss"], rtol=1e-9, atol=1e-12)
            and np.allclose(params, ref["params"], rtol=1e-9, atol=1e-12)
            and np.allclose(outs[0]["first_grad"], ref["first_grad"], rtol=1e-9, atol=1e-14))


def _check_ring(ar: Any, cfg: Any, n: int, outs: list[dict[str, Any]], extra: dict[str, Any]) -> bool:
    """Bytes as the ring says: each worker sends every chunk but two per all-reduce, which is
    2·(N−1)/N × the gradient on average over the workers (exactly; each worker within one value)."""
    per_step = [ar.expected_bytes(r, n, cfg.params) for r in range(n)]
    sent = [o["bytes_sent"] for o in outs]
    ratios = [b / (cfg.steps * cfg.grad_bytes) for b in sent]
    steps_ok = all(o["bytes_per_step"] == [per_step[r]] * cfg.steps for r, o in enumerate(outs))
    total_ok = sum(sent) == cfg.steps * 2 * (n - 1) * cfg.grad_bytes
    ring_s = [sum(o["ring_step_s"][k] for o in outs) / n for k in range(2 * (n - 1))]
    extra.update(
        workers=n, chunks=[hi - lo for lo, hi in ar.chunk_bounds(cfg.params, n)],
        bytes_sent=sent, bytes_per_step=[o["bytes_per_step"][0] for o in outs],
        bytes_ratio_per_worker=ratios, bytes_ratio=sum(ratios) / n, bytes_formula_ratio=2 * (n - 1) / n,
        messages_per_step=2 * (n - 1), ring_log=[o["ring_log"] for o in outs], ring_step_s=ring_s)
    return steps_ok and total_ok


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    r = next((r for r in runs if r.mode == "ring"), None)
    return {"bytes_ratio": float(r.extra["bytes_ratio"])} if r is not None and "bytes_ratio" in r.extra else {}


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    single, ring, tg = by.get("single"), by.get("ring"), by.get("torch-gloo")
    any_run = single or ring or tg
    if any_run is None:
        _torch_line(doc, p, tg, torch_available())
        return
    e = any_run.extra
    n = p.workers
    per = e["batch"] // n
    doc.add(f"Data-parallel training of a small neural network ({e['model']}, {grp(e['params'], 'en')} parameters: a "
            f"gradient of {kb(e['grad_bytes'], 'en')} in float64) for {many(e['steps'], 'step')} on batches of "
            f"{grp(e['batch'], 'en')} samples. One process: the whole batch — the reference. Ring: {many(n, 'process')}, each "
            f"with the whole model, compute the gradient of about {grp(per, 'en')} samples of every batch; the "
            f"gradients are summed with a ring all-reduce through pipes, and every worker takes the same step.",
            f"Huấn luyện song song dữ liệu một mạng nơ-ron nhỏ ({e['model']}, {grp(e['params'], 'vi')} tham số: gradient "
            f"{kb(e['grad_bytes'], 'vi')} kiểu float64) trong {e['steps']} bước, mỗi batch {grp(e['batch'], 'vi')} mẫu. "
            f"Một tiến trình: cả batch — mốc để so sánh. Ring: {n} tiến trình, mỗi tiến trình giữ cả mô hình, tính "
            f"gradient của khoảng {grp(per, 'vi')} mẫu trong mỗi batch; các gradient được cộng bằng ring all-reduce "
            f"qua pipe, rồi mọi worker cùng cập nhật một bước như nhau.")
    if ring and "bytes_ratio" in ring.extra:
        r = ring.extra
        ratio, formula = r["bytes_ratio"], r["bytes_formula_ratio"]
        chunk = max(r["chunks"])
        doc.add(f"The ring: {n - 1} reduce-scatter steps, then {n - 1} all-gather steps; in each, every worker sends one "
                f"chunk (1/{n} of the gradient, ≤ {grp(chunk, 'en')} values) to its right-hand neighbour and receives one "
                f"from its left. Measured: each worker sent {num(ratio, 'en')}× the gradient size per training step "
                f"({kb(sum(r['bytes_per_step']) / n, 'en')} of {kb(r['grad_bytes'], 'en')}); the ring's formula "
                f"2(N−1)/N = {num(formula, 'en')}.",
                f"Vòng ring: {n - 1} bước reduce-scatter, rồi {n - 1} bước all-gather; ở mỗi bước, mỗi worker gửi một "
                f"phần (1/{n} gradient, ≤ {grp(chunk, 'vi')} giá trị) cho worker bên phải và nhận một phần từ bên trái. "
                f"Đo được: mỗi worker gửi {num(ratio, 'vi')}× kích thước gradient mỗi bước huấn luyện "
                f"({kb(sum(r['bytes_per_step']) / n, 'vi')} trên {kb(r['grad_bytes'], 'vi')}); công thức của ring "
                f"2(N−1)/N = {num(formula, 'vi')}.")
        lo, hi = min(r["bytes_ratio_per_worker"]), max(r["bytes_ratio_per_worker"])
        if hi - lo > 1e-12:
            sent_en, sent_vi = value_range(lo, hi, "en", form="between"), value_range(lo, hi, "vi", form="between")
            if sent_en == times(lo, "en"):  # the same to the two decimals shown
                sent_en, sent_vi = f"{sent_en} to two decimals", f"{sent_vi} nếu làm tròn hai chữ số"
            doc.add(f"{grp(r['params'], 'en')} values do not split evenly into {many(n, 'chunk')}, so the chunks differ by one "
                    f"value and each worker sent {sent_en}: on average over the workers, exactly the formula.",
                    f"{grp(r['params'], 'vi')} giá trị không chia đều cho {n} phần, nên các phần lệch nhau một giá trị và "
                    f"mỗi worker gửi {sent_vi}: tính trung bình trên các worker thì đúng bằng công thức.")
    ref = single or ring
    if ref is not None and ref.extra.get("loss"):
        loss = ref.extra["loss"]
        sentence_en = sentence_vi = ""
        if ring and "loss_max_diff" in ring.extra:
            d = ring.extra["loss_max_diff"]
            same = "the same curve" if ring.ok else "NOT the same curve"
            same_vi = "cùng một đường" if ring.ok else "KHÔNG cùng một đường"
            ident = ring.extra.get("params_identical")
            sentence_en = (f" The ring's loss: {same} as one process's, largest difference {d:.1e} (the same "
                           f"floating-point sums, added in another order)"
                           + ("; every worker ends with the same parameters, bit for bit." if ident else "."))
            sentence_vi = (f" Loss của ring: {same_vi} với một tiến trình, chênh lệch lớn nhất {d:.1e} (cùng các "
                           f"phép cộng số thực, theo thứ tự khác)"
                           + ("; mọi worker kết thúc với cùng bộ tham số, giống hệt từng bit." if ident else "."))
        doc.add(f"Loss: {num(loss[0], 'en', 4)} → {num(loss[-1], 'en', 4)} over {many(len(loss), 'step')}.{sentence_en} Data "
                f"parallelism changes where the gradient is computed, not what it is.",
                f"Loss: {num(loss[0], 'vi', 4)} → {num(loss[-1], 'vi', 4)} sau {len(loss)} bước.{sentence_vi} Song song "
                f"dữ liệu chỉ đổi nơi tính gradient, không đổi gradient.")
    if ring and single and ring.extra.get("compute_s"):
        comp, comm = sum(ring.extra["compute_s"]), sum(ring.extra["comm_s"])
        share = 100 * comm / (comp + comm) if comp + comm > 0 else 0.0
        bound = ideal_speedup(m, n)
        s_en = f" ({times(ring.speedup, 'en')})" if ring.speedup else ""
        s_vi = f" ({times(ring.speedup, 'vi')})" if ring.speedup else ""
        doc.add(f"Time for the {many(single.extra['steps'], 'step')}: one process {secs(single.wall_s, 'en')}, the ring "
                f"{secs(ring.wall_s, 'en')}{s_en}; at best {times(bound, 'en')} with {many(n, 'process')} on "
                f"{many(m['usable_cores'], 'usable core')}. The workers spent {share:.0f}% of their time in the all-reduce "
                f"(sending, waiting for a neighbour, adding). Data parallelism pays when each worker's computation "
                f"dwarfs the all-reduce; PyTorch DDP also overlaps the two, sending the first gradients while the "
                f"backward pass still computes the rest.",
                f"Thời gian cho {single.extra['steps']} bước: một tiến trình {secs(single.wall_s, 'vi')}, ring "
                f"{secs(ring.wall_s, 'vi')}{s_vi}; tối đa {times(bound, 'vi')} với {n} tiến trình trên "
                f"{m['usable_cores']} lõi dùng được. Các worker dành {share:.0f}% thời gian cho all-reduce (gửi, chờ "
                f"worker bên cạnh, cộng). Song song dữ liệu có lợi khi phần tính toán của mỗi worker lớn hơn hẳn "
                f"all-reduce; PyTorch DDP còn cho hai việc chạy chồng nhau, gửi những gradient đầu tiên khi lượt "
                f"backward còn đang tính phần còn lại.")
    doc.add("Traffic per worker hardly grows with N: 2(N−1)/N is 1.00 for 2 workers, 1.50 for 4, 1.75 for 8, "
            "under 2 for any N. What grows is the number of steps, 2(N−1), each paying the network's latency — "
            "which is why NCCL also has tree algorithms.",
            "Lưu lượng của mỗi worker gần như không tăng theo N: 2(N−1)/N là 1,00 với 2 worker, 1,50 với 4, 1,75 "
            "với 8, luôn dưới 2. Cái tăng là số bước, 2(N−1), mỗi bước chịu độ trễ của mạng — vì thế NCCL còn có "
            "thuật toán dạng cây.")
    _torch_line(doc, p, tg, torch_available())


def _torch_line(doc: Doc, p: DemoParams, tg: RunResult | None, installed: bool) -> None:
    n = p.workers
    if tg is not None:
        d = tg.extra.get("loss_max_diff")
        d_en = f", the same loss curve (largest difference {d:.1e})" if d is not None and tg.ok else ""
        d_vi = f", cùng đường loss (chênh lệch lớn nhất {d:.1e})" if d is not None and tg.ok else ""
        doc.add(f"torch.distributed with the gloo backend, {many(n, 'rank')}: {secs(tg.wall_s, 'en')}{d_en}. gloo chooses its "
                f"own algorithm and does the sending itself, so its bytes are not counted here. The same code runs "
                f"across machines (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK: see the README).",
                f"torch.distributed với backend gloo, {n} rank: {secs(tg.wall_s, 'vi')}{d_vi}. gloo tự chọn thuật toán "
                f"và tự gửi dữ liệu, nên số byte của nó không được đếm ở đây. Cùng đoạn mã chạy được trên nhiều máy "
                f"(MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK: xem README).")
    elif not installed:
        doc.add('torch is not installed, so the torch.distributed (gloo) run was skipped; pip install "ds-tui[torch]" '
                "adds it.",
                'Chưa cài torch nên bỏ qua lần chạy torch.distributed (gloo); pip install "ds-tui[torch]" để thêm.')


def headline(summary: RunSummary, lang: str) -> str | None:
    m = summary.metrics
    if "bytes_ratio" not in m:
        return None
    return t("demonote.allreduce_headline", lang, ratio=num(m["bytes_ratio"], lang))


DEMO = Demo(SPEC, run, explain, metrics, modes_for=modes, headline=headline)
