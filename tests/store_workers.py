"""What the store's concurrency tests run in other processes (started with spawn, so importable).

Each worker writes what it saw to a JSON file: a process that dies (SIGBUS, an exception) leaves no
file, or a non-zero exit code, and the test says so.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
import traceback
from pathlib import Path

from ds_tui.store import FILENAME, AnswerRecord, Store


def answer(store: Store, response: str) -> str:
    """Record one answer whose response is ``response`` (unique per answer given)."""
    now = time.time()
    return store.record_answer(AnswerRecord("stress", f"q{sum(map(ord, response)) % 5}", now, 1.0, True,
                                            json.dumps(response)), ("concurrency",), now + 60, "{}")


def responses(directory: Path) -> list[str]:
    """Every answer's response in the database, as many times as it is there."""
    db = sqlite3.connect(directory / FILENAME)
    try:
        return [json.loads(r[0]) for r in db.execute("SELECT response FROM answers")]
    finally:
        db.close()


def _open_answer_close(directory: Path, who: str) -> dict:
    store = Store.open(directory)
    try:
        answer(store, who)
        return {"who": who, "moved": str(store.notice.moved_to) if store.notice and store.notice.moved_to else None}
    finally:
        store.close()


def open_damaged_with_threads(directories: list[str], threads: int, out: str) -> None:
    """For each folder: ``threads`` threads open its store at the same moment, each answers once."""
    results, errors = [], []
    for directory in map(Path, directories):
        barrier = threading.Barrier(threads)

        def run(n: int, directory: Path = directory, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                results.append(_open_answer_close(directory, f"{directory.name}-thread-{n}"))
            except BaseException:
                errors.append(traceback.format_exc())

        workers = [threading.Thread(target=run, args=(n,), name="ds-tui-preload") for n in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    Path(out).write_text(json.dumps({"results": results, "errors": errors}))


def open_in_step(directories: list[str], barrier, who: str, out: str) -> None:
    """With the other processes: for each folder, wait for all, then open it, answer once and close."""
    results, errors = [], []
    for directory in map(Path, directories):
        barrier.wait()
        try:
            results.append(_open_answer_close(directory, f"{directory.name}-{who}"))
        except BaseException:
            errors.append(traceback.format_exc())
    Path(out).write_text(json.dumps({"results": results, "errors": errors}))


def answer_in_a_loop(directory: str, barrier, seconds: float, who: str, out: str) -> None:
    """Open with the others, then answer until ``seconds`` are up; list every answer given."""
    given, waited, errors = [], 0, []
    barrier.wait()
    try:
        store = Store.open(Path(directory))
        deadline = time.monotonic() + seconds
        rng = random.Random(who)
        while time.monotonic() < deadline:
            response = f"{who}-{len(given)}"
            answer(store, response)
            given.append(response)
            waited += not store.save_state.saved
            time.sleep(rng.uniform(0, 0.01))
        store.close()
    except BaseException:
        errors.append(traceback.format_exc())
    Path(out).write_text(json.dumps({"given": given, "waited": waited, "errors": errors}))


def hold_locks_at_random(directory: str, barrier, seconds: float, seed: int) -> None:
    """Another program: takes the database's write lock (BEGIN EXCLUSIVE) for random short spells."""
    barrier.wait()
    rng = random.Random(seed)
    path = Path(directory) / FILENAME
    while not path.exists():  # the answerers create it
        time.sleep(0.01)
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(0.0, 0.15))
        try:
            db.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            continue  # the answerers were migrating a fresh file
        time.sleep(rng.uniform(0.05, 0.4))
        db.execute("COMMIT")
    db.close()
