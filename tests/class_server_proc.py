"""The teacher's side of the class quiz in a process of its own, for the fault tests: the room on a port,
answers kept in the store of ``DS_TUI_HOME``, a question open for answers. Killed and started again
by the tests (python -m tests.class_server_proc HOME PORT [HOST]; HOST lan: this machine's LAN address)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from ds_tui.classroom.server import open_listener, open_room
from ds_tui.store import Store
from tests.devices_helpers import quiz_of


async def main(home: Path, port: int, host: str | None) -> None:
    store = Store.open(home)
    server, resumed = await open_room("your-hardware", store, open_listener(host, port))
    number, quiz = quiz_of("single")
    quiz.next(0.0)  # the countdown: open for answers
    server.room.show(quiz, number, 20, 0.0)
    print(f"READY {server.url} {server.room.code} {resumed} {server.room.answered(number, 1)}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]), None if host == "lan" else host))
