"""Planning a quiz session from what the student asked for: its questions, its title, and what to say
when there is nothing to ask. The app shows the result; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

from ds_tui.i18n import t
from ds_tui.lessons import Lesson, LessonLibrary
from ds_tui.quiz.session import QuizItem, SessionKind, session_items
from ds_tui.quiz.stats import when
from ds_tui.store import QuestionState


@dataclass(frozen=True)
class SessionPlan:
    kind: SessionKind
    items: list[QuizItem]
    empty: str  # what to tell the student when ``items`` is empty
    lesson_id: str | None = None  # a lesson's quiz: the lesson
    lesson: Lesson | None = None

    def title(self, lang: str) -> str:
        """The quiz screen's title in ``lang`` (it follows a language switch)."""
        if self.kind is SessionKind.LESSON:
            shown = self.lesson.title.show(lang) if self.lesson else self.lesson_id
            return t("quiz.title.lesson", lang, lesson=shown)
        return t(f"quiz.title.{self.kind.value}", lang)


def plan_session(kind: str, lesson_id: str | None, library: LessonLibrary, states: list[QuestionState],
                 lang: str, now: float) -> SessionPlan:
    """A quiz of ``kind``: "lesson" (``lesson_id``'s questions), "mixed", "review" (what is due at ``now``)
    or "mistakes". An unknown kind, or "lesson" without a lesson, is a mixed quiz."""
    session_kind = SessionKind(kind) if kind in SessionKind._value2member_map_ else SessionKind.MIXED
    if session_kind is SessionKind.LESSON and not lesson_id:
        session_kind = SessionKind.MIXED
    items = session_items(session_kind, library, states, lesson_id, now)
    empty = t("quiz.nothing.lesson", lang)
    if session_kind is SessionKind.REVIEW:
        ahead = [s.due for s in states if s.due > now]
        empty = t("quiz.nothing.review", lang,
                  next=t("stats.next_due", lang, when=when(min(ahead), now, lang)) if ahead else "")
    elif session_kind is SessionKind.MISTAKES:
        empty = t("quiz.nothing.mistakes", lang)
    lesson = library.get(lesson_id or "") if session_kind is SessionKind.LESSON else None
    return SessionPlan(session_kind, items, empty, lesson_id if session_kind is SessionKind.LESSON else None, lesson)
