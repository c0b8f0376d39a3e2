"""The class quiz on the students' devices: the room's rules (classroom.devices) and the server over them
(classroom.server), driven by simulated phones on loopback."""

from __future__ import annotations

import json
import socket

import aiohttp
import pytest

from ds_tui.classroom.class_quiz import ClassQuiz, Phase
from ds_tui.classroom.devices import (MAX_NAME, DeviceRoom, clean_name, public_question, shuffled_items,
                                      valid_answer)
from ds_tui.classroom.server import MAX_FRAME, ServerProblem, close_room, open_listener, open_room
from ds_tui.lessons.model import QuestionKind
from ds_tui.store import Store
from tests.devices_helpers import LESSONS, Device, quiz_of, serve

ALL_QUESTIONS = [(lesson.id, q) for lesson in LESSONS.values() for q in lesson.quiz]


# -- the room's rules ---------------------------------------------------------------------------------
def test_names_are_bounded_and_cleaned_of_control_and_direction_characters():
    assert clean_name("  An\x1b[31m  Bình\u202e\u200b ") == "An[31m Bình"
    assert clean_name("<b>x</b>") == "<b>x</b>"  # kept as text: every page and screen shows it as text
    assert len(clean_name("x" * 10_000)) == MAX_NAME
    assert clean_name(None) == clean_name(42) == clean_name(["a"]) == ""
    assert clean_name("\x00\x07\x9b") == ""


def test_one_answer_per_student_per_question_per_round():
    number, quiz = quiz_of("single")
    room = DeviceRoom("your-hardware")
    (_, an), (_, binh) = room.join("An", "vi"), room.join("", "en")
    assert room.answer(an, number, 1, "a").status == "closed"  # nothing on the projector yet
    room.show(quiz, number, 20, 0.0)
    right, wrong = quiz.correct_ids[0], next(o.id for o in quiz.options if not o.correct)
    assert room.answer(an, number, 1, wrong).status == "ok"
    assert room.answer(an, number, 1, wrong).status == "ok"  # the same message again (a retry): once
    assert room.answer(an, number, 1, right).changed  # changed: replaces
    assert room.answer(binh, number, 1, right).status == "ok"
    assert room.counts(quiz, number, 1) == {o.id: (2 if o.id == right else 0) for o in quiz.options}
    assert room.answered(number, 1) == 2
    assert room.answer(an, number + 1, 1, right).status == "stale"
    assert room.answer(an, number, 2, right).status == "stale"
    assert room.answer(an, number, 1, "no-such-option").status == "invalid"
    quiz.next(0.0)  # the countdown
    quiz.next(1.0)  # the countdown is over: the show of hands
    room.show(quiz, number, 20, 1.0)
    assert room.answer(an, number, 1, wrong).status == "closed"  # too late to change it
    assert room.counts(quiz, number, 1)[right] == 2


@pytest.mark.parametrize("kind, good, bad", [
    ("numeric", [12, 3.5, -1], [True, "12", float("nan"), float("inf"), 1e300, None, [1]]),
    ("true_false", ["true", "false"], [True, "yes", None]),
    ("order", None, [["x"], [], "abc", None]),
    ("classify", None, [{}, {"nope": "x"}, [], "a"]),
    ("multi", None, [[], ["zzz"], "a", None]),
])
def test_answers_have_the_shape_the_question_takes(kind, good, bad):
    question = next(q for _, q in ALL_QUESTIONS if q.kind.value == kind)
    if kind == "order":
        good = [[i.id for i in question.items], [i.id for i in reversed(question.items)]]
        bad += [[question.items[0].id] * len(question.items)]
    if kind == "classify":
        good = [{question.items[0].id: question.categories[0].id}]
        bad += [{question.items[0].id: "no-such-category"}]
    if kind == "multi":
        good = [[question.options[0].id], [o.id for o in question.options]]
        bad += [[question.options[0].id, question.options[0].id]]
    assert all(valid_answer(question, v) for v in good)
    assert not any(valid_answer(question, v) for v in bad)


@pytest.mark.parametrize("lesson_id, question", ALL_QUESTIONS, ids=[f"{lesson}-{q.id}" for lesson, q in ALL_QUESTIONS])
def test_nothing_a_device_is_sent_before_the_reveal_tells_the_answer(lesson_id, question):
    quiz = ClassQuiz(question)
    room = DeviceRoom(lesson_id)
    _, student = room.join("x", "en")
    secrets_ = [question.explanation.en, question.explanation.vi]
    secrets_ += [t for o in getattr(question, "options", ()) if o.why for t in (o.why.en, o.why.vi)]
    secrets_ += [t for i in getattr(question, "items", ()) if i.why for t in (i.why.en, i.why.vi)]
    secrets_ = [s for s in secrets_ if s and len(s) > 12]
    for phase in (Phase.QUESTION, Phase.COUNTDOWN, Phase.VOTES, Phase.DISTRIBUTION, Phase.PEER, Phase.RUN):
        quiz.phase = phase
        room.show(quiz, 0, 1, 0.0)
        sent = json.dumps(room.public_state(student), ensure_ascii=False)
        assert '"correct"' not in sent and '"why"' not in sent and '"explanation"' not in sent
        assert '"answer"' not in sent and '"reveal"' not in sent and '"range' not in sent
        for secret in secrets_:
            assert json.dumps(secret, ensure_ascii=False)[1:-1] not in sent
    public = public_question(question)
    if question.kind is QuestionKind.ORDER:
        assert [i["id"] for i in public["items"]] != list(question.answer)  # never in the right order
        assert [i.id for i in shuffled_items(question)] == [i["id"] for i in public["items"]]
    quiz.phase = Phase.REVEAL
    room.show(quiz, 0, 1, 0.0)
    assert "reveal" in room.public_state(student)


def test_questions_without_options_are_graded_by_the_quiz_rules():
    number, quiz = quiz_of("numeric")
    question = quiz.question
    room = DeviceRoom("your-hardware")
    students = [room.join(f"s{i}", "en")[1] for i in range(3)]
    room.show(quiz, number, 20, 0.0)
    room.answer(students[0], number, 1, float(question.answer))
    room.answer(students[1], number, 1, float(question.answer) * 1000 + 7)
    assert room.counts(quiz, number, 1) == {"right": 1, "wrong": 1}
    quiz.reveal()
    room.show(quiz, number, 20, 0.0)
    quiz.graded = room.graded(quiz, number)
    assert room.public_state(students[0])["right"] is True
    assert room.public_state(students[1])["right"] is False
    assert room.public_state(students[2])["mine"] is None
    result = quiz.result(number + 1)
    assert result.right_percent(0) == 50 and result.hands(0) == 2 and result.right_letters == "✓"


def test_device_votes_are_added_to_the_typed_hands_and_back_brings_back_only_the_typed():
    number, quiz = quiz_of("single")
    quiz.next(0.0)
    quiz.next(1.0)
    assert quiz.phase is Phase.VOTES
    a = quiz.options[0].id
    quiz.record_votes({a: 3}, {a: 2, quiz.options[1].id: 4})
    assert quiz.votes[0].count(a) == 5 and quiz.votes[0].total == 9
    assert quiz.back(2.0) and quiz.draft == {o.id: (3 if o.id == a else 0) for o in quiz.options}


def test_peer_instruction_s_second_vote_is_counted_apart_from_the_first():
    number, quiz = quiz_of("single")
    room = DeviceRoom("your-hardware")
    students = [room.join(f"s{i}", "en")[1] for i in range(4)]
    right = quiz.correct_ids[0]
    wrong = next(o.id for o in quiz.options if o.id != right)
    quiz.next(0.0)
    room.show(quiz, number, 20, 0.0)
    for student, value in zip(students, [right, right, wrong, wrong]):  # 50% right: discuss, vote again
        room.answer(student, number, 1, value)
    quiz.next(1.0)
    quiz.record_votes({}, room.counts(quiz, number, 1))
    assert quiz.suggests_peer
    quiz.next(2.0)  # peer
    room.show(quiz, number, 20, 2.0)
    assert room.public_state(students[0])["phase"] == "peer"
    assert room.answer(students[0], number, 2, right).status == "closed"
    quiz.next(3.0)  # the second countdown
    room.show(quiz, number, 20, 3.0)
    state = room.public_state(students[2])
    assert state["phase"] == "open" and state["round"] == 2 and state["mine"] is None
    for student in students:
        assert room.answer(student, number, 2, right).status == "ok"  # convinced
    assert room.answer(students[0], number, 1, wrong).status == "stale"  # the first vote is over
    quiz.next(4.0)
    quiz.record_votes({}, room.counts(quiz, number, 2))
    result = quiz.result(number + 1)
    assert (result.right_percent(0), result.right_percent(1), result.change) == (50, 100, 50)


def test_predict_answers_are_judged_by_what_the_demo_measured():
    lesson = LESSONS["your-hardware"]
    number = next(i for i, q in enumerate(lesson.quiz) if q.kind is QuestionKind.PREDICT)
    quiz = ClassQuiz(lesson.quiz[number], runnable=True)
    room = DeviceRoom("your-hardware")
    students = [room.join(f"s{i}", "en")[1] for i in range(len(quiz.options))]
    quiz.next(0.0)
    room.show(quiz, number, 20, 0.0)
    for student, option in zip(students, quiz.options):
        assert room.answer(student, number, 1, option.id).status == "ok"
    quiz.set_measured(1.0)  # e.g. no speedup at all
    (target,) = quiz.correct_ids
    quiz.reveal()
    room.show(quiz, number, 20, 1.0)
    verdicts = {o.id: room.public_state(s)["right"] for s, o in zip(students, quiz.options)}
    assert verdicts[target] is True
    assert all(v is not True for oid, v in verdicts.items() if oid != target)


# -- the server ---------------------------------------------------------------------------------------
async def test_a_student_joining_late_sees_the_question_on_the_projector_now():
    server = await serve()
    number, quiz = quiz_of("single")
    quiz.next(0.0)
    server.room.show(quiz, number, 20, 0.0)
    phone = Device(server.url)
    try:
        await phone.join(server.room.code)
        await phone.connect()
        await phone.next("hello")
        state = await phone.next("state")
        assert state["phase"] == "open" and state["n"] == number + 1 and state["remaining"] > 0
    finally:
        await phone.close()
        await server.stop()


async def test_join_answer_change_and_reveal_over_the_network():
    server = await serve()
    number, quiz = quiz_of("single")
    phone = Device(server.url)
    try:
        assert await phone.join("000000" if server.room.code != "000000" else "111111") == 403
        assert await phone.join(server.room.code, "An <script>", "vi") == 200
        await phone.connect()
        hello = await phone.next("hello")
        assert hello["name"] == "An <script>" and hello["lang"] == "vi"
        assert (await phone.state())["phase"] == "wait"
        server.room.show(quiz, number, 20, 0.0)
        state = await phone.state("open")
        assert state["n"] == number + 1 and state["mine"] is None
        right = quiz.correct_ids[0]
        wrong = next(o.id for o in quiz.options if o.id != right)
        assert (await phone.answer(number + 1, 1, wrong))["status"] == "ok"
        assert (await phone.answer(number + 1, 1, right))["status"] == "ok"
        assert server.room.counts(quiz, number, 1)[right] == 1 and server.room.answered(number, 1) == 1
        quiz.reveal()
        server.room.show(quiz, number, 20, 0.0)
        reveal = await phone.state("reveal")
        assert reveal["right"] is True and reveal["reveal"]["correct"] == list(quiz.correct_ids)
        before = "".join(phone.raw[:-1])
        assert quiz.question.explanation.en[:40] not in before and '"correct"' not in before
    finally:
        await phone.close()
        await server.stop()


async def test_a_device_without_a_token_is_told_to_join_and_join_tries_are_limited():
    server = await serve()
    phone = Device(server.url)
    try:
        await phone.connect()
        closed = await phone.next()
        assert closed["t"] == "closed" and closed["code"] == 4001
        statuses = [await phone.join("bad") for _ in range(15)]
        assert statuses[0] == 403 and 429 in statuses  # guessing the code is slowed down
        async with phone.session.post(server.url + "join", data="code=1") as reply:
            assert reply.status in (415, 429)
    finally:
        await phone.close()
        await server.stop()


async def test_malformed_oversized_and_flooding_messages_are_dropped_counted_and_harmless():
    server = await serve()
    number, quiz = quiz_of("single")
    server.room.show(quiz, number, 20, 0.0)
    bad, good = Device(server.url), Device(server.url)
    try:
        for phone in (bad, good):
            assert await phone.join(server.room.code) == 200
            await phone.connect()
            await phone.state("open")
        ws = bad.ws
        await ws.send_str("not json {")
        await ws.send_str(json.dumps({"t": "answer", "value": "x" * 3000}))
        await ws.send_str("[1, 2]")
        await ws.send_bytes(b"\x00\x01")
        await ws.send_str(json.dumps({"t": "rm -rf"}))
        await ws.send_str(json.dumps({"t": "answer", "n": True, "round": True, "value": quiz.options[0].id}))
        for _ in range(60):  # a flood
            await ws.send_str(json.dumps({"t": "ping"}))
        await ws.send_str("x" * (MAX_FRAME + 10))  # bigger than a frame may be: that connection is closed
        assert (await bad.next("closed", timeout=5))["t"] == "closed"
        stats = server.room.stats
        assert stats.dropped >= 6 and stats.rate_limited > 0
        assert server.room.answered(number, 1) == 0
        assert (await good.answer(number + 1, 1, quiz.options[0].id))["status"] == "ok"  # still serving
    finally:
        await bad.close()
        await good.close()
        await server.stop()


async def test_the_server_serves_its_own_few_routes_only():
    server = await serve()
    try:
        async with aiohttp.ClientSession() as session:
            for path in ("nope", "../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "web/app.js", "index.html",
                         "static/app.js", "web/index.html", "app.css/x"):
                async with session.get(server.url + path) as reply:
                    assert reply.status == 404, path
            async with session.post(server.url) as reply:
                assert reply.status == 405
            async with session.get(server.url) as reply:
                page = await reply.text()
                assert reply.status == 200 and "script-src 'self'" in reply.headers["Content-Security-Policy"]
                assert reply.headers["X-Content-Type-Options"] == "nosniff"
            assert "<script src=\"/app.js\"" in page and "innerHTML" not in page
            async with session.get(server.url + "app.js") as reply:
                assert "innerHTML" not in await reply.text()
            async with session.get(server.url + "ws", headers={"Origin": "http://evil.example",
                                                               "Upgrade": "websocket", "Connection": "Upgrade",
                                                               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                                                               "Sec-WebSocket-Version": "13"}) as reply:
                assert reply.status == 403  # another site's page cannot answer for a student
    finally:
        await server.stop()


async def test_stopping_closes_every_connection_and_frees_the_port():
    server = await serve()
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    phones = [Device(server.url) for _ in range(3)]
    try:
        for phone in phones:
            await phone.join(server.room.code)
            await phone.connect()
            await phone.state()
        assert len(server.connections) == 3
        await server.stop()
        for phone in phones:
            closed = await phone.next("closed")
            assert closed["code"] == 1001  # going away: the page says the teacher stopped
        assert not server.connections
        open_listener("127.0.0.1", port).close()  # the port is free again
    finally:
        for phone in phones:
            await phone.close()


def test_a_taken_port_and_a_missing_network_are_clear_messages(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerProblem) as problem:
            open_listener("127.0.0.1", port)
        assert problem.value.text("en") == f"Port {port} is already in use on this machine: choose another with --port."
        assert f"Cổng {port}" in problem.value.text("vi")
    from ds_tui.classroom import server as server_module

    monkeypatch.setattr(server_module, "lan_address", lambda: None)
    with pytest.raises(ServerProblem) as problem:
        open_listener(None, 0)
    assert "--host" in problem.value.text("en") and "--host" in problem.value.text("vi")
    with pytest.raises(ServerProblem) as problem:
        open_listener("203.0.113.9", 0)  # an address this machine does not have
    assert "203.0.113.9" in problem.value.text("en")


def test_present_serve_on_a_taken_port_says_so_before_the_screen_opens(capsys):
    from ds_tui.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--lang", "en", "present", "--serve", "--host", "127.0.0.1", "--port", str(port)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.strip() == f"ds-tui present: error: Port {port} is already in use on this machine: choose another with --port."


# -- the store: a restarted app resumes the room --------------------------------------------------------------
async def test_a_restarted_app_resumes_the_room_with_its_students_and_answers(ds_home):
    store = Store.open(ds_home)
    number, quiz = quiz_of("single")
    server, resumed = await open_room("your-hardware", store, open_listener("127.0.0.1", 0))
    assert resumed == 0
    phone = Device(server.url)
    try:
        await phone.join(server.room.code, "An")
        await phone.connect()
        server.room.show(quiz, number, 20, 0.0)
        await phone.state("open")
        right = quiz.correct_ids[0]
        assert (await phone.answer(number + 1, 1, right))["status"] == "ok"  # acknowledged: in the store
        code = server.room.code
        # the teacher's app dies: no stop, the room is not ended
        await server._runner.cleanup()  # noqa: SLF001 - the port goes, as when the process dies
        again, resumed = await open_room("your-hardware", store, open_listener("127.0.0.1", 0))
        assert resumed == 1 and again.room.code == code
        assert again.room.counts(quiz, number, 1)[right] == 1
        quiz2 = ClassQuiz(quiz.question)
        again.room.show(quiz2, number, 20, 0.0)
        phone.url = again.url
        phone.session.cookie_jar.update_cookies(  # the phone's cookie, now for the new port
            {c.key: c.value for c in phone.session.cookie_jar}, aiohttp.client.URL(again.url))
        await phone.ws.close()
        await phone.connect()
        state = await phone.state("open")
        assert state["mine"] == right  # the student's answer came back
        assert (await phone.answer(number + 1, 1, right))["status"] == "ok"  # sent again after the restart
        assert again.room.counts(quiz2, number, 1)[right] == 1  # counted once
        await phone.ws.close()
        await close_room(again)
        third, resumed = await open_room("your-hardware", store, open_listener("127.0.0.1", 0))
        assert resumed == 0  # a room closed on purpose is over: the next class is new
        await close_room(third)
    finally:
        await phone.close()
        store.close()
