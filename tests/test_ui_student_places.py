"""The student's places, driven as a student would: the Demos list and its history, the palette's
tools, `--live` running at once, the demo keys whatever has focus, the end of a lesson, resuming a
lesson, searching the lessons, and retrying a quiz's mistakes."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, Static
from textual.widgets._footer import FooterKey

from ds_tui.demos.catalog import DEMOS
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.demo import DemoScreen
from ds_tui.ui.screens.demos import DemosScreen
from ds_tui.ui.screens.reader import ReaderScreen
from ds_tui.ui.widgets.demo_view import DemoView
from ds_tui.start_request import StartRequest
from tests.ui_helpers import plain, settle, wait_demo


def footer(app) -> list[tuple[str, str]]:
    """(key as shown, label) of every key the footer shows now."""
    return [(key.key_display, str(key.description)) for key in app.screen.query(FooterKey)]


def shown(app, label: str) -> str | None:
    """The key the footer shows for ``label`` (None: not shown)."""
    return next((k for k, d in footer(app) if d == label), None)


# -- the Demos place --------------------------------------------------------------------------------
async def test_d_on_home_lists_every_demo_with_its_description(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(app, "Demos") == "d"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DemosScreen)
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == list(DEMOS)
        first = options.get_option_at_index(0).prompt.plain
        assert DEMOS["cpu-bound"].summary.en.split(":")[0] in first and "Not run on this machine yet" in first
        await pilot.press("l")
        await pilot.pause()
        assert "Chưa chạy trên máy này" in options.get_option_at_index(0).prompt.plain


async def run_race_from_the_list(pilot, app) -> None:
    """From the Demos list: open the race demo, run it small with 2 workers, come back."""
    options = app.screen.query_one(OptionList)
    options.highlighted = list(DEMOS).index("race")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DemoScreen) and app.screen.demo_id == "race"
    view = app.screen.query_one(DemoView)
    view.query_one("#demo-workers", Input).value = "2"
    view.query_one("#demo-size", Select).value = "small"
    await pilot.press("r")
    await wait_demo(pilot)
    assert view.report is not None and not view.report.cancelled
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, DemosScreen)


async def test_after_runs_the_list_shows_the_last_result_and_the_history_every_run(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.action_demos()
        await pilot.pause()
        await run_race_from_the_list(pilot, app)
        options = app.screen.query_one(OptionList)
        race = options.get_option_at_index(list(DEMOS).index("race")).prompt.plain
        assert "Last run:" in race and "updates lost without a lock" in race and "just now" in race
        history = plain(app.screen.query_one("#demo-history", Static))
        assert history.count("2 workers · small") == 1
        await run_race_from_the_list(pilot, app)
        history = plain(app.screen.query_one("#demo-history", Static))
        assert history.count("2 workers · small") == 2  # both runs, to compare
        assert "Not run on this machine yet" in options.get_option_at_index(0).prompt.plain  # the others


async def test_r_in_the_demos_list_opens_the_demo_and_runs_it(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.action_demos()
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = list(DEMOS).index("pipeline")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, DemoScreen) and app.screen.query_one(DemoView).running
        await pilot.press("c")
        await wait_demo(pilot)


# -- the palette ------------------------------------------------------------------------------------
async def palette(pilot, typed: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_opens_the_calculators_the_decision_helper_and_the_demos(ds_home):
    from ds_tui.ui.screens.tool import ToolScreen
    from ds_tui.ui.widgets.calculators import ComputeCalculator, MemoryCalculator
    from ds_tui.ui.widgets.decision_helper import DecisionHelper

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for typed, widget in (("open tool: training memory", MemoryCalculator),
                              ("open tool: training compute", ComputeCalculator),
                              ("open tool: thread-or-process", DecisionHelper)):
            await palette(pilot, typed)
            assert isinstance(app.screen, ToolScreen) and app.screen.query_one(widget)
            await pilot.press("escape")
            await pilot.pause()
        await palette(pilot, "demos: every demo")
        assert isinstance(app.screen, DemosScreen)


# -- ds-tui demo NAME --live --------------------------------------------------------------------------
async def test_live_demo_from_the_command_line_starts_running_at_once(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="race", workers=2, size="small", run=True))  # as `ds-tui demo race --live` starts it
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        assert view.running
        assert shown(app, "Cancel") == "c" and shown(app, "Run demo") is None  # the usual keys, to stop
        await wait_demo(pilot)
        assert view.report is not None and view.report.params["workers"] == 2
        assert shown(app, "Run demo") == "r"  # ... and to run again
    without = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="race"))  # opened another way: waits for r
    async with without.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert not without.screen.query_one(DemoView).running


# -- the demo keys, whatever has focus -----------------------------------------------------------------
async def open_section(pilot, lesson_id: str, number: int) -> ReaderScreen:
    app = pilot.app
    app.open_lesson(lesson_id)
    await pilot.pause()
    reader = app.screen
    reader.index = number - 1
    await pilot.pause()
    return reader


async def test_c_cancels_a_running_demo_instead_of_opening_the_contents(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader = await open_section(pilot, "real-systems", 9)  # the race demo
        view = reader.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "large"
        assert shown(app, "Contents") == "c" and shown(app, "Run demo") == "r"
        await pilot.press("r")
        await pilot.pause()
        assert view.running and shown(app, "Cancel") == "c" and shown(app, "Contents") is None
        await pilot.press("c")
        await wait_demo(pilot)
        assert view.report is not None and view.report.cancelled
        assert not reader.query_one("#toc").display  # the contents did not open
        assert shown(app, "Contents") == "c"


async def test_in_the_workers_field_ctrl_r_runs_and_ctrl_c_cancels_and_the_footer_says_so(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader = await open_section(pilot, "real-systems", 9)
        view = reader.query_one(DemoView)
        view.query_one("#demo-size", Select).value = "large"
        field = view.query_one("#demo-workers", Input)
        field.focus()
        await pilot.pause()
        assert shown(app, "Run demo") == "^r"  # r is typed here
        await pilot.press("r")
        assert not view.running
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert view.running
        field.focus()  # a student clicks back into the field during the run
        await pilot.pause()
        assert shown(app, "Cancel") == "^c"
        await pilot.press("ctrl+c")
        await wait_demo(pilot)
        assert view.report is not None and view.report.cancelled
        await pilot.press("escape")  # focus elsewhere: the plain keys again
        await pilot.pause()


async def test_the_demo_screen_takes_the_same_keys_in_its_fields(ds_home):
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("demo", demo="race", workers=2, size="large"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.query_one("#demo-workers", Input).focus()
        await pilot.pause()
        assert shown(app, "Run demo") == "^r"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert view.running and shown(app, "Cancel") in ("c", "^c")
        await pilot.press("ctrl+c")
        await wait_demo(pilot)
        assert view.report is not None and view.report.cancelled


async def test_run_demo_is_not_offered_where_a_section_has_no_demo_however_it_is_reached(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for lesson_id, demo, plain_section in (("real-systems", 9, 10), ("chatgpt-training", 6, 7)):
            reader = await open_section(pilot, lesson_id, demo)
            assert shown(app, "Run demo") == "r"
            reader.query_one("#demo-run").focus()  # focus inside the demo
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            assert reader.index == plain_section - 1 and shown(app, "Run demo") is None
            await pilot.press("p")
            await pilot.pause()
            assert shown(app, "Run demo") == "r"
            await pilot.press("c")  # by the contents
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            assert reader.index == plain_section - 1 and shown(app, "Run demo") is None
            app.pop_screen()
            await pilot.pause()
            app.open_lesson(lesson_id)  # reopened there
            await pilot.pause()
            assert app.screen.index == plain_section - 1 and shown(app, "Run demo") is None
            app.pop_screen()
            await pilot.pause()


async def test_the_readers_footer_fits_80_columns_in_both_languages(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for lang, switch in (("en", "Tiếng Việt"), ("vi", "English")):
            if app.lang != lang:
                app.lang = lang
                await pilot.pause()
            for screen_open in (lambda: None, lambda: app.open_lesson("real-systems")):
                screen_open()
                await pilot.pause()
                if isinstance(app.screen, ReaderScreen):
                    app.screen.index = 8  # a demo section: the most keys
                    await pilot.pause()
                keys = list(app.screen.query(FooterKey))
                assert any(str(k.description) == switch for k in keys)
                assert all(k.region.right <= 80 for k in keys), [(k.key_display, k.region) for k in keys]
            app.action_home()
            await pilot.pause()


# -- the end of a lesson, and resuming one ---------------------------------------------------------------
async def test_n_on_the_last_section_offers_the_quiz_and_the_way_home(ds_home):
    from ds_tui.ui.screens.home import HomeScreen
    from ds_tui.ui.screens.lesson_end import LessonEndScreen
    from ds_tui.ui.screens.quiz import QuizScreen

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader = await open_section(pilot, "your-hardware", 1)
        reader.index = len(reader.lesson.sections) - 1
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonEndScreen)
        assert [c for c, _ in app.screen.choices] == ["quiz", "next", "home"]
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert {i.lesson_id for i in app.screen.session.items} == {"your-hardware"}
        app.pop_screen()
        await pilot.pause()
        await pilot.press("n", "escape")  # Esc stays
        await pilot.pause()
        assert app.screen is reader
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_reopening_a_lesson_resumes_where_the_student_stopped(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # lesson 2
        await pilot.pause()
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert app.screen.index == 3
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.index == 3
        await pilot.press("b")  # from the start: one key
        await pilot.pause()
        assert app.screen.index == 0
        await pilot.press("n", "n")
        await pilot.pause()
    again = DsTuiApp(lang="en", home=ds_home)  # and the next time the app starts
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert again.screen.index == 2


# -- searching the lessons -----------------------------------------------------------------------------
async def search_for(pilot, text: str):
    from ds_tui.ui.screens.search import SearchScreen

    app = pilot.app
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    await app.screen.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()
    return app.screen


async def test_slash_searches_the_lessons_in_vietnamese_and_english_and_opens_the_section(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(app, "Search") == "/"
        screen = await search_for(pilot, "bo nho dem")  # Vietnamese, typed without accents
        assert screen.hits and screen.hits[0].section_id == "caches"
        assert "Bộ nhớ đệm" in screen.query_one(OptionList).get_option_at_index(0).prompt.plain
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.lesson.id == "your-hardware"
        assert app.screen.lesson.sections[app.screen.index].id == "caches"
        app.action_home()
        await pilot.pause()
        screen = await search_for(pilot, "GIL")
        assert len(screen.hits) > 2 and shown(app, "Results") == "↓"
        await pilot.press("down", "down", "enter")  # to the results, the second one, open it
        await pilot.pause()
        second = screen.hits[1]
        assert app.screen.lesson.id == second.lesson_id and app.screen.index == second.section_index
        app.action_home()
        await pilot.pause()
        screen = await search_for(pilot, "elasticsearch")
        assert screen.hits[0].section_id == "search-and-games"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.lesson.sections[app.screen.index].id == "search-and-games"


# -- retrying a quiz's mistakes ---------------------------------------------------------------------------
async def test_the_quiz_summary_retries_exactly_the_mistakes_in_one_key(ds_home):
    from ds_tui.quiz.session import QuizItem, QuizSession, SessionKind
    from ds_tui.ui.screens.quiz import QuizScreen
    from ds_tui.ui.screens.quiz_summary import QuizSummaryScreen
    from tests import quiz_helpers as qh

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        items = [QuizItem("l", q) for q in (qh.single("q1"), qh.single("q2"), qh.true_false("q3"))]
        session = QuizSession(SessionKind.LESSON, items)
        for answer in ("b", "a", False):
            session.submit(answer)
            session.advance()
        app.push_screen(QuizSummaryScreen(session.summary(), saved=False))
        await pilot.pause()
        assert shown(app, "Retry mistakes") == "r"
        assert "try again the questions you got wrong in this quiz (2)" in plain(app.screen.query_one("#summary-text", Static))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert [i.question.id for i in app.screen.session.items] == ["q1", "q3"]
        all_right = QuizSession(SessionKind.LESSON, items[1:2])
        all_right.submit("a")
        all_right.advance()
        app.push_screen(QuizSummaryScreen(all_right.summary(), saved=False))
        await pilot.pause()
        assert shown(app, "Retry mistakes") is None  # nothing to retry
