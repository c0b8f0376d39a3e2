"""The students' page in a real browser (Debian's chromium driven by Playwright) at a phone's viewport:
join, answer, change the answer, reload (the same student, the same answer), the reveal, both languages,
a question without options, and a name that tries to be HTML.

One browser for the module; each test its own server and browser contexts (phones)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import pytest_asyncio

from ds_tui.classroom.class_quiz import Phase
from tests.devices_helpers import quiz_of, serve

CHROMIUM = os.environ.get("DS_TUI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
WAIT = 5000  # ms


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser():
    async with playwright_api.async_playwright() as p:
        launched = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        await launched.close()


async def starts(page, selector: str, prefix: str) -> None:
    """Wait until the element's text starts with ``prefix`` (no script evaluated: the page's CSP forbids eval)."""
    await playwright_api.expect(page.locator(selector)).to_have_text(re.compile("^" + re.escape(prefix)),
                                                                      timeout=WAIT)


async def phone(browser, url: str, locale: str = "en-US"):
    context = await browser.new_context(locale=locale, **PHONE)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    await page.goto(url)
    return context, page, errors


async def test_join_answer_change_reload_and_the_reveal(browser):
    server = await serve()
    number, quiz = quiz_of("single")
    context, page, errors = await phone(browser, server.url + "#" + server.room.code)
    try:
        await page.locator("#join-button").wait_for(state="visible", timeout=WAIT)
        assert await page.locator("#code").input_value() == server.room.code  # from the QR code's address
        await page.fill("#name", "An")
        await page.click("#join-button")
        await page.locator("#wait").wait_for(state="visible", timeout=WAIT)
        assert await page.text_content("#wait") == "Waiting for the next question…"
        server.room.show(quiz, number, 20, 0.0)
        await page.locator(".option").first.wait_for(timeout=WAIT)
        right = quiz.correct_ids[0]
        wrong = next(o.id for o in quiz.options if o.id != right)
        assert await page.locator(".option").count() == len(quiz.options)
        box = await page.locator(".option").first.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 44  # large buttons on a phone
        await page.click(f".option[data-id='{wrong}']")
        await page.locator(f".option[data-id='{wrong}'][aria-pressed='true']").wait_for(timeout=WAIT)
        await starts(page, "#status", "✓")
        await page.click(f".option[data-id='{right}']")  # changed her mind
        await page.locator(f".option[data-id='{right}'][aria-pressed='true']").wait_for(timeout=WAIT)
        await starts(page, "#status", "✓")
        assert server.room.counts(quiz, number, 1) == {o.id: int(o.id == right) for o in quiz.options}
        await page.reload()  # Wi-Fi dropped, the page reloaded: the same student, the same answer
        await page.locator(f".option[data-id='{right}'][aria-pressed='true']").wait_for(timeout=WAIT)
        assert server.room.joined == 1 and server.room.answered(number, 1) == 1
        assert await page.text_content("#conn") == "connected as An"
        before = await page.content()
        assert quiz.question.explanation.en[:30] not in before
        quiz.reveal()
        assert quiz.phase is Phase.REVEAL
        server.room.show(quiz, number, 20, 0.0)
        await page.locator("#verdict").wait_for(timeout=WAIT)
        assert await page.text_content("#verdict") == "✓ Right"
        marks = [await page.text_content(f".option[data-id='{o.id}'] .letter") for o in quiz.options]
        assert [m[0] for m in marks] == ["✓" if o.correct else "✗" for o in quiz.options]  # not colour alone
        shown = await page.text_content("#explanation")
        assert shown and shown.replace("`", "")[:30] == quiz.question.explanation.en.replace("`", "")[:30]
        assert not errors
    finally:
        await context.close()
        await server.stop()


async def test_in_vietnamese_a_number_answer_and_a_name_that_tries_to_be_html(browser):
    server = await serve()
    number, quiz = quiz_of("numeric")
    context, page, errors = await phone(browser, server.url)
    try:
        await page.locator("#join-button").wait_for(state="visible", timeout=WAIT)
        await page.click("#lang")  # Tiếng Việt
        assert await page.text_content("#join-button") == "Tham gia"
        await page.fill("#code", "000000" if server.room.code != "000000" else "111111")
        await page.click("#join-button")
        await starts(page, "#join-error", "Mã tham gia chưa đúng")
        errors.clear()  # the browser logs the refused join (403): expected
        assert "Mã tham gia chưa đúng" in await page.text_content("#join-error")
        await page.fill("#code", server.room.code)
        await page.fill("#name", "<img src=x onerror=alert(1)>")
        await page.click("#join-button")
        server.room.show(quiz, number, 20, 0.0)
        await page.locator("#number").wait_for(timeout=WAIT)
        assert await page.locator("img").count() == 0  # the name is text, never markup
        assert (await page.text_content("#conn")).startswith("đã kết nối: <img")
        await page.fill("#number", str(quiz.question.answer).replace(".", ","))  # a Vietnamese decimal comma
        await page.click("#send")
        await starts(page, "#status", "✓ Đã gửi")
        assert server.room.counts(quiz, number, 1) == {"right": 1, "wrong": 0}
        quiz.reveal()
        server.room.show(quiz, number, 20, 0.0)
        await page.locator("#verdict").wait_for(timeout=WAIT)
        assert await page.text_content("#verdict") == "✓ Đúng"
        assert await page.get_attribute("html", "lang") == "vi"
        assert not errors
    finally:
        await context.close()
        await server.stop()


async def test_an_order_question_put_in_order_then_graded_at_the_reveal(browser):
    server = await serve("thread-or-process")
    number, quiz = next(((n, q) for n, q in [quiz_of("order", lesson) for lesson in
                                             ("thread-or-process", "your-hardware", "real-systems", "chatgpt-training")
                                             if _has("order", lesson)]))
    context, page, errors = await phone(browser, server.url)
    try:
        await page.locator("#join-button").wait_for(state="visible", timeout=WAIT)
        await page.fill("#code", server.room.code)
        await page.click("#join-button")
        server.room.show(quiz, number, 20, 0.0)
        await page.locator(".item").first.wait_for(timeout=WAIT)
        shown = [await row.get_attribute("data-id") for row in await page.locator(".item").all()]
        right = list(quiz.question.answer)
        assert sorted(shown) == sorted(right) and shown != right
        for index, item in enumerate(right):  # move each item up to its place
            position = shown.index(item)
            while position > index:
                await page.locator(".item").nth(position).get_by_role("button", name="Up").click()
                shown[position - 1], shown[position] = shown[position], shown[position - 1]
                position -= 1
        await page.click("#send")
        await starts(page, "#status", "✓")
        assert server.room.counts(quiz, number, 1) == {"right": 1, "wrong": 0}
        quiz.next(0.0)
        quiz.next(1.0)  # the countdown is over: a question without options is revealed
        server.room.show(quiz, number, 20, 1.0)
        await starts(page, "#verdict", "✓ Right")
        assert await page.locator("#send").count() == 0  # nothing more to send
        assert not errors
    finally:
        await context.close()
        await server.stop()


def _has(kind: str, lesson_id: str) -> bool:
    from tests.devices_helpers import LESSONS

    return lesson_id in LESSONS and any(q.kind.value == kind for q in LESSONS[lesson_id].quiz)
