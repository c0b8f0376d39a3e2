"""The quiz in the app: every kind answered by keyboard, feedback, summary, stats, review, both languages."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Static

from ds_tui.lessons.model import Text
from ds_tui.quiz.scheduler import Scheduler
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.home import HomeScreen
from ds_tui.ui.screens.quiz import QuizScreen
from ds_tui.ui.screens.quiz_summary import QuizSummaryScreen
from ds_tui.ui.screens.stats import StatsScreen
from ds_tui.start_request import StartRequest
from tests.conftest import FIXTURES
from tests.ui_helpers import plain, settle


@pytest.fixture(autouse=True)
def exact_schedule(monkeypatch):
    """No fuzzing of due dates, so what a screen says about them is the same on every run."""
    from ds_tui.quiz import progress

    monkeypatch.setattr(progress, "Scheduler", lambda: Scheduler(fuzz=False))


@pytest.fixture
def fake_demo(monkeypatch):
    """A predict question's demo that 'measures' a fixed speedup at once (the real one takes seconds)."""
    from ds_tui.demos import events, isolated
    from ds_tui.demos.results import DemoReport

    measured = {"speedup.threads": 0.97}

    def run(demo_id, params, on_event=None, cancel=None, **_):
        ran_with.append(params)
        report = DemoReport(demo_id, {"workers": params.workers, "size": params.size}, {"usable_cores": 2}, (),
                            Text(en="measured", vi="đã đo"), {k: v for k, v in measured.items() if k != "ran_with"})
        if on_event:
            on_event(events.DemoFinished(report))
        return report

    ran_with: list = []
    monkeypatch.setattr(isolated, "run_demo_isolated", run)
    measured["ran_with"] = ran_with  # type: ignore[assignment]
    return measured


def feedback(app) -> str:
    return plain(app.screen.query_one("#quiz-feedback", Static))


def answer_area(app) -> str:
    return plain(app.screen.query_one("#quiz-answer", Static))


async def start(pilot):
    await settle(pilot)
    assert isinstance(pilot.app.screen, QuizScreen)
    return pilot.app.screen


async def test_every_kind_by_keyboard_in_english(ds_home, monkeypatch, fake_demo):
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert [i.question.id for i in screen.session.items][:2] == ["q-single", "q-multi"]
        # single, then "how sure" = 3 (sure)
        await pilot.press("1", "enter")
        assert "✓ Right" in feedback(app) and "◂ your pick" in feedback(app)
        await pilot.press("3")
        assert "Noted: sure" in feedback(app)
        await pilot.press("n", "1", "2", "enter")  # multi: both right ones
        assert "✓ Right" in feedback(app)
        await pilot.press("n", "2", "enter")  # true_false: False
        assert "✓ Right" in feedback(app)
        await pilot.press("n", "1", "2", "enter")  # classify: fetch -> thread, encode -> process
        assert "✓ Right" in feedback(app)
        await pilot.press("n")
        order = screen.draft
        rows = {order.question.items[item].id: str(row + 1) for row, item in enumerate(order.shown)}
        await pilot.press(rows["sft"], rows["rm"], rows["ppo"], "enter")
        assert "✓ Right" in feedback(app) and "SFT → RM → PPO" in feedback(app)
        await pilot.press("n", "4", "comma", "7", "enter")  # numeric, typed with a decimal comma
        assert "✓ Right" in feedback(app) and "You said: 4.7" in feedback(app)
        await pilot.press("n", "1", "enter")  # predict: ~1×, then the demo runs and measures
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Measured on this machine: speedup.threads = 0.97 with 3 workers on 2 usable cores → option 1" in feedback(app)
        assert "✓ Right" in feedback(app)
        run = fake_demo["ran_with"][-1]  # the run the question describes (its params), not the defaults
        assert (run.workers, run.size) == (3, "small")
        await pilot.press("n")
        assert isinstance(app.screen, QuizSummaryScreen)
        summary = plain(app.screen.query_one("#summary-text", Static))
        assert "Score: 7 of 7 answered (100%)" in summary and "7 fully right" in summary
        assert app.store.answer_count() == 7
        assert app.store.answers("sample", "q-single")[0].confidence == 3
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "HomeScreen"


async def test_wrong_answers_hint_and_partial_credit_in_vietnamese(ds_home, fake_demo):
    app = DsTuiApp(lang="vi", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("h")
        assert "Câu này không có gợi ý." in answer_area(app)
        await pilot.press("2", "enter")
        text = feedback(app)
        assert "✗ Chưa đúng" in text and "Sai" in text and "Đúng" in text  # every option's why
        assert "sau 10 phút" in text  # a miss comes back within the sitting
        await pilot.press("n", "1", "3", "enter")  # multi: one right, one wrong -> 0
        assert "✗ Chưa đúng" in feedback(app)
        await pilot.press("n", "n", "n", "n", "5", "enter")  # skip to numeric: 5 is outside 4.7 ± 0.1
        assert "Đáp án: 4.7" in feedback(app)
        await pilot.press("escape")  # leave: progress kept
        assert not isinstance(app.screen, QuizScreen)
        assert app.store.answer_count() == 3
        assert sorted(s.question_id for s in app.store.question_states() if not s.last_correct) == \
            ["q-multi", "q-numeric", "q-single"]


async def test_hint_before_answering(ds_home):
    app = DsTuiApp(lang="vi", home=ds_home, start=StartRequest("quiz", lesson="thread-or-process"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        while screen.session.current.question.hint is None:
            await pilot.press("n")
        await pilot.press("h")
        assert "Gợi ý: " + screen.session.current.question.hint.vi in answer_area(app).replace("\n", " ")


async def test_enter_without_an_answer_records_nothing(ds_home):
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("enter")
        assert screen.session.outcome is None
        assert not app.screen.query_one("#quiz-feedback").display
        await pilot.press("n", "n", "n", "1", "enter")  # classify with one of two items placed
        assert screen.session.outcome is None
        assert app.store.answer_count() == 0


async def test_multi_keys_toggle_and_arrows_move(ds_home):
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("n", "1", "3", "3", "up", "space")  # a on; c on, then off; up to b; space: b on
        assert screen.draft.value() == ["a", "b"]
        assert answer_area(app).count("[x]") == 2


async def test_home_quiz_menu_stats_and_progress(ds_home):
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sample = next(i for i, lesson in enumerate(app.library.lessons) if lesson.id == "sample")
        for _ in range(sample):
            await pilot.press("down")
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("1")  # this lesson's quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.session.items[0].lesson_id == "sample"
        await pilot.press("1", "enter", "escape")
        await pilot.pause()
        assert "quiz 1/7 · 100% right" in _prompt_text(app.screen, sample)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = plain(app.screen.query_one("#stats-text", Static))
        assert "Answers given: 1" in text and "1/7" in text


def _prompt_text(home, index: int) -> str:
    import io

    from rich.console import Console

    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(home.query_one("#lessons").get_option_at_index(index).prompt)
    return console.export_text()


async def test_review_opens_what_is_due_most_overdue_first(ds_home):
    from ds_tui.lessons import load_library
    from ds_tui.quiz.grading import grade
    from ds_tui.quiz.progress import Progress
    from ds_tui.store import Store

    lesson = load_library([FIXTURES]).get("sample")
    questions = {q.id: q for q in lesson.quiz}
    store = Store.open(ds_home)
    progress = Progress(store, Scheduler(fuzz=False))
    now = time.time()
    progress.record("sample", questions["q-tf"], True, grade(questions["q-tf"], True), now=now - 7200)  # wrong
    progress.record("sample", questions["q-single"], "b", grade(questions["q-single"], "b"), now=now - 3600)
    progress.record("sample", questions["q-multi"], ["a", "b"], grade(questions["q-multi"], ["a", "b"]), now=now)
    store.close()
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert [i.question.id for i in screen.session.items] == ["q-tf", "q-single"]
        assert screen.title == "Review"


async def test_review_with_nothing_due_says_so(ds_home):
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, QuizScreen)
        assert any("Nothing is due" in str(n.message) for n in app._notifications)


async def test_quiz_without_a_store_still_runs(ds_home):
    import sqlite3

    from ds_tui.store import FILENAME, SCHEMA_VERSION

    db = sqlite3.connect(ds_home / FILENAME)
    db.executescript(f"CREATE TABLE x (y); PRAGMA user_version = {SCHEMA_VERSION + 1};")
    db.close()
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1", "enter")
        assert "✓ Right" in feedback(app) and "How sure" not in feedback(app)
        assert "answers are not saved: no progress database" in feedback(app)  # not "your answers are saved"


async def test_while_another_program_locks_the_database_the_quiz_says_answers_wait_then_saves_them(
        ds_home, monkeypatch):
    import sqlite3

    from ds_tui.store import FILENAME

    monkeypatch.setattr(DsTuiApp, "SAVE_RETRY_S", 0.05)
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        other = sqlite3.connect(ds_home / FILENAME, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        await pilot.press("1", "enter", "3")  # an answer, then how sure: both wait for the lock
        said = " ".join(feedback(app).split())
        assert "✓ Right" in said and "Noted: sure" in said  # the quiz goes on at once
        assert "waiting to be saved: 2 pending, another program has locked the database" in said
        assert "your answers are saved" not in said
        other.execute("ROLLBACK")
        other.close()
        for _ in range(200):  # the app's retry timer writes them
            await pilot.pause(0.02)
            if "your answers are saved" in feedback(app):
                break
        assert "your answers are saved" in feedback(app)
        assert app.store.answer_count() == 1 and app.store.save_state.saved
        await pilot.press("escape")
        assert any("Answers saved: 1." in str(n.message) for n in app._notifications)


async def test_a_whole_quiz_in_vietnamese_to_its_summary(ds_home, fake_demo):
    app = DsTuiApp(lang="vi", lesson_dirs=[FIXTURES], home=ds_home, start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("1", "enter", "1")  # right; "a guess"
        assert "✓ Đúng" in feedback(app) and "Đã ghi nhận: đoán" in feedback(app)
        await pilot.press("n", "1", "2", "enter", "n", "1", "enter")  # multi right; true_false wrong (True)
        assert "✗ Chưa đúng" in feedback(app) and "Đáp án: Sai" in feedback(app)
        await pilot.press("n", "2", "2", "enter")  # classify: both -> process: half right
        assert "✗ Đúng một phần: 50%" in feedback(app) and "Bạn trả lời: Process" in feedback(app)
        await pilot.press("n")
        rows = {screen.draft.question.items[i].id: str(r + 1) for r, i in enumerate(screen.draft.shown)}
        await pilot.press(rows["rm"], rows["sft"], rows["ppo"], "enter")  # one swap: 2 of 3 pairs
        assert "Đúng một phần: 67%" in feedback(app) and "SFT → RM → PPO" in feedback(app)
        await pilot.press("n", "4", "full_stop", "7", "enter", "n", "2", "enter")  # numeric right; predict ~N× wrong
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Đo trên máy này: speedup.threads = 0,97 với 3 worker trên 2 nhân dùng được → phương án 1" in feedback(app)
        await pilot.press("n")
        summary = plain(app.screen.query_one("#summary-text", Static))
        assert "Điểm: 4.17 trên 7 câu đã trả lời (60%)" in summary and "bỏ qua 0" in summary
        assert app.store.answer_count() == 7


@pytest.mark.parametrize(("lang", "state", "said"), [
    ("en", None, "answers are not saved: no progress database"),
    ("en", (0, True, None), "your answers are saved"),
    ("en", (2, True, "locked"), "waiting to be saved: 2 pending, another program has locked the database; retrying"),
    ("en", (1, False, "full"), "NOT saved: the disk is full; 1 held in memory, lost if you quit now"),
    ("vi", (1, True, "no-access"), "đang chờ lưu: 1 mục, ds-tui không có quyền ghi vào thư mục dữ liệu; đang thử lại"),
])
def test_what_the_quiz_says_about_saving_is_the_stores_state(lang, state, said):
    from ds_tui.store import SaveState
    from ds_tui.ui.quiz_render import saving_text

    assert saving_text(SaveState(*state) if state else None, lang) == said


async def test_the_quiz_title_follows_the_language(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("quiz", lesson="your-hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        lesson = app.library.get("your-hardware")
        assert lesson.title.en in screen.title and lesson.title.vi not in screen.title
        await pilot.press("l")
        await pilot.pause()
        assert lesson.title.vi in screen.title and lesson.title.en not in screen.title
        assert screen.title == f"Trắc nghiệm · {lesson.title.vi}"


async def test_a_quiz_opened_at_start_shows_its_progress_on_the_home_screen_after(ds_home):
    """``ds-tui quiz``: the quiz covers the home screen as soon as the lessons load, maybe before the home
    screen was first shown; coming back, the home screen draws the answers given."""
    from concurrent.futures import Future

    from ds_tui.startup import load_everything

    loaded: Future = Future()  # as the command line hands it over on a warm start: ready before the app runs
    loaded.set_result(load_everything([FIXTURES], ds_home))
    app = DsTuiApp(lang="en", lesson_dirs=[FIXTURES], home=ds_home, preloaded=loaded,
                   start=StartRequest("quiz", lesson="sample"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("1", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        sample = next(i for i, lesson in enumerate(app.library.lessons) if lesson.id == "sample")
        assert "quiz 1/7" in _prompt_text(app.screen, sample)
