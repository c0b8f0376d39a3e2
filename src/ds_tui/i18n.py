"""Interface strings in Vietnamese and English, and the default language from the locale."""

from __future__ import annotations

import locale
import os

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANG = "en"


def locale_lang(environ: dict[str, str] | None = None) -> str:
    """'vi' when the user's locale is Vietnamese, else 'en'."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else DEFAULT_LANG
    if environ is None:  # Windows has no LANG; ask the C library
        try:
            name = locale.getlocale()[0] or ""
        except ValueError:
            name = ""
        if name.lower().startswith(("vi", "vietnamese")):
            return "vi"
    return DEFAULT_LANG


# key -> (English, Vietnamese). Keys for key bindings are "key.<action>".
_STRINGS: dict[str, tuple[str, str]] = {
    "app.tagline": ("Threads, processes and how ChatGPT is trained on a distributed system",
                    "Luồng, tiến trình và cách ChatGPT được huấn luyện trên hệ phân tán"),
    "home.title": ("Lessons", "Bài học"),
    "home.loading": ("Loading lessons…", "Đang tải bài học…"),
    "home.empty": ("No lessons found. Check the folders given with --lessons.",
                   "Không tìm thấy bài học nào. Hãy kiểm tra các thư mục truyền vào --lessons."),
    "home.counts": ("{sections} sections · {questions} questions", "{sections} phần · {questions} câu hỏi"),
    "home.progress": ("read {read}/{total}", "đã đọc {read}/{total}"),
    "home.done": ("✓ all read", "✓ đã đọc hết"),
    "home.broken": ("Could not load {count} lesson file(s) — the others work. Fix and restart:",
                    "Không tải được {count} tệp bài học — các bài khác vẫn dùng được. Sửa rồi mở lại:"),
    "home.more_problems": ("… and {count} more (run: ds-tui validate {path})",
                           "… và {count} lỗi nữa (chạy: ds-tui validate {path})"),
    "home.hint": ("Enter opens a lesson · l switches language · ? shows every key",
                  "Enter để mở bài · l để đổi ngôn ngữ · ? để xem mọi phím tắt"),
    "reader.contents": ("Contents", "Mục lục"),
    "reader.section_of": ("Section {n}/{total}", "Phần {n}/{total}"),
    "reader.last": ("This is the last section. Esc goes back to the lessons.",
                    "Đây là phần cuối. Esc để quay lại danh sách bài học."),
    "reader.first": ("This is the first section.", "Đây là phần đầu tiên."),
    "reader.sources": ("Sources", "Nguồn tham khảo"),
    "embed.placeholder": ("{title} ({kind}: {id}) — the interactive part shown here arrives in a later "
                          "version of ds-tui.",
                          "{title} ({kind}: {id}) — phần tương tác ở đây sẽ có trong phiên bản sau của ds-tui."),
    "embed.kind.panel": ("panel", "bảng"),
    "embed.kind.demo": ("demo", "demo"),
    "embed.kind.tool": ("tool", "công cụ"),
    "help.title": ("Keys", "Phím tắt"),
    "help.everywhere": ("Everywhere", "Ở mọi nơi"),
    "help.home": ("Lesson list", "Danh sách bài học"),
    "help.reader": ("Lesson reader", "Trình đọc bài học"),
    "help.hardware": ("Hardware screen", "Màn hình phần cứng"),
    "help.demo": ("Demos (in a lesson: r runs the section's demo)", "Demo (trong bài: r chạy demo của phần đó)"),
    "cmd.demo": ("Run demo: {title}", "Chạy demo: {title}"),
    "cmd.demo.help": ("Real threads and processes on this machine, measured", "Luồng và tiến trình thật trên máy này, có đo đạc"),
    "key.run": ("Run", "Chạy"),
    "key.cancel": ("Cancel", "Dừng"),
    "key.run_embed": ("Run demo", "Chạy demo"),
    "help.close": ("Press Esc or ? to close.", "Nhấn Esc hoặc ? để đóng."),
    "help.palette": ("Command palette: every action by name", "Bảng lệnh: mọi thao tác theo tên"),
    "lang.switched": ("Language: English", "Ngôn ngữ: Tiếng Việt"),
    "theme.switched": ("Theme: {name}", "Giao diện: {name}"),
    "store.unavailable": ("Progress cannot be saved: {error}", "Không lưu được tiến độ: {error}"),
    "cmd.open_lesson": ("Open lesson: {title}", "Mở bài: {title}"),
    "cmd.open_lesson.help": ("Read this lesson", "Đọc bài học này"),
    "cmd.switch_lang": ("Switch language (English / Tiếng Việt)", "Đổi ngôn ngữ (English / Tiếng Việt)"),
    "cmd.switch_lang.help": ("Re-render everything in the other language", "Hiển thị lại mọi thứ bằng ngôn ngữ kia"),
    "cmd.help": ("Show every key", "Xem mọi phím tắt"),
    "cmd.help.help": ("The help screen", "Màn hình trợ giúp"),
    "cmd.home": ("Go to the lesson list", "Về danh sách bài học"),
    "cmd.home.help": ("The home screen", "Màn hình chính"),
    "cmd.theme": ("Next colour theme", "Giao diện màu tiếp theo"),
    "cmd.theme.help": ("Cycle through the colour themes", "Lần lượt qua các giao diện màu"),
    "hw.title": ("Hardware", "Phần cứng"),
    "hw.saved": ("Saved the report to {path}", "Đã lưu báo cáo vào {path}"),
    "hw.save_failed": ("Could not save the report: {error}", "Không lưu được báo cáo: {error}"),
    "cmd.hardware": ("Show this machine's hardware (live)", "Xem phần cứng của máy (trực tiếp)"),
    "cmd.hardware.help": ("CPU, memory and GPU, with what each figure means", "CPU, bộ nhớ và GPU, kèm ý nghĩa từng số liệu"),
    "key.quit": ("Quit", "Thoát"),
    "key.save_report": ("Save report", "Lưu báo cáo"),
    "key.hardware": ("Hardware", "Phần cứng"),
    "key.help": ("Help", "Trợ giúp"),
    "key.toggle_lang": ("Tiếng Việt", "English"),
    "key.next_theme": ("Theme", "Giao diện"),
    "key.select": ("Open", "Mở"),
    "key.back": ("Back", "Quay lại"),
    "key.next_section": ("Next", "Tiếp"),
    "key.prev_section": ("Previous", "Trước"),
    "key.toggle_toc": ("Contents", "Mục lục"),
    "key.close": ("Close", "Đóng"),
    "key.scroll": ("Scroll", "Cuộn"),
    # quiz and statistics
    "when.now": ("now", "ngay bây giờ"),
    "when.minutes": ("in {n} min", "sau {n} phút"),
    "when.hours": ("in {n} h", "sau {n} giờ"),
    "when.days": ("in {n} days", "sau {n} ngày"),
    "stats.answers": ("Answers given: {n}", "Số câu đã trả lời: {n}"),
    "stats.by_lesson": ("By lesson (answered / questions · share of answers right · due now):",
                        "Theo bài (đã trả lời / số câu · tỉ lệ đúng · đến hạn ôn):"),
    "stats.lesson_line": ("{answered}/{questions} answered · {accuracy} right · {due} due",
                          "đã trả lời {answered}/{questions} · đúng {accuracy} · {due} câu đến hạn"),
    "stats.by_concept": ("By concept (weakest first):", "Theo khái niệm (yếu nhất trước):"),
    "stats.due": ("Due for review now: {n}", "Đến hạn ôn bây giờ: {n}"),
    "stats.next_due": ("Next review: {when}", "Lần ôn tiếp theo: {when}"),
    "stats.mistakes": ("Questions last answered wrong: {n}", "Câu trả lời sai lần gần nhất: {n}"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``{placeholders}`` filled."""
    en, vi = _STRINGS[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in _STRINGS
