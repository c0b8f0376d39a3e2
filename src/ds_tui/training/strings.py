"""Strings of the training calculators' text results (key -> (English, Vietnamese)), merged into ds_tui.i18n
when ``ds_tui.training`` is imported.

Prefixes: trainreport. (ds_tui.training.report), units. (ds_tui.training.units).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # memory per GPU
    "trainreport.title.state": ("Model state per GPU — a {n}-parameter model", "Trạng thái mô hình mỗi GPU — mô hình {n} tham số"),
    "trainreport.custom_model": ("custom model", "mô hình tự định nghĩa"),
    "trainreport.title.model": ("Training memory per GPU — {name} ({n} parameters)", "Bộ nhớ huấn luyện mỗi GPU — {name} ({n} tham số)"),
    "trainreport.mixed": ("mixed precision (bf16/fp16, fp32 master weights)", "mixed precision (bf16/fp16, trọng số chủ fp32)"),
    "trainreport.sgd_momentum": ("SGD with momentum", "SGD có momentum"),
    "trainreport.batch": (", micro-batch {micro_batch}, sequence {seq}", ", micro-batch {micro_batch}, chuỗi {seq}"),
    "trainreport.setup": ("Setup: ", "Cấu hình: "),
    "trainreport.gpus": ("{shown} GPUs", "{shown} GPU"),
    "trainreport.gpus.one": ("{shown} GPU", "{shown} GPU"),
    "trainreport.zero": (", ZeRO stage {stage}", ", ZeRO giai đoạn {stage}"),
    "trainreport.recompute.none": ("none", "không"),
    "trainreport.recompute.selective": ("selective", "chọn lọc"),
    "trainreport.recompute.full": ("full", "toàn phần"),
    "trainreport.recomputation": (", recomputation: {how}", ", tính lại activation: {how}"),
    "trainreport.sequence_parallel": (", sequence parallelism", ", song song chuỗi"),
    "trainreport.parallelism": ("Parallelism: ", "Song song: "),
    "trainreport.embedding": ("embedding", "embedding"),
    "trainreport.output_layer": ("output layer", "lớp đầu ra"),
    "trainreport.layers": ("{n} layers", "{n} lớp"),
    "trainreport.layers.one": ("{n} layer", "{n} lớp"),
    "trainreport.micro_batches": ("{n} micro-batches", "{n} micro-batch"),
    "trainreport.micro_batches.one": ("{n} micro-batch", "{n} micro-batch"),
    "trainreport.this_stage": ("This GPU: pipeline stage {stage} of {stages} (the heaviest: {layers}), {in_flight} in flight; "
                               "Ψ = {psi} parameters",
                               "GPU này: giai đoạn pipeline {stage}/{stages} (nặng nhất: {layers}), {in_flight} đang xử lý; "
                               "Ψ = {psi} tham số"),
    "trainreport.this_gpu": ("This GPU holds Ψ = {psi} parameters", "GPU này giữ Ψ = {psi} tham số"),
    "trainreport.parameters": ("Parameters", "Tham số"),
    "trainreport.gradients": ("Gradients", "Gradient"),
    "trainreport.optimizer_states": ("Optimizer states", "Trạng thái optimizer"),
    "trainreport.model_state": ("Model state", "Trạng thái mô hình"),
    "trainreport.activations": ("Activations", "Activation"),
    "trainreport.norms_other": ("  norms & other", "  norm và phần khác"),
    "trainreport.logits_embedding": ("  logits & embedding", "  logits và embedding"),
    "trainreport.total": ("Total", "Tổng"),
    "trainreport.no_activations": ("Activations not included: give --preset or the model's shape (--layers …) to count them.",
                                   "Chưa tính activation: hãy cho --preset hoặc kích thước mô hình (--layers …)."),
    "trainreport.per_layer": ("Activations per layer (Korthikanti et al. 2022): {formula} bytes for a GPT layer",
                              "Activation mỗi lớp (Korthikanti và cộng sự 2022): {formula} byte cho một lớp GPT"),
    "trainreport.gb": ("GB = 10^9 bytes; a GPU sold as \"80 GB\" holds 80 GiB = 85.9 GB.",
                       "GB = 10^9 byte; GPU bán với nhãn \"80 GB\" có 80 GiB = 85,9 GB."),
    "trainreport.note": ("Note: ", "Lưu ý: "),
    # compute
    "trainreport.flops": ("FLOPs", "FLOP"),
    "trainreport.pf_days": ("petaflop/s-days", "petaflop/s-ngày"),
    "trainreport.compute": ("Training compute: ", "Khối lượng tính toán huấn luyện: "),
    "trainreport.pf_day": ("  1 petaflop/s-day = 10^15 FLOP/s for a whole day = 8.64·10^19 FLOPs (the unit of the GPT-3 paper)",
                           "  1 petaflop/s-ngày = 10^15 FLOP/s suốt một ngày = 8,64·10^19 FLOP (đơn vị bài báo GPT-3 dùng)"),
    "trainreport.give_gpus": ("Give --gpus and --peak-tflops for the time, --price for the cost.",
                              "Thêm --gpus và --peak-tflops để tính thời gian, --price để tính chi phí."),
    "trainreport.ideal": (" (an ideal lower bound)", " (cận dưới lý tưởng)"),
    "trainreport.on_gpus": ("On {gpus} at {peak} TFLOPS peak, {util}% utilization{ideal}:",
                            "Trên {gpus}, đỉnh {peak} TFLOPS, hiệu suất {util}%{ideal}:"),
    "trainreport.hours": ("{x} hours", "{x} giờ"),
    "trainreport.days": ("{x} days", "{x} ngày"),
    "trainreport.years": (" ≈ {x} years", " ≈ {x} năm"),
    "trainreport.time": ("time", "thời gian"),
    "trainreport.gpu_hours": ("GPU-hours", "GPU-giờ"),
    "trainreport.cost": ("cost", "chi phí"),
    "trainreport.cost_line": ("${cost} at ${price} per GPU-hour", "${cost} với giá ${price} mỗi GPU-giờ"),
    # ds-tui calc presets (ds_tui.training.cli)
    "trainreport.models": ("Models (--preset):", "Mô hình (--preset):"),
    "trainreport.gpu_presets": ("GPUs (--gpu):", "GPU (--gpu):"),
    # parameter and token counts (ds_tui.training.units.format_count)
    "units.T": ("T", " nghìn tỷ"),
    "units.B": ("B", " tỷ"),
    "units.M": ("M", " triệu"),
    "units.k": ("k", " nghìn"),
}
