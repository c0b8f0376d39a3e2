"""The one way the app speaks two languages: interface strings by key (:func:`t`, over tables that
packages add with :func:`register`), :class:`Text` for a vi/en pair bound to content, and the default
language from the locale. Figures are written by ds_tui.numbers. See docs/architecture.md, "Translations"."""

# no `from __future__ import annotations`: msgspec reads these Structs' types as objects instead of evaluating
# strings at the start-up cache's first decode (~1.5 ms of every start, ds_tui.lessons.cache)
import locale
import os
from collections.abc import Mapping

from msgspec import Struct

from ds_tui.places_strings import STRINGS as _PLACES
from ds_tui.student_strings import STRINGS as _STUDENT
from ds_tui.textsafe import clean

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


def other_lang(lang: str) -> str:
    """The language a switch goes to from ``lang``."""
    return "en" if lang == "vi" else "vi"


class Text(Struct, frozen=True):
    """A text in Vietnamese and English; either may be missing (then the other is shown, marked)."""

    vi: str | None = None
    en: str | None = None

    def get(self, lang: str) -> tuple[str, str | None]:
        """The text in ``lang`` and ``None``, or the other language's text and that language's code.

        Never a control character: a checked lesson holds none, and text from anywhere else (the
        presenter's state file, the start-up cache) has them escaped here, on its way to a screen."""
        own = self.vi if lang == "vi" else self.en
        if own:
            return clean(own), None
        other = "en" if lang == "vi" else "vi"
        return clean((self.en if other == "en" else self.vi) or ""), other

    def show(self, lang: str) -> str:
        """The text for display: a fallback is visibly marked with the language it is in."""
        text, fallback = self.get(lang)
        return f"[{fallback}] {text}" if fallback else text

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if not getattr(self, lang))


# key -> (English, Vietnamese). Keys for key bindings are "key.<action>".
_STRINGS: dict[str, tuple[str, str]] = {
    "app.tagline": ("Threads, processes and how ChatGPT is trained on a distributed system",
                    "Luồng, tiến trình và cách ChatGPT được huấn luyện trên hệ phân tán"),
    "home.title": ("Lessons", "Bài học"),
    "home.loading": ("Loading lessons…", "Đang tải bài học…"),
    "home.empty": ("No lessons found. Check the folders given with --lessons.",
                   "Không tìm thấy bài học nào. Hãy kiểm tra các thư mục truyền vào --lessons."),
    "home.counts": ("{sections} · {questions}", "{sections} · {questions}"),
    "home.sections": ("{n} sections", "{n} phần"),
    "home.sections.one": ("{n} section", "{n} phần"),
    "home.questions": ("{n} questions", "{n} câu hỏi"),
    "home.questions.one": ("{n} question", "{n} câu hỏi"),
    "home.progress": ("read {read}/{total}", "đã đọc {read}/{total}"),
    "home.done": ("✓ all read", "✓ đã đọc hết"),
    "home.broken.one": ("Could not load {count} lesson file — the others work. Fix and restart:",
                        "Không tải được {count} tệp bài học — các bài khác vẫn dùng được. Sửa rồi mở lại:"),
    "home.broken": ("Could not load {count} lesson files — the others work. Fix and restart:",
                    "Không tải được {count} tệp bài học — các bài khác vẫn dùng được. Sửa rồi mở lại:"),
    "home.more_problems": ("… and {count} more (run: ds-tui validate {path})",
                           "… và {count} lỗi nữa (chạy: ds-tui validate {path})"),
    "home.hint": ("Enter opens a lesson · s statistics · q quits · ? shows every key",
                  "Enter để mở bài · s thống kê · q thoát · ? để xem mọi phím tắt"),
    "reader.contents": ("Contents", "Mục lục"),
    "reader.section_of": ("Section {n}/{total}", "Phần {n}/{total}"),
    "reader.last": ("This is the last section. Esc goes back to the lessons.",
                    "Đây là phần cuối. Esc để quay lại danh sách bài học."),
    "reader.first": ("This is the first section.", "Đây là phần đầu tiên."),
    "reader.sources": ("Sources", "Nguồn tham khảo"),
    "link.not_opened": ("Links in lessons are not opened; this one points to: {href}",
                        "Liên kết trong bài học không được mở; liên kết này trỏ tới: {href}"),
    "help.title": ("Keys", "Phím tắt"),
    "help.everywhere": ("Everywhere", "Ở mọi nơi"),
    "help.home": ("Lesson list", "Danh sách bài học"),
    "help.reader": ("Lesson reader", "Trình đọc bài học"),
    "help.hardware": ("Hardware screen", "Màn hình phần cứng"),
    "help.demo": ("Demos (in a lesson: r runs the section's demo)", "Demo (trong bài: r chạy demo của phần đó)"),
    "help.quiz": ("Quiz (after an answer, 1–3 say how sure you were)", "Trắc nghiệm (sau khi trả lời, 1–3 cho biết bạn chắc đến đâu)"),
    "help.stats": ("Statistics", "Thống kê"),
    "key.move": ("Move", "Di chuyển"),
    "key.toggle": ("Pick", "Chọn"),
    "key.backspace": ("Undo", "Hoàn tác"),
    "cmd.demo": ("Run demo: {title}", "Chạy demo: {title}"),
    "cmd.demo.help": ("Real threads and processes on this machine, measured", "Luồng và tiến trình thật trên máy này, có đo đạc"),
    "key.run": ("Run", "Chạy"),
    "key.cancel": ("Cancel", "Hủy"),
    "key.run_embed": ("Run demo", "Chạy demo"),
    "help.close": ("Press Esc or ? to close.", "Nhấn Esc hoặc ? để đóng."),
    "help.palette": ("Command palette: every action by name", "Bảng lệnh: mọi thao tác theo tên"),
    "key.command_palette": ("palette", "bảng lệnh"),
    "palette.placeholder": ("Search for commands…", "Tìm lệnh…"),
    "palette.themes": ("Search for themes…", "Tìm giao diện…"),
    "palette.no_matches": ("No matches found", "Không có lệnh nào khớp"),
    "sys.theme": ("Change theme", "Đổi giao diện"),
    "sys.theme.help": ("Pick a colour theme from the list", "Chọn một giao diện màu trong danh sách"),
    "sys.quit": ("Quit", "Thoát"),
    "sys.quit.help": ("Quit ds-tui (a running demo is stopped first)", "Thoát ds-tui (demo đang chạy sẽ được dừng trước)"),
    "sys.maximize": ("Maximize", "Phóng to"),
    "sys.maximize.help": ("Maximize the focused part of the screen", "Phóng to phần đang chọn của màn hình"),
    "sys.minimize": ("Minimize", "Thu nhỏ"),
    "sys.minimize.help": ("Restore the screen's layout", "Trả màn hình về bố cục cũ"),
    "sys.screenshot": ("Screenshot", "Chụp màn hình"),
    "sys.screenshot.help": ("Save an SVG image of the current screen", "Lưu ảnh SVG của màn hình hiện tại"),
    "lang.switched": ("Language: English", "Ngôn ngữ: Tiếng Việt"),
    "theme.switched": ("Theme: {name}", "Giao diện: {name}"),
    "store.unavailable": ("Progress cannot be saved: {error}", "Không lưu được tiến độ: {error}"),
    "cmd.open_lesson": ("Open lesson: {title}", "Mở bài: {title}"),
    "cmd.open_lesson.help": ("Read this lesson", "Đọc bài học này"),
    "cmd.present": ("Present lesson: {title}", "Trình chiếu bài: {title}"),
    "cmd.present.help": ("Slides for the projector, with a class quiz", "Slide cho máy chiếu, kèm quiz cả lớp"),
    "cmd.quiz": ("Quiz: {title}", "Làm quiz: {title}"),
    "cmd.quiz.help": ("This lesson's questions, one at a time", "Các câu hỏi của bài này, từng câu một"),
    "cmd.review": ("Review the questions that are due", "Ôn các câu hỏi đến hạn"),
    "cmd.review.help": ("Spaced repetition: what you are about to forget comes first", "Lặp lại ngắt quãng: câu sắp quên được hỏi trước"),
    "cmd.stats": ("Quiz statistics", "Thống kê quiz"),
    "cmd.stats.help": ("Answers, accuracy per lesson and concept, what is due", "Số câu trả lời, độ chính xác theo bài và khái niệm, câu đến hạn"),
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
    "when.days.one": ("in {n} day", "sau {n} ngày"),
    "stats.answers": ("Answers given: {n}", "Số câu đã trả lời: {n}"),
    "stats.fully_right": ("{correct} of {attempts} fully right", "{correct}/{attempts} câu đúng hoàn toàn"),
    "stats.by_lesson": ("By lesson (answered / questions · share of answers right · due now):",
                        "Theo bài (đã trả lời / số câu · tỉ lệ đúng · đến hạn ôn):"),
    "stats.lesson_line": ("{answered}/{questions} answered · {accuracy} right · {due} due",
                          "đã trả lời {answered}/{questions} · đúng {accuracy} · {due} câu đến hạn"),
    "stats.by_concept": ("By concept (weakest first):", "Theo khái niệm (yếu nhất trước):"),
    "stats.due": ("Due for review now: {n}", "Đến hạn ôn bây giờ: {n}"),
    "stats.next_due": ("Next review: {when}", "Lần ôn tiếp theo: {when}"),
    "stats.mistakes": ("Questions last answered wrong: {n}", "Câu trả lời sai lần gần nhất: {n}"),
    "quiz.title.lesson": ("Quiz · {lesson}", "Trắc nghiệm · {lesson}"),
    "quiz.title.mixed": ("Mixed quiz", "Trắc nghiệm tổng hợp"),
    "quiz.title.review": ("Review", "Ôn tập"),
    "quiz.title.mistakes": ("Your mistakes", "Các câu đã sai"),
    "quiz.counter": ("Question {n}/{total}", "Câu {n}/{total}"),
    "quiz.how.single": ("Pick one with 1–{n} (or ↑↓ and space), then Enter.",
                        "Chọn một đáp án bằng 1–{n} (hoặc ↑↓ và phím cách), rồi Enter."),
    "quiz.how.multi": ("Pick every answer that applies: 1–{n} switch each on or off, then Enter.",
                       "Chọn mọi đáp án đúng: 1–{n} bật/tắt từng đáp án, rồi Enter."),
    "quiz.how.true_false": ("1 True · 2 False, then Enter.", "1 Đúng · 2 Sai, rồi Enter."),
    "quiz.how.classify": ("For the marked item type its category's number (↑↓ changes the item), then Enter.",
                          "Với mục đang chọn, gõ số của nhóm (↑↓ đổi mục), rồi Enter."),
    "quiz.how.order": ("Press the items' numbers from first to last (or ↑↓ and space): each gets its place, #1, #2 … "
                       "Press a placed item again to take it back; ⌫ takes back the last one. Then Enter.",
                       "Nhấn số của các mục theo thứ tự từ đầu đến cuối (hoặc ↑↓ và phím cách): mỗi mục nhận vị trí "
                       "#1, #2 … Nhấn lại một mục đã xếp để bỏ nó ra; ⌫ bỏ mục vừa xếp. Rồi Enter."),
    "quiz.how.numeric": ("Type a number (3.5, 3,5 or 3.14e23), then Enter.",
                         "Gõ một số (3.5, 3,5 hoặc 3.14e23), rồi Enter."),
    "quiz.how.predict": ("Predict with 1–{n}, then Enter: the demo then runs on this machine and measures it.",
                         "Dự đoán bằng 1–{n}, rồi Enter: demo sẽ chạy trên máy này và đo kết quả."),
    "quiz.categories": ("Categories: {list}", "Các nhóm: {list}"),
    "quiz.your_order": ("Your order: {list}", "Thứ tự của bạn: {list}"),
    "quiz.number": ("Your answer: {text}", "Câu trả lời: {text}"),
    "quiz.not_a_number": ("not a number yet", "chưa phải là số"),
    "quiz.hint": ("Hint: {hint}", "Gợi ý: {hint}"),
    "quiz.no_hint": ("No hint for this one.", "Câu này không có gợi ý."),
    "quiz.need_answer": ("Choose an answer first, or press n to skip.", "Hãy chọn đáp án trước, hoặc nhấn n để bỏ qua."),
    "quiz.incomplete": ("Place every item first ({done}/{total}).", "Hãy xếp hết các mục trước ({done}/{total})."),
    "quiz.right": ("✓ Right", "✓ Đúng"),
    "quiz.partly": ("✗ Partly right: {percent}%", "✗ Đúng một phần: {percent}%"),
    "quiz.wrong": ("✗ Not right", "✗ Chưa đúng"),
    "quiz.answer_is": ("Answer: {answer}", "Đáp án: {answer}"),
    "quiz.you_said": ("You said: {answer}", "Bạn trả lời: {answer}"),
    "quiz.your_pick": ("your pick", "bạn chọn"),
    "quiz.running": ("Prediction locked in: option {option}. The demo is running on this machine…",
                     "Đã chốt dự đoán: phương án {option}. Demo đang chạy trên máy này…"),
    "quiz.measured": ("Measured on this machine: {metric} = {value} → option {option}",
                      "Đo trên máy này: {metric} = {value} → phương án {option}"),
    "quiz.measured_on": ("with {workers} on {cores}", "với {workers} trên {cores}"),
    "count.workers": ("{n} workers", "{n} worker"),
    "count.workers.one": ("{n} worker", "{n} worker"),
    "count.usable_cores": ("{n} usable cores", "{n} nhân dùng được"),
    "count.usable_cores.one": ("{n} usable core", "{n} nhân dùng được"),
    "quiz.too_close": ("Too close to call between options {options}: within the run-to-run spread, a rerun could "
                       "land on either. Not graded, not scheduled as a miss.",
                       "Quá sát để phân định giữa các phương án {options}: nằm trong dao động giữa các lần chạy, chạy "
                       "lại có thể rơi vào phương án nào cũng được. Không chấm, không tính là sai."),
    "quiz.undecided": ("≈ Too close to call", "≈ Quá sát để phân định"),
    "quiz.measured_outside": ("Measured on this machine: {metric} = {value}, outside every option: graded against the "
                              "lesson's expected result.",
                              "Đo trên máy này: {metric} = {value}, ngoài mọi phương án: chấm theo kết quả dự kiến "
                              "của bài học."),
    "quiz.not_measured": ("The demo did not finish: graded against the lesson's expected result.",
                          "Demo không chạy xong: chấm theo kết quả dự kiến của bài học."),
    "quiz.sure": ("How sure were you? 1 a guess · 2 fairly sure · 3 sure (optional: it decides when this comes back)",
                  "Bạn chắc đến mức nào? 1 đoán · 2 khá chắc · 3 chắc chắn (tùy chọn: quyết định khi nào ôn lại câu này)"),
    "quiz.sure.1": ("a guess", "đoán"),
    "quiz.sure.2": ("fairly sure", "khá chắc"),
    "quiz.sure.3": ("sure", "chắc chắn"),
    "quiz.back_when": ("Comes back for review {when}.", "Sẽ ôn lại {when}."),
    "quiz.noted": ("Noted: {which}.", "Đã ghi nhận: {which}."),
    "quiz.next": ("n next question · Esc leave ({saving})", "n câu tiếp · Esc thoát ({saving})"),
    # what is true about saving at this moment (ds_tui.store.SaveState), said wherever answers are
    "save.saved": ("your answers are saved", "câu trả lời đã được lưu"),
    "save.waiting": ("waiting to be saved: {n} pending, {reason}; retrying",
                     "đang chờ lưu: {n} mục, {reason}; đang thử lại"),
    "save.not_saved": ("NOT saved: {reason}; {n} held in memory, lost if you quit now",
                       "CHƯA lưu: {reason}; {n} mục chỉ nằm trong bộ nhớ, sẽ mất nếu thoát bây giờ"),
    "save.none": ("answers are not saved: no progress database", "câu trả lời không được lưu: không có cơ sở dữ liệu tiến độ"),
    "save.reason.locked": ("another program has locked the database", "chương trình khác đang khóa cơ sở dữ liệu"),
    "save.reason.full": ("the disk is full", "ổ đĩa đã đầy"),
    "save.reason.no-access": ("ds-tui may not write to its folder", "ds-tui không có quyền ghi vào thư mục dữ liệu"),
    "save.reason.disk-error": ("the disk reported an error", "ổ đĩa báo lỗi"),
    "save.reason.damaged": ("the database is damaged (start ds-tui again to keep it aside and begin a new one)",
                            "cơ sở dữ liệu bị hỏng (mở lại ds-tui để cất nó sang bên và tạo cái mới)"),
    "save.reason.other": ("{detail}", "{detail}"),
    "quiz.store_error": ("This answer could not be saved: {error}", "Không lưu được câu trả lời này: {error}"),
    "quiz.nothing.review": ("Nothing is due for review now. {next}", "Hiện chưa có câu nào đến hạn ôn. {next}"),
    "quiz.nothing.mistakes": ("No mistakes to go over: every question's last answer was right.",
                              "Không có câu sai nào: lần trả lời gần nhất của mọi câu đều đúng."),
    "quiz.nothing.lesson": ("This lesson has no quiz.", "Bài này không có câu hỏi trắc nghiệm."),
    "quiz.nothing.library": ("The lessons are still loading.", "Bài học đang được tải."),
    "quiz.left": ("Answers saved: {n}.", "Đã lưu {n} câu trả lời."),
    "quiz.left.unsaved": ("Answers given: {n} ({saving}).", "Đã trả lời {n} câu ({saving})."),
    "summary.title": ("Quiz finished", "Hoàn thành bài trắc nghiệm"),
    "summary.score": ("Score: {score:g} of {answered} answered ({percent}%) · {correct} fully right · {skipped} skipped",
                      "Điểm: {score:g} trên {answered} câu đã trả lời ({percent}%) · {correct} câu đúng hoàn toàn · "
                      "bỏ qua {skipped}"),
    "summary.weak": ("Concepts to work on:", "Khái niệm cần ôn thêm:"),
    "summary.no_weak": ("No weak concept in this quiz.", "Không có khái niệm nào yếu trong bài này."),
    "summary.due": ("Coming back for review:", "Lịch ôn tập:"),
    "summary.due_line": ("{n} questions {when}", "{n} câu {when}"),
    "summary.due_line.one": ("{n} question {when}", "{n} câu {when}"),
    "summary.nothing_saved": ("Nothing was saved (no progress database).", "Không lưu được gì (không có cơ sở dữ liệu tiến độ)."),
    "menu.title": ("Quiz", "Trắc nghiệm"),
    "menu.lesson": ("This lesson's quiz: {lesson} ({n} questions)", "Trắc nghiệm bài: {lesson} ({n} câu)"),
    "menu.lesson.one": ("This lesson's quiz: {lesson} ({n} question)", "Trắc nghiệm bài: {lesson} ({n} câu)"),
    "menu.mixed": ("Mixed quiz: {n} questions from every lesson", "Trắc nghiệm tổng hợp: {n} câu từ mọi bài"),
    "menu.mixed.one": ("Mixed quiz: {n} question from every lesson", "Trắc nghiệm tổng hợp: {n} câu từ mọi bài"),
    "menu.review": ("Review what is due ({n})", "Ôn các câu đến hạn ({n})"),
    "menu.mistakes": ("Go over your mistakes ({n})", "Xem lại các câu đã sai ({n})"),
    "menu.stats": ("Statistics", "Thống kê"),
    "stats.title": ("Statistics", "Thống kê"),
    "stats.col.lesson": ("Lesson", "Bài"),
    "stats.col.answered": ("Answered", "Đã trả lời"),
    "stats.col.right": ("Right", "Đúng"),
    "stats.col.due": ("Due", "Đến hạn"),
    "stats.col.concept": ("Concept", "Khái niệm"),
    "stats.none": ("No answers yet: press k on the home screen to take a quiz.",
                   "Chưa có câu trả lời nào: nhấn k ở màn hình chính để làm trắc nghiệm."),
    "home.quiz": ("quiz {answered}/{total} · {accuracy} right", "trắc nghiệm {answered}/{total} · đúng {accuracy}"),
    "home.due": ("{n} due", "{n} câu đến hạn"),
    "key.number": ("Choose", "Chọn"),
    "key.submit": ("Submit", "Nộp"),
    "key.hint": ("Hint", "Gợi ý"),
    "key.next": ("Next", "Tiếp"),
    "key.leave": ("Leave", "Thoát"),
    "key.quiz": ("Quiz", "Trắc nghiệm"),
    "key.stats": ("Stats", "Thống kê"),
    "key.glossary": ("Glossary", "Thuật ngữ"),
    "key.search": ("Search", "Tìm"),
    "glossary.title": ("Glossary (Vietnamese ↔ English)", "Thuật ngữ (Việt ↔ Anh)"),
    "glossary.search": ("Type to search, in either language", "Gõ để tìm, tiếng Việt hay tiếng Anh"),
    "glossary.none": ("No term matches.", "Không có thuật ngữ nào khớp."),
    "glossary.see": ("See also: {terms}", "Xem thêm: {terms}"),
    "key.review": ("Review", "Ôn tập"),
    "key.mistakes": ("Mistakes", "Câu sai"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``{placeholders}`` filled.

    Plurals: where a count is given as ``n`` (or ``count``) and equals 1, ``key.one`` is used if the table
    has it ("1 question", "2 questions"). Vietnamese has no plural, so both forms say the same there."""
    count = values.get("n", values.get("count"))
    if count == 1 and f"{key}.one" in _STRINGS:
        key = f"{key}.one"
    en, vi = _STRINGS[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text


def many(n: float, word: str, shown: str | None = None) -> str:
    """An English count with its noun: "1 core", "2 cores", "1.5 cores", "2 processes" (Vietnamese has no
    plural). ``shown``: the number as it is written (rounded), which decides the noun: "1 core" for 1.2."""
    text = f"{n:g}" if shown is None else shown
    if text == "1":
        return f"{text} {word}"
    return f"{text} {word}es" if word.endswith(("s", "sh", "ch", "x")) else f"{text} {word}s"


def has(key: str) -> bool:
    return key in _STRINGS


def register(strings: Mapping[str, tuple[str, str]], source: str) -> None:
    """Add a package's interface strings to the table (classroom mode registers its own when
    ``ds_tui.classroom`` is imported). A key the table already has with other words is an error, not a
    silent choice between the two."""
    clashes = sorted(key for key, words in strings.items() if _STRINGS.get(key, words) != words)
    if clashes:
        raise ValueError(f"{source} defines strings that are already defined elsewhere: {', '.join(clashes)}")
    _STRINGS.update(strings)


# the lower layers' strings, kept in files of their own
register(_STUDENT, "ds_tui.student_strings")
register(_PLACES, "ds_tui.places_strings")
