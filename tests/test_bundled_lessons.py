"""The bar every bundled lesson must meet (issue: the four core lessons)."""

from __future__ import annotations

import dataclasses

import pytest

from ds_tui import registry
from ds_tui.lessons import bundled_lessons_dir, load_library
from ds_tui.lessons.model import Question, QuestionKind, Text

LIBRARY = load_library()
LESSONS = LIBRARY.lessons
TOPICS = ["your-hardware", "real-systems", "thread-or-process", "chatgpt-training"]


def texts(value, path="lesson"):
    """Every Text in a lesson, with where it is."""
    if isinstance(value, Text):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from texts(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from texts(item, f"{path}[{i}]")


def test_the_four_topics_load_in_order_with_no_problem():
    assert [lesson.id for lesson in LESSONS] == TOPICS
    assert LIBRARY.problems == [], [p.format() for p in LIBRARY.problems]
    assert len(list(bundled_lessons_dir().glob("*.yaml"))) == 4


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_both_languages_everywhere(lesson):
    missing = [(path, text.missing) for path, text in texts(lesson) if text.missing]
    assert missing == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_quiz_size_and_variety(lesson):
    assert len(lesson.quiz) >= 12
    assert len({q.kind for q in lesson.quiz}) >= 4


def whys(question: Question):
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTI, QuestionKind.PREDICT):
        return [o.why for o in question.options]
    if question.kind in (QuestionKind.CLASSIFY, QuestionKind.ORDER):
        return [i.why for i in question.items]
    return [question.explanation]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_option_and_item_explains_why(lesson):
    without = [q.id for q in lesson.quiz if any(w is None for w in whys(q))]
    assert without == []
    assert all(q.concepts for q in lesson.quiz)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_embeds_are_registered_and_every_section_has_notes(lesson):
    for section in lesson.sections:
        assert section.notes is not None, section.id
        if section.embed:
            assert registry.lookup(section.embed.kind, section.embed.id) is not None
    assert lesson.sources and lesson.summary


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
async def test_every_section_fits_one_80x24_screen(lesson, lang, ds_home):
    """Rendered by the real reader: the section's title and text need no scrolling at 80x24."""
    from textual.widgets import Markdown, Static

    from ds_tui.ui.app import DsTuiApp
    from tests.ui_helpers import settle

    app = DsTuiApp(lang=lang, home=ds_home)
    too_tall = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_lesson(lesson.id)
        await pilot.pause()
        reader = app.screen
        for index, section in enumerate(lesson.sections):
            reader.index = index
            await pilot.pause()
            content = reader.query_one("#content")
            used = reader.query_one("#section-title", Static).outer_size.height
            used += reader.query_one("#body", Markdown).outer_size.height
            if used > content.scrollable_content_region.height:
                too_tall.append((section.id, used, content.scrollable_content_region.height))
    assert too_tall == []
