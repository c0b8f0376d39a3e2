"""The title bar draws the line Textual's Header drew (the snapshots show the same cells), follows title
changes, and opens the command palette from its icon."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.content import Content

from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.widgets.title_bar import CLOCK_WIDTH, ICON_WIDTH, TitleBar, title_line
from tests.ui_helpers import settle


def test_the_title_is_centred_between_the_icon_and_the_clock_space():
    line = title_line(Content("ds-tui — Lessons"), 80).plain
    assert len(line) == 80
    assert line.startswith(" ⭘ ") and line[2:31].strip() == ""
    assert line.index("ds-tui") == ICON_WIDTH + (80 - ICON_WIDTH - CLOCK_WIDTH - 16) // 2  # as Header centred it
    assert line.endswith(" " * CLOCK_WIDTH)


def test_a_title_too_wide_is_cut_with_an_ellipsis_and_the_line_keeps_its_width():
    line = title_line(Content("Threads, processes and how ChatGPT is trained"), 40).plain
    assert len(line) == 40
    middle = line[ICON_WIDTH:40 - CLOCK_WIDTH]
    assert middle.startswith("Threads") and middle.endswith("…") and len(middle) == 22
    assert title_line(Content("ds-tui"), 10).plain == " ⭘        "  # no room for the title: the icon stays


def test_the_sub_title_keeps_its_dim_style():
    line = title_line(Content.assemble("ds-tui", (" — ", "dim"), Content("Lessons").stylize("dim")), 60)
    styled = {line.plain[span.start:span.end] for span in line.spans if "dim" in str(span.style)}
    assert "Lessons" in "".join(styled)


async def test_the_bar_follows_the_screens_sub_title(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(TitleBar)
        assert "ds-tui — Lessons" in bar.render_line(0).text
        await pilot.press("l")
        await pilot.pause()
        assert "ds-tui — Bài học" in bar.render_line(0).text  # drawn again, not a line kept from before


async def test_a_click_on_the_icon_opens_the_command_palette_and_one_on_the_title_does_not(ds_home):
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
