"""``ds-tui join ADDRESS``: a student's terminal in the class quiz, against a real server on loopback."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from ds_tui.classroom.devices import public_question
from ds_tui.classroom.join_client import parse_address, parse_typed
from ds_tui.ui.join_app import JoinApp
from tests.devices_helpers import LESSONS, quiz_of, serve
from tests.ui_helpers import plain


def text(app, selector: str) -> str:
    return plain(app.query_one(selector, Static)).strip()


async def until(pilot, check, tries: int = 150) -> None:
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.02)
    assert check()


def test_addresses_as_the_projector_shows_them():
    assert parse_address("192.168.1.20:8765") == ("http://192.168.1.20:8765/", None)
    assert parse_address("http://192.168.1.20:9000/#123456") == ("http://192.168.1.20:9000/", "123456")
    assert parse_address("teacher.local") == ("http://teacher.local:8765/", None)
    assert parse_address("[fe80::1]:8765") == ("http://[fe80::1]:8765/", None)
    for bad in ("", "a b", "host:99999", "ftp://x", "x/../y", "x:1:2", "\x1b[31m"):
        assert parse_address(bad) is None, bad


def test_what_a_student_types_becomes_an_answer_of_the_question_s_shape():
    question = lambda kind: public_question(next(q for lesson in LESSONS.values() for q in lesson.quiz  # noqa: E731
                                                 if q.kind.value == kind))
    single, multi = question("single"), question("multi")
    assert parse_typed(single, "b") == single["options"][1]["id"]
    assert parse_typed(single, "a b") is None and parse_typed(single, "z") is None
    assert parse_typed(multi, "a, c a") == [multi["options"][0]["id"], multi["options"][2]["id"]]
    assert parse_typed(question("numeric"), "3,5") == 3.5 and parse_typed(question("numeric"), "nan") is None
    order = question("order")
    n = len(order["items"])
    assert parse_typed(order, " ".join(str(i) for i in range(n, 0, -1))) == [i["id"] for i in reversed(order["items"])]
    assert parse_typed(order, "1 1") is None
    classify = question("classify")
    typed = " ".join("1" for _ in classify["items"])
    assert parse_typed(classify, typed) == {i["id"]: classify["categories"][0]["id"] for i in classify["items"]}
    assert parse_typed(classify, "9 " * len(classify["items"])) is None


async def test_join_answer_with_a_letter_change_it_and_see_the_reveal():
    server = await serve()
    number, quiz = quiz_of("single")
    app = JoinApp(server.url, "en")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert text(app, "#j-ask") == "Join code (on the projector):"
            await pilot.press(*"000000" if server.room.code != "000000" else "111111", "enter")
            await pilot.press(*"An", "enter")
            await until(pilot, lambda: text(app, "#j-status").startswith("That join code is not right"))
            await pilot.press(*server.room.code, "enter")  # the name was already given
            await until(pilot, lambda: text(app, "#j-status") == "connected as An")
            assert text(app, "#j-body") == "Waiting for the next question…"
            server.room.show(quiz, number, 20, 0.0)
            await until(pilot, lambda: "Question 3/20" in text(app, "#j-head"))
            letters = {o.id: o.letter for o in quiz.options}
            right = quiz.correct_ids[0]
            wrong = next(i for i in letters if i != right)
            await pilot.press(letters[wrong].lower())
            await until(pilot, lambda: server.room.counts(quiz, number, 1)[wrong] == 1)
            await pilot.press(letters[right].lower())  # changed
            await until(pilot, lambda: server.room.counts(quiz, number, 1)[right] == 1)
            await until(pilot, lambda: f"✓ Answer sent: {letters[right]}" in text(app, "#j-body"))
            assert server.room.answered(number, 1) == 1
            quiz.reveal()
            server.room.show(quiz, number, 20, 0.0)
            await until(pilot, lambda: text(app, "#j-reveal").startswith("✓ Right"))
            await pilot.press("ctrl+l")
            await until(pilot, lambda: text(app, "#j-reveal").startswith("✓ Đúng"))
            await pilot.press("escape")
    finally:
        await server.stop()


async def test_a_number_typed_on_the_terminal_is_graded_and_a_stopped_server_is_said():
    server = await serve()
    number, quiz = quiz_of("numeric")
    app = JoinApp(server.url, "vi", code=server.room.code, name="Bình\x1b]52;c;x\x07")
    try:
        async with app.run_test(size=(60, 18)) as pilot:
            await until(pilot, lambda: text(app, "#j-status").startswith("đã kết nối: Bình"))
            assert "\x1b" not in text(app, "#j-status")
            server.room.show(quiz, number, 20, 0.0)
            await until(pilot, lambda: app.query_one("#j-input", Input).display)
            await pilot.press(*"abc", "enter")
            await until(pilot, lambda: text(app, "#j-status") == "Đó không phải là một đáp án hợp lệ.")
            await pilot.press(*str(quiz.question.answer).replace(".", ","), "enter")
            await until(pilot, lambda: server.room.counts(quiz, number, 1) == {"right": 1, "wrong": 0})
            from ds_tui.numbers import general

            # the number as the student's language writes it: 12, not 12.0; 0,5 in Vietnamese
            await until(pilot, lambda: "✓ Đã gửi" in text(app, "#j-body"))
            assert general(float(quiz.question.answer), "vi") in text(app, "#j-body") and ".0" not in text(app, "#j-body")
            await server.stop()
            await until(pilot, lambda: text(app, "#j-status") == "Giáo viên đã dừng câu hỏi cả lớp.")
    finally:
        await server.stop()


def test_join_refuses_an_address_that_is_not_one(capsys):
    from ds_tui.cli import main

    assert main(["--lang", "en", "join", "not an address"]) == 2
    assert "'not an address' is not an address" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["join", "--help"]])
def test_join_help(argv, capsys):
    from ds_tui.cli import main

    with pytest.raises(SystemExit):
        main(argv)
    assert "ADDRESS" in capsys.readouterr().out


def test_join_takes_the_name_saved_with_the_hardware_report(ds_home, monkeypatch, capsys):
    from ds_tui import cli
    from ds_tui.ui import join_app

    seen = {}
    monkeypatch.setattr(join_app, "run_join", lambda args, lang: seen.setdefault("name", args.name) and 0)
    assert cli.main(["--lang", "en", "hardware", "--markdown", "--name", "Lan", "--output", str(ds_home / "r.md")]) == 0
    cli.main(["--lang", "en", "join", "127.0.0.1:8765"])
    assert seen["name"] == "Lan"  # remembered from the report
    seen.clear()
    cli.main(["--lang", "en", "join", "127.0.0.1:8765", "--name", "Minh"])
    assert seen["name"] == "Minh"  # a name given on the command line wins
