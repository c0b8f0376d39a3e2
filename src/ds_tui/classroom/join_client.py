"""``ds-tui join``'s side of the class quiz's protocol (see ``classroom.server``): join with the code, keep
a WebSocket open (reconnecting, as the same student, when it drops), send answers and send again the
one the server did not confirm. aiohttp's client; no Textual (the screen is ``ds_tui.ui.join_app``).

What a student types for a question without options is parsed here too: ``parse_typed``.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections.abc import Callable
from typing import Any

import aiohttp

from ds_tui.classroom.server import DEFAULT_PORT, MAX_MESSAGE

_ADDRESS = re.compile(r"^(?:https?://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?/?(?:#(\d{4,8}))?$")


def parse_address(raw: str) -> tuple[str, str | None] | None:
    """``192.168.1.20:8765``, ``http://192.168.1.20:8765/#123456`` or a host alone → (base URL, the code
    if the address carried one); None when it is not an address."""
    match = _ADDRESS.match(raw.strip())
    if match is None:
        return None
    host, port, code = match.group(1), match.group(2), match.group(3)
    port_n = int(port) if port else DEFAULT_PORT
    if not 0 < port_n < 65536:
        return None
    return f"http://{host}:{port_n}/", code


def parse_typed(question: dict[str, Any], typed: str) -> Any:
    """What a student typed, as the answer the server takes; None when it cannot be one.
    single/predict/true_false: a letter; multi: letters (``a c``); numeric: a number (``,`` or ``.``);
    order: the items' numbers as shown, first to last (``3 1 2``); classify: a category number per item."""
    kind = question.get("kind")
    text = typed.strip()
    options = question.get("options") or []
    if options:
        letters = {o["letter"].lower(): o["id"] for o in options}
        picked = [letters.get(ch) for ch in re.findall(r"[A-Za-z]", text)]
        if not picked or None in picked:
            return None
        if kind == "multi":
            return list(dict.fromkeys(picked))
        return picked[0] if len(picked) == 1 else None
    if kind == "numeric":
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    items = question.get("items") or []
    if kind == "order":
        if sorted(numbers) != list(range(1, len(items) + 1)):
            return None
        return [items[n - 1]["id"] for n in numbers]
    if kind == "classify":
        categories = question.get("categories") or []
        if len(numbers) != len(items) or not all(1 <= n <= len(categories) for n in numbers):
            return None
        return {item["id"]: categories[n - 1]["id"] for item, n in zip(items, numbers)}
    return None


class JoinClient:
    """One student's connection. ``on_message(dict)`` gets every message; ``on_status(str)`` the
    connection's state: ``connected``, ``offline`` (reconnecting), ``stopped`` (the teacher stopped),
    ``join`` (the server does not know this device: join again)."""

    def __init__(self, url: str, on_message: Callable[[dict[str, Any]], None],
                 on_status: Callable[[str], None]) -> None:
        self.url = url
        self.on_message, self.on_status = on_message, on_status
        self.session: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.pending: dict[str, Any] | None = None  # an answer not confirmed yet
        self.state: dict[str, Any] | None = None
        self._closing = False

    def _session(self) -> aiohttp.ClientSession:
        if self.session is None:  # an address is an IP: the cookie jar must accept cookies for it
            self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                                 timeout=aiohttp.ClientTimeout(total=None, connect=5))
        return self.session

    async def join(self, code: str, name: str, lang: str) -> str:
        """``ok``, ``bad_code``, ``full``, ``slow_down``, ``bad_request``, or ``unreachable: why``."""
        try:
            async with self._session().post(self.url + "join", json={"code": code, "name": name[:64], "lang": lang},
                                            timeout=aiohttp.ClientTimeout(total=10)) as reply:
                if reply.status == 200:
                    return "ok"
                try:
                    return str((await reply.json()).get("error", "bad_request"))
                except (ValueError, aiohttp.ContentTypeError):
                    return "bad_request"
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            return f"unreachable: {exc.__class__.__name__}"

    async def run(self) -> None:
        """Stay connected until ``close``: reconnect with a growing wait (0.5 s to 5 s) after a drop."""
        wait = 0.5
        while not self._closing:
            try:
                self.ws = await self._session().ws_connect(self.url + "ws", heartbeat=20.0)
            except (TimeoutError, aiohttp.ClientError, OSError):
                self.on_status("offline")
                await asyncio.sleep(wait)
                wait = min(5.0, wait * 2)
                continue
            wait = 0.5
            self.on_status("connected")
            stopped = await self._read(self.ws)
            self.ws = None
            if self._closing:
                return
            if stopped == 4001:
                self.on_status("join")
                return
            self.on_status("stopped" if stopped == 1001 else "offline")
            await asyncio.sleep(wait)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> int | None:
        async for msg in ws:
            if msg.type is not aiohttp.WSMsgType.TEXT or len(msg.data) > 1_000_000:
                continue
            try:
                data = json.loads(msg.data)
            except ValueError:
                continue
            if not isinstance(data, dict):
                continue
            if data.get("t") == "state":
                self.state = data
                pending = self.pending
                if pending and data.get("phase") == "open" and (data.get("n"), data.get("round")) == (
                        pending["n"], pending["round"]):
                    await self._send(pending)  # never confirmed (the connection dropped): again
                elif pending and (data.get("n"), data.get("round")) != (pending["n"], pending["round"]):
                    self.pending = None
            elif data.get("t") == "ack" and self.pending and (data.get("n"), data.get("round")) == (
                    self.pending["n"], self.pending["round"]):
                if data.get("status") == "ok" and self.state is not None:
                    self.state["mine"] = self.pending["value"]
                self.pending = None
            self.on_message(data)
        return ws.close_code

    async def _send(self, message: dict[str, Any]) -> bool:
        text = json.dumps(message, ensure_ascii=False)
        if self.ws is None or self.ws.closed or len(text.encode()) > MAX_MESSAGE:
            return False
        try:
            await self.ws.send_str(text)
        except (ConnectionError, RuntimeError, aiohttp.ClientError):
            return False
        return True

    async def answer(self, value: Any) -> bool:
        state = self.state
        if not state or state.get("phase") != "open":
            return False
        self.pending = {"t": "answer", "n": state.get("n"), "round": state.get("round"), "value": value}
        await self._send(self.pending)
        return True

    async def set_lang(self, lang: str) -> None:
        await self._send({"t": "lang", "lang": lang})

    async def close(self) -> None:
        self._closing = True
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()
