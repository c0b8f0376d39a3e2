"""Planning a quiz session (ds_tui.quiz.planning): which questions, the title, what an empty one says."""

from __future__ import annotations

from ds_tui.lessons import load_library
from ds_tui.quiz.planning import plan_session
from ds_tui.quiz.session import SessionKind
from ds_tui.store import QuestionState

LIBRARY = load_library()
NOW = 1_800_000_000.0
HOUR = 3600.0


def state(lesson_id: str, question_id: str, *, due: float, last_correct: bool = True,
          last_answered: float = NOW - HOUR) -> QuestionState:
    return QuestionState(lesson_id, question_id, (), 1, int(last_correct), float(last_correct), last_answered,
                         last_correct, due, "{}")


def test_a_lessons_quiz_has_its_questions_and_its_title_in_both_languages():
    lesson = LIBRARY.get("thread-or-process")
    assert lesson is not None
    plan = plan_session("lesson", lesson.id, LIBRARY, [], "en", NOW)
    assert plan.kind is SessionKind.LESSON
    assert [item.question.id for item in plan.items] == [q.id for q in lesson.quiz]
    assert plan.title("en") == f"Quiz · {lesson.title.show('en')}"
    assert plan.title("vi") == f"Trắc nghiệm · {lesson.title.show('vi')}"  # the title follows the language


def test_a_lesson_quiz_without_a_lesson_or_an_unknown_kind_is_a_mixed_quiz():
    for kind, lesson_id in (("lesson", None), ("no-such-kind", None), ("mixed", None)):
        plan = plan_session(kind, lesson_id, LIBRARY, [], "en", NOW)
        assert plan.kind is SessionKind.MIXED and plan.items and plan.title("en") == "Mixed quiz"


def test_an_unknown_lesson_has_no_questions_and_says_so():
    plan = plan_session("lesson", "nope", LIBRARY, [], "en", NOW)
    assert plan.items == [] and plan.title("en") == "Quiz · nope" and plan.empty == "This lesson has no quiz."


def test_review_asks_what_is_due_and_otherwise_says_when_the_next_is():
    lesson = LIBRARY.get("thread-or-process")
    assert lesson is not None
    first, second = lesson.quiz[0].id, lesson.quiz[1].id
    states = [state(lesson.id, first, due=NOW - HOUR), state(lesson.id, second, due=NOW + 2 * HOUR)]
    plan = plan_session("review", None, LIBRARY, states, "en", NOW)
    assert plan.kind is SessionKind.REVIEW and [item.question.id for item in plan.items] == [first]
    nothing = plan_session("review", None, LIBRARY, states[1:], "en", NOW)
    assert nothing.items == [] and nothing.empty.startswith("Nothing is due for review now. Next review: ")
    assert plan_session("review", None, LIBRARY, [], "vi", NOW).empty.strip() == "Hiện chưa có câu nào đến hạn ôn."


def test_mistakes_are_the_questions_last_answered_wrong():
    lesson = LIBRARY.get("thread-or-process")
    assert lesson is not None
    wrong = lesson.quiz[2].id
    states = [state(lesson.id, wrong, due=NOW + HOUR, last_correct=False),
              state(lesson.id, lesson.quiz[3].id, due=NOW + HOUR)]
    plan = plan_session("mistakes", None, LIBRARY, states, "en", NOW)
    assert plan.kind is SessionKind.MISTAKES and [item.question.id for item in plan.items] == [wrong]
    assert plan.title("en") == "Your mistakes" and plan.title("vi") == "Các câu đã sai"
    assert plan_session("mistakes", None, LIBRARY, states[1:], "en", NOW).empty.startswith("No mistakes to go over")
