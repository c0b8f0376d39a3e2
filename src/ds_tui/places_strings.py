"""Interface strings of the student's places: the Demos list, the lesson search, the end of a lesson,
resuming a lesson, retrying a quiz's mistakes, and the demo keys. key -> (English, Vietnamese), merged
into ds_tui.i18n."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # keys
    "key.run_demo": ("Run demo", "Chạy demo"),
    "key.cancel_demo": ("Cancel", "Hủy"),
    "key.first_section": ("From the start", "Từ đầu bài"),
    "key.demos": ("Demos", "Demo"),
    "key.run_highlighted": ("Run", "Chạy"),
    "key.retry": ("Retry mistakes", "Làm lại câu sai"),
    "key.to_results": ("Results", "Kết quả"),
    # help
    "help.demo_keys": ("Demos (in a field, where r and c are typed: ctrl+r runs, ctrl+c cancels)",
                       "Demo (trong ô nhập, nơi r và c được gõ thành chữ: ctrl+r chạy, ctrl+c hủy)"),
    "help.demos": ("The Demos list", "Danh sách demo"),
    "help.search": ("Lesson search", "Tìm trong bài học"),
    # the Demos place
    "demos.title": ("Demos", "Demo"),
    "demos.subtitle": ("Real threads and processes on this machine", "Luồng và tiến trình thật trên máy này"),
    "demos.last": ("Last run: {result} · {when}", "Lần chạy gần nhất: {result} · {when}"),
    "demos.never": ("Not run on this machine yet", "Chưa chạy trên máy này"),
    "demos.history": ("Runs of {demo}, newest first", "Các lần chạy {demo}, mới nhất trước"),
    "demos.no_history": ("No run yet: Enter opens the demo, r runs it at once.",
                         "Chưa có lần chạy nào: Enter để mở demo, r để chạy ngay."),
    # the lesson search
    "search.title": ("Search the lessons", "Tìm trong bài học"),
    "search.placeholder": ("Words to find, in Vietnamese or English (accents optional)",
                           "Từ cần tìm, tiếng Việt hay tiếng Anh (có dấu hay không dấu đều được)"),
    "search.hint": ("Titles, section headings and text of every lesson, in both languages. Enter opens the first "
                    "result; ↓ goes to the results.",
                    "Tìm trong tên bài, tên phần và nội dung mọi bài học, cả hai ngôn ngữ. Enter mở kết quả đầu "
                    "tiên; ↓ để chọn kết quả."),
    "search.indexing": ("Reading the lessons…", "Đang đọc các bài học…"),
    "search.count": ("Sections that match: {n} · Enter opens the highlighted one", "{n} phần khớp · Enter để mở phần đang chọn"),
    "search.none": ("No section matches.", "Không có phần nào khớp."),
    # the end of a lesson, resuming one
    "end.title": ("End of the lesson", "Hết bài"),
    "end.done": ("You reached the end of “{lesson}”. What next?", "Bạn đã đọc hết bài “{lesson}”. Tiếp theo là gì?"),
    "end.quiz": ("Take this lesson's quiz ({n} questions)", "Làm trắc nghiệm của bài này ({n} câu)"),
    "end.next": ("Next lesson: {lesson}", "Bài tiếp theo: {lesson}"),
    "end.home": ("Back to the lessons", "Về danh sách bài học"),
    "end.stay": ("Esc stays on this section.", "Esc để ở lại phần này."),
    "reader.resumed": ("Back where you stopped: section {n}/{total} · b starts from the beginning",
                       "Tiếp tục chỗ bạn dừng: phần {n}/{total} · b để đọc từ đầu"),
    # the command palette
    "cmd.demos": ("Demos: every demo and its results on this machine", "Demo: mọi demo và kết quả trên máy này"),
    "cmd.demos.help": ("Run a demo, compare your runs", "Chạy demo, so sánh các lần chạy"),
    "cmd.tool": ("Open tool: {title}", "Mở công cụ: {title}"),
    "cmd.tool.help": ("The lesson's tool on a screen of its own", "Công cụ của bài học, trên một màn hình riêng"),
    "cmd.search": ("Search the lessons", "Tìm trong bài học"),
    "cmd.search.help": ("Titles, headings and text, in both languages", "Tên bài, tên phần và nội dung, cả hai ngôn ngữ"),
    # retrying a quiz's mistakes
    "summary.retry": ("r: try again the questions you got wrong in this quiz ({n})",
                      "r: làm lại {n} câu bạn trả lời sai trong lần này"),
    "quiz.title.retry": ("Retry this quiz's mistakes ({n})", "Làm lại: {n} câu sai của lần này"),
}
