"""What a student reads: no English left in Vietnamese (the palette, the help, the footer, the calculators'
and demos' choices), distinct words for pause and cancel, plurals through the translation table (never
"(s)"), the calculators' sentences, and the quiz's details (how to order, places as #n, fixed columns
while classifying, inline code without backticks, a numeric answer's tolerance said up front)."""

from __future__ import annotations

import re

import pytest
from textual.command import CommandInput, CommandList
from textual.widgets import Select, Static

import ds_tui.classroom  # noqa: F401  (classroom mode's strings join the table checked here)
from ds_tui.i18n import _STRINGS, has, t
from ds_tui.lessons import load_library
from ds_tui.lessons.model import NumericQuestion, Question, QuestionKind, Text, Tolerance, ToleranceKind
from ds_tui.ui.app import DsTuiApp
from ds_tui.start_request import StartRequest
from tests.conftest import FIXTURES
from tests.ui_helpers import plain, settle

BUNDLED = {lesson.id: lesson for lesson in load_library().lessons}


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until(pilot, condition, seconds: float = 5.0) -> None:
    """Wait for what a screen shows after a timer or a worker (busy test machines are slow)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)


def palette_lines(app) -> list[str]:
    """The command palette's entries as text (its list of commands, or "no matches")."""
    if not app.screen.query(CommandList):
        return []
    options = app.screen.query_one(CommandList).options
    return [plain_text(option.prompt) for option in options]


def plain_text(renderable) -> str:
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def shown_choice(select: Select) -> str:
    return str(select.query_one("SelectCurrent Static#label", Static).render())


# -- the translation table -----------------------------------------------------------------------------------------
def test_no_english_string_says_s_in_brackets():
    """Plurals go through the table ("key.one" for one), never "(s)"."""
    assert not [key for key, (en, _) in _STRINGS.items() if "(s)" in en]


def test_every_singular_has_its_plural_and_vietnamese_has_no_plural():
    for key, (_, vi) in _STRINGS.items():
        if key.endswith(".one"):
            base = key.removesuffix(".one")
            assert has(base), key
            assert _STRINGS[base][1] == vi, key  # Vietnamese says the same for one and many


@pytest.mark.parametrize(("key", "values", "one", "two"), [
    ("home.sections", {}, "1 section", "2 sections"),
    ("home.questions", {}, "1 question", "2 questions"),
    ("summary.due_line", {"when": "now"}, "1 question now", "2 questions now"),
    ("when.days", {}, "in 1 day", "in 2 days"),
    ("count.usable_cores", {}, "1 usable core", "2 usable cores"),
    ("cq.hands", {}, "1 hand", "2 hands"),
    ("keymap.more", {}, "… and 1 more problem in the keymap file.", "… and 2 more problems in the keymap file."),
])
def test_english_plurals(key, values, one, two):
    assert t(key, "en", n=1, **values) == one and t(key, "en", n=2, **values) == two
    assert t(key, "vi", n=1, **values) == t(key, "vi", n=2, **values).replace("2", "1")


def test_home_broken_lessons_and_the_demo_explanations_say_core_or_cores():
    from ds_tui.demos.prose import many

    assert t("home.broken", "en", count=1).startswith("Could not load 1 lesson file —")
    assert t("home.broken", "en", count=3).startswith("Could not load 3 lesson files —")
    assert (many(1, "usable core"), many(2, "core"), many(1.5, "core")) == ("1 usable core", "2 cores", "1.5 cores")


ONE_PLURAL = re.compile(r"(?<![\d.,])1 (?:[a-zA-Z/-]+ )?(?:threads|processes|tasks|workers|cores|CPUs|steps|micro-batches|"
                        r"updates|chunks|ranks|GPUs|layers|questions|problems|entries|hands|days|lessons|sections)\b")


def test_every_counted_string_in_the_table_reads_right_for_one():
    """Each string that takes a count (``{n}`` or ``{count}``) says "1 question", "1 problem", never "1 questions"
    or "problem(s)": its ``key.one`` form is there wherever the noun changes."""
    import string

    def fields(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    wrong = []
    for key, (en, _) in _STRINGS.items():
        names = fields(en) | (fields(_STRINGS[f"{key}.one"][0]) if f"{key}.one" in _STRINGS else set())
        for name in {"n", "count"} & names:
            text = t(key, "en", **{field: 1 if field == name else "X" for field in names})
            if ONE_PLURAL.search(text) or "(s)" in text:
                wrong.append((key, text))
    assert not wrong
    assert t("settings.more", "en", count=1) == " (and 1 more problem)"
    assert t("settings.more", "en", count=2) == " (and 2 more problems)"
    assert t("end.quiz", "en", n=1) == "Take this lesson's quiz (1 question)"


def test_many_says_one_or_many_with_the_right_ending():
    from ds_tui.i18n import many

    assert [many(1, "process"), many(2, "process"), many(3, "micro-batch"), many(1, "micro-batch")] == \
        ["1 process", "2 processes", "3 micro-batches", "1 micro-batch"]
    assert many(1.2, "core", "1") == "1 core" and many(1.5, "core") == "1.5 cores"


def _machine(cores: int = 1) -> dict:
    return {"usable_cores": cores, "speedup_bound": float(cores), "logical_cpus": cores, "cpu_quota": None,
            "gil_enabled": True, "free_threaded_build": False, "start_method": "spawn",
            "implementation": "CPython", "python": "3.14.0"}


def test_the_demo_explanations_say_1_thread_and_1_process():
    """A student may run a demo with one worker on a one-core machine: the explanations count right."""
    from ds_tui.demos.catalog import DemoParams, explain, metrics
    from ds_tui.demos.results import RunResult

    extra = {"primes": 10, "expected": 10, "numbers": 1000}
    cpu = (RunResult("sequential", 1, 2.0, 2.0, True, extra=extra),
           RunResult("threads", 1, 2.1, 2.0, True, extra=extra).with_baseline(2.0),
           RunResult("processes", 1, 2.2, 2.0, True, extra=dict(extra, startup_s=0.1, parallel_s=2.0)).with_baseline(2.0))
    io_extra = {"tasks": 1, "wait_s": 0.05}
    io = (RunResult("sequential", 1, 1.0, 0.1, True, extra=io_extra),
          RunResult("threads", 1, 1.0, 0.1, True, extra=io_extra).with_baseline(1.0),
          RunResult("processes", 1, 1.1, 0.1, True, extra=dict(io_extra, startup_s=0.1)).with_baseline(1.0),
          RunResult("asyncio", 1, 1.0, 0.1, True, extra=io_extra).with_baseline(1.0))
    pool = tuple(RunResult(f"pool-{n}", n, 1.0 / n, 0.07, True,
                           extra={"tasks": 1, "task_wait_s": 0.03, "throughput_per_s": 10.0 * n, "latency_mean_s": 0.5,
                                  "latency_p95_s": 0.9, "queue_depth_max": 1}).with_baseline(1.0) for n in (1, 2))
    race = (RunResult("threads-unlocked", 2, 0.5, 0.2, False,
                      extra={"increments_per_worker": 5000, "expected": 10000, "final": 9999, "lost": 1}),)
    for demo, runs in (("cpu-bound", cpu), ("io-bound", io), ("worker-pool", pool), ("race", race)):
        text = explain(demo, DemoParams(1, "small"), _machine(1), runs, metrics(demo, runs))
        assert text.en and not ONE_PLURAL.search(text.en) and "(s)" not in text.en, (demo, ONE_PLURAL.search(text.en))
    text = explain("cpu-bound", DemoParams(1, "small"), _machine(1), cpu, metrics("cpu-bound", cpu))
    assert "1 thread:" in text.en and "1 process:" in text.en


def test_the_other_generated_text_counts_right_for_one():
    from ds_tui.classroom.slides import quiz_slide
    from ds_tui.demos.history import RunSummary, headline
    from ds_tui.training.memory import TrainingSetup, _notes

    lesson = load_library().lessons[0]
    from msgspec.structs import replace

    one = replace(lesson, quiz=lesson.quiz[:1])
    assert quiz_slide(one).body.en.startswith("1 question for the whole class")
    notes = _notes(None, TrainingSetup(pp=4, in_flight=1))
    assert any("Only 1 micro-batch for 4 stages" in n.en for n in notes)
    failed = RunSummary("isolation", 0.0, {"workers": 2}, "spawn", 1.0, {}, True, 1)
    assert headline(failed, "en") == "1 worker failed, the parent lived on"


def test_pause_and_cancel_are_different_words_in_vietnamese():
    pause, cancel = t("key.cq_pause", "vi"), t("key.cq_cancel", "vi")
    assert pause == "Tạm dừng" and cancel == "Hủy" and t("key.cancel", "vi") == "Hủy"
    assert "Dừng" not in t("key.cq_space", "vi").split(" / ")  # "Tạm dừng / tiếp"
    import ds_tui.ui  # noqa: F401  (registers the widgets' strings)

    assert t("demo.cancel", "vi") == "Hủy (c)" and t("demo.cancelled", "vi").startswith("Đã hủy")


# -- the command palette, the footer and the help screen in Vietnamese ------------------------------------------------
ENGLISH_PALETTE = ("Search for commands", "Quit the application", "Screenshot", "Change the current theme",
                   "Show help for the focused widget", "Save an SVG", "Keys")


async def test_the_command_palette_speaks_vietnamese(ds_home):
    app = DsTuiApp(lang="vi", home=ds_home)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        system = list(app.get_system_commands(app.screen))
        assert {c.title for c in system} >= {"Đổi giao diện", "Thoát", "Chụp màn hình"}
        await pilot.press("ctrl+p")
        await until(pilot, lambda: len(palette_lines(app)) > 10)
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder == "Tìm lệnh…"
        text = "\n".join(palette_lines(app))
        assert "Chụp màn hình" in text and "Thoát ds-tui" in text
        assert not [english for english in ENGLISH_PALETTE if english in text]
        palette.query_one(CommandInput).value = "zzqqxx"
        await until(pilot, lambda: "Không có lệnh nào khớp" in "\n".join(palette_lines(app)))  # after a moment
        assert "Không có lệnh nào khớp" in "\n".join(palette_lines(app))
        await pilot.press("escape")
        await pilot.pause()
        app.search_themes()  # "Đổi giao diện" opens the theme list
        await until(pilot, lambda: bool(app.screen.query(CommandInput)))
        assert app.screen.query_one(CommandInput).placeholder == "Tìm giao diện…"
        await pilot.press("escape")
        await pilot.pause()
        app.action_glossary()  # a footer that shows the palette's key (the reader's leaves it to the help)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "^p bảng lệnh" in footer and "palette" not in footer
        await pilot.press("l")  # and back in English
        await pilot.pause()
        assert "^p palette" in screen_text(app).splitlines()[-1]
        assert [c.title for c in app.get_system_commands(app.screen)][:2] == ["Change theme", "Quit"]


async def test_every_key_in_the_help_screen_has_a_vietnamese_label(ds_home):
    """The help lists every screen's keys (the class quiz's too): each has a key.<action> label, so none
    falls back to its English description ("⏎ Next field" in Vietnamese)."""
    from ds_tui.ui.bindings import label
    from ds_tui.ui.screens.help import HelpScreen

    app = DsTuiApp(lang="vi", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        missing = [(heading, b.key, b.description) for heading, bindings in app.screen.sections for b in bindings
                   if not has(f"key.{b.action.removeprefix('app.').split('(')[0]}")]
        assert not missing
        text = plain(app.screen.query_one(Static))
        assert "Next field" not in text and "Ô tiếp theo" in text
        assert label(next(b for _, bs in app.screen.sections for b in bs if b.action == "cq_pause"), "vi") == "Tạm dừng"


# -- the calculators and the demos ------------------------------------------------------------------------------------
async def test_calculator_and_demo_choices_follow_the_language(ds_home):
    from ds_tui.ui.widgets.calculators import MemoryCalculator
    from ds_tui.ui.widgets.demo_view import DemoView

    app = DsTuiApp(lang="vi", home=ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_lesson("chatgpt-training")
        await pilot.pause()
        reader = app.screen
        reader.index = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == "memory-calculator")
        await pilot.pause()
        calc = reader.query_one(MemoryCalculator)
        recompute = calc.query_one("#f-recompute", Select)
        assert shown_choice(recompute) == "không"  # not "none"
        result = str(calc.query_one("#calc-result", Static).render())
        assert "RTX 3060 Laptop có 6,4 GB: không huấn luyện được GPT-2 1.5B" in result
        assert "6 GB với" not in result and "với 6,4 GB" not in result
        await pilot.press("l")
        await pilot.pause()
        assert shown_choice(recompute) == "none" and recompute.value == "none"
        result = str(calc.query_one("#calc-result", Static).render())
        assert "an RTX 3060 Laptop has 6.4 GB: it cannot train GPT-2 1.5B" in result
        assert "6 GB with" not in result
        await pilot.press("l")
        await pilot.pause()
        app.open_demo("cpu-bound")
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        size = view.query_one("#demo-size", Select)
        assert shown_choice(size) == "vừa" and size.value == "medium"  # "Cỡ vừa", never "Cỡ medium"
        await pilot.press("l")
        await pilot.pause()
        assert shown_choice(size) == "medium"


def test_compute_text_explains_its_unit_in_both_languages():
    from ds_tui.training import estimate
    from ds_tui.training.report import compute_text

    est = estimate(175e9, 300e9)
    vi, en = compute_text(est, "vi"), compute_text(est, "en")
    assert "petaflop/s-ngày)" in vi and "days" not in vi and "FLOPs" not in vi
    assert "1 petaflop/s-ngày = 10^15 FLOP/s suốt một ngày" in vi
    assert "petaflop/s-days)" in en and "1 petaflop/s-day = 10^15 FLOP/s for a whole day" in en


# -- the quiz's details -------------------------------------------------------------------------------------------------
async def open_one(pilot, lesson_id: str, question_id: str) -> None:
    """A quiz of one bundled (or fixture) question, in the app of ``pilot``."""
    from ds_tui.quiz.session import QuizItem, QuizSession, SessionKind
    from ds_tui.ui.screens.quiz import QuizScreen

    await settle(pilot)
    question = next(q for q in pilot.app.library.get(lesson_id).quiz if q.id == question_id)
    pilot.app.push_screen(QuizScreen(QuizSession(SessionKind.LESSON, [QuizItem(lesson_id, question)], None)))
    await pilot.pause()


def answer_rows(app) -> list[str]:
    return plain(app.screen.query_one("#quiz-answer", Static)).splitlines()


@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_order_says_how_and_places_read_as_hash_numbers(ds_home, lang):
    app = DsTuiApp(lang=lang, home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_one(pilot, "your-hardware", "q-memory-order")
        how = str(app.screen.query_one("#quiz-how", Static).render())
        assert "#1, #2" in how and "Enter" in how and "⌫" in how and ("↑↓" in how)
        await pilot.press("2", "1")
        await pilot.pause()
        rows = answer_rows(app)
        assert not [row for row in rows if re.search(r"\d+\.\s+\d+\.", row)]  # never "2. 1. The core's L1 cache"
        assert sum("#1" in row for row in rows) == 1 and sum("#2" in row for row in rows) == 1


async def test_classify_rows_keep_their_columns_while_categories_fill(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_one(pilot, "thread-or-process", "q-classify-workloads")
        screen = app.screen
        items = [item.text.show("en").replace("`", "") for item in screen.session.current.question.items]

        def columns() -> list[int]:
            rows = answer_rows(app)
            return [next(row.find(item[:12]) for row in rows if item[:12] in row) for item in items]

        before = columns()
        assert len(set(before)) == 1  # one column for every item's text
        for key in ("1", "2", "1", "2"):
            await pilot.press(key)
            await pilot.pause()
            assert columns() == before  # no row moves sideways as its category is chosen


async def test_options_and_items_show_inline_code_without_backticks(ds_home):
    for lesson_id, question_id in [("thread-or-process", "q-tf-gil-atomic"), ("real-systems", "q-classify-python")]:
        app = DsTuiApp(lang="en", home=ds_home)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_one(pilot, lesson_id, question_id)
            assert "`" not in "\n".join(answer_rows(app))
            question = app.screen.session.current.question
            first = (getattr(question, "options", ()) or getattr(question, "items", ()))[0].text.show("en")
            assert first.replace("`", "")[:20] in "\n".join(answer_rows(app))


def numeric(kind: ToleranceKind, value: float, unit: Text | None = None) -> Question:
    return NumericQuestion("q", Text(en="How many?", vi="Bao nhiêu?"), Text(en="x", vi="x"),
                           answer=4.7, tolerance=Tolerance(kind, value), unit=unit)


@pytest.mark.parametrize(("kind", "value", "unit", "en", "vi"), [
    (ToleranceKind.ABS, 0.3, Text(en="GB", vi="GB"), "± 0.3 GB", "± 0,3 GB"),
    (ToleranceKind.REL, 0.05, None, "± 5%", "± 5%"),
    (ToleranceKind.ABS, 0, None, "Only the exact number", "Chỉ đúng con số chính xác"),
    (ToleranceKind.MAGNITUDE, 0.5, None, "×3.2", "3,2 lần"),
])
def test_a_numeric_questions_tolerance_is_said_before_answering(kind, value, unit, en, vi):
    from ds_tui.classroom.class_text import discussion_lines
    from ds_tui.quiz.grading import tolerance_text
    from ds_tui.ui.quiz_render import kind_how

    question = numeric(kind, value, unit)
    said = tolerance_text(question)
    assert said is not None and en in said.show("en") and vi in said.show("vi")
    assert "4.7" not in said.show("en") and "4,7" not in said.show("vi")  # the answer is not given away
    assert en in kind_how(question, "en") and vi in kind_how(question, "vi")  # the self-study quiz
    assert en in " ".join(discussion_lines(question, "en"))  # the class quiz
    assert vi in " ".join(discussion_lines(question, "vi"))


async def test_the_quiz_screen_shows_the_tolerance(ds_home):
    app = DsTuiApp(lang="vi", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        while screen.session.current.question.kind is not QuestionKind.NUMERIC:
            screen.session.advance()
        screen._load_question()
        screen._paint()
        await pilot.pause()
        assert "± 0,1" in str(screen.query_one("#quiz-how", Static).render())
