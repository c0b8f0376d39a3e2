"""Faults in the class quiz with devices: nothing lost, nothing counted twice.

- a student's client killed mid-answer (half a frame sent; a whole one sent, then killed before the
  acknowledgement),
- a burst of reconnects (every connection dropped at once, every device back and sending again),
- the teacher's app killed (SIGKILL) and started again mid-question: the room resumes from the store
  with the answers already given, and the devices' re-sent answers are counted once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path


from ds_tui.classroom.class_quiz import ClassQuiz
from ds_tui.classroom.devices import DeviceRoom
from ds_tui.classroom.join_client import JoinClient
from ds_tui.store import Store
from tests.devices_helpers import Device, quiz_of, serve

ROOT = Path(__file__).parent.parent


async def test_a_client_killed_mid_answer_counts_at_most_once():
    server = await serve()
    number, quiz = quiz_of("single")
    server.room.show(quiz, number, 20, 0.0)
    option = quiz.options[0].id
    half, whole = Device(server.url), Device(server.url)
    try:
        for phone in (half, whole):
            await phone.join(server.room.code)
            await phone.connect()
            await phone.state("open")
        # half a frame, then the process dies: the server sees a broken connection, counts nothing
        frame = b'\x81\x7e' + b'\x00\x40' + b'{"t": "answer", "n": ' + b'x' * 8
        transport = half.ws._response.connection.transport  # noqa: SLF001 - the raw socket of the device
        transport.write(frame)
        transport.abort()
        # a whole answer, and the device dies before the acknowledgement
        await whole.ws.send_json({"t": "answer", "n": number + 1, "round": 1, "value": option})
        whole.ws._response.connection.transport.abort()  # noqa: SLF001
        for _ in range(100):
            if not server.connections:
                break
            await asyncio.sleep(0.01)
        assert not server.connections and server.room.answered(number, 1) == 1
        # the device comes back (the same cookie) and sends the answer it never saw acknowledged
        await whole.connect()
        state = await whole.state("open")
        assert state["mine"] == option
        assert (await whole.answer(number + 1, 1, option))["status"] == "ok"
        assert server.room.counts(quiz, number, 1)[option] == 1  # once
        assert server.room.answered(number, 1) == 1
    finally:
        await half.close()
        await whole.close()
        await server.stop()


async def test_a_burst_of_reconnects_loses_nothing_and_counts_nothing_twice():
    server = await serve()
    number, quiz = quiz_of("single")
    server.room.show(quiz, number, 20, 0.0)
    phones = [Device(server.url) for _ in range(30)]
    try:
        await asyncio.gather(*(p.join(server.room.code, f"s{i}") for i, p in enumerate(phones)))
        await asyncio.gather(*(p.connect() for p in phones))
        await asyncio.gather(*(p.state("open") for p in phones))
        choice = {id(p): quiz.options[i % len(quiz.options)].id for i, p in enumerate(phones)}
        await asyncio.gather(*(p.answer(number + 1, 1, choice[id(p)]) for p in phones))
        for phone in phones:  # the Wi-Fi drops for everyone at once
            phone.ws._response.connection.transport.abort()  # noqa: SLF001
        await asyncio.gather(*(p.connect() for p in phones))  # and everyone is back at once,
        states = await asyncio.gather(*(p.state("open") for p in phones))
        assert all(s["mine"] == choice[id(p)] for s, p in zip(states, phones))
        acks = await asyncio.gather(*(p.answer(number + 1, 1, choice[id(p)]) for p in phones))  # sending again
        assert all(a["status"] == "ok" for a in acks)
        assert server.room.joined == 30 and server.room.answered(number, 1) == 30
        expected = {o.id: sum(1 for c in choice.values() if c == o.id) for o in quiz.options}
        assert server.room.counts(quiz, number, 1) == expected
        for _ in range(100):
            if len(server.connections) == 30:
                break
            await asyncio.sleep(0.01)
        assert len(server.connections) == 30
    finally:
        await asyncio.gather(*(p.close() for p in phones))
        await server.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _teacher(home: Path, port: int) -> tuple[subprocess.Popen, list[str]]:
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}", DS_TUI_HOME=str(home))
    proc = subprocess.Popen([sys.executable, "-m", "tests.class_server_proc", str(home), str(port)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, text=True)
    line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 30)
    assert line.startswith("READY"), line
    return proc, line.split()


async def test_the_teacher_s_app_killed_and_restarted_mid_question_loses_and_doubles_nothing(ds_home):
    port = _free_port()
    number, quiz = quiz_of("single")
    options = [o.id for o in quiz.options]
    proc, (_, url, code, resumed, answered) = await _teacher(ds_home, port)
    assert resumed == "0"
    states: dict[int, list[dict]] = {}
    clients = [JoinClient(url, lambda m, i=i: states.setdefault(i, []).append(m), lambda s: None) for i in range(12)]
    runs = []
    try:
        assert all(r == "ok" for r in await asyncio.gather(*(c.join(code, f"s{i}", "en")
                                                            for i, c in enumerate(clients))))
        runs = [asyncio.create_task(c.run()) for c in clients]
        for _ in range(300):
            if all(c.state and c.state.get("phase") == "open" for c in clients):
                break
            await asyncio.sleep(0.01)
        for i, client in enumerate(clients[:8]):  # 8 answer, and are acknowledged (in the store)
            await client.answer(options[i % len(options)])
        for _ in range(300):
            if not any(c.pending for c in clients[:8]):
                break
            await asyncio.sleep(0.01)
        assert not any(c.pending for c in clients[:8])
        proc.send_signal(signal.SIGKILL)  # the teacher's laptop: the app is gone, mid-question
        proc.wait(10)
        for i, client in enumerate(clients[8:], 8):  # 4 answer while it is down: kept, sent on reconnect
            client.pending = {"t": "answer", "n": number + 1, "round": 1, "value": options[i % len(options)]}
        proc, (_, url2, code2, resumed, answered) = await _teacher(ds_home, port)
        assert (url2, code2, resumed, answered) == (url, code, "12", "8")  # the same room, its answers back
        for _ in range(500):  # every device reconnects by itself and sends what was not acknowledged
            if not any(c.pending for c in clients) and all(c.state and c.state.get("mine") for c in clients):
                break
            await asyncio.sleep(0.02)
        assert not any(c.pending for c in clients)
        assert [c.state["mine"] for c in clients] == [options[i % len(options)] for i in range(12)]
    finally:
        for client in clients:
            await client.close()
        for run in runs:
            run.cancel()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    store = Store.open(ds_home)  # what the room would resume with now: every answer, each once
    try:
        room_id, _, students, answers = store.open_device_room("your-hardware", "x", __import__("time").time())
    finally:
        store.close()
    room = DeviceRoom("your-hardware", code)
    room.restore(students, answers)
    assert len(students) == 12 and len(answers) == 12
    expected = {o: sum(1 for i in range(12) if options[i % len(options)] == o) for o in options}
    assert room.counts(ClassQuiz(quiz.question), number, 1) == expected
