"""Progress statistics: answers, accuracy per lesson and per concept, what is due (for `ds-tui stats`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ds_tui.i18n import t
from ds_tui.lessons import LessonLibrary
from ds_tui.lessons.glossary import glossary
from ds_tui.quiz.session import due_items, mistake_items
from ds_tui.store import QuestionState

STATS_SCHEMA = "ds-tui.stats/1"


@dataclass(frozen=True)
class Tally:
    attempts: int = 0
    correct: int = 0  # answers fully right
    score: float = 0.0  # the sum of the answers' scores, partial credit included

    @property
    def accuracy(self) -> float | None:
        """The average score, as the end of a quiz reports it (a half-right answer counts half)."""
        return self.score / self.attempts if self.attempts else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.attempts + other.attempts, self.correct + other.correct, self.score + other.score)


def tally_of(state: QuestionState) -> Tally:
    return Tally(state.attempts, state.correct, state.score_sum)


@dataclass(frozen=True)
class LessonStats:
    lesson_id: str
    questions: int  # in the lesson now
    answered: int  # of those, answered at least once
    tally: Tally
    due: int


@dataclass(frozen=True)
class Stats:
    answers: int
    lessons: tuple[LessonStats, ...]
    concepts: tuple[tuple[str, Tally], ...]  # weakest first
    due: int
    next_due: float | None  # the soonest due time still ahead
    mistakes: int


def lesson_progress(library: LessonLibrary, states: list[QuestionState], lesson_id: str,
                    now: float | None = None) -> LessonStats:
    now = time.time() if now is None else now
    lesson = library.get(lesson_id)
    ids = {q.id for q in lesson.quiz} if lesson else set()
    mine = [s for s in states if s.lesson_id == lesson_id and s.question_id in ids]
    tally = sum((tally_of(s) for s in mine), Tally())
    return LessonStats(lesson_id, len(ids), len(mine), tally, sum(1 for s in mine if s.due <= now))


def compute(library: LessonLibrary, states: list[QuestionState], answers: int, now: float | None = None) -> Stats:
    now = time.time() if now is None else now
    lessons = tuple(lesson_progress(library, states, lesson.id, now) for lesson in library.lessons)
    terms = glossary()
    concepts: dict[str, Tally] = {}
    for s in states:
        for concept in {terms.canonical(c) for c in s.concepts}:  # "processes" and "process" are one idea
            concepts[concept] = concepts.get(concept, Tally()) + tally_of(s)
    ranked = tuple(sorted(concepts.items(), key=lambda ct: (ct[1].accuracy or 0.0, ct[0])))
    ahead = [s.due for s in states if s.due > now]
    return Stats(answers, lessons, ranked, len(due_items(library, states, now)), min(ahead) if ahead else None,
                 len(mistake_items(library, states)))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def as_json(stats: Stats) -> dict[str, Any]:
    return {
        "schema": STATS_SCHEMA,
        "answers": stats.answers,
        "due": stats.due,
        "next_due": stats.next_due,
        "mistakes": stats.mistakes,
        "lessons": [{"id": ls.lesson_id, "questions": ls.questions, "answered": ls.answered,
                     "attempts": ls.tally.attempts, "correct": ls.tally.correct,
                     "accuracy": _round(ls.tally.accuracy), "due": ls.due} for ls in stats.lessons],
        "concepts": [{"concept": c, "name": {"en": glossary().name(c, "en"), "vi": glossary().name(c, "vi")},
                      "attempts": tally.attempts, "correct": tally.correct,
                      "accuracy": _round(tally.accuracy)} for c, tally in stats.concepts],
    }


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def when(due: float, now: float, lang: str) -> str:
    """'now', 'in 10 min', 'in 5 h', 'in 3 days' — how far ahead a due time is."""
    seconds = due - now
    if seconds <= 0:
        return t("when.now", lang)
    if seconds < 3600:
        return t("when.minutes", lang, n=max(1, round(seconds / 60)))
    if seconds < 86400:
        return t("when.hours", lang, n=round(seconds / 3600))
    return t("when.days", lang, n=round(seconds / 86400))


def as_text(stats: Stats, library: LessonLibrary, lang: str, now: float | None = None) -> str:
    now = time.time() if now is None else now
    lines = [t("stats.answers", lang, n=stats.answers), ""]
    lines.append(t("stats.by_lesson", lang))
    for ls in stats.lessons:
        lesson = library.get(ls.lesson_id)
        title = lesson.title.show(lang) if lesson else ls.lesson_id
        lines.append(f"  {title}: " + t("stats.lesson_line", lang, answered=ls.answered, questions=ls.questions,
                                         accuracy=percent(ls.tally.accuracy), due=ls.due))
    if stats.concepts:
        lines += ["", t("stats.by_concept", lang)]
        lines += [f"  {glossary().name(c, lang)}: {percent(tally.accuracy)} "
                  f"({t('stats.fully_right', lang, correct=tally.correct, attempts=tally.attempts)})"
                  for c, tally in stats.concepts]
    lines.append("")
    lines.append(t("stats.due", lang, n=stats.due))
    if stats.next_due is not None:
        lines.append(t("stats.next_due", lang, when=when(stats.next_due, now, lang)))
    lines.append(t("stats.mistakes", lang, n=stats.mistakes))
    return "\n".join(lines)
