"""Every section of every bundled lesson, in both languages, in the reader at 80x24 (issue 14).

What "fits" means here:
- across: nothing needs horizontal scrolling (not the page, not a code block, not a table) and nothing
  is cut: no widget of the text reaches past the page's right edge, and no "…" appears that the lesson
  did not write (a table cell or the header's title cut short);
- down: a section's text (its title and body) fits one screen, as docs/lesson-format.md asks; what comes
  after it (a demo, a calculator, the sources under the last section) is reached by scrolling, and
  scrolling reaches the very end with the footer still on the bottom row.
"""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from ds_tui.lessons import load_library
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.widgets.key_footer import KeyFooter
from tests.ui_helpers import settle

SIZE = (80, 24)
LESSONS = load_library().lessons


def rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def squeezed(text: str) -> str:
    return "".join(text.split())


async def show(pilot, reader, index: int) -> None:
    reader.index = index
    await pilot.pause()
    for worker in [w for w in reader.workers if w.group == "reader-body"]:
        await worker.wait()  # the Markdown is updated in a worker: wait for this section's text
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "vi"])
async def test_every_section_fits_80x24(ds_home, lang):
    app = DsTuiApp(lang=lang, home=ds_home)
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.library is not None and len(app.library.lessons) == len(LESSONS)
        for lesson in app.library.lessons:
            app.open_lesson(lesson.id)
            await pilot.pause()
            reader = app.screen
            content = reader.query_one("#content", VerticalScroll)
            for index, section in enumerate(lesson.sections):
                await show(pilot, reader, index)
                where = f"{lesson.id}/{section.id} ({lang})"
                title, body = reader.query_one("#section-title"), reader.query_one("#body")
                page = content.scrollable_content_region

                # across: no horizontal scrolling, nothing past the right edge
                if content.max_scroll_x:
                    problems.append(f"{where}: the page scrolls sideways by {content.max_scroll_x}")
                for widget in body.query("*"):
                    if widget.display and widget.allow_horizontal_scroll and widget.max_scroll_x:
                        problems.append(f"{where}: a {type(widget).__name__} scrolls sideways by "
                                        f"{widget.max_scroll_x} (a line too long for 80 columns)")
                    elif widget.display and widget.region.right > page.right:
                        problems.append(f"{where}: a {type(widget).__name__} ends past the right edge")
                # nothing cut: the header's title whole, and no "…" the lesson did not write
                header = rows(app)[0]
                wanted = f"{lesson.title.show(lang)} — {reader.sub_title}"
                if squeezed(wanted) not in squeezed(header):
                    problems.append(f"{where}: the header is cut: {header.strip()!r}")
                shown = rows(app)[body.region.y:body.region.bottom]
                written = section.title.show(lang) + section.body.show(lang)
                if sum(line.count("…") for line in shown) > written.count("…"):
                    problems.append(f"{where}: text cut short: {[line for line in shown if '…' in line]}")

                # down: the text on one screen; the rest reached by scrolling, the footer staying put
                text_rows = title.outer_size.height + body.outer_size.height
                if text_rows > content.size.height:
                    problems.append(f"{where}: the text takes {text_rows} rows, the screen has {content.size.height}")
                if content.max_scroll_y:
                    content.scroll_end(animate=False, immediate=True)
                    await pilot.pause()
                    last = [w for w in content.children if w.display][-1]
                    if content.scroll_y != content.max_scroll_y or last.region.bottom > page.bottom:
                        problems.append(f"{where}: scrolling does not reach the end")
                    content.scroll_home(animate=False, immediate=True)
                footer = reader.query_one(KeyFooter)
                if not footer.display or footer.region.y != SIZE[1] - 1:
                    problems.append(f"{where}: the footer is not on the bottom row")
            app.pop_screen()
            await pilot.pause()
    assert not problems, "\n".join(problems)
