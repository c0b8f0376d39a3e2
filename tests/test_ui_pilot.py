"""Drive the app as a user would: open, read, switch language, help, quit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Markdown, OptionList, Static

from ds_tui.i18n import t
from ds_tui.lessons import load_library
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.help import HelpScreen
from ds_tui.ui.screens.home import HomeScreen
from ds_tui.ui.screens.reader import ReaderScreen
from tests.ui_helpers import settle

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED = load_library().lessons


def footer_labels(app: DsTuiApp) -> list[str]:
    return [b.description for (_, b, _, _) in app.screen.active_bindings.values() if b.show]


def static_text(app: DsTuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_home_lists_bundled_lessons_in_order(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#lessons", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == [lesson.id for lesson in BUNDLED]
        assert ids[:1] == ["your-hardware"] and len(ids) >= 3


async def test_open_lesson_move_between_sections_and_back(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    lesson = BUNDLED[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.lesson.id == lesson.id
        assert static_text(app, "#section-title") == f"1. {lesson.sections[0].title.en}"
        await pilot.press("n")
        assert reader.index == 1
        assert static_text(app, "#section-title") == f"2. {lesson.sections[1].title.en}"
        assert reader.sub_title == f"Section 2/{len(lesson.sections)}"
        await pilot.press("right", "right", "left")
        assert reader.index == 2
        await pilot.press("p", "p", "p")  # the third press stays on the first section
        assert reader.index == 0
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_keys_typed_ahead_open_the_highlighted_lesson(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.lesson.id == BUNDLED[3].id


async def test_language_switch_re_renders_reader_and_footer(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    lesson = BUNDLED[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert "Next" in footer_labels(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "vi"
        assert static_text(app, "#section-title") == f"1. {lesson.sections[0].title.vi}"
        assert app.screen.title == lesson.title.vi
        assert "Tiếp" in footer_labels(app) and "Next" not in footer_labels(app)
        markdown = app.screen.query_one("#body", Markdown)
        assert markdown.source == lesson.sections[0].body.vi
        await pilot.press("escape")
        await pilot.pause()
        assert static_text(app, "#tagline").startswith("Luồng, tiến trình")
        await pilot.press("l")
        await pilot.pause()
        assert static_text(app, "#tagline").startswith("Threads, processes")


async def test_help_lists_every_key_and_closes(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = [label for _, bindings in app.screen.sections for label in (b.key for b in bindings)]
        for key in ("q", "question_mark", "l", "t", "enter", "escape", "n,right", "p,left", "c"):
            assert key in shown
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_help_is_made_once_and_follows_the_language(ds_home):
    """Composing the help on every ? was a good part of a key press while a demo kept the cores busy: the
    same help screen comes back, in the language chosen meanwhile."""
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        first = app.screen
        assert isinstance(first, HelpScreen)
        table = first.query_one("#help-table")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")  # Vietnamese while the help is not shown
        await pilot.pause()
        await pilot.press("question_mark")
        assert app.screen is first and first.query_one("#help-table") is table
        assert first.query_one("#help-box").border_title == t("help.title", "vi")
        assert t("help.palette", "vi") in str(first.query_one("#help-table", Static).content)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)


async def test_q_quits(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_reading_is_remembered_as_progress(ds_home):
    lesson = BUNDLED[0]
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "n", "n", "escape")
        await pilot.pause()
        prompt = app.screen.query_one("#lessons", OptionList).get_option_at_index(0).prompt
        assert f"read 3/{len(lesson.sections)}" in prompt.plain  # (a HangingText: number, then title and progress)
    # a new run of the app sees the same progress
    again = DsTuiApp(lang="en", home=ds_home)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(again.sections_read(lesson.id)) == 3


async def test_broken_teacher_lesson_is_listed_and_the_rest_load(ds_home, tmp_path):
    extra = tmp_path / "teacher"
    extra.mkdir()
    shutil.copy(FIXTURES / "every_kind.yaml", extra / "sample.yaml")
    (extra / "broken.yaml").write_text("id: broken\norder: 5\ntittle: {en: x}\nsections: []\n")
    app = DsTuiApp(lang="en", lesson_dirs=[extra], home=ds_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#lessons", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "sample" in ids and ids[0] == BUNDLED[0].id
        broken = static_text(app, "#broken")
        assert "Could not load 1 lesson file —" in broken
        assert "broken.yaml:3:1: error: tittle: unknown field 'tittle'" in broken
        below = [w.id for w in app.screen.children]
        assert below.index("broken") == below.index("home-hint") - 1  # listed between the lessons and the hint
        assert app.screen.query_one("#broken").display


async def test_without_broken_lessons_the_home_screen_has_no_box_for_them(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.library is not None and not app.library.broken
        assert not app.screen.query("#broken")  # made only when a lesson file could not be read


def test_every_embeddable_id_has_a_widget_and_no_other_does():
    """A lesson may embed only registered ids (the checker refuses others): each one has its widget, and
    an id nobody registered has none (no stand-in that could hide a missing widget)."""
    from ds_tui import registry
    from ds_tui.lessons.model import Embed
    from ds_tui.ui.widgets.embeds import builder, make_embed

    assert all(builder(kind, ident) is not None for kind, ident in registry.REGISTRY)
    assert builder("demo", "nope") is None and builder("tool", "pipeline") is None
    with pytest.raises(LookupError):
        make_embed(Embed("demo", "nope"), "en")


async def test_contents_follow_width_and_toggle(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        toc = app.screen.query_one("#toc", OptionList)
        assert toc.display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not toc.display
        await pilot.press("c")
        assert toc.display and toc.has_focus
        toc.highlighted = 3
        await pilot.press("enter")
        assert app.screen.index == 3


async def test_corrupt_progress_database_is_moved_aside_and_app_works(ds_home):
    (ds_home / "progress.sqlite3").write_bytes(b"not a database" * 100)
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.store is not None and app.store.notice is not None
        assert any("kept as" in n.message for n in app._notifications)
        kept = list(ds_home.glob("progress.corrupt-*.sqlite3"))
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b"not a database")
        await pilot.press("enter", "n")
        assert len(app.sections_read(BUNDLED[0].id)) == 2


async def test_decision_helper_answers_live_and_keeps_answers_across_language(ds_home):
    from textual.widgets import RadioButton, RadioSet

    from ds_tui.ui.widgets.decision_helper import DecisionHelper

    lesson = next(lesson for lesson in BUNDLED if lesson.id == "thread-or-process")
    index = next(i for i, s in enumerate(lesson.sections) if s.embed and s.embed.id == "decision-helper")
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_lesson(lesson.id)
        await pilot.pause()
        app.screen.index = index
        await pilot.pause()
        helper = app.screen.query_one(DecisionHelper)
        recommendation = helper.query_one("#recommendation", Static)
        assert "Recommended: Threads" in str(recommendation.render())
        work = helper.query_one("#f-work", RadioSet)
        compute = next(b for b in work.query(RadioButton) if b.name == "compute")
        compute.value = True
        await pilot.pause()
        assert "Recommended: Processes" in str(recommendation.render())
        await pilot.press("l")
        await pilot.pause()
        assert app.screen.query_one(DecisionHelper) is helper  # same widget: the answers stay
        assert "Khuyên dùng: Tiến trình (process)" in str(recommendation.render())


async def test_theme_from_command_line_and_t_cycles(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, theme="nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("t")
        assert app.theme == "gruvbox"


async def test_command_palette_opens_a_lesson(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    lesson = BUNDLED[2]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open lesson: thread")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.lesson.id == lesson.id


async def palette(pilot, typed: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_command_palette_presents_quizzes_and_shows_statistics(ds_home):
    from ds_tui.ui.screens.present import PresentScreen
    from ds_tui.ui.screens.quiz import QuizScreen
    from ds_tui.ui.screens.stats import StatsScreen

    app = DsTuiApp(lang="en", home=ds_home)
    lesson = BUNDLED[2]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "present lesson: thread")
        assert isinstance(app.screen, PresentScreen) and app.screen.lesson.id == lesson.id
        app.pop_screen()
        await pilot.pause()
        await palette(pilot, "quiz: thread")
        assert isinstance(app.screen, QuizScreen)
        assert {item.lesson_id for item in app.screen.session.items} == {lesson.id}
        app.pop_screen()
        await pilot.pause()
        await palette(pilot, "quiz statistics")
        assert isinstance(app.screen, StatsScreen)


async def open_embed(pilot, lesson_id: str, embed_id: str):
    app = pilot.app
    app.open_lesson(lesson_id)
    await pilot.pause()
    reader = app.screen
    reader.index = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == embed_id)
    await pilot.pause()
    return reader


async def test_memory_calculator_recomputes_on_every_change(ds_home):
    from textual.widgets import Input, Select

    from ds_tui.ui.widgets.calculators import MemoryCalculator

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        reader = await open_embed(pilot, "chatgpt-training", "memory-calculator")
        calc = reader.query_one(MemoryCalculator)
        result = calc.query_one("#calc-result", Static)
        assert "Model state              24.9 GB" in str(result.render())
        assert "cannot train GPT-2 1.5B" in str(result.render())
        calc.query_one("#f-dp", Input).value = "8"
        calc.query_one("#f-zero", Select).value = "3"
        await pilot.pause()
        assert "Model state               3.1 GB" in str(result.render())
        calc.query_one("#f-tp", Input).value = "7"  # 25 heads cannot be split 7 ways
        await pilot.pause()
        assert str(result.render()).startswith("✗")
        await pilot.press("l")
        await pilot.pause()
        assert calc.query_one("#f-recompute", Select).value == "none"
        assert calc.border_title == "▣ Bộ nhớ huấn luyện mỗi GPU"


async def test_compute_calculator_gives_days_for_a_cluster(ds_home):
    from textual.widgets import Input

    from ds_tui.ui.widgets.calculators import ComputeCalculator

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        reader = await open_embed(pilot, "chatgpt-training", "compute-calculator")
        calc = reader.query_one(ComputeCalculator)
        text = str(calc.query_one("#calc-result", Static).render())
        assert "3.15e23" in text and "25.9 days" in text  # 6·175B·300B on 1,024 GPUs × 312 TFLOP/s × 44%
        calc.query_one("#f-gpus", Input).value = "1"
        calc.query_one("#f-peak", Input).value = "28"
        calc.query_one("#f-util", Input).value = "1"
        await pilot.pause()
        assert "356.5 years" in str(calc.query_one("#calc-result", Static).render())


def test_the_registry_and_the_widgets_name_the_same_panels_and_tools():
    from ds_tui import registry
    from ds_tui.ui.widgets.embeds import WIDGETS

    assert {key for key in registry.REGISTRY if key[0] != "demo"} == set(WIDGETS)


async def test_sections_turned_quickly_show_the_last_sections_own_text(ds_home):
    """Ten section changes faster than the text can be drawn (keys held down, a slow terminal): the
    title and the text on screen belong to the same section."""
    from textual.widgets import Markdown

    from ds_tui.ui.app import DsTuiApp

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_lesson("chatgpt-training")
        await pilot.pause()
        reader = app.screen
        for _ in range(10):
            reader.action_next_section()  # no pause between them
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        section = reader.lesson.sections[reader.index]
        assert reader.index == 10
        assert reader.query_one("#body", Markdown).source == section.body.show("en")


async def test_run_demo_is_offered_only_on_a_section_that_embeds_a_demo(ds_home):
    """Lesson 2's race demo section, then the section after it (no embed), then the cpu-bound demo."""
    from ds_tui.ui.app import DsTuiApp

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_lesson("real-systems")
        await pilot.pause()
        reader = app.screen
        race = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == "race")
        assert reader.lesson.sections[race + 1].embed is None and reader.lesson.sections[race + 2].embed.kind == "demo"
        reader.index = race
        await pilot.pause()

        def offered() -> bool:  # what the footer shows: the keys as last refreshed, not recomputed now
            from textual.widgets._footer import FooterKey

            return any("Run demo" in str(key.description) for key in reader.query(FooterKey))

        assert offered()
        await pilot.press("n")  # no embed
        assert not offered()
        await pilot.press("n")  # a demo again
        assert offered()
