"""The projector with the students' devices: how to join on screen, the counts from the devices (how many
answered, never what, while the class thinks), the votes added to the typed hands, the server's figures."""

from __future__ import annotations


import pytest
from textual.widgets import Static

from ds_tui.classroom.class_quiz import Phase
from ds_tui.classroom.server import open_listener
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens import class_quiz as class_quiz_module
from ds_tui.ui.screens.class_quiz import ClassQuizScreen
from ds_tui.ui.screens.devices import FiguresScreen, JoinScreen
from ds_tui.ui.screens.present import PresentScreen
from ds_tui.start_request import StartRequest
from tests.devices_helpers import Device
from tests.ui_helpers import plain as _plain


def plain(static) -> str:
    return _plain(static).strip()


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = 1000.0

        def __call__(self) -> float:
            return self.now

    fake = Clock()
    monkeypatch.setattr(class_quiz_module, "monotonic", fake)
    return fake


def serving(ds_home, lang: str = "en") -> DsTuiApp:
    app = DsTuiApp(lang=lang, home=ds_home, start=StartRequest("present", lesson="your-hardware"), theme="projector")
    app.serve_listener = open_listener("127.0.0.1", 0)  # as ds-tui present --serve binds it
    return app


async def until(pilot, check, tries: int = 100) -> None:
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.02)
    assert check()


def present_of(app) -> PresentScreen:
    return next(s for s in app.screen_stack if isinstance(s, PresentScreen))


async def test_serve_shows_the_address_a_qr_code_the_join_code_and_who_joined(ds_home):
    app = serving(ds_home)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, JoinScreen) and bool(app.screen.query("#join-info")))  # composed
        await until(pilot, lambda: plain(app.screen.query_one("#join-info", Static)) != "")
        server = present_of(app).devices
        info = plain(app.screen.query_one("#join-info", Static))
        assert server.url in info and server.room.code in info and "ds-tui join 127.0.0.1:" in info
        qr = plain(app.screen.query_one("#join-qr", Static)).splitlines()
        assert len(qr) >= 15 and all(len(line) == len(qr[0]) for line in qr) and "▀" in qr[1] + qr[2]
        assert plain(app.screen.query_one("#join-count", Static)) == "0 joined"
        phone = Device(server.url)
        try:
            assert await phone.join(server.room.code, "An") == 200
            await until(pilot, lambda: plain(app.screen.query_one("#join-count", Static)) == "1 joined")
            await pilot.press("escape")
            await pilot.pause()
            bar = plain(app.screen.query_one("#slide-devices", Static))
            assert bar == f"{server.url[7:-1]} · code {server.room.code} · 1 joined"
            await pilot.press("l")
            await pilot.pause()
            assert plain(app.screen.query_one("#slide-devices", Static)).endswith(f"mã {server.room.code} · 1 người")
            await pilot.resize_terminal(60, 18)  # a zoomed projector: the slide number keeps its room
            await pilot.pause()
            assert plain(app.screen.query_one("#slide-devices", Static)) == f"📱 {server.room.code} · 1"
            assert "Slide 1/" in plain(app.screen.query_one("#slide-number", Static))
        finally:
            await phone.close()


async def test_device_votes_are_counted_not_shown_during_the_countdown_and_added_to_the_hands(ds_home, clock):
    app = serving(ds_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, JoinScreen))
        server = present_of(app).devices
        phones = [Device(server.url) for _ in range(3)]
        try:
            for i, phone in enumerate(phones):
                await phone.join(server.room.code, f"s{i}")
                await phone.connect()
                assert (await phone.state())["phase"] == "wait"
            await pilot.press("escape", "k")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ClassQuizScreen)
            await pilot.press("g", "3", "enter", "right")  # question 3, the countdown
            await pilot.pause()
            quiz = screen.quiz
            assert quiz.phase is Phase.COUNTDOWN and quiz.votable
            options = [o.id for o in quiz.options]
            for phone in phones:
                state = await phone.state("open", n=3)
            assert state["n"] == 3
            await phones[0].answer(3, 1, options[0])
            await phones[1].answer(3, 1, options[1])
            await phones[2].answer(3, 1, options[1])
            label = screen.query_one("#cq-devices", Static)
            await until(pilot, lambda: plain(label) == "📱 3/3 answered")
            assert not screen.query_one("#cq-dist").display  # how many, never what
            await pilot.press("right")  # time is up: the hands
            await pilot.pause()
            assert quiz.phase is Phase.VOTES
            assert (await phones[0].state("closed"))["mine"] == options[0]
            assert (await phones[0].answer(3, 1, options[1]))["status"] == "closed"
            assert plain(label) == "📱 3 joined + 3 from devices"
            await pilot.press("2")  # two hands for A from students without a device
            await pilot.press("right")
            await pilot.pause()
            assert quiz.phase is Phase.DISTRIBUTION
            assert quiz.votes[-1].count(options[0]) == 3 and quiz.votes[-1].count(options[1]) == 2
            await pilot.press("i")  # the server's figures, from the class quiz too
            await until(pilot, lambda: isinstance(app.screen, FiguresScreen))
        finally:
            for phone in phones:
                await phone.close()


async def test_w_starts_and_stops_the_server_and_i_shows_its_figures(ds_home, monkeypatch):
    app = DsTuiApp(lang="vi", home=ds_home, start=StartRequest("present", lesson="your-hardware"), theme="projector")
    app.serve_host, app.serve_port = "127.0.0.1", 0
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PresentScreen))
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, JoinScreen))
        info = plain(app.screen.query_one("#join-info", Static))
        assert "Mã tham gia" in info
        server = present_of(app).devices
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, FiguresScreen))
        await pilot.pause(0.6)
        figures = plain(app.screen.query_one("#figures", Static))
        assert "MainThread" in figures and "Kết nối đang mở" in figures
        await pilot.press("escape")
        await pilot.press("w")  # on the join screen: stop
        await until(pilot, lambda: isinstance(app.screen, PresentScreen) and present_of(app).devices is None)
        open_listener("127.0.0.1", port).close()  # the port is free
        assert not app.screen.query_one("#slide-devices").display


async def test_quitting_stops_the_server_and_frees_the_port(ds_home):
    app = serving(ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, JoinScreen))
        server = present_of(app).devices
        phone = Device(server.url)
        await phone.join(server.room.code)
        await phone.connect()
        await phone.state()
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        await pilot.press("escape", "q", "y")
        await pilot.pause()
    closed = await phone.next("closed")
    await phone.close()
    assert closed["t"] == "closed"
    open_listener("127.0.0.1", port).close()


async def test_the_summary_lists_only_named_students_as_plain_text_and_saves_them_as_csv(ds_home, clock, tmp_path):
    app = serving(ds_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, JoinScreen))
        server = present_of(app).devices
        phones = [Device(server.url) for _ in range(3)]
        try:
            for phone, name in zip(phones, ["[b]Hoa[/b] \x1b[31m", "", "=1+1"]):
                await phone.join(server.room.code, name)
                await phone.connect()
            await pilot.press("escape", "k", "g", "3", "enter", "right")
            await pilot.pause()
            quiz = app.screen.quiz
            right = quiz.correct_ids[0]
            for phone in phones:
                await phone.state("open", n=3)
                await phone.answer(3, 1, right)
            await pilot.press("a", "s")
            await pilot.pause()
            body = plain(app.screen.query_one("#sum-body", Static))
            assert "[b]Hoa[/b] [31m: 1/1" in body  # as typed, markup and all; the escape character gone
            assert "=1+1: 1/1" in body and body.count(": 1/1") == 2  # the anonymous student is not listed
            await pilot.press("e")
            await pilot.pause()
            field = app.screen.query_one("Input")
            field.value = str(tmp_path)
            await pilot.press("enter")
            await pilot.pause()
            (students,) = tmp_path.glob("class-students-*.csv")
            rows = students.read_text(encoding="utf-8-sig").splitlines()
            assert rows[0] == "lesson,started,name,answered,judged,right,right_pct"
            assert rows[1].split(",")[2:] == ["[b]Hoa[/b] [31m", "1", "1", "1", "100"]
            assert rows[2].split(",")[2] == "'=1+1"  # never a formula in a spreadsheet
        finally:
            for phone in phones:
                await phone.close()



async def test_a_restarted_projector_returns_to_the_question_the_class_was_answering(ds_home):
    # what a first run left in the store: a room still open, three students, their answers to questions
    # 2 (first) and 4 (last); the app was then killed, so nothing ended the room
    import time

    from ds_tui.classroom.devices import token_hash
    from ds_tui.store import Store

    store = Store.open(ds_home)
    try:
        now = time.time()
        room_id, code, _, _ = store.open_device_room("your-hardware", "ABCD", now - 60)
        pending = [("student", (f"s{i}", token_hash(f"token-{i}"), f"S{i}", "en", now - 50)) for i in range(3)]
        pending += [("answer", (f"s{i}", 1, 1, "a", now - 40 + i)) for i in range(3)]
        pending += [("answer", (f"s{i}", 3, 1, "b", now - 20 + i)) for i in range(2)]
        store.save_device_room(room_id, pending)
    finally:
        store.close()
    app = serving(ds_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ClassQuizScreen), tries=500)  # a store, a server: slow under load
        assert app.screen.number == 3  # question 4, where the class was; not the join screen
        assert present_of(app).devices.room.code == code
        assert any("resumed at question 4: 3 students" in str(n.message) for n in app._notifications)
        assert present_of(app).devices.room.answered(3, 1) == 2 and present_of(app).devices.room.answered(1, 1) == 3
