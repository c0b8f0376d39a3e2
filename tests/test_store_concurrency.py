"""Several openers and writers on one progress store at once: threads of one process, processes.

Opening is one opener at a time, so a damaged database is moved aside once and never under a
connection that has it open (that killed pytest with SIGBUS), and a fresh folder is migrated once.
Each test runs its openers in spawned processes, so a crash fails the test instead of ending the run.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from pathlib import Path

from ds_tui.store import FILENAME, Store
from tests import store_workers

SPAWN = multiprocessing.get_context("spawn")
JOIN_S = 120  # a hang, not a slow machine: each run takes a few seconds


def _damaged(root: Path, rounds: int) -> list[Path]:
    """Folders each holding a damaged database, with a -wal and -shm of the same garbage."""
    folders = []
    for n in range(rounds):
        folder = root / f"round-{n}"
        folder.mkdir()
        for name in (FILENAME, FILENAME + "-wal", FILENAME + "-shm"):
            (folder / name).write_bytes(b"damaged!" * 4096)
        folders.append(folder)
    return folders


def _run(processes: list[multiprocessing.process.BaseProcess]) -> None:
    for p in processes:
        p.start()
    for p in processes:
        p.join(JOIN_S)
    assert [p.exitcode for p in processes] == [0] * len(processes)  # -7 would be SIGBUS


def _read(out: Path) -> dict:
    assert out.exists(), f"{out.name}: the worker died before it could report"
    return json.loads(out.read_text())


def _assert_moved_aside_once_and_usable(folder: Path, answers: int) -> None:
    kept = list(folder.glob("progress.corrupt-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"damaged!")
    assert not list(folder.glob("progress.corrupt-*-2.sqlite3"))
    store = Store.open(folder)
    assert store.notice is None and store.answer_count() == answers
    store.close()


def test_many_threads_opening_a_damaged_database_move_it_aside_once(tmp_path):
    folders = _damaged(tmp_path, rounds=6)
    out = tmp_path / "threads.json"
    _run([SPAWN.Process(target=store_workers.open_damaged_with_threads,
                        args=([str(f) for f in folders], 8, str(out)))])
    report = _read(out)
    assert report["errors"] == []
    assert len(report["results"]) == 6 * 8
    for folder in folders:
        movers = [r for r in report["results"] if r["who"].startswith(folder.name + "-") and r["moved"]]
        assert len(movers) == 1  # one opener was told, the others found the new database
        _assert_moved_aside_once_and_usable(folder, answers=8)


def test_processes_opening_a_damaged_database_move_it_aside_once(tmp_path):
    folders = _damaged(tmp_path, rounds=4)
    barrier = SPAWN.Barrier(4)
    outs = [tmp_path / f"process-{n}.json" for n in range(4)]
    _run([SPAWN.Process(target=store_workers.open_in_step, args=([str(f) for f in folders], barrier, f"p{n}", str(o)))
          for n, o in enumerate(outs)])
    reports = [_read(o) for o in outs]
    assert [r["errors"] for r in reports] == [[]] * 4
    for folder in folders:
        movers = [r for report in reports for r in report["results"]
                  if r["who"].startswith(folder.name + "-") and r["moved"]]
        assert len(movers) == 1
        _assert_moved_aside_once_and_usable(folder, answers=4)


def test_instances_starting_together_on_a_fresh_folder_move_nothing_aside(tmp_path):
    folders = [tmp_path / f"fresh-{n}" for n in range(5)]  # not created: the store makes its folder
    barrier = SPAWN.Barrier(3)
    outs = [tmp_path / f"process-{n}.json" for n in range(3)]
    _run([SPAWN.Process(target=store_workers.open_in_step, args=([str(f) for f in folders], barrier, f"p{n}", str(o)))
          for n, o in enumerate(outs)])
    reports = [_read(o) for o in outs]
    assert [r["errors"] for r in reports] == [[]] * 3
    assert not [r for report in reports for r in report["results"] if r["moved"]]
    for folder in folders:
        assert not list(folder.glob("progress.corrupt-*"))
        assert sorted(store_workers.responses(folder)) == [f"{folder.name}-p{n}" for n in range(3)]


def test_every_answer_lands_exactly_once_while_another_program_locks_at_random(tmp_path):
    folder = tmp_path / "home"
    barrier = SPAWN.Barrier(3)
    outs = [tmp_path / f"answerer-{n}.json" for n in range(2)]
    answerers = [SPAWN.Process(target=store_workers.answer_in_a_loop, args=(str(folder), barrier, 3.0, f"a{n}", str(o)))
                 for n, o in enumerate(outs)]
    locker = SPAWN.Process(target=store_workers.hold_locks_at_random, args=(str(folder), barrier, 3.0, 7))
    _run([*answerers, locker])
    reports = [_read(o) for o in outs]
    assert [r["errors"] for r in reports] == [[], []]
    given = [response for r in reports for response in r["given"]]
    assert len(given) > 20 and sum(r["waited"] for r in reports) > 0  # the lock was met, and answers waited
    Store.open(folder).close()  # writes what an answerer still held in its journal when it ended
    stored = Counter(store_workers.responses(folder))
    assert set(stored) == set(given) and set(stored.values()) == {1}
    assert not list(folder.glob("progress.pending-*")) and not list(folder.glob("progress.corrupt-*"))
