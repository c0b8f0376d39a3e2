"""The calculators' results as readable text, in Vietnamese or English (for the command line and the app)."""

from __future__ import annotations

from functools import partial

from ds_tui.i18n import many
from ds_tui.training.compute import ComputeEstimate
from ds_tui.training.memory import (
    FitCheck,
    MemoryBreakdown,
    activation_formula,
)
from ds_tui.training.units import (
    format_bytes,
    format_count,
    format_number,
    format_sci,
)


def _t(lang: str, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"  {label.ljust(width)}  {value.rjust(10)}" for label, value in rows]


def memory_text(b: MemoryBreakdown, check: FitCheck | None, lang: str) -> str:
    s = b.setup
    t = partial(_t, lang)
    n = format_count(b.params_total, lang)
    if b.model is None:
        title = t(f"Model state per GPU — a {n}-parameter model", f"Trạng thái mô hình mỗi GPU — mô hình {n} tham số")
    else:
        name = b.model.name or t("custom model", "mô hình tự định nghĩa")
        title = t(f"Training memory per GPU — {name} ({n} parameters)",
                  f"Bộ nhớ huấn luyện mỗi GPU — {name} ({n} tham số)")
    precision = t("mixed precision (bf16/fp16, fp32 master weights)", "mixed precision (bf16/fp16, trọng số chủ fp32)") \
        if s.precision == "mixed" else "fp32"
    optimizer = {"adam": "Adam", "sgd-momentum": t("SGD with momentum", "SGD có momentum"), "sgd": "SGD"}[s.optimizer]
    lines = [title, ""]
    setup = f"{precision}, {optimizer}"
    if b.model is not None:
        setup += t(f", micro-batch {s.micro_batch}, sequence {b.model.seq:,}",
                   f", micro-batch {s.micro_batch}, chuỗi {format_number(b.model.seq, lang)}")
    lines.append(t("Setup: ", "Cấu hình: ") + setup)
    gpus = format_number(s.gpus, lang)
    parallel = f"DP {s.dp} × TP {s.tp} × PP {s.pp} = {gpus} GPU" + ("s" if s.gpus > 1 and lang != "vi" else "")
    parallel += f", ZeRO {t('stage', 'giai đoạn')} {s.zero}"
    if b.model is not None:
        recompute = {"none": t("none", "không"), "selective": t("selective", "chọn lọc"), "full": t("full", "toàn phần")}
        parallel += t(f", recomputation: {recompute[s.recompute]}", f", tính lại activation: {recompute[s.recompute]}")
        if s.sequence_parallel:
            parallel += t(", sequence parallelism", ", song song chuỗi")
    lines.append(t("Parallelism: ", "Song song: ") + parallel)
    psi = format_count(b.params_per_gpu, lang)
    if b.model is not None and s.pp > 1:
        where = []
        if b.stage == 0:
            where.append(t("embedding", "embedding"))
        if b.stage == s.pp - 1:
            where.append(t("output layer", "lớp đầu ra"))
        layers = t(many(b.stage_layers, "layer"), f"{b.stage_layers} lớp") + "".join(f" + {w}" for w in where)
        lines.append(t(f"This GPU: pipeline stage {b.stage + 1} of {s.pp} (the heaviest: {layers}), "
                       f"{many(b.in_flight, 'micro-batch')} in flight; Ψ = {psi} parameters",
                       f"GPU này: giai đoạn pipeline {b.stage + 1}/{s.pp} (nặng nhất: {layers}), "
                       f"{b.in_flight} micro-batch đang xử lý; Ψ = {psi} tham số"))
    else:
        lines.append(t(f"This GPU holds Ψ = {psi} parameters", f"GPU này giữ Ψ = {psi} tham số"))
    lines.append("")
    fb = partial(format_bytes, lang=lang)
    rows = [
        (t("Parameters", "Tham số"), fb(b.parameters)),
        (t("Gradients", "Gradient"), fb(b.gradients)),
        (t("Optimizer states", "Trạng thái optimizer"), fb(b.optimizer_states)),
        (t("Model state", "Trạng thái mô hình"), fb(b.model_state)),
    ]
    acts = b.activations
    if acts is not None:
        rows += [
            (t("Activations", "Activation"), fb(acts.total)),
            ("  attention", fb(acts.attention)),
            ("  feed-forward", fb(acts.feed_forward)),
            (t("  norms & other", "  norm và phần khác"), fb(acts.norms_other)),
            (t("  logits & embedding", "  logits và embedding"), fb(acts.logits_embedding)),
            (t("Total", "Tổng"), fb(b.total)),
        ]
    lines += _rows(rows)
    lines.append("")
    if acts is None:
        lines.append(t("Activations not included: give --preset or the model's shape (--layers …) to count them.",
                       "Chưa tính activation: hãy cho --preset hoặc kích thước mô hình (--layers …)."))
    else:
        lines.append(t(f"Activations per layer (Korthikanti et al. 2022): {activation_formula(s)} bytes for a GPT layer",
                       f"Activation mỗi lớp (Korthikanti và cộng sự 2022): {activation_formula(s)} byte cho một lớp GPT"))
    lines.append(t("GB = 10^9 bytes; a GPU sold as \"80 GB\" holds 80 GiB = 85.9 GB.",
                   "GB = 10^9 byte; GPU bán với nhãn \"80 GB\" có 80 GiB = 85,9 GB."))
    if check is not None:
        lines += ["", ("✓ " if check.fits else "✗ ") + check.message.show(lang)]
        if check.hint:
            lines.append("  " + check.hint.show(lang))
    for note in b.notes:
        lines.append(t("Note: ", "Lưu ý: ") + note.show(lang))
    return "\n".join(lines)


def compute_text(est: ComputeEstimate, lang: str) -> str:
    t = partial(_t, lang)
    flops = format_sci(est.flops, lang)
    pfd = format_number(est.petaflop_s_days, lang)
    flop_word = t("FLOPs", "FLOP")
    pf_days = t("petaflop/s-days", "petaflop/s-ngày")
    if est.params is not None and est.tokens is not None:
        k = 8 if est.recompute else 6
        head = (f"C ≈ {k}·N·D = {k} × {format_count(est.params, lang)} × {format_count(est.tokens, lang)} "
                f"= {flops} {flop_word} ({pfd} {pf_days})")
    else:
        head = f"C = {flops} {flop_word} ({pfd} {pf_days})"
    lines = [t("Training compute: ", "Khối lượng tính toán huấn luyện: ") + head,
             t("  1 petaflop/s-day = 10^15 FLOP/s for a whole day = 8.64·10^19 FLOPs (the unit of the GPT-3 paper)",
               "  1 petaflop/s-ngày = 10^15 FLOP/s suốt một ngày = 8,64·10^19 FLOP (đơn vị bài báo GPT-3 dùng)")]
    if est.seconds is None:
        lines.append(t("Give --gpus and --peak-tflops for the time, --price for the cost.",
                       "Thêm --gpus và --peak-tflops để tính thời gian, --price để tính chi phí."))
        return "\n".join(lines)
    util = format_number(est.utilization * 100, lang, 0 if (est.utilization * 100).is_integer() else 1)
    gpus = format_number(est.gpus or 0, lang)
    peak = format_number(est.peak_tflops or 0, lang, 0 if float(est.peak_tflops or 0).is_integer() else 1)
    ideal = t(" (an ideal lower bound)", " (cận dưới lý tưởng)") if est.utilization == 1 else ""
    lines.append(t(f"On {gpus} GPU{'s' if (est.gpus or 0) > 1 else ''} at {peak} TFLOPS peak, {util}% utilization{ideal}:",
                   f"Trên {gpus} GPU, đỉnh {peak} TFLOPS, hiệu suất {util}%{ideal}:"))
    days = est.days or 0.0
    seconds = est.seconds
    if days < 1:
        span = t(f"{format_number(seconds / 3600, lang, 1)} hours", f"{format_number(seconds / 3600, lang, 1)} giờ")
    else:
        span = t(f"{format_number(days, lang, 1 if days < 100 else 0)} days",
                 f"{format_number(days, lang, 1 if days < 100 else 0)} ngày")
        if days >= 365.25:
            span += t(f" ≈ {format_number(est.years or 0, lang, 1)} years",
                      f" ≈ {format_number(est.years or 0, lang, 1)} năm")
    rows = [(t("time", "thời gian"), f"{format_sci(seconds, lang)} s = {span}"),
            (t("GPU-hours", "GPU-giờ"), format_number(est.gpu_hours or 0, lang))]
    if est.cost is not None:
        price = format_number(est.price_per_gpu_hour or 0, lang, 2)
        rows.append((t("cost", "chi phí"), t(f"${format_number(est.cost, lang)} at ${price} per GPU-hour",
                                               f"${format_number(est.cost, lang)} với giá ${price} mỗi GPU-giờ")))
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    return "\n".join(lines)

