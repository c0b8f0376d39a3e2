"""Classroom mode's core: slides, the class quiz's rules and flow, the presenter's state file, the keymap."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from ds_tui.classroom.class_quiz import DEFAULT_THINK_S, ClassQuiz, Countdown, Phase, class_results, clock_text
from ds_tui.classroom.class_results import CSV_COLUMNS, QuestionResult, average_right, summary_csv, summary_filename
from ds_tui.classroom.class_text import answer_lines, discussion_lines, format_metric
from ds_tui.classroom.class_votes import Tally, class_options, in_peer_band, parse_count, percentages
from ds_tui.classroom.presence import (
    STALE_AFTER_S, PresenterState, QuizState, clear_state, elapsed_text, is_stale, read_state, state_path,
    write_state,
)
from ds_tui.classroom.slides import QUIZ, SECTION, build_slides, find_lesson, page_at, page_count, page_step
from ds_tui.keymap import load_keymap
from ds_tui.lessons import load_library, load_paths
from ds_tui.lessons.model import Option, Question, QuestionKind, SingleQuestion, Text

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED = load_library().lessons
SAMPLE = load_paths([FIXTURES / "every_kind.yaml"]).lessons[0]


def question(kind: str) -> Question:
    return next(q for q in SAMPLE.quiz if q.kind is QuestionKind(kind))


def single(right: str = "b", n: int = 4) -> Question:
    options = tuple(Option(chr(97 + i), Text(en=f"option {i}"), Text(en=f"why {i}"), chr(97 + i) == right)
                    for i in range(n))
    return SingleQuestion("q", Text(en="Which?"), Text(en="Because."), options=options)


# -- slides ----------------------------------------------------------------------------------------
def test_one_slide_per_section_then_the_class_quiz():
    lesson = BUNDLED[0]
    slides = build_slides(lesson)
    assert [s.kind for s in slides] == [SECTION] * len(lesson.sections) + [QUIZ]
    assert [s.section_id for s in slides[:-1]] == [s.id for s in lesson.sections]
    assert slides[0].notes == lesson.sections[0].notes and slides[0].title == lesson.sections[0].title
    assert str(len(lesson.quiz)) in slides[-1].body.en and str(len(lesson.quiz)) in slides[-1].body.vi
    embedded = [s for s in slides if s.embed is not None]
    assert embedded and all(s.embed == lesson.sections[lesson.section_index(s.section_id)].embed for s in embedded)


def test_a_lesson_without_questions_has_no_quiz_slide():
    from msgspec.structs import replace

    lesson = replace(BUNDLED[0], quiz=())
    assert all(s.kind == SECTION for s in build_slides(lesson))


@pytest.mark.parametrize("wanted", ["your-hardware", "01-your-hardware", "1", "Your-Hardware"])
def test_a_lesson_is_found_by_id_file_name_or_number(wanted):
    assert find_lesson(BUNDLED, wanted).id == "your-hardware"


def test_an_unknown_lesson_is_none():
    assert find_lesson(BUNDLED, "nope") is None and find_lesson(BUNDLED, "99") is None


def test_paging_arithmetic():
    assert page_step(14) == 13  # one line of the last page stays in view
    assert page_count(10, 14) == 1 and page_count(14, 14) == 1
    assert page_count(15, 14) == 2 and page_count(27, 14) == 2 and page_count(28, 14) == 3
    assert page_at(0, 40, 14) == 0 and page_at(13, 40, 14) == 1 and page_at(26, 40, 14) == 2
    assert page_at(40 - 14, 40, 14) == page_count(40, 14) - 1  # the bottom is the last page
    assert page_count(100, 0) == 1


# -- the countdown ---------------------------------------------------------------------------------
def test_countdown_runs_pauses_resumes_and_extends():
    c = Countdown(60, started=100.0)
    assert c.remaining(100.0) == 60 and c.remaining(130.0) == 30
    c.pause(130.0)
    assert c.paused and c.remaining(200.0) == 30  # paused: time stands still
    c.resume(200.0)
    assert not c.paused and c.remaining(210.0) == 20
    c.extend(210.0)  # + 15 s
    assert c.remaining(210.0) == 35
    c.toggle(215.0)
    assert c.paused and c.remaining(999.0) == 30
    c.toggle(1000.0)
    assert c.remaining(1030.0) == 0 and c.expired(1030.0)


def test_extending_a_countdown_that_ran_out_counts_from_now():
    c = Countdown(10, started=0.0)
    assert c.expired(50.0)
    c.extend(50.0, 15)
    assert c.remaining(50.0) == 15 and not c.expired(60.0) and c.expired(65.0)


def test_shortening_a_countdown_leaves_at_least_five_seconds():
    c = Countdown(60, started=0.0)
    assert c.shorten(10.0, 15) and c.remaining(10.0) == 35
    assert c.shorten(10.0, 40) and c.remaining(10.0) == 5  # not to zero: the class sees it end
    assert not c.shorten(10.0, 15) and c.remaining(10.0) == 5
    assert not c.shorten(100.0, 15) and c.expired(100.0)


@pytest.mark.parametrize(("seconds", "shown"), [(60, "1:00"), (59.2, "1:00"), (59.0, "0:59"), (0.3, "0:01"),
                                                (0, "0:00"), (-3, "0:00"), (75, "1:15"), (600, "10:00")])
def test_clock_text_rounds_up(seconds, shown):
    assert clock_text(seconds) == shown


# -- votes and the peer-instruction band -------------------------------------------------------------
def test_percentages_add_up_to_100():
    assert percentages([1, 1, 1]) == [34, 33, 33]
    assert percentages([2, 1]) == [67, 33]
    assert percentages([0, 0]) == [0, 0]
    assert percentages([7, 13]) == [35, 65]
    for counts in ([3, 3, 3, 3, 3, 3, 3], [1, 2, 3, 4, 5], [99, 1, 1]):
        assert sum(percentages(counts)) == 100


@pytest.mark.parametrize(("right", "total", "band"), [
    (7, 20, True),  # exactly 35%
    (14, 20, True),  # exactly 70%
    (34, 100, False), (35, 100, True), (70, 100, True), (71, 100, False),
    (349, 1000, False), (701, 1000, False), (1, 2, True), (0, 10, False), (10, 10, False),
])
def test_peer_instruction_band_edges(right, total, band):
    assert in_peer_band(Fraction(right, total)) is band
    assert in_peer_band(right / total) is band


def test_no_votes_is_not_in_the_band():
    assert in_peer_band(None) is False


def test_tally_share_and_most_voted():
    tally = Tally({"a": 3, "b": 5, "c": 5})
    assert tally.total == 13
    assert tally.share(["b"]) == Fraction(5, 13)
    assert tally.most_voted() == ("b", "c")
    assert tally.percent(["a", "b", "c"]) == [23, 38, 39] or sum(tally.percent(["a", "b", "c"])) == 100
    assert Tally({"a": 0}).share(["a"]) is None and Tally({"a": 0}).most_voted() == ()


@pytest.mark.parametrize(("raw", "value"), [("", 0), (" 12 ", 12), ("0", 0), ("-1", None), ("x", None), ("1.5", None)])
def test_typed_counts(raw, value):
    assert parse_count(raw) == value


# -- the class quiz flow ---------------------------------------------------------------------------------
def test_flow_with_peer_instruction_when_half_were_right():
    quiz = ClassQuiz(single("b"), think_s=30)
    assert [o.letter for o in quiz.options] == ["A", "B", "C", "D"] and len({o.shape for o in quiz.options}) == 4
    assert quiz.next(0.0) is Phase.COUNTDOWN and quiz.countdown.remaining(0.0) == 30
    assert not quiz.tick(29.0) and quiz.tick(30.0)  # time is up: on to the hands
    assert quiz.phase is Phase.VOTES and quiz.countdown is None
    assert quiz.record_votes({"a": 5, "b": 10, "c": 5}) is Phase.DISTRIBUTION  # d missing: 0
    assert quiz.votes[0].counts == {"a": 5, "b": 10, "c": 5, "d": 0}
    assert quiz.share_right(0) == Fraction(1, 2) and quiz.suggests_peer
    assert quiz.next(40.0) is Phase.PEER
    assert quiz.next(50.0) is Phase.COUNTDOWN and quiz.round == 2
    assert quiz.next(60.0) is Phase.VOTES
    assert quiz.record_votes({"b": 18, "a": 2}) is Phase.DISTRIBUTION
    assert len(quiz.votes) == 2 and quiz.share_right(1) == Fraction(9, 10)
    assert not quiz.suggests_peer  # one discussion is enough
    assert quiz.next(70.0) is Phase.REVEAL
    assert quiz.next(80.0) is Phase.REVEAL  # the screen moves on to the next question


def test_a_questions_timer_sets_the_thinking_time():
    from msgspec.structs import replace

    assert ClassQuiz(single()).think_s == DEFAULT_THINK_S
    quiz = ClassQuiz(replace(single(), timer_s=90))
    assert quiz.think_s == 90
    assert quiz.next(0.0) is Phase.COUNTDOWN and quiz.countdown.remaining(0.0) == 90
    assert ClassQuiz(replace(single(), timer_s=90), think_s=20).think_s == 20  # the screen's choice wins


def test_plus_and_minus_change_the_time_before_and_during_the_countdown():
    quiz = ClassQuiz(single("b"), think_s=30)
    assert quiz.adjust_time(0.0, 15) and quiz.think_s == 45  # before: the countdown to come
    assert quiz.adjust_time(0.0, -15) and quiz.adjust_time(0.0, -15) and quiz.think_s == 15
    assert quiz.adjust_time(0.0, -15) and quiz.think_s == 5  # never below 5 s
    assert not quiz.adjust_time(0.0, -15) and quiz.think_s == 5
    quiz.think_s = 595
    assert quiz.adjust_time(0.0, 15) and quiz.think_s == 600 and not quiz.adjust_time(0.0, 15)  # nor above 600
    quiz.think_s = 30
    quiz.next(0.0)
    assert quiz.adjust_time(10.0, 15) and quiz.countdown.remaining(10.0) == 35  # during: what is left
    assert quiz.adjust_time(10.0, -15) and quiz.countdown.remaining(10.0) == 20
    assert quiz.think_s == 30  # the next round's countdown is not changed by this one's
    quiz.next(11.0)
    assert quiz.phase is Phase.VOTES and not quiz.adjust_time(12.0, 15)  # nothing to time


def test_class_results_first_and_second_vote():
    asked = ClassQuiz(single("b"))
    asked.next(0)
    asked.next(1)
    asked.record_votes({"a": 5, "b": 10, "c": 5})
    asked.next(2)  # 50% right: discuss
    asked.next(3)
    asked.next(4)
    asked.record_votes({"a": 2, "b": 18})
    asked.next(5)
    discussed = ClassQuiz(question("numeric"))
    discussed.reveal()
    shown_only = ClassQuiz(single())  # on screen, never started: not in the summary
    results = class_results({0: asked, 3: discussed, 5: shown_only})
    assert [r.number for r in results] == [1, 4]
    first, second = results
    assert (first.hands(0), first.right_percent(0), first.hands(1), first.right_percent(1)) == (20, 50, 20, 90)
    assert first.change == 40 and first.revealed and first.right_letters == "B"
    assert first.counts_text(1) == "A=2 B=18 C=0 D=0"
    assert second.votes == () and second.right_percent(0) is None and second.revealed and second.change is None
    assert average_right(results) == 50 and average_right(results, last=True) == 90
    assert average_right([second]) is None


def test_summary_csv_one_row_per_question():
    import csv
    import io

    result = QuestionResult(3, "q-base-clock", "single", Text(en='The "base", clock', vi="Xung nhịp"),
                            {"a": "A", "b": "B"}, ({"a": 3, "b": 1}, {"a": 0, "b": 4}), ("b",), True)
    discussed = QuestionResult(4, "q-n", "numeric", Text(en="How many?"), revealed=True)
    rows = list(csv.reader(io.StringIO(summary_csv("your-hardware", "2025-06-15 15:06", [result, discussed], "en"))))
    assert rows[0] == list(CSV_COLUMNS)
    row = dict(zip(rows[0], rows[1]))
    assert row["prompt"] == 'The "base", clock' and row["right_options"] == "B"
    assert (row["vote1_hands"], row["vote1_right_pct"], row["vote2_right_pct"], row["change_pts"]) == ("4", "25", "100", "75")
    assert row["vote1_counts"] == "A=3 B=1" and row["revealed"] == "yes" and row["lesson"] == "your-hardware"
    empty = dict(zip(rows[0], rows[2]))
    assert empty["vote1_hands"] == "" and empty["change_pts"] == "" and empty["kind"] == "numeric"
    vi = list(csv.reader(io.StringIO(summary_csv("x", "", [result], "vi"))))
    assert vi[1][CSV_COLUMNS.index("prompt")] == "Xung nhịp"


def test_summary_file_name_says_when_the_class_began(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert summary_filename(1_750_000_000.0) == "class-summary-20250615-1506.csv"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(("right", "wrong", "peer"), [(7, 13, True), (14, 6, True), (6, 14, False), (15, 5, False)])
def test_peer_instruction_only_inside_the_band(right, wrong, peer):
    quiz = ClassQuiz(single("a", 2))
    quiz.next(0)
    quiz.next(1)
    quiz.record_votes({"a": right, "b": wrong})
    assert quiz.next(2) is (Phase.PEER if peer else Phase.REVEAL)


def test_no_hands_skips_the_distribution():
    quiz = ClassQuiz(single())
    quiz.next(0)
    quiz.next(1)
    assert quiz.record_votes({}) is Phase.REVEAL and quiz.votes == []


def test_reveal_at_any_time_and_back_step_by_step():
    quiz = ClassQuiz(single("b"))
    quiz.next(0)
    quiz.next(1)
    quiz.record_votes({"a": 3, "b": 1})
    assert quiz.phase is Phase.DISTRIBUTION
    assert quiz.back(2) and quiz.phase is Phase.VOTES
    assert quiz.votes == [] and quiz.draft == {"a": 3, "b": 1, "c": 0, "d": 0}  # typed again, corrected
    assert quiz.back(3) and quiz.phase is Phase.COUNTDOWN and quiz.countdown.paused
    assert quiz.back(4) and quiz.phase is Phase.QUESTION and quiz.countdown is None
    assert not quiz.back(5)  # the screen goes to the previous question
    assert quiz.reveal() is Phase.REVEAL and quiz.back(6) and quiz.phase is Phase.QUESTION


def test_back_from_the_second_countdown_is_the_discussion_of_the_first_vote():
    quiz = ClassQuiz(single("b"))
    quiz.next(0)
    quiz.next(1)
    quiz.record_votes({"a": 5, "b": 5})
    quiz.next(2)
    assert quiz.next(3) is Phase.COUNTDOWN and quiz.round == 2
    assert quiz.back(4) and (quiz.phase, quiz.round) == (Phase.PEER, 1)
    assert quiz.next(5) is Phase.COUNTDOWN and quiz.round == 2 and quiz.draft == {}


def test_true_false_is_voted_on_two_options():
    quiz = ClassQuiz(question("true_false"))
    assert [(o.letter, o.text.en, o.correct) for o in quiz.options] == [("A", "True", False), ("B", "False", True)]
    assert quiz.correct_ids == ("false",)


@pytest.mark.parametrize("kind", ["numeric", "order", "classify"])
def test_kinds_without_options_are_discussed_then_revealed(kind):
    quiz = ClassQuiz(question(kind))
    assert not quiz.votable
    assert quiz.next(0) is Phase.COUNTDOWN
    assert quiz.next(1) is Phase.REVEAL
    assert answer_lines(quiz.question, "en") and answer_lines(quiz.question, "vi")


def test_answers_of_the_discussed_kinds():
    assert answer_lines(question("numeric"), "en") == ["4.7 ×  (± 0.1 ×)"]
    assert answer_lines(question("order"), "en") == ["1. SFT", "2. RM", "3. PPO"]
    assert answer_lines(question("classify"), "vi")[0] == "Tải trang → Thread — I/O"


def test_order_items_are_shown_shuffled_never_in_the_answers_order():
    lines = discussion_lines(question("order"), "en")
    assert sorted(lines) == sorted(f"• {x}" for x in ("SFT", "RM", "PPO"))
    assert lines != ["• SFT", "• RM", "• PPO"]
    assert discussion_lines(question("order"), "en") == lines  # the same every time


def test_predict_runs_the_demo_and_the_measurement_decides():
    q = question("predict")  # a: < 1.3 (lesson: right), b: >= 1.3
    quiz = ClassQuiz(q, runnable=True)
    quiz.next(0)
    quiz.next(1)
    quiz.record_votes({"a": 4, "b": 6})
    assert not quiz.suggests_peer  # settled by the demo, not by discussion
    assert quiz.next(2) is Phase.RUN
    quiz.set_measured(1.8)
    assert quiz.phase is Phase.RUN  # the class sees the number first
    assert quiz.next(3) is Phase.REVEAL
    assert quiz.correct_ids == ("b",)  # the measurement, not the lesson's expectation
    outcome = quiz.predict_outcome()
    assert outcome.measured_option.id == "b" and [o.id for o in outcome.class_choice] == ["b"]
    assert outcome.class_was_right is True
    assert quiz.back(4) and quiz.phase is Phase.DISTRIBUTION and quiz.measured == 1.8  # back skips the run
    assert quiz.run_again() is Phase.RUN and not quiz.ran


def test_a_measurement_too_close_to_a_border_does_not_judge_the_class():
    quiz = ClassQuiz(question("predict"), runnable=True)  # border between a and b at 1.3
    quiz.next(0)
    quiz.next(1)
    quiz.record_votes({"a": 7, "b": 3})
    quiz.next(2)
    quiz.set_measured(1.33)  # within the ±10% run-to-run spread of 1.3
    outcome = quiz.predict_outcome()
    assert outcome.measured_option.id == "b" and {o.id for o in outcome.too_close} == {"a", "b"}
    assert outcome.class_was_right is None  # neither "the class was right" nor "wrong"


def test_predict_without_a_runnable_demo_reveals_the_lessons_answer():
    quiz = ClassQuiz(question("predict"), runnable=False)
    quiz.next(0)
    quiz.next(1)
    quiz.record_votes({"a": 1, "b": 3})
    assert quiz.next(2) is Phase.REVEAL
    assert quiz.correct_ids == ("a",) and quiz.predict_outcome().measured_option is None
    assert quiz.predict_outcome().class_was_right is None


def test_reveal_of_a_runnable_predict_runs_the_demo_first():
    quiz = ClassQuiz(question("predict"), runnable=True)
    assert quiz.reveal() is Phase.RUN and quiz.reveal() is Phase.REVEAL


def test_class_options_of_every_bundled_question():
    for lesson in BUNDLED:
        for q in lesson.quiz:
            options = class_options(q)
            if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTI, QuestionKind.PREDICT, QuestionKind.TRUE_FALSE):
                assert options and any(o.correct for o in options) or q.kind is QuestionKind.PREDICT
            else:
                assert options == () and answer_lines(q, "vi")


@pytest.mark.parametrize(("metric", "value", "shown"), [("speedup.threads", 0.9234, "0.92×"), ("bubble", 0.375, "38%"),
                                                        ("lost_updates.unlocked", 12345.0, "12,345"),
                                                        ("throughput.ratio", 3.5, "3.50×")])
def test_metric_formats(metric, value, shown):
    assert format_metric(metric, value) == shown


# -- the presenter's state file ---------------------------------------------------------------------------
def state(**changes) -> PresenterState:
    base = dict(pid=os.getpid(), lesson_id="your-hardware", lesson_title={"en": "Your hardware", "vi": "Phần cứng"},
                slide=2, total=15, started_at=1000.0, updated_at=1010.0, title={"en": "Clocks", "vi": "Xung nhịp"},
                notes={"en": "Ask the class.", "vi": "Hỏi cả lớp."}, next_title={"en": "Caches", "vi": "Cache"})
    base.update(changes)
    return PresenterState(**base)


def test_state_file_round_trip(tmp_path):
    path = state_path(tmp_path)
    quiz = QuizState(3, 20, "votes", {"en": "Which?", "vi": "Cái nào?"}, [{"en": "B. yes", "vi": "B. có"}], None)
    write_state(path, state(quiz=quiz, blank=True))
    back = read_state(path)
    assert back == state(quiz=quiz, blank=True)
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == "ds-tui.present/1"
    assert [p.name for p in tmp_path.iterdir()] == ["present.json"]  # no temporary file left behind


def test_state_file_is_replaced_atomically(tmp_path, monkeypatch):
    path = state_path(tmp_path)
    write_state(path, state(slide=1))

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_state(path, state(slide=2))
    assert read_state(path).slide == 1  # the old state, whole
    assert [p.name for p in tmp_path.iterdir()] == ["present.json"]


@pytest.mark.parametrize("content", ["", "{", "[]", '{"schema": "other"}', '{"schema": "ds-tui.present/1"}',
                                     '{"schema": "ds-tui.present/1", "pid": "x", "lesson_id": "a", "slide": 0, '
                                     '"total": 1, "started_at": 0, "updated_at": 0}'])
def test_a_broken_state_file_reads_as_none(tmp_path, content):
    path = state_path(tmp_path)
    path.write_text(content, encoding="utf-8")
    assert read_state(path) is None


def test_missing_state_file_reads_as_none(tmp_path):
    assert read_state(state_path(tmp_path)) is None


def test_stale_when_the_presenter_died_or_stopped_writing():
    alive = state(updated_at=1000.0)
    assert not is_stale(alive, 1000.0 + STALE_AFTER_S - 1, alive=lambda pid: True)
    assert is_stale(alive, 1000.0 + STALE_AFTER_S + 1, alive=lambda pid: True)  # no heartbeat
    assert is_stale(alive, 1000.5, alive=lambda pid: False)  # the process is gone


def test_a_dead_pid_is_stale_for_real():
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert is_stale(state(pid=child.pid, updated_at=0.0), 1.0)
    assert not is_stale(state(pid=os.getpid(), updated_at=0.0), 1.0)


def test_clear_state_only_removes_its_own_file(tmp_path):
    path = state_path(tmp_path)
    write_state(path, state(pid=12345))
    clear_state(path, pid=os.getpid())
    assert path.exists()
    clear_state(path, pid=12345)
    assert not path.exists()
    clear_state(path, pid=1)  # nothing there: no error


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3600, "1:00:00"),
                                                (3725, "1:02:05"), (-5, "0:00")])
def test_elapsed_text(seconds, shown):
    assert elapsed_text(seconds) == shown


# -- the user's keymap -----------------------------------------------------------------------------------
KNOWN = {"present.next", "present.back", "present.blank"}


def test_no_keymap_file(tmp_path):
    loaded = load_keymap(tmp_path, KNOWN)
    assert loaded.keymap == {} and loaded.path is None and loaded.warnings == []


def test_keymap_from_toml(tmp_path):
    (tmp_path / "keymap.toml").write_text('"present.next" = "pagedown,n"\n"present.back" = ["pageup", "p"]\n')
    loaded = load_keymap(tmp_path, KNOWN)
    assert loaded.keymap == {"present.next": "pagedown,n", "present.back": "pageup,p"} and not loaded.warnings


def test_keymap_from_yaml_under_a_keymap_table(tmp_path):
    (tmp_path / "keymap.yaml").write_text("keymap:\n  present.blank: w\n")
    assert load_keymap(tmp_path, KNOWN).keymap == {"present.blank": "w"}


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("keymap.toml", '"present.next" = ', "not valid"),
    ("keymap.yaml", "present.next: [unclosed", "not valid"),
    ("keymap.yaml", "- a\n- b\n", "must map binding ids"),
    ("keymap.toml", '"present.next" = 3', "needs key names"),
    ("keymap.toml", '"present.next" = "page down"', "needs key names"),
    ("keymap.toml", '"present.nxet" = "n"', "unknown binding id"),
])
def test_a_broken_keymap_is_a_warning(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content)
    loaded = load_keymap(tmp_path, KNOWN)
    assert loaded.keymap == {} and len(loaded.warnings) == 1
    assert expected in loaded.warnings[0] and name in loaded.warnings[0]


def test_keymap_warning_in_vietnamese(tmp_path):
    (tmp_path / "keymap.toml").write_text('"present.nxet" = "n"\n"present.next" = "n"')
    loaded = load_keymap(tmp_path, KNOWN, lang="vi")
    assert loaded.keymap == {"present.next": "n"} and "không có mã phím" in loaded.warnings[0]
    assert '"present.next"?' in loaded.warnings[0]  # the id it most likely meant


def test_classroom_strings_exist_in_both_languages_and_shadow_nothing():
    from ds_tui import i18n
    from ds_tui.classroom.strings import STRINGS

    for key, (en, vi) in STRINGS.items():
        assert en and vi, key
        assert i18n._STRINGS[key] == (en, vi), f"{key} is also defined elsewhere"
