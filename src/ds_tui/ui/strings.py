"""Strings of the interface's widgets (key -> (English, Vietnamese)), merged into ds_tui.i18n when
``ds_tui.ui`` is imported.

Prefixes: demo. (the demo view), ring. (the all-reduce ring), hwpanel. (the live hardware panel),
calc. (the training calculators), widget. (small widgets: the decision helper, lane progress).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # the demo view (ui.widgets.demo_view)
    "demo.workers": ("Workers", "Số worker"),
    "demo.size": ("Size", "Cỡ"),
    "demo.start": ("Start", "Khởi tạo"),
    "demo.run": ("Run (r)", "Chạy (r)"),
    "demo.cancel": ("Cancel (c)", "Hủy (c)"),
    "demo.ready": ("Press r to run: every mode runs in turn on this machine.",
        "Nhấn r để chạy: lần lượt từng cách chạy trên chính máy này."),
    "demo.running": ("Running {mode} — {workers}…", "Đang chạy {mode} — {workers}…"),
    "demo.cancelling": ("Stopping the workers…", "Đang dừng các worker…"),
    "demo.done": ("Done in {seconds} s. Runs are saved: run again with other settings to compare.",
        "Xong sau {seconds} s. Các lần chạy được lưu lại: chạy lại với thông số khác để so sánh."),
    "demo.cancelled": ("Cancelled: every worker was stopped.", "Đã hủy: mọi worker đã được dừng."),
    "demo.failed": ("The demo could not run: {error}", "Không chạy được demo: {error}"),
    "demo.cores": ("CPU cores, live (1 Hz, the whole machine)", "Các lõi CPU, trực tiếp (1 Hz, toàn máy)"),
    "demo.legend": ("Timeline: █ computing  ▄ computing part of the time (taking turns for the GIL or a core)  "
        "░ waiting for I/O  blank: idle",
        "Dòng thời gian: █ đang tính  ▄ chỉ tính một phần thời gian (thay phiên chờ GIL hoặc chờ lõi)  "
        "░ chờ I/O  trống: rảnh"),
    "demo.chart": ("Speedup against N workers — letters: measured (T threads, P processes, A asyncio, H hybrid; "
        "TP: both at that spot); · ideal min(N, usable cores); ∘ Amdahl",
        "Tăng tốc theo số worker N — chữ: đo được (T luồng, P tiến trình, A asyncio, H kết hợp; TP: cả hai "
        "ở cùng chỗ); · lý tưởng min(N, số lõi dùng được); ∘ Amdahl"),
    "demo.col_mode": ("Mode", "Cách chạy"),
    "demo.col_workers": ("Workers", "Worker"),
    "demo.col_wall": ("Wall s", "Thời gian s"),
    "demo.col_cpu": ("CPU s", "CPU s"),
    "demo.col_speedup": ("Speedup", "Tăng tốc"),
    "demo.col_eff": ("Eff.", "Hiệu suất"),
    "demo.col_ok": ("Correct", "Đúng"),
    "demo.col_note": ("Note", "Ghi chú"),
    "demo.bad_workers": ("Workers must be a whole number from {low} to 64.", "Số worker phải là số nguyên từ {low} đến 64."),
    "demo.microbatches": ("Micro-batches m", "Số micro-batch m"),
    "demo.bad_micro": ("Micro-batches must be a whole number from 1 to 64.", "Số micro-batch phải là số nguyên từ 1 đến 64."),
    "demo.legend_allreduce": ("Timeline: █ computing the gradient (▄ part of the time)  ░ all-reduce (sending, waiting "
        "for a neighbour, adding)",
        "Dòng thời gian: █ tính gradient (▄ một phần thời gian)  ░ all-reduce (gửi, chờ worker bên "
        "cạnh, cộng)"),
    # the first line is the legend of the chart's glyphs (pipeline_gantt.GLYPH, IDLE); it fits 60 columns
    "demo.legend_pipeline": (("F1░░ forward (t)  B1▓▓▓▓ backward (2t)  · idle: the bubble\n"
        "The schedule as measured; F3 and B3 are micro-batch 3's. Right: the stage's idle share, then "
        "the most micro-batches whose activations it held."),
        ("F1░░ forward (t)  B1▓▓▓▓ backward (2t)  · rỗi: bubble\n"
        "Lịch chạy đo được; F3 và B3 là của micro-batch 3. Bên phải: phần thời gian rỗi của giai đoạn, "
        "rồi số micro-batch nhiều nhất mà nó giữ activation.")),
    "demo.gantt_title": ("{mode} — bubble {b} measured, (p−1)/(m+p−1) = {f}", "{mode} — bubble đo được {b}, (p−1)/(m+p−1) = {f}"),
    # the all-reduce ring (ui.widgets.ring_view)
    "ring.title": (("Ring all-reduce of one training step's gradient: {n} workers, {values} values in {n} chunks "
        "(c0…c{last})"),
        ("Ring all-reduce gradient của một bước huấn luyện: {n} worker, {values} giá trị chia {n} phần "
        "(c0…c{last})")),
    "ring.title.one": (("Ring all-reduce of one training step's gradient: {n} worker, {values} values in {n} chunk "
        "(c0…c{last})"),
        ("Ring all-reduce gradient của một bước huấn luyện: {n} worker, {values} giá trị chia {n} phần "
        "(c0…c{last})")),
    "ring.phases": (("Steps 1–{a}: reduce-scatter (send a chunk, add the one received); {b}–{c}: all-gather (send a "
        "summed chunk, copy the one received). Cell: the chunk that worker sent."),
        ("Bước 1–{a}: reduce-scatter (gửi một phần, cộng phần nhận được); {b}–{c}: all-gather (gửi một phần "
        "đã cộng đủ, chép phần nhận được). Ô: phần mà worker đó gửi đi.")),
    "ring.step": ("step", "bước"),
    "ring.ms": ("ms", "ms"),
    "ring.ms_note": ("measured, mean per training step", "đo được, trung bình mỗi bước huấn luyện"),
    "ring.bytes": (("Bytes each worker sent per training step — ┃ the formula 2(N−1)/N = {f}× the gradient; "
        "the bar's end is 2×"),
        ("Số byte mỗi worker gửi mỗi bước huấn luyện — ┃ công thức 2(N−1)/N = {f}× gradient; "
        "cuối thanh là 2×")),
    "ring.loss": ("Loss per step", "Loss theo từng bước"),
    "ring.same": ("the same curve, largest difference {d}", "cùng một đường, chênh lệch lớn nhất {d}"),
    "ring.differs": ("DIFFERENT, largest difference {d}", "KHÁC, chênh lệch lớn nhất {d}"),
    "ring.more": ("(+{k} more workers)", "(thêm {k} worker)"),
    # the live hardware panel (ui.widgets.hardware_panel)
    "hwpanel.title": ("Your machine, live", "Máy của bạn, trực tiếp"),
    "hwpanel.probing": ("Reading this machine's hardware…", "Đang đọc phần cứng của máy…"),
    "hwpanel.cores_meaning": ("one bar per logical CPU: a process demo fills one per worker, up to the usable cores",
        "mỗi thanh là một CPU logic: demo tiến trình lấp một thanh cho mỗi worker, tối đa bằng số CPU dùng được"),
    "hwpanel.memory": ("RAM", "RAM"),
    "hwpanel.swap": ("Swap", "Swap"),
    "hwpanel.no_gpu": ("No dedicated GPU found", "Không tìm thấy GPU rời"),
    "hwpanel.mem_meaning": ("used / total; when RAM runs out, the OS swaps to disk and all slows",
        "đã dùng / tổng; hết RAM thì hệ điều hành đẩy xuống đĩa, mọi thứ chậm hẳn"),
    "hwpanel.now": ("now", "bây giờ"),  # the clock speed at this moment
    "hwpanel.gpu_meaning": ("GPU busy time and its memory in use", "thời gian GPU bận và bộ nhớ GPU đang dùng"),
    # the training calculators (ui.widgets.calculators): a title and each input's label
    "calc.memory.title": ("Training memory per GPU", "Bộ nhớ huấn luyện mỗi GPU"),
    "calc.memory.model": ("Model", "Mô hình"),
    "calc.memory.gpu": ("GPU", "GPU"),
    "calc.memory.dp": ("Data parallel (DP)", "Song song dữ liệu (DP)"),
    "calc.memory.tp": ("Tensor parallel (TP)", "Song song tensor (TP)"),
    "calc.memory.pp": ("Pipeline stages (PP)", "Số stage pipeline (PP)"),
    "calc.memory.zero": ("ZeRO stage", "ZeRO giai đoạn"),
    "calc.memory.micro": ("Micro-batch", "Micro-batch"),
    "calc.memory.recompute": ("Recomputation", "Tính lại activation"),
    "calc.compute.title": ("Training compute and time: C ≈ 6·N·D", "Khối lượng tính toán và thời gian: C ≈ 6·N·D"),
    "calc.compute.params": ("Parameters N", "Số tham số N"),
    "calc.compute.tokens": ("Training tokens D", "Số token huấn luyện D"),
    "calc.compute.gpus": ("GPUs", "Số GPU"),
    "calc.compute.peak": ("Peak TFLOP/s per GPU", "TFLOP/s đỉnh mỗi GPU"),
    "calc.compute.util": ("Utilization (0–1)", "Hiệu suất sử dụng (0–1)"),
    "calc.compute.price": ("Price per GPU-hour ($)", "Giá mỗi GPU-giờ ($)"),
    # the demo view's note on failed workers: "✗ process 1 exit code 1"
    "demo.failure.raised": ("exception", "ngoại lệ"),
    "demo.failure.stopped": ("stopped", "dừng"),
    "demo.failure.signal": ("signal {signal}", "tín hiệu {signal}"),
    "demo.failure.exit_code": ("exit code {code}", "mã thoát {code}"),
    # the decision helper (ui.widgets.decision_helper)
    "widget.decide.title": ("Thread or process? Decide", "Trợ lý chọn thread hay process"),
    "widget.decide.recommended": ("Recommended", "Khuyên dùng"),
    "widget.decide.why": ("Why", "Vì sao"),
    "widget.decide.mind": ("Mind", "Lưu ý"),
    # a pool worker's progress lane (ui.widgets.lane_progress)
    "widget.lane.tasks": ("{done}/{total} tasks done", "xong {done}/{total} tác vụ"),
}
