"""Strings of the demos (key -> (English, Vietnamese)), merged into ds_tui.i18n when ``ds_tui.demos`` is
imported.

Prefixes: democli. (``ds-tui demo``, ds_tui.demos.cli), demonote. (a run's one-line note, ds_tui.demos.kinds),
history. (past runs, ds_tui.demos.history), prose. (ds_tui.demos.prose).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ds-tui demo (ds_tui.demos.cli)
    "democli.mode": ("mode", "chế độ"),
    "democli.workers": ("workers", "worker"),
    "democli.wall": ("wall s", "thời gian s"),
    "democli.cpu": ("CPU s", "CPU s"),
    "democli.speedup": ("speedup", "tăng tốc"),
    "democli.efficiency": ("efficiency", "hiệu suất"),
    "democli.ok": ("correct", "đúng"),
    "democli.metrics": ("Metrics", "Chỉ số"),
    "democli.failed": ("failed", "lỗi"),
    "democli.interrupted": ("interrupted: every worker was stopped", "đã ngắt: mọi worker đã được dừng"),
    "democli.unknown": ("unknown demo {name!r}; the demos are:", "không có demo {name!r}; các demo là:"),
    # a run's one-line note (ds_tui.demos.kinds.*: note, speedup_headline)
    "demonote.mode.threads": ("threads", "luồng"),
    "demonote.mode.processes": ("processes", "tiến trình"),
    "demonote.mode.asyncio": ("asyncio", "asyncio"),
    "demonote.mode.hybrid": ("hybrid", "kết hợp"),
    "demonote.speedup": ("speedup {modes}", "tăng tốc {modes}"),
    "demonote.lost": ("lost {lost} / {expected}", "mất {lost} / {expected}"),
    "demonote.parent_counter": ("parent counter = {final}", "biến của cha = {final}"),
    "demonote.startup": ("start-up {startup} s + parallel {parallel} s = {speedup}×",
                         "khởi tạo {startup} s + song song {parallel} s = {speedup}×"),
    "demonote.bubble": ("bubble {bubble} (formula {formula})", "bubble {bubble} (công thức {formula})"),
    "demonote.throughput": ("{rate} tasks/s, p95 {p95} ms", "{rate} việc/s, p95 {p95} ms"),
    # a saved run in one line (each demo's headline)
    "demonote.race_headline": ("{lost} updates lost without a lock · {locked} with one",
                               "mất {lost} lần cộng không khóa · {locked} có khóa"),
    "demonote.isolation_headline": ("{n} workers failed, the parent lived on", "{n} worker lỗi, tiến trình cha vẫn sống"),
    "demonote.isolation_headline.one": ("{n} worker failed, the parent lived on", "{n} worker lỗi, tiến trình cha vẫn sống"),
    "demonote.allreduce_headline": ("each worker sent {ratio}× the gradient", "mỗi worker gửi {ratio}× cỡ gradient"),
    "demonote.pool_headline": ("throughput ×{ratio} ({n} workers vs 1)", "thông lượng ×{ratio} ({n} worker so với 1)"),
    "demonote.pool_headline.one": ("throughput ×{ratio} ({n} worker vs 1)", "thông lượng ×{ratio} ({n} worker so với 1)"),
    # past runs (ds_tui.demos.history)
    "history.done": ("done", "xong"),
    "history.errors": ("with errors", "có lỗi"),
    "history.workers": ("{n} workers", "{n} worker"),
    "history.workers.one": ("{n} worker", "{n} worker"),
    "history.size.small": ("small", "nhỏ"),
    "history.size.medium": ("medium", "vừa"),
    "history.size.large": ("large", "lớn"),
    "history.just_now": ("just now", "vừa xong"),
    "history.minutes_ago": ("{n} min ago", "{n} phút trước"),
    "history.hours_ago": ("{n} h ago", "{n} giờ trước"),
    "history.days_ago": ("{n} days ago", "{n} ngày trước"),
    "history.days_ago.one": ("{n} day ago", "{n} ngày trước"),
    # ds_tui.demos.prose
    "prose.between": ("between {low} and {high}", "từ {low} đến {high}"),
}
