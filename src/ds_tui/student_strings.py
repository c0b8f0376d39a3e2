"""Strings for the student's settings, the saved report, lesson names on the command line, small and
plain terminals (key -> (English, Vietnamese)), merged into ds_tui.i18n.

Prefixes: settings., report., lessons., term., hwsrc.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # settings.json
    "settings.warning": ("{path}: {problem}; using the defaults", "{path}: {problem}; dùng giá trị mặc định"),
    "settings.more": (" (and {count} more problem(s))", " (và {count} lỗi khác)"),
    "settings.too_big": ("larger than {limit:,} bytes", "lớn hơn {limit:,} byte"),
    "settings.not_utf8": ("not UTF-8 text", "không phải văn bản UTF-8"),
    "settings.unreadable": ("cannot be read ({error})", "không đọc được ({error})"),
    "settings.not_json": ("not valid JSON (at line:column {where})", "không phải JSON hợp lệ (tại dòng:cột {where})"),
    "settings.not_object": ("not a JSON object {...}", "không phải một đối tượng JSON {...}"),
    "settings.unknown_key": ("unknown setting '{setting}'", "không có thiết lập '{setting}'"),
    "settings.bad_value": ("'{setting}' must be one of {expected}", "'{setting}' phải là một trong {expected}"),
    "settings.not_text": ("'{setting}' must be text", "'{setting}' phải là chuỗi văn bản"),
    "settings.too_long": ("'{setting}' is longer than {limit} characters", "'{setting}' dài hơn {limit} ký tự"),
    "settings.control": ("'{setting}' holds control characters", "'{setting}' chứa ký tự điều khiển"),
    "settings.too_many": ("{count} entries; only the first 50 are read", "{count} mục; chỉ đọc 50 mục đầu"),
    "settings.save_failed": ("Could not save your settings: {error}", "Không lưu được thiết lập: {error}"),
    "settings.unknown_theme": ("The saved theme '{name}' does not exist; using the default",
                               "Giao diện đã lưu '{name}' không tồn tại; dùng giao diện mặc định"),
    # the hardware report a student hands in
    "report.student": ("Student", "Sinh viên"),
    "report.class": ("Class", "Lớp"),
    "report.saved": ("Saved the report to {path}", "Đã lưu báo cáo vào {path}"),
    "report.fallback": ("Cannot write in {folder} ({error}); saved in the data folder instead: {path}",
                        "Không ghi được vào {folder} ({error}); đã lưu vào thư mục dữ liệu: {path}"),
    "report.failed": ("Could not save the report in {folder} nor in the data folder: {error}",
                      "Không lưu được báo cáo vào {folder} lẫn thư mục dữ liệu: {error}"),
    "report.dialog_title": ("Save the hardware report", "Lưu báo cáo phần cứng"),
    "report.name_label": ("Your name (written in the report, remembered)", "Họ tên (ghi vào báo cáo, được ghi nhớ)"),
    "report.class_label": ("Class (written in the report, remembered)", "Lớp (ghi vào báo cáo, được ghi nhớ)"),
    "report.path_label": ("Save to (a folder or a .md file)", "Lưu vào (một thư mục hoặc tệp .md)"),
    "report.dialog_hint": ("Enter saves · Tab moves · Esc cancels", "Enter để lưu · Tab để chuyển ô · Esc để hủy"),
    "report.bad_text": ("Name and class: at most {limit} characters, on one line",
                        "Họ tên và lớp: tối đa {limit} ký tự, trên một dòng"),
    "report.missing_folder": ("no such folder", "không có thư mục này"),
    "report.no_folder": ("There is no folder {folder}", "Không có thư mục {folder}"),
    "key.report_cancel": ("Cancel", "Hủy"),
    # lessons named on the command line
    "lessons.unknown": ("no lesson '{wanted}'; the lessons (id, file name or number): {ids}",
                        "không có bài '{wanted}'; các bài (id, tên tệp hoặc số thứ tự): {ids}"),
    "lessons.no_folder": ("--lessons {path}: no such folder", "--lessons {path}: không có thư mục này"),
    # small, dumb and colourless terminals
    "term.too_small": ("The window is {width}×{height}: make the window at least {min_w}×{min_h}",
                       "Cửa sổ đang là {width}×{height}: hãy mở rộng cửa sổ ít nhất {min_w}×{min_h}"),
    "term.dumb": ("ds-tui: this terminal (TERM=dumb) cannot draw the app. The plain commands work here: "
                  "ds-tui hardware, ds-tui demo list, ds-tui stats, ds-tui calc presets (ds-tui --help lists them all)",
                  "ds-tui: terminal này (TERM=dumb) không vẽ được ứng dụng. Các lệnh văn bản thường vẫn chạy: "
                  "ds-tui hardware, ds-tui demo list, ds-tui stats, ds-tui calc presets (ds-tui --help liệt kê tất cả)"),
    # the hardware screen
    "hwsrc.column": ("Source", "Nguồn"),
    "key.toggle_sources": ("Sources", "Nguồn"),
    "hwsrc.none": ("—", "—"),
}
