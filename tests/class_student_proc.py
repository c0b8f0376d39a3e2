"""A student's machine for the network-namespace test: joins the class quiz at URL with CODE, answers the
open question with the option at INDEX, waits for the acknowledgement, prints ``ANSWERED <option id>``
(python -m tests.class_student_proc URL CODE NAME INDEX)."""

from __future__ import annotations

import asyncio
import sys

from ds_tui.classroom.join_client import JoinClient


async def main(url: str, code: str, name: str, index: int) -> int:
    client = JoinClient(url, lambda message: None, lambda status: None)
    if (joined := await client.join(code, name, "vi")) != "ok":
        print(f"JOIN {joined}", flush=True)
        return 1
    run = asyncio.create_task(client.run())
    try:
        for _ in range(1000):
            if client.state and client.state.get("phase") == "open":
                break
            await asyncio.sleep(0.01)
        value = client.state["question"]["options"][index]["id"]
        await client.answer(value)
        for _ in range(1000):
            if client.pending is None and client.state.get("mine") == value:
                print(f"ANSWERED {value}", flush=True)
                return 0
            await asyncio.sleep(0.01)
        return 1
    finally:
        await client.close()
        run.cancel()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
