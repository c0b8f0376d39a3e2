"""Slides from a lesson: one per section, then the class quiz; paging for sections taller than the screen."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ds_tui.i18n import Text, many
from ds_tui.lessons.model import Embed, Lesson
from ds_tui.lessons.naming import find_lesson  # noqa: F401  (the one resolver; kept importable here)

SECTION = "section"
QUIZ = "quiz"


@dataclass(frozen=True, slots=True)
class Slide:
    kind: str  # SECTION | QUIZ
    title: Text
    body: Text
    notes: Text | None = None
    embed: Embed | None = None
    section_id: str | None = None


def quiz_slide(lesson: Lesson) -> Slide:
    n = len(lesson.quiz)
    return Slide(
        QUIZ,
        Text(en="Class quiz", vi="Câu hỏi cho cả lớp"),
        Text(en=f"{many(n, 'question')} for the whole class: think, raise your hand for an option, "
                f"discuss with your neighbour, then see the answer.\n\nPress **k** or **→** to start.",
             vi=f"{n} câu hỏi cho cả lớp: suy nghĩ, giơ tay chọn một phương án, "
                f"thảo luận với bạn bên cạnh, rồi xem đáp án.\n\nNhấn **k** hoặc **→** để bắt đầu."),
        Text(en="Count the hands for each option and type the counts; between 35% and 70% right, "
                "let them discuss and vote again.",
             vi="Đếm số tay giơ cho từng phương án và gõ vào; nếu 35%–70% trả lời đúng, "
                "cho cả lớp thảo luận rồi bầu lại."),
    )


def build_slides(lesson: Lesson) -> tuple[Slide, ...]:
    slides = [Slide(SECTION, s.title, s.body, s.notes, s.embed, s.id) for s in lesson.sections]
    if lesson.quiz:
        slides.append(quiz_slide(lesson))
    return tuple(slides)


# -- paging: a section taller than the screen is shown a page at a time -----------------------------
def page_step(viewport: int) -> int:
    """How far one page moves: a screen less one line, so the reader keeps their place."""
    return max(1, viewport - 1)


def page_count(content: int, viewport: int) -> int:
    if viewport <= 0 or content <= viewport:
        return 1
    return 1 + math.ceil((content - viewport) / page_step(viewport))


def page_at(scroll_y: float, content: int, viewport: int) -> int:
    """The page (0-based) shown at this scroll offset; the bottom of the content is always the last page."""
    pages = page_count(content, viewport)
    if pages == 1:
        return 0
    if scroll_y >= content - viewport - 0.5:
        return pages - 1
    return min(pages - 1, max(0, round(scroll_y / page_step(viewport))))
