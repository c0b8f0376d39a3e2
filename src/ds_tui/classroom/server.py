"""The class quiz's server: students answer from their own phones (a small page) and terminals
(``ds-tui join``). A thin adapter: HTTP, a WebSocket and JSON over the rules of ``classroom.devices``.

Why aiohttp: one mature asyncio library for both the HTTP server and the WebSocket (it is what
textual-serve is built on), with bounded message sizes, clean shutdown and a client for ``ds-tui join``.
Why in the app's event loop, not a thread: the room is then touched by one thread only (no locks), a
student's answer reaches the projector's count without crossing threads, and the course's lesson 3 is
on show — one event loop serving every connection, the waiting done by the operating system. Only the
store's SQLite writes go to a thread (``asyncio.to_thread``), so the disk never stalls the loop.

Routes: ``GET /`` (the page), ``GET /app.js``, ``GET /app.css``, ``GET /favicon.ico`` (none), ``POST /join`` (join code, name,
language → an HttpOnly cookie with the device's token), ``GET /ws`` (the WebSocket; the cookie says who
it is). Nothing else is served. Every connection has a rate limit; a message that is too big, not JSON,
or not one of the protocol's is dropped and counted; nothing a device sends can stop the server.

Protocol (JSON text frames). Device → server: ``{"t": "answer", "n": N, "round": R, "value": V}``,
``{"t": "lang", "lang": "vi"}``, ``{"t": "ping"}``. Server → device: ``{"t": "hello", "name", "lang"}``,
``{"t": "state", ...}`` (``DeviceRoom.public_state``), ``{"t": "ack", "n", "round", "status"}`` (sent once
the answer is in the store), ``{"t": "pong"}``.
"""

from __future__ import annotations

import asyncio
import errno
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from aiohttp import WSCloseCode, WSMsgType, web

from ds_tui.classroom.devices import DeviceRoom, Student, new_code
from ds_tui.i18n import t

if TYPE_CHECKING:
    from ds_tui.store import Store

DEFAULT_PORT = 8765
COOKIE = "dstui"
MAX_MESSAGE = 2048  # bytes of one message from a device; bigger ones are dropped
MAX_FRAME = 64 * 1024  # aiohttp closes a connection that sends a frame bigger than this
MAX_JOIN_BODY = 1024
RATE = 8.0  # messages per second a connection may send, on average
BURST = 20.0  # and at once
JOIN_RATE = 1.0  # wrong join codes per second per address
JOIN_BURST = 10.0
MAX_CONNECTIONS = 600
OUTBOX = 32  # messages waiting for one slow device; beyond this the oldest acks are dropped
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                               " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
STATIC = {"/": ("index.html", "text/html"), "/app.js": ("app.js", "text/javascript"),
          "/app.css": ("app.css", "text/css")}


class ServerProblem(Exception):
    """Why the server cannot start, as an interface string key and its values (both languages)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


def lan_address() -> str | None:
    """This machine's address on its local network (the interface a default route would use); None when
    there is none. Nothing is sent: connecting a UDP socket only picks the interface."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                address: str = s.getsockname()[0]
        except OSError:
            continue
        if address and not address.startswith(("127.", "0.")):
            return address
    return None


def open_listener(host: str | None, port: int) -> socket.socket:
    """A listening socket on ``host`` (default: the LAN address) and ``port``; ServerProblem with a clear
    message when there is no LAN interface, the address is not this machine's, or the port is taken."""
    if host is None:
        host = lan_address()
        if host is None:
            raise ServerProblem("serve.no_lan")
    if not 0 <= port <= 65535:
        raise ServerProblem("serve.bad_port", port=port)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ServerProblem("serve.bad_host", host=host) from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart right after a stop gets its port
        sock.bind(address)
        sock.listen(256)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServerProblem("serve.port_taken", port=port) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            raise ServerProblem("serve.bad_host", host=host) from None
        if exc.errno == errno.EACCES:
            raise ServerProblem("serve.port_denied", port=port) from None
        raise ServerProblem("serve.failed", error=exc.strerror or str(exc)) from None
    sock.setblocking(False)
    return sock


@dataclass
class Bucket:
    """A token bucket: ``rate`` per second on average, ``burst`` at once."""

    rate: float
    burst: float
    tokens: float = -1.0
    at: float = field(default_factory=time.monotonic)

    def has(self, now: float | None = None) -> bool:
        """A token is there (none taken)."""
        now = time.monotonic() if now is None else now
        if self.tokens < 0:
            self.tokens = self.burst
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return self.tokens >= 1.0

    def take(self, now: float | None = None) -> bool:
        if self.has(now):
            self.tokens -= 1.0
            return True
        return False


class Connection:
    """One device's WebSocket: its student, its rate limit, and what waits to be sent to it."""

    def __init__(self, ws: web.WebSocketResponse, student: Student) -> None:
        self.ws, self.student = ws, student
        self.bucket = Bucket(RATE, BURST)
        self.outbox: list[str] = []
        self.state_due = True
        self.wake = asyncio.Event()
        self.wake.set()

    def send(self, message: dict[str, Any]) -> None:
        if len(self.outbox) >= OUTBOX:
            del self.outbox[0]
        self.outbox.append(json.dumps(message, ensure_ascii=False))
        self.wake.set()

    def state_changed(self) -> None:
        self.state_due = True
        self.wake.set()


@dataclass
class ServerFigures:
    """What the presenter's key shows: the server's own figures, live."""

    connections: int
    joined: int
    messages: int
    per_second: float
    dropped: int
    thread: str
    tasks: int
    answers: int


class ClassServer:
    """The room on the network. ``start`` in the app's event loop; ``stop`` closes every connection and the port."""

    def __init__(self, room: DeviceRoom, store: Store | None = None, room_id: int | None = None) -> None:
        self.room, self.store, self.room_id = room, store, room_id
        self.connections: set[Connection] = set()
        self.url = ""
        self.store_failed = 0
        self._runner: web.AppRunner | None = None
        self._write = asyncio.Lock()
        self._join_buckets: dict[str, Bucket] = {}
        self._pages = {path: (resources.files("ds_tui.classroom").joinpath("web", name).read_bytes(), kind)
                       for path, (name, kind) in STATIC.items()}
        self._rate_mark = (time.monotonic(), 0)
        self._per_second = 0.0
        room.listen(self._room_changed)

    # -- life --------------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_JOIN_BODY, handler_args={"max_field_size": 4096,
                                                                           "max_line_size": 4096})
        for path in STATIC:
            app.router.add_get(path, self._static, allow_head=False)
        app.router.add_get("/favicon.ico", self._no_icon, allow_head=False)  # browsers ask for it
        app.router.add_post("/join", self._join)
        app.router.add_get("/ws", self._ws, allow_head=False)
        app.on_response_prepare.append(self._headers)
        return app

    async def start(self, sock: socket.socket) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.SockSite(self._runner, sock)
        await site.start()
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}/"

    async def stop(self) -> None:
        """Every device told and disconnected, the port freed, what the room had not saved written."""
        self.room.unlisten(self._room_changed)
        async def close(conn: Connection) -> None:
            try:
                await asyncio.wait_for(conn.ws.close(code=WSCloseCode.GOING_AWAY, message=b"stopped"), 2.0)
            except (TimeoutError, ConnectionError, RuntimeError):
                pass  # a device that does not answer the close: cleanup below cuts it

        await asyncio.gather(*(close(conn) for conn in list(self.connections)))
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.persist()

    @property
    def running(self) -> bool:
        return self._runner is not None

    def figures(self) -> ServerFigures:
        stats = self.room.stats
        now = time.monotonic()
        then, count = self._rate_mark
        if now - then >= 1.0:
            self._per_second = (stats.messages - count) / (now - then)
            self._rate_mark = (now, stats.messages)
        return ServerFigures(len(self.connections), self.room.joined, stats.messages, self._per_second,
                             stats.dropped + stats.rate_limited, threading.current_thread().name,
                             len(asyncio.all_tasks()), stats.answers)

    # -- the store ---------------------------------------------------------------------------------
    async def persist(self) -> None:
        """Write what the room has not saved yet; returns once it is in the store (one write for all
        that arrived meanwhile: the next caller finds nothing left to write)."""
        async with self._write:
            pending = self.room.take_pending()
            if not pending or self.store is None or self.room_id is None:
                return
            try:
                await asyncio.to_thread(self.store.save_device_room, self.room_id, pending)
            except Exception:  # a busy or broken store: the class goes on, the answers stay counted
                self.store_failed += 1

    # -- HTTP ----------------------------------------------------------------------------------------
    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)

    async def _static(self, request: web.Request) -> web.Response:
        body, kind = self._pages[request.path]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    async def _no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _join(self, request: web.Request) -> web.Response:
        address = request.remote or "?"
        bucket = self._join_buckets.get(address)
        if bucket is None:
            if len(self._join_buckets) > 10_000:
                self._join_buckets.clear()
            bucket = self._join_buckets[address] = Bucket(JOIN_RATE, JOIN_BURST)
        if not bucket.has():  # wrong codes from this address came too fast: guessing is slowed down
            self.room.stats.rate_limited += 1
            return web.json_response({"error": "slow_down"}, status=429)
        if request.content_type != "application/json":  # a form from another site cannot send this
            return web.json_response({"error": "bad_request"}, status=415)
        try:
            raw = await request.content.read(MAX_JOIN_BODY + 1)
            data = json.loads(raw) if len(raw) <= MAX_JOIN_BODY else None
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            self.room.stats.dropped += 1
            return web.json_response({"error": "bad_request"}, status=400)
        if not self.room.check_code(data.get("code")):
            bucket.take()  # only a wrong code costs: a class behind one address joins at once
            return web.json_response({"error": "bad_code"}, status=403)
        joined = self.room.join(data.get("name"), data.get("lang"))
        if joined is None:
            return web.json_response({"error": "full"}, status=503)
        token, student = joined
        await self.persist()  # in the store before the device is told: a restarted app knows it
        response = web.json_response({"name": student.name, "lang": student.lang})
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/", max_age=12 * 3600)
        return response

    # -- the WebSocket -----------------------------------------------------------------------------------
    async def _ws(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is not None and origin not in (f"http://{request.host}", f"https://{request.host}"):
            return web.Response(status=403, text="forbidden")  # another site's page cannot vote for a student
        ws = web.WebSocketResponse(max_msg_size=MAX_FRAME, heartbeat=20.0, autoping=True)
        student = self.room.student(request.cookies.get(COOKIE))
        if student is None or len(self.connections) >= MAX_CONNECTIONS:
            await ws.prepare(request)
            await ws.close(code=4001 if student is None else 4002, message=b"join first" if student is None else b"full")
            return ws
        await ws.prepare(request)
        conn = Connection(ws, student)
        conn.send({"t": "hello", "name": student.name, "lang": student.lang})
        self.connections.add(conn)
        sender = asyncio.create_task(self._sender(conn))
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._received(conn, msg.data)
                elif msg.type is WSMsgType.BINARY:
                    self.room.stats.messages += 1
                    self.room.stats.dropped += 1
                elif msg.type is WSMsgType.ERROR:  # e.g. a frame over MAX_FRAME: aiohttp closes it
                    self.room.stats.dropped += 1
                    break
        finally:
            self.connections.discard(conn)
            sender.cancel()
        return ws

    async def _received(self, conn: Connection, text: str) -> None:
        stats = self.room.stats
        stats.messages += 1
        if not conn.bucket.take():
            stats.rate_limited += 1
            return
        if len(text) > MAX_MESSAGE:
            stats.dropped += 1
            return
        try:
            data = json.loads(text)
        except ValueError:
            stats.dropped += 1
            return
        kind = data.get("t") if isinstance(data, dict) else None
        if kind == "answer":
            n, round_ = data.get("n"), data.get("round")
            number = n - 1 if isinstance(n, int) and not isinstance(n, bool) else None  # "n" is 1-based
            result = self.room.answer(conn.student, number, round_ if not isinstance(round_, bool) else None,
                                      data.get("value"))
            if result.status != "ok":
                stats.dropped += 1
            else:
                await self.persist()
            conn.send({"t": "ack", "n": data.get("n") if isinstance(data.get("n"), int) else None,
                       "round": data.get("round") if isinstance(data.get("round"), int) else None,
                       "status": result.status})
        elif kind == "lang":
            self.room.set_lang(conn.student, data.get("lang"))
        elif kind == "ping":
            conn.send({"t": "pong"})
        else:
            stats.dropped += 1

    async def _sender(self, conn: Connection) -> None:
        """Sends a device its messages, and the room's state whenever it changed (only the latest: a slow
        phone is not sent every step it missed)."""
        ws = conn.ws
        try:
            while not ws.closed:
                await conn.wake.wait()
                conn.wake.clear()
                while conn.outbox:
                    await ws.send_str(conn.outbox.pop(0))
                if conn.state_due:
                    conn.state_due = False
                    state = self.room.public_state(conn.student)
                    state["t"] = "state"
                    await ws.send_str(json.dumps(state, ensure_ascii=False))
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            pass

    def _room_changed(self, what: str) -> None:
        if what == "state":
            for conn in self.connections:
                conn.state_changed()


async def open_room(lesson_id: str, store: Store | None, listener: socket.socket) -> tuple[ClassServer, int]:
    """The lesson's room on ``listener``: the one a stopped app left open (its code, students and answers
    come back from the store), else a new one. The server and how many students came back."""
    code, room_id = new_code(), None
    students: list[tuple[Any, ...]] = []
    answers: list[tuple[Any, ...]] = []
    if store is not None:
        try:
            room_id, code, students, answers = await asyncio.to_thread(store.open_device_room, lesson_id, code,
                                                                       time.time())
        except Exception:  # the class quiz works without the store: nothing is resumed or kept
            room_id = None
    room = DeviceRoom(lesson_id, code)
    room.restore(students, answers)
    server = ClassServer(room, store if room_id is not None else None, room_id)
    try:
        await server.start(listener)
    except OSError as exc:
        listener.close()
        raise ServerProblem("serve.failed", error=exc.strerror or str(exc)) from None
    return server, len(students)


async def close_room(server: ClassServer) -> None:
    """Stop the server (every device disconnected, the port freed) and end the room in the store: a
    later start is a new class."""
    await server.stop()
    if server.store is not None and server.room_id is not None:
        try:
            await asyncio.to_thread(server.store.end_device_room, server.room_id)
        except Exception:
            pass
