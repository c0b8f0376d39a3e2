"""A simulated student for the class quiz's server tests: aiohttp's client, one cookie jar per device."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from ds_tui.classroom.class_quiz import ClassQuiz
from ds_tui.classroom.devices import DeviceRoom
from ds_tui.classroom.server import ClassServer, open_listener
from ds_tui.lessons import load_library

LESSONS = {lesson.id: lesson for lesson in load_library().lessons}


async def serve(lesson_id: str = "your-hardware", store=None, room_id=None, code: str | None = None) -> ClassServer:
    room = DeviceRoom(lesson_id, code) if code else DeviceRoom(lesson_id)
    server = ClassServer(room, store, room_id)
    await server.start(open_listener("127.0.0.1", 0))
    return server


def quiz_of(kind: str, lesson_id: str = "your-hardware") -> tuple[int, ClassQuiz]:
    lesson = LESSONS[lesson_id]
    number = next(i for i, q in enumerate(lesson.quiz) if q.kind.value == kind)
    return number, ClassQuiz(lesson.quiz[number])


class Device:
    """One student's phone: joins with the code, keeps a WebSocket, records every message it got."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.received: list[dict[str, Any]] = []
        self.raw: list[str] = []

    async def join(self, code: str, name: str = "", lang: str = "en") -> int:
        async with self.session.post(self.url + "join", json={"code": code, "name": name, "lang": lang}) as reply:
            return reply.status

    async def connect(self) -> None:
        self.ws = await self.session.ws_connect(self.url + "ws")

    async def next(self, kind: str | None = None, timeout: float = 5.0, **match: Any) -> dict[str, Any]:
        """The next message (of ``kind``, with these fields), skipping others."""
        assert self.ws is not None
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), timeout)
            if msg.type is not aiohttp.WSMsgType.TEXT:
                code = msg.data if msg.type is aiohttp.WSMsgType.CLOSE else self.ws.close_code
                return {"t": "closed", "code": code, "type": msg.type}
            self.raw.append(msg.data)
            data = json.loads(msg.data)
            self.received.append(data)
            if (kind is None or data.get("t") == kind) and all(data.get(k) == v for k, v in match.items()):
                return data

    async def state(self, phase: str | None = None, timeout: float = 5.0, n: int | None = None) -> dict[str, Any]:
        while True:
            data = await self.next("state", timeout)
            assert data["t"] != "closed", data
            if (phase is None or data.get("phase") == phase) and (n is None or data.get("n") == n):
                return data

    async def answer(self, n: int, round_: int, value: Any) -> dict[str, Any]:
        assert self.ws is not None
        await self.ws.send_json({"t": "answer", "n": n, "round": round_, "value": value})
        return await self.next("ack")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.session.close()
