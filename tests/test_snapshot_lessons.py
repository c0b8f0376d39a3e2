"""The snapshot tests show the fixture lessons of tests/snapshot_lessons/, never the bundled ones: a
screenshot changes when a screen does, not when a lesson's prose is edited (see ``conftest.py``)."""

from __future__ import annotations

import pytest

from ds_tui.lessons import bundled_lessons_dir, load_file, load_library
from ds_tui.lessons.model import QuestionKind
from ds_tui.ui.app import DsTuiApp
from tests.conftest import SNAPSHOT_LESSONS
from tests.ui_helpers import settle

FIXTURE_IDS = ["snap-machine", "snap-choosing", "snap-training"]


def test_the_fixture_lessons_load_without_a_problem():
    files = sorted(SNAPSHOT_LESSONS.glob("*.yaml"))
    results = [load_file(file) for file in files]
    assert [problem.message for result in results for problem in result.problems] == []
    assert [result.lesson.id for result in results] == FIXTURE_IDS


def test_the_fixture_lessons_hold_what_the_snapshots_show():
    lessons = load_library([SNAPSHOT_LESSONS]).lessons  # (bundled ones too: ids must not clash)
    fixtures = [lesson for lesson in lessons if lesson.id in FIXTURE_IDS]
    assert [lesson.id for lesson in fixtures] == FIXTURE_IDS
    embeds = {section.embed.id for lesson in fixtures for section in lesson.sections if section.embed}
    assert {"hardware", "decision-helper", "memory-calculator", "compute-calculator", "cpu-bound", "io-bound"} <= embeds
    assert {q.kind for lesson in fixtures for q in lesson.quiz} == set(QuestionKind)
    assert all(lesson.summary and lesson.sources for lesson in fixtures if lesson.id != "snap-choosing")
    assert any(section.notes for lesson in fixtures for section in lesson.sections)


async def test_a_snapshot_test_s_app_lists_only_the_fixture_lessons(snap_compare, ds_home):
    """``snap_compare`` in a test's arguments is what gives it the fixture lessons (``conftest.py``)."""
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [lesson.id for lesson in app.library.lessons] == FIXTURE_IDS
        assert not app.library.broken
        options = app.screen.query_one("#lessons")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == FIXTURE_IDS


def test_without_a_snapshot_the_app_reads_the_bundled_lessons():
    assert not {lesson.id for lesson in load_library().lessons} & set(FIXTURE_IDS)
    assert bundled_lessons_dir() != SNAPSHOT_LESSONS


def test_a_screenshot_without_the_fixture_lessons_is_refused(ds_home):
    from textual._doc import take_svg_screenshot

    with pytest.raises(AssertionError, match="bundled lessons"):
        take_svg_screenshot(app=DsTuiApp(lang="en", home=ds_home))

