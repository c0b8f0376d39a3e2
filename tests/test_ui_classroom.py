"""Classroom mode driven as a teacher drives it: clicker keys, the class quiz, predict-then-run, the notes follower."""

from __future__ import annotations

import json
import os

import pytest
from textual.widgets import Digits, Input, Select, Static

from ds_tui.classroom.class_quiz import Phase
from ds_tui.classroom.presence import PresenterState, read_state, state_path, write_state
from ds_tui.lessons import load_library
from ds_tui.lessons.model import QuestionKind
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.notes_app import NotesApp
from ds_tui.ui.screens import class_quiz as class_quiz_module
from ds_tui.ui.screens.class_quiz import ClassQuizScreen
from ds_tui.ui.screens.classroom_modals import BlankScreen, ConfirmScreen, GotoScreen
from ds_tui.ui.screens.help import HelpScreen
from ds_tui.ui.screens.home import HomeScreen
from ds_tui.ui.screens.present import PresentScreen
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.start_request import StartRequest
from tests.ui_helpers import plain, settle

LESSONS = {lesson.id: lesson for lesson in load_library().lessons}
HARDWARE = LESSONS["your-hardware"]


class Clock:
    """The class quiz's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(class_quiz_module, "monotonic", fake)
    return fake


def presenting(ds_home, lang: str = "en", lesson: str = "your-hardware") -> DsTuiApp:
    return DsTuiApp(lang=lang, home=ds_home, start=StartRequest("present", lesson=lesson), theme="projector")


def first(kind: QuestionKind, lesson=HARDWARE) -> int:
    return next(i for i, q in enumerate(lesson.quiz) if q.kind is kind)


def footer_keys(app) -> list[str]:
    return [b.description for (_, b, enabled, _) in app.screen.active_bindings.values() if b.show and enabled]


async def open_quiz(pilot, number: int) -> ClassQuizScreen:
    await pilot.press("k")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ClassQuizScreen)
    await pilot.press("g", *str(number + 1), "enter")
    await pilot.pause()
    assert screen.number == number
    return screen


async def at_show_of_hands(pilot, number: int = 2) -> ClassQuizScreen:
    """Question ``number``'s count fields (question, countdown skipped, show of hands)."""
    screen = await open_quiz(pilot, number)
    await pilot.press("right", "right")
    await pilot.pause()
    return screen


async def type_votes(pilot, *counts: int) -> None:
    await pilot.pause()
    for i, count in enumerate(counts):
        await pilot.press(*str(count))
        if i < len(counts) - 1:
            await pilot.press("enter")  # Enter moves to the next option's field
    await pilot.pause()


# -- slides and the clicker ---------------------------------------------------------------------------
async def test_present_starts_full_screen_on_the_first_slide(ds_home):
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PresentScreen) and screen.index == 0 and app.theme == "projector"
        assert str(screen.query_one("#slide-title", Static).render()) == HARDWARE.sections[0].title.en
        assert f"Slide 1/{len(HARDWARE.sections) + 1}" in str(screen.query_one("#slide-number", Static).render())
        assert {"Next", "Back", "Blank", "Class quiz", "Quit", "Help"} <= set(footer_keys(app))


async def test_clicker_keys_move_between_slides(ds_home):
    app = presenting(ds_home, lesson="thread-or-process")
    async with app.run_test(size=(120, 60)) as pilot:  # tall enough that no slide here needs paging
        await settle(pilot)
        screen = app.screen
        for key, index in [("pagedown", 1), ("space", 2), ("right", 3), ("pageup", 2), ("left", 1), ("left", 0),
                           ("left", 0)]:
            await pilot.press(key)
            await pilot.pause()
            assert screen.index == index, key


async def test_a_long_section_pages_before_the_next_slide(ds_home):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = app.screen
        scroll = screen.scroller
        assert scroll.max_scroll_y > 0  # the first section is taller than a zoomed projector
        assert "page 1/" in str(screen.query_one("#slide-number", Static).render())
        pages = 0
        while screen.index == 0:
            await pilot.press("pagedown")
            await pilot.pause()
            pages += 1
        assert pages >= 2 and scroll.scroll_y == 0  # every page shown, then the next slide from its top
        await pilot.press("pageup")  # back: the end of the previous section, then page by page
        await pilot.pause()
        await pilot.pause()
        assert screen.index == 0 and scroll.scroll_y == scroll.max_scroll_y > 0
        assert "▼" not in str(screen.query_one("#slide-number", Static).render())
        while scroll.scroll_y > 0:
            await pilot.press("pageup")
            await pilot.pause()
        assert screen.index == 0


@pytest.mark.parametrize("key", ["full_stop", "b", "f5", "escape"])
async def test_blank_keys_blank_and_bring_back_and_never_quit(ds_home, key):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert read_state(state_path(ds_home)).blank
        await pilot.press("q", "question_mark", "k")  # nothing but the blank keys (and next/back) act here
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen) and app.screen.index == 0
        assert not read_state(state_path(ds_home)).blank
        for _ in range(3):  # Esc and F5 are toggles, never a way out
            await pilot.press("escape", "f5")
            await pilot.pause()
        assert app.is_running and isinstance(app.screen, PresentScreen)


async def test_next_on_a_blank_screen_only_brings_the_slide_back(ds_home):
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b", "pagedown")
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen) and app.screen.index == 0


async def test_goto_a_slide_by_number(ds_home):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GotoScreen)
        await pilot.press("9", "9", "enter")  # out of range: said so, the box stays
        await pilot.pause()
        assert isinstance(app.screen, GotoScreen) and "1 to 15" in str(app.screen.query_one("#goto-hint").render())
        await pilot.press("5", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.index == 4
        await pilot.press("g", "3", "escape")
        await pilot.pause()
        assert app.screen is screen and screen.index == 4


async def test_q_asks_before_quitting(ds_home):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("pagedown", "enter")  # a clicker's keys do not confirm; Enter is on "No"
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
        await pilot.press("q", "n")
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen) and app.is_running
        await pilot.press("q", "y")
        await pilot.pause(0.3)
        assert not app.is_running
    assert not state_path(ds_home).exists()  # the notes follower is told the presentation ended


async def test_p_on_the_lesson_list_presents_the_highlighted_lesson(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, theme="nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Present" in footer_keys(app)
        await pilot.press("down", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PresentScreen) and screen.lesson.id == "real-systems"
        assert app.theme == "projector"
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.theme == "nord" and app.is_running


async def test_a_slide_that_embeds_a_demo_runs_it(ds_home, monkeypatch):
    lesson = LESSONS["thread-or-process"]
    index = next(i for i, s in enumerate(lesson.sections) if s.embed and s.embed.id == "race")
    app = presenting(ds_home, lesson=lesson.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "Run demo" not in footer_keys(app)
        screen.go_to(index)
        await pilot.pause()
        assert "Run demo" in footer_keys(app)
        from ds_tui.ui.widgets.demo_view import DemoView

        view = screen.query_one(DemoView)
        view.query_one("#demo-size").value = "small"
        await pilot.press("r")
        for worker in [w for w in app.workers if w.group == "demo"]:
            await worker.wait()
        await pilot.pause()
        assert view.report is not None and view.report.metrics["lost_updates.unlocked"] > 0


async def test_help_lists_the_present_keys(ds_home):
    app = presenting(ds_home, lang="vi")
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-box Static"))
        assert "Trình chiếu" in text and "Màn đen" in text and "Hỏi cả lớp" in text and "Đáp án" in text
        assert "pagedown" in text.lower() or "→" in text


async def test_vietnamese_everywhere(ds_home, clock):
    app = presenting(ds_home, lang="vi")
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        assert {"Tiếp", "Lùi", "Màn đen", "Hỏi cả lớp", "Thoát"} <= set(footer_keys(app))
        assert str(app.screen.query_one("#slide-title", Static).render()) == HARDWARE.sections[0].title.vi
        await pilot.press("k")
        await pilot.pause()
        assert "Câu hỏi cho cả lớp" in str(app.screen.query_one("#cq-head", Static).render())
        await pilot.press("l")  # a live switch redraws the quiz
        await pilot.pause()
        assert "Class quiz" in str(app.screen.query_one("#cq-head", Static).render())


# -- the class quiz -------------------------------------------------------------------------------------
async def test_class_quiz_with_typed_counts_peer_instruction_and_reveal(ds_home, clock):
    number = 2  # the notes' i5-11300H base clock: four options, C is right
    question = HARDWARE.quiz[number]
    assert question.kind is QuestionKind.SINGLE and question.correct_option_ids == ("c",)
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_quiz(pilot, number)
        quiz = screen.quiz
        assert quiz.phase is Phase.QUESTION
        await pilot.press("right")
        assert quiz.phase is Phase.COUNTDOWN
        digits = screen.query_one("#cq-digits", Digits)
        assert digits.value == "1:00"
        clock.now += 20
        await pilot.pause(0.3)
        assert digits.value == "0:40"
        await pilot.press("p")  # paused: time stands still
        clock.now += 30
        await pilot.pause(0.3)
        assert digits.value == "0:40" and quiz.countdown.paused
        await pilot.press("space", "plus")  # space resumes; + adds 15 s
        await pilot.pause(0.3)
        assert digits.value == "0:55" and not quiz.countdown.paused
        clock.now += 55  # time is up: on to the show of hands
        await pilot.pause(0.5)
        assert quiz.phase is Phase.VOTES
        await type_votes(pilot, 4, 6, 9, 1)  # 9 of 20 right: 45%
        await pilot.press("pagedown")
        await pilot.pause()
        assert quiz.phase is Phase.DISTRIBUTION
        bars = plain(screen.query_one("#cq-dist", Static))
        assert "45%" in bars and "20 hands in all" in bars and "✓" not in bars and "✗" not in bars  # no answer yet
        assert "■ A" in bars and "◆ D" in bars  # letters and shapes, not colour alone
        await pilot.press("right")
        assert quiz.phase is Phase.PEER
        assert "neighbour" in plain(screen.query_one("#cq-peer", Static))
        await pilot.press("right")
        assert quiz.phase is Phase.COUNTDOWN and quiz.round == 2
        await pilot.press("right")
        await type_votes(pilot, 1, 2, 16, 1)
        await pilot.press("pagedown")
        await pilot.pause()
        bars = plain(screen.query_one("#cq-dist", Static))
        assert quiz.phase is Phase.DISTRIBUTION and "Vote 1" in bars and "Vote 2" in bars and "80%" in bars
        await pilot.press("right")
        await pilot.pause()
        assert quiz.phase is Phase.REVEAL
        shown = plain(screen.query_one("#cq-reveal", Static))
        assert shown.count("✓") == 2 and shown.count("✗") == 6  # in the bars of both votes, then the options
        for option in question.options:
            assert option.why.en.split()[0] in shown
        await pilot.press("right")  # the next question
        assert screen.number == number + 1 and screen.quiz.phase is Phase.QUESTION
        await pilot.press("left")  # back: the previous question, as it was left
        assert screen.number == number and screen.quiz.phase is Phase.REVEAL


async def test_counts_are_checked_and_can_be_corrected(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)
        await type_votes(pilot, 3, 3)
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.quiz.phase is Phase.DISTRIBUTION and screen.quiz.votes[0].total == 6
        await pilot.press("left")  # a miscount: back to the fields, the counts still there
        await pilot.pause()
        await pilot.pause()
        assert screen.quiz.phase is Phase.VOTES and screen.query_one("#vote-a").value == "3"
        await pilot.press("enter", "enter", "5")
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.quiz.votes[0].counts == {"a": 3, "b": 3, "c": 5, "d": 0}
        assert screen.quiz.suggests_peer  # 5 of 11 right: 45%, worth a discussion


async def test_counts_typed_in_one_burst_land_in_their_fields(ds_home, clock):
    """A fast typist (or a clicker's macro) sends "4⏎6⏎9⏎1⏎" before the app has read a key: each count
    still goes to its own option, and the last Enter shows the distribution."""
    from textual import events

    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)
        assert screen.quiz.phase is Phase.VOTES
        for char in "4\r6\r9\r1\r":  # all queued at once, as a terminal delivers a burst
            key = "enter" if char == "\r" else char
            app.post_message(events.Key(key, None if key == "enter" else char))
        for _ in range(5):
            await pilot.pause()
        assert screen.quiz.phase is Phase.DISTRIBUTION
        assert screen.quiz.votes[0].counts == {"a": 4, "b": 6, "c": 9, "d": 1}


async def test_no_counts_goes_straight_to_the_answer(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.quiz.phase is Phase.REVEAL and screen.quiz.votes == []


@pytest.mark.parametrize("kind", [QuestionKind.NUMERIC, QuestionKind.ORDER, QuestionKind.CLASSIFY])
async def test_questions_without_options_are_discussed_then_revealed(ds_home, clock, kind):
    lesson = next(les for les in LESSONS.values() if any(q.kind is kind for q in les.quiz))
    number = first(kind, lesson)
    app = presenting(ds_home, lesson=lesson.id)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await open_quiz(pilot, number)
        said = plain(screen.query_one("#cq-options", Static)) + str(screen.query_one("#cq-hint", Static).render())
        assert "neighbour" in said  # beside the items, or (no room for it there) in the hint
        await pilot.press("right")
        for _ in range(10):  # a long question is paged through first
            await pilot.press("right")
            await pilot.pause()
            if screen.quiz.phase is Phase.REVEAL:
                break
        assert screen.quiz.phase is Phase.REVEAL
        shown = plain(screen.query_one("#cq-reveal", Static))
        assert "Answer:" in shown and lesson.quiz[number].explanation.en.split()[0] in shown


async def test_a_to_reveal_at_once_and_k_back_to_the_slides(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await open_quiz(pilot, 2)
        await pilot.press("a")
        assert screen.quiz.phase is Phase.REVEAL
        assert read_state(state_path(ds_home)).quiz.phase == "reveal"
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen) and read_state(state_path(ds_home)).quiz is None


async def test_the_last_slide_starts_the_class_quiz(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.go_to(len(screen.slides) - 1)
        await pilot.pause()
        assert "Class quiz" in str(screen.query_one("#slide-title", Static).render())
        await pilot.press("pagedown")
        await pilot.pause()
        assert isinstance(app.screen, ClassQuizScreen) and app.screen.number == 0


async def test_blank_and_quit_work_in_the_class_quiz(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await open_quiz(pilot, 2)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause(0.3)
        assert not app.is_running


async def test_predict_then_run_shows_the_measurement_beside_the_class(ds_home, clock, monkeypatch):
    monkeypatch.setattr(class_quiz_module, "RUN_SIZE", "small")
    number = next(i for i, q in enumerate(HARDWARE.quiz) if q.kind is QuestionKind.PREDICT and q.metric == "speedup.threads")
    question = HARDWARE.quiz[number]
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_quiz(pilot, number)
        quiz = screen.quiz
        assert quiz.runnable
        await pilot.press("right", "right")
        await type_votes(pilot, 3, 12, 5)  # most say B
        await pilot.press("pagedown")
        await pilot.pause()
        assert quiz.phase is Phase.DISTRIBUTION and "run the demo" in str(screen.query_one("#cq-hint").render())
        await pilot.press("right")
        await pilot.pause()
        assert quiz.phase is Phase.RUN
        assert screen.query_one("#cq-metric", Digits).value == "-.--"
        # the run the question describes ("4 threads"), at the classroom's size
        assert question.demo_settings == {"workers": 4}
        assert screen.query_one("#demo-workers", Input).value == "4"
        assert screen.query_one("#demo-size", Select).value == "small"
        for _ in range(600):  # the small demo: a few seconds
            await pilot.pause(0.1)
            if quiz.ran:
                break
        assert quiz.ran and quiz.measured is not None
        assert screen.query_one("#cq-metric", Digits).value.endswith("×")
        assert screen.query_one("#demo-cores").display  # the per-core bars
        await pilot.press("right")
        await pilot.pause()
        assert quiz.phase is Phase.REVEAL and not screen.query("#cq-demo")
        outcome = quiz.predict_outcome()
        shown = plain(screen.query_one("#cq-reveal", Static))
        assert "Measured:" in shown and f"{outcome.measured:.2f}×" in shown
        assert outcome.measured_option is not None and f"{outcome.measured_option.letter}:" in shown
        assert outcome.observed is not None and outcome.observed.en[:40] in shown.replace("\n", " ")
        assert "The class predicted ● B (60%)" in shown
        assert ("the class was right" in shown) is (outcome.class_was_right is True)
        assert ("Too close to call" in shown) is (len(outcome.too_close) > 1)
        assert quiz.correct_ids == (outcome.measured_option.id,)
        assert app.store is not None and app.store.demo_reports(question.demo)  # the run is saved like any other


async def test_countdown_expires_into_the_show_of_hands(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await open_quiz(pilot, 2)
        await pilot.press("right")
        clock.now += 61
        await pilot.pause(0.5)
        assert screen.quiz.phase is Phase.VOTES
        assert app.focused is screen.query_one("#vote-a")


# -- the keymap file --------------------------------------------------------------------------------------
async def test_keymap_file_rebinds_the_clicker_keys(ds_home):
    (ds_home / "keymap.toml").write_text('"present.next" = "n,pagedown"\n"present.blank" = "w"\n', encoding="utf-8")
    app = presenting(ds_home, lesson="thread-or-process")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 1
        await pilot.press("b")  # no longer the blank key
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen


async def test_a_broken_keymap_file_is_a_warning_not_a_crash(ds_home):
    (ds_home / "keymap.yaml").write_text("present.next: [unclosed\n", encoding="utf-8")
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("keymap.yaml" in str(n.message) and n.severity == "warning" for n in app._notifications)
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.index == 1  # the default keys work


# -- the notes follower ---------------------------------------------------------------------------------------
def notes_text(app: NotesApp) -> str:
    return "\n".join(str(app.query_one(s).render()) for s in ("#notes-status", "#notes-title", "#notes-next"))


async def test_notes_follow_the_presenter_step_by_step(ds_home, clock):
    presenter = presenting(ds_home)
    notes = NotesApp(lang="en", home=ds_home)
    async with presenter.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        async with notes.run_test(size=(60, 18)) as follower:
            await follower.pause(0.4)
            sections = HARDWARE.sections
            assert sections[0].title.en in notes_text(notes) and f"Next: {sections[1].title.en}" in notes_text(notes)
            assert notes.query_one("#notes-body").source == sections[0].notes.en
            await pilot.press("right")
            await pilot.pause()
            await follower.pause(0.4)
            assert f"2. {sections[1].title.en}" in notes_text(notes) and "Slide 2/15" in notes_text(notes)
            assert notes.query_one("#notes-body").source == sections[1].notes.en
            await pilot.press("b")
            await pilot.pause()
            await follower.pause(0.4)
            assert "blanked" in notes_text(notes)
            await pilot.press("b", "k")
            await pilot.pause()
            await follower.pause(0.4)
            assert "Class quiz · question 1/20" in notes_text(notes)
            answer = HARDWARE.quiz[0]
            assert f"{answer.answer:g}" in notes.query_one("#notes-body").source  # the answer, for the teacher
            await follower.press("l")
            await follower.pause(0.4)
            assert "Câu hỏi cho cả lớp" in notes_text(notes)
            await pilot.press("k", "q", "y")
            await pilot.pause(0.3)
    # the presenter is gone: the follower says it waits (checked with a fresh follower on the same folder)
    notes = NotesApp(lang="en", home=ds_home)
    async with notes.run_test(size=(60, 18)) as follower:
        await follower.pause(0.3)
        assert "Waiting for ds-tui present" in notes_text(notes)


async def test_notes_say_a_dead_presenter_stopped(ds_home):
    import subprocess
    import sys
    import time

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    write_state(state_path(ds_home), PresenterState(
        pid=child.pid, lesson_id="your-hardware", lesson_title={"en": "Your hardware", "vi": "Phần cứng"},
        slide=0, total=15, started_at=time.time(), updated_at=time.time()))
    notes = NotesApp(lang="en", home=ds_home)
    async with notes.run_test(size=(60, 18)) as follower:
        await follower.pause(0.3)
        text = notes_text(notes)
        assert f"process {child.pid}" in text and "has stopped" in text and "Waiting for ds-tui present" in text


async def test_notes_survive_a_garbled_state_file(ds_home):
    state_path(ds_home).write_text("{not json", encoding="utf-8")
    notes = NotesApp(lang="vi", home=ds_home)
    async with notes.run_test(size=(60, 18)) as follower:
        await follower.pause(0.3)
        assert "Đang chờ ds-tui present" in notes_text(notes)


async def test_state_file_says_where_the_presenter_is(ds_home):
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.press("g", "3", "enter")
        await pilot.pause()
        data = json.loads(state_path(ds_home).read_text(encoding="utf-8"))
        assert data["lesson_id"] == "your-hardware" and data["slide"] == 2 and data["pid"] == os.getpid()
        assert data["notes"]["vi"] == HARDWARE.sections[2].notes.vi
        assert data["next_title"]["en"] == HARDWARE.sections[3].title.en


# -- the command line -------------------------------------------------------------------------------------------
def test_present_an_unknown_lesson_lists_the_ids(capsys):
    from ds_tui.cli import main

    assert main(["present", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no lesson 'nope'" in err
    for lesson_id in LESSONS:
        assert lesson_id in err


def test_present_an_unknown_lesson_never_imports_textual():
    import subprocess
    import sys

    code = ("import sys\nfrom ds_tui.cli import main\nrc = main(['present', 'nope'])\n"
            "print('RC', rc, sorted(m for m in sys.modules if m.startswith('textual')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "RC 2 []" in result.stdout, result.stdout + result.stderr


def test_readme_lists_every_classroom_binding_id():
    import re
    from pathlib import Path

    from ds_tui.ui.user_keys import known_binding_ids

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Classroom"):readme.index("## Writing a lesson")]
    listed = set(re.findall(r"`((?:present|quiz|confirm|goto|home|notes)\.[a-z_]+)`", section)) - {"present.json"}
    assert listed == known_binding_ids(DsTuiApp())


# -- every clicker key in every step of the class quiz ------------------------------------------------------
Q3 = 2  # your-hardware's question 3: four options, C right
SPEEDUP = next(i for i, q in enumerate(HARDWARE.quiz) if q.kind is QuestionKind.PREDICT and q.metric == "speedup.threads")
_COUNTED = ["right", "right", "4", "enter", "6", "enter", "9", "enter", "1", "right"]  # 9 of 20 right: 45%
STEPS: dict[str, tuple[int, list[str], tuple[Phase, int]]] = {
    "question": (Q3, [], (Phase.QUESTION, 1)),
    "countdown": (Q3, ["right"], (Phase.COUNTDOWN, 1)),
    "countdown_paused": (Q3, ["right", "p"], (Phase.COUNTDOWN, 1)),
    "votes": (Q3, ["right", "right", "4", "enter", "6"], (Phase.VOTES, 1)),  # the cursor in B's field
    "distribution": (Q3, _COUNTED, (Phase.DISTRIBUTION, 1)),
    "peer": (Q3, _COUNTED + ["right"], (Phase.PEER, 1)),
    "second_countdown": (Q3, _COUNTED + ["right", "right"], (Phase.COUNTDOWN, 2)),
    "second_votes": (Q3, _COUNTED + ["right", "right", "right", "1", "enter", "2", "enter", "1", "6"], (Phase.VOTES, 2)),
    "run": (SPEEDUP, ["right", "right", "3", "enter", "12", "enter", "5", "right", "right"], (Phase.RUN, 1)),
    "reveal": (Q3, _COUNTED + ["a"], (Phase.REVEAL, 1)),
}
NEXT_STEP = {"question": (Phase.COUNTDOWN, 1), "countdown": (Phase.VOTES, 1), "countdown_paused": (Phase.VOTES, 1),
             "votes": (Phase.DISTRIBUTION, 1), "distribution": (Phase.PEER, 1), "peer": (Phase.COUNTDOWN, 2),
             "second_countdown": (Phase.VOTES, 2), "second_votes": (Phase.DISTRIBUTION, 2), "run": (Phase.REVEAL, 1)}
BACK_STEP = {"countdown": (Phase.QUESTION, 1), "countdown_paused": (Phase.QUESTION, 1), "votes": (Phase.COUNTDOWN, 1),
             "distribution": (Phase.VOTES, 1), "peer": (Phase.DISTRIBUTION, 1), "second_countdown": (Phase.PEER, 1),
             "second_votes": (Phase.COUNTDOWN, 2), "run": (Phase.DISTRIBUTION, 1), "reveal": (Phase.DISTRIBUTION, 1)}
CLICKER_KEYS = ["right", "pagedown", "space", "enter", "left", "pageup", "full_stop", "b", "f5", "escape", "k", "g",
                "q", "p", "plus", "minus", "a", "s", "r", "c", "up", "down", "question_mark", "l"]


async def reach(pilot, step: str) -> ClassQuizScreen:
    """A fresh class quiz brought to ``step`` with the teacher's keys, from the slides."""
    app = pilot.app
    while not isinstance(app.screen, PresentScreen):
        app.pop_screen()
        await pilot.pause()
    present = app.screen
    present.class_quizzes.clear()
    number, keys, (phase, round_) = STEPS[step]
    present.quiz_number = number
    await pilot.press("k")
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClassQuizScreen) and screen.number == number
    assert (screen.quiz.phase, screen.quiz.round) == (phase, round_), step
    return screen


async def reset(pilot, step: str) -> ClassQuizScreen:
    """``step`` again, made by the quiz's own moves (quicker than the keys): the class quiz screen, its
    question afresh, brought to the step; in a show of hands the counts are typed as in ``STEPS``."""
    app = pilot.app
    while not isinstance(app.screen, (PresentScreen, ClassQuizScreen)):
        app.pop_screen()
        await pilot.pause()
    if isinstance(app.screen, PresentScreen):
        await pilot.press("k")
        await pilot.pause()
    screen = app.screen
    number, _, (phase, round_) = STEPS[step]
    if isinstance(app.focused, Input):
        app.set_focus(None)
    screen.quizzes.clear()
    screen.number = number
    quiz = screen.quiz
    now = class_quiz_module.monotonic()
    counts = {"a": 3, "b": 12, "c": 5} if step == "run" else {"a": 4, "b": 6, "c": 9, "d": 1}
    typed: list[str] = []
    if step != "question":
        quiz.next(now)
    if step == "countdown_paused":
        quiz.countdown.pause(now)
    if step in ("votes", "distribution", "peer", "second_countdown", "second_votes", "run", "reveal"):
        quiz.next(now)
        typed = ["4", "enter", "6"]
    if step in ("distribution", "peer", "second_countdown", "second_votes", "run", "reveal"):
        quiz.record_votes(counts)
        typed = []
    if step in ("peer", "second_countdown", "second_votes", "run"):
        quiz.next(now)
    if step in ("second_countdown", "second_votes"):
        quiz.next(now)
    if step == "second_votes":
        quiz.next(now)
        typed = ["1", "enter", "2", "enter", "1", "6"]
    if step == "reveal":
        quiz.reveal()
    screen._rendered = None
    screen._redraw()
    await pilot.pause()
    await pilot.pause()
    for key in typed:
        await pilot.press(key)
    await pilot.pause()
    assert (screen.quiz.phase, screen.quiz.round) == (phase, round_), step
    return screen


def where(app) -> tuple:
    screen = app.screen
    if not isinstance(screen, ClassQuizScreen):
        return (type(screen).__name__,)
    quiz = screen.quiz
    paused = quiz.countdown.paused if quiz.countdown else None
    return screen.number, quiz.phase, quiz.round, paused


async def there_and_back(pilot, key: str, shown: type, back: str) -> None:
    """``key`` opens ``shown`` over the quiz; ``back`` closes it again."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, shown), key
    await pilot.press(back)
    await pilot.pause()
    assert isinstance(pilot.app.screen, ClassQuizScreen), key


@pytest.mark.parametrize("step", list(STEPS))
async def test_every_clicker_key_works_in_every_step(ds_home, clock, monkeypatch, step):
    """In each step of the class quiz, each key the help lists does what it says, and nothing else: the
    ones that open something (blank, go to, quit, help, summary) close again onto the same step, with
    the cursor where it was and every key still in the footer."""
    from ds_tui.ui.screens.class_quiz import VoteInput
    from ds_tui.ui.screens.class_summary import ClassSummaryScreen

    monkeypatch.setattr(class_quiz_module, "RUN_SIZE", "small")
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await reach(pilot, step)
        in_field = step in ("votes", "second_votes")
        for key in CLICKER_KEYS:
            quiz = screen.quiz
            before = where(app)
            number, phase, round_, paused = before
            footer_before = footer_keys(app)
            think, left = quiz.think_s, quiz.countdown.remaining(clock.now) if quiz.countdown else None
            focus_before = app.focused
            changed = True
            if key in ("full_stop", "b", "f5", "escape"):
                await there_and_back(pilot, key, BlankScreen, key)
                changed = False
            elif key == "g":
                await there_and_back(pilot, "g", GotoScreen, "escape")
                changed = False
            elif key == "q":
                await there_and_back(pilot, "q", ConfirmScreen, "n")
                changed = False
            elif key == "question_mark":
                await there_and_back(pilot, "question_mark", HelpScreen, "escape")
                changed = False
            elif key == "s":
                await there_and_back(pilot, "s", ClassSummaryScreen, "left")
                changed = False
            elif key == "k":  # back to the slides, and in again where the class was
                await pilot.press("k")
                await pilot.pause()
                assert isinstance(app.screen, PresentScreen)
                await pilot.press("k")
                await pilot.pause()
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ClassQuizScreen)
                now = where(app)
                assert now[:3] == before[:3], (step, key)
                if phase is Phase.COUNTDOWN:
                    assert now[3] is True  # the countdown waited
                if in_field:
                    assert screen.query_one("#vote-a").value == ("4" if round_ == 1 else "1")  # typed, kept
                    assert isinstance(app.focused, VoteInput)
                changed = phase is Phase.COUNTDOWN or step == "run"
            elif key == "l":
                await pilot.press("l")
                await pilot.pause()
                assert app.lang == "vi" and "Tiếp" in footer_keys(app) and where(app) == before
                await pilot.press("l")
                await pilot.pause()
                assert app.lang == "en"
                changed = False
            else:
                await pilot.press(key)
                await pilot.pause()
                await pilot.pause()
                after = where(app)
                if key in ("right", "pagedown", "space", "enter"):
                    if key == "space" and phase is Phase.COUNTDOWN:
                        assert after == (number, phase, round_, not paused), (step, key)
                    elif key == "enter" and in_field:
                        assert after == before and app.focused is not focus_before
                        assert isinstance(app.focused, VoteInput), (step, key)  # the next option's field
                    elif step == "reveal":
                        assert after[:3] == (number + 1, Phase.QUESTION, 1), (step, key)
                    else:
                        assert after[1:3] == NEXT_STEP[step] and after[0] == number, (step, key, after)
                elif key in ("left", "pageup"):
                    if step == "question":  # the previous question
                        assert after[:2] == (number - 1, Phase.QUESTION), (step, key)
                    else:
                        assert after[:3] == (number, *BACK_STEP[step]), (step, key, after)
                    if step == "votes":
                        assert screen.quiz.draft == {"a": 4, "b": 6}  # the counts typed wait for the way back
                elif key == "p":
                    if phase is Phase.COUNTDOWN:
                        assert after == (number, phase, round_, not paused), (step, key)
                    else:
                        assert after == before, (step, key)
                elif key in ("plus", "minus"):
                    delta = 15 if key == "plus" else -15
                    assert after == before, (step, key)
                    if phase is Phase.COUNTDOWN:
                        assert screen.quiz.countdown.remaining(clock.now) == left + delta, (step, key)
                    elif phase in (Phase.QUESTION, Phase.PEER):
                        assert screen.quiz.think_s == think + delta, (step, key)
                    else:
                        assert screen.quiz.think_s == think, (step, key)
                elif key == "a":
                    assert after[:2] == (number, Phase.REVEAL), (step, key)
                elif key == "c" and step == "run":
                    assert after[:2] == (number, Phase.RUN)
                else:  # r, c (where there is nothing to run or cancel), up, down: nothing moves, nothing breaks
                    assert after == before, (step, key)
                changed = where(app) != before or key in ("c", "plus", "minus")
            assert app.is_running and isinstance(app.screen, ClassQuizScreen), (step, key)
            if not changed:
                assert where(app) == before, (step, key)
                if in_field:
                    assert isinstance(app.focused, VoteInput), (step, key)  # the cursor is where it was
                lasting = [k for k in footer_before if k != "Cancel"]  # a demo's cancel key ends with the run
                assert [k for k in footer_keys(app) if k != "Cancel"] == lasting, (step, key)  # every key stays
            else:
                screen = await reset(pilot, step)


# -- what went wrong at the projector ------------------------------------------------------------------------
async def test_right_in_a_count_field_shows_the_votes(ds_home, clock):
    """→ is what a clicker sends and what the hint says: in a count field it used to move the cursor."""
    from textual import events

    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("3", "right")
        await pilot.pause()
        assert screen.quiz.phase is Phase.DISTRIBUTION and screen.quiz.votes[0].counts["a"] == 3
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)
        for key, char in (("7", "7"), ("enter", None), ("2", "2"), ("right", None)):  # a burst: the 2 counts too
            app.post_message(events.Key(key, char))
        for _ in range(4):
            await pilot.pause()
        assert screen.quiz.phase is Phase.DISTRIBUTION
        assert screen.quiz.votes[0].counts == {"a": 7, "b": 2, "c": 0, "d": 0}


async def test_after_go_to_the_arrow_still_moves_the_quiz_on(ds_home, clock):
    """The fields of a question counted before kept the focus, hidden, after "go to": → went to them."""
    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)
        await type_votes(pilot, 4, 6, 9, 1)
        await pilot.press("pagedown", "right", "a")  # the votes, the discussion, the answer
        await pilot.pause()
        assert screen.quiz.phase is Phase.REVEAL
        await pilot.press("g", "8", "enter")  # question 8: four options
        await pilot.pause()
        assert screen.number == 7 and app.focused is None
        await pilot.press("right")
        assert screen.quiz.phase is Phase.COUNTDOWN
        await pilot.press("right")
        await pilot.pause()
        assert screen.quiz.phase is Phase.VOTES


async def test_k_and_every_key_from_a_count_field(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await at_show_of_hands(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert {"Next", "Answer", "Blank", "Slides", "Quit", "Help", "Tiếng Việt"} <= set(footer_keys(app))
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)


async def test_the_class_quiz_resumes_where_the_class_was(ds_home, clock):
    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_quiz(pilot, 2)
        await pilot.press("right")  # thinking time
        clock.now += 20
        await pilot.pause(0.3)
        await pilot.press("k")
        await pilot.pause()
        present = app.screen
        assert isinstance(present, PresentScreen)
        clock.now += 600  # the class went back to a slide for ten minutes: the countdown waited
        present.go_to(len(present.slides) - 1)
        await pilot.pause()
        await pilot.press("right")  # next on the last slide: the class quiz, where the class was
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, ClassQuizScreen) and screen.number == 2
        assert screen.quiz.phase is Phase.COUNTDOWN and screen.quiz.countdown.paused
        assert screen.query_one("#cq-digits", Digits).value == "0:40"


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_back_to_a_long_slide_shows_its_end_and_says_so(ds_home, lang):
    app = presenting(ds_home, lang=lang, lesson="thread-or-process")
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = app.screen
        while screen.index < 4:
            await pilot.press("right")
            await pilot.pause()
        checked = 0
        while screen.index > 0 or screen.scroller.scroll_y > 0:
            index = screen.index
            await pilot.press("left")
            for _ in range(6):
                await pilot.pause(0.05)
            if screen.index != index:  # a previous slide: its last page, and the bar says so
                scroll = screen.scroller
                number = str(screen.query_one("#slide-number", Static).render())
                assert scroll.scroll_y == scroll.max_scroll_y, (screen.index, scroll.scroll_y, scroll.max_scroll_y)
                if scroll.max_scroll_y > 0:
                    assert "▼" not in number and f"{screen.index + 1}/" in number
                    page = number.split()[1]  # "page 4/4"
                    assert page.split("/")[0] == page.split("/")[1], number
                    checked += 1
        assert checked >= 3


async def test_the_language_switch_and_toasts_leave_the_slide_number_readable(ds_home):
    from textual.widgets._toast import Toast

    app = presenting(ds_home, lesson="thread-or-process")
    async with app.run_test(size=(60, 18), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "vi" and not screen.query(Toast) and not app._notifications  # the switch shows itself
        screen.go_to(len(screen.slides) - 2)
        await pilot.pause()
        screen.notify("a message")
        await pilot.pause(0.2)
        toasts = list(screen.query(Toast))
        number = screen.query_one("#slide-number", Static)
        assert toasts and all(not t.region.overlaps(number.region) for t in toasts)
        assert "Slide" in str(number.render())


async def test_q_says_what_it_does_when_presenting_from_the_lesson_list(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, theme="nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert "End" in footer_keys(app) and "Quit" not in footer_keys(app)
        await pilot.press("k")  # the class quiz says the same
        await pilot.pause()
        assert "End" in footer_keys(app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "lesson list" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
    app = presenting(ds_home, lang="vi")  # `ds-tui present`: q quits, and says so
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Thoát" in footer_keys(app)
        await pilot.press("q")
        await pilot.pause()
        assert "Thoát ds-tui?" in str(app.screen.query_one("#confirm-question", Static).render())


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def squeezed(text: str) -> str:
    return "".join(text.split()).replace("\u2800", "")


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("lesson_id", list(LESSONS))
async def test_at_60x18_every_option_and_item_is_on_screen_while_the_class_thinks(ds_home, clock, lesson_id, lang):
    """Every question of the bundled lessons (every kind), during its countdown at a zoomed projector's
    60x18: the prompt, each option or item (and the categories) inside the visible region, nothing to
    scroll, the clock on screen, the footer there, and the hint whole (a code question short of rows
    gives up the hint bar). A code-reading question's snippet (up to 10 lines)
    is shown without its fences; where it needs more rows than are left, it scrolls on its own, says how
    many lines are out of sight, and ↓ brings its last line into view."""
    from rich.cells import cell_len

    from ds_tui.classroom.class_text import discussion_lines, prompt_parts
    from ds_tui.classroom.class_votes import class_options

    lesson = LESSONS[lesson_id]
    app = presenting(ds_home, lang=lang, lesson=lesson_id)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        for number, question in enumerate(lesson.quiz):
            screen.quizzes.clear()
            screen.number = number
            screen.quiz.next(clock.now)  # the countdown
            screen._redraw()
            await pilot.pause()
            await pilot.pause()
            scroll = screen.scroller
            assert scroll.max_scroll_y == 0 and scroll.scroll_y == 0, (number + 1, question.kind)
            shown = squeezed(screen_text(app))
            texts = [o.text.show(lang) for o in class_options(question)] or discussion_lines(question, lang)
            prompt, code, _ = prompt_parts(question.prompt.show(lang))
            for text in [prompt] + texts:
                plain_text = text.replace("**", "").replace("`", "").removeprefix("• ")
                words = plain_text.split()
                assert squeezed(plain_text) in shown or all(squeezed(w) in shown for w in words), (number + 1, text)
            assert screen_text(app).splitlines()[0].rstrip().endswith(("1:00 left", "còn 1:00"))  # the clock
            if screen.query_one("#cq-bar").display:  # a code question short of rows gives up the hint bar's row
                hint = screen.query_one("#cq-hint", Static)
                assert cell_len(str(hint.render())) <= hint.size.width, str(hint.render())
            else:
                assert code is not None
            assert screen.query_one(KeyFooter).display  # never the footer's: quit and next stay on screen
            if code is None:
                continue
            assert "```" not in screen_text(app)  # the fences are not shown
            lines = [line.strip() for line in code.splitlines() if line.strip()]
            assert squeezed(lines[0]) in shown, (number + 1, lines[0])  # the snippet starts on screen
            box, more = screen.query_one("#cq-code"), screen.query_one("#cq-code-more", Static)
            assert box.region.height >= 2 and box.region.bottom <= scroll.region.bottom
            if box.max_scroll_y == 0:
                assert not more.display and squeezed(lines[-1]) in shown, (number + 1, lines[-1])
                continue
            assert more.display and more.region.height == 1
            assert str(more.render()).startswith("↓"), str(more.render())  # "↓ 4 more lines of code (↑↓ scroll)"
            for _ in range(round(box.max_scroll_y)):
                await pilot.press("down")
            await pilot.pause()
            assert box.scroll_y == box.max_scroll_y and scroll.scroll_y == 0  # the snippet scrolled, not the step
            assert squeezed(lines[-1]) in squeezed(screen_text(app)), (number + 1, lines[-1])
            assert str(more.render()).startswith(("End of the code", "Hết đoạn mã"))
            for text in texts:  # the options stayed where they were
                assert all(squeezed(w) in squeezed(screen_text(app)) for w in text.replace("`", "").split())


@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_every_hint_fits_the_bar_at_60x18(ds_home, clock, monkeypatch, lang):
    """The hint says which key does what: at 60x18 it is never cut ("→ xem · để …")."""
    from rich.cells import cell_len

    monkeypatch.setattr(class_quiz_module, "RUN_SIZE", "small")
    app = presenting(ds_home, lang=lang)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        for step in STEPS:
            screen = await reset(pilot, step)
            hint = screen.query_one("#cq-hint", Static)
            text = str(hint.render())
            assert cell_len(text) <= hint.size.width, (step, text)
        await pilot.press("s")
        await pilot.pause()
        hint = app.screen.query_one("#sum-hint", Static)
        assert cell_len(str(hint.render())) <= hint.size.width


# -- the thinking time ---------------------------------------------------------------------------------------------
async def test_a_questions_timer_and_plus_minus_set_the_thinking_time(ds_home, clock):
    from msgspec.structs import replace

    app = presenting(ds_home)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        present = app.screen
        quiz = list(present.lesson.quiz)
        quiz[2] = replace(quiz[2], timer_s=90)
        present.lesson = replace(present.lesson, quiz=tuple(quiz))
        screen = await open_quiz(pilot, 2)
        assert "→ 90 s to think" in str(screen.query_one("#cq-hint", Static).render())
        await pilot.press("minus", "minus", "plus", "minus")  # before the countdown: its length, live
        await pilot.pause()
        assert "→ 60 s to think" in str(screen.query_one("#cq-hint", Static).render())
        await pilot.press("right")
        await pilot.pause()
        assert str(screen.query_one("#cq-clock", Static).render()) == "1:00 left"  # one line at the top, at 60x18
        clock.now += 10
        await pilot.press("minus")  # during it: what is left
        await pilot.pause(0.3)
        assert "0:35" in str(screen.query_one("#cq-clock", Static).render())
        await pilot.press("p")
        await pilot.pause()
        assert "0:35" in str(screen.query_one("#cq-clock", Static).render())
        assert screen.query_one("#cq-clock").has_class("-paused")
        await pilot.press("g", "8", "enter")  # another question without a timer_s: the default
        await pilot.pause()
        assert "→ 60 s to think" in str(screen.query_one("#cq-hint", Static).render())


# -- the class summary -----------------------------------------------------------------------------------------------
async def test_the_class_summary_is_saved_and_written_as_csv(ds_home, clock, tmp_path):
    import csv
    import time

    app = presenting(ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await at_show_of_hands(pilot)  # question 3
        await type_votes(pilot, 4, 6, 9, 1)  # 45% right: discuss, vote again
        await pilot.press("right", "right", "right", "right")
        await type_votes(pilot, 1, 2, 16, 1)  # 80%
        await pilot.press("right", "right")
        assert screen.quiz.phase is Phase.REVEAL
        await pilot.press("right", "a")  # question 4, discussed, the answer
        last = len(HARDWARE.quiz)
        await pilot.press("g", *str(last), "enter", "a", "right")  # the last question's answer, then next
        await pilot.pause()
        summary = app.screen
        from ds_tui.ui.screens.class_summary import ClassSummaryScreen, ExportScreen

        assert isinstance(summary, ClassSummaryScreen)
        shown = plain(summary.query_one("#sum-body", Static))
        assert "questions asked: 3" in shown and "20 · 45%" in shown and "20 · 80%" in shown and "+35" in shown
        assert "discussed" in shown and "45% on the first vote, 80% on the last" in shown
        sessions = app.store.class_sessions("your-hardware")
        assert len(sessions) == 1 and [r.number for r in sessions[0].results] == [3, 4, last]
        assert sessions[0].results[0].votes == ({"a": 4, "b": 6, "c": 9, "d": 1}, {"a": 1, "b": 2, "c": 16, "d": 1})
        await pilot.press("e")  # the data folder, offered first
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-folder", Input).value == str(ds_home)
        await pilot.press("enter")
        await pilot.pause()
        started = time.strftime("%Y%m%d-%H%M", time.localtime(app.screen.present.class_started))
        path = ds_home / f"class-summary-{started}.csv"
        assert app.screen is summary and path.exists()
        assert str(path) in str(summary.query_one("#sum-saved", Static).render())  # says where
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert [r["question"] for r in rows] == ["3", "4", str(last)]
        assert rows[0]["vote1_right_pct"] == "45" and rows[0]["vote2_right_pct"] == "80" and rows[0]["change_pts"] == "35"
        assert rows[0]["vote1_counts"] == "A=4 B=6 C=9 D=1" and rows[0]["right_options"] == "C"
        await pilot.press("e")  # a folder that is not there: said in the box, nothing breaks
        await pilot.pause()
        field = app.screen.query_one("#export-folder", Input)
        field.value = str(tmp_path / "nope")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and "no folder" in str(app.screen.query_one("#export-hint").render())
        field.value = str(tmp_path)  # a folder of the teacher's choice
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is summary and (tmp_path / path.name).exists()
        await pilot.press("k")  # back to the slides; the quiz kept, the session updated, not doubled
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen) and len(app.store.class_sessions()) == 1


async def test_the_summary_compares_with_earlier_classes(ds_home, clock):
    for counts in ((2, 2, 6, 0), (5, 5, 0, 0)):  # two classes on the same lesson
        app = presenting(ds_home)
        async with app.run_test(size=(60, 18)) as pilot:
            await settle(pilot)
            await at_show_of_hands(pilot)
            await type_votes(pilot, *counts)
            await pilot.press("pagedown", "a", "s")
            await pilot.pause()
            shown = plain(app.screen.query_one("#sum-body", Static))
    assert "Earlier classes" in shown and "60% → 60%" in shown  # the first class: 6 of 10 right
    assert "0%" in shown  # this class: nobody right


async def test_a_slides_calculator_leaves_the_teachers_keys_to_the_presentation(ds_home, snapshot_lessons):
    """The first slide of the fixture's training lesson holds the compute calculator: its fields must
    not take the focus by themselves, or k, g and b would be typed into them instead of obeyed."""
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("present", lesson="snap-training"), theme="projector")
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        fields = app.screen.query(Input)
        assert fields, "the slide should show the calculator"
        before = [field.value for field in fields]
        await pilot.press("question_mark")  # the help, and back: the screen resumes with the calculator mounted
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.focused, Input)
        await pilot.press("k")
        await pilot.pause()
        assert [field.value for field in app.screen_stack[1].query(Input)] == before  # nothing typed
        assert isinstance(app.screen, ClassQuizScreen)  # k started the class quiz
