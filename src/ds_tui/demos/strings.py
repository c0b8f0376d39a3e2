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
}
