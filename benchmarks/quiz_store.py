"""Quiz progress at scale: recording answers, and start-up with a big history.

1. Records 10,000 answers through the real path (grade, schedule with FSRS, one transaction per
   answer with its question's state) into a fresh store. Budget: at most 1 s. Baseline, same run:
   the same 10,000 rows inserted bare, one transaction each (the floor SQLite sets).
2. Starts `ds-tui` (80x24 pseudo-terminal) until the home screen shows quiz progress, with an empty
   store and with 100,000 answers; runs alternate. Budget: at most 50 ms more with the big store.

    python benchmarks/quiz_store.py [--runs 7]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from startup import time_until

from ds_tui.lessons import load_library
from ds_tui.quiz.grading import expected_answer, grade
from ds_tui.quiz.progress import Progress, response_json
from ds_tui.quiz.scheduler import Scheduler
from ds_tui.store import FILENAME, Store

RECORD_BUDGET_S = 1.0
STARTUP_BUDGET_S = 0.050


def _answers(n: int):
    library = load_library()
    questions = [(lesson.id, q) for lesson in library.lessons for q in lesson.quiz]
    for i, (lesson_id, question) in zip(range(n), itertools.cycle(questions)):
        answer = expected_answer(question)
        yield lesson_id, question, answer, grade(question, answer)
        _ = i


def record_answers(n: int) -> tuple[float, float]:
    items = list(_answers(n))
    with tempfile.TemporaryDirectory() as home:
        store = Store.open(Path(home))
        progress = Progress(store, Scheduler())
        start = time.perf_counter()
        t = 1.8e9
        for lesson_id, question, answer, g in items:
            t += 30
            progress.record(lesson_id, question, answer, g, now=t)
        ours = time.perf_counter() - start
        assert store.answer_count() == n
        store.close()
    with tempfile.TemporaryDirectory() as home:
        db = sqlite3.connect(Path(home) / "bare.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, lesson_id TEXT, question_id TEXT, answered REAL,"
                   " score REAL, correct INTEGER, response TEXT)")
        start = time.perf_counter()
        for lesson_id, question, answer, g in items:
            db.execute("BEGIN")
            db.execute("INSERT INTO answers (lesson_id, question_id, answered, score, correct, response)"
                       " VALUES (?, ?, ?, ?, ?, ?)", (lesson_id, question.id, 0.0, g.score, 1, response_json(answer)))
            db.execute("COMMIT")
        bare = time.perf_counter() - start
        db.close()
    return ours, bare


def fill(home: Path, n: int) -> None:
    store = Store.open(home)
    progress = Progress(store, Scheduler())
    items = list(_answers(n))
    for lesson_id, question, answer, g in items[:200]:  # every question gets a real state and card
        progress.record(lesson_id, question, answer, g)
    rows = [(lid, q.id, 1.8e9 + i, g.score, int(g.correct), response_json(a)) for i, (lid, q, a, g) in
            enumerate(items[200:])]
    store._db.execute("BEGIN")
    store._db.executemany("INSERT INTO answers (lesson_id, question_id, answered, score, correct, response)"
                          " VALUES (?, ?, ?, ?, ?, ?)", rows)
    store._db.execute("COMMIT")
    assert store.answer_count() == n
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ok = True

    ours, bare = record_answers(10_000)
    print(f"record 10,000 answers (grade + FSRS + answer + state): {ours:.3f} s "
          f"({'within' if ours <= RECORD_BUDGET_S else 'OVER'} the {RECORD_BUDGET_S:g} s budget)")
    print(f"bare SQLite insert, one transaction each:              {bare:.3f} s   ratio {ours / bare:.2f}x")
    ok &= ours <= RECORD_BUDGET_S

    ds_tui = shutil.which("ds-tui")
    if ds_tui is None:
        print("ds-tui is not installed in this environment (pip install -e .)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as empty_home, tempfile.TemporaryDirectory() as full_home:
        Store.open(Path(empty_home)).close()
        fill(Path(full_home), 100_000)
        size_mb = (Path(full_home) / FILENAME).stat().st_size / 1e6
        cases = {"empty store": (empty_home, b"Your hardware"), "100,000 answers": (full_home, b"quiz 20/20")}
        times: dict[str, list[float]] = {name: [] for name in cases}
        env_base = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
        import os

        for home, marker in cases.values():  # warm the file cache, untimed
            time_until([ds_tui, "--lang", "en"], marker, {**os.environ, **env_base, "DS_TUI_HOME": home})
        for _ in range(args.runs):
            for name, (home, marker) in cases.items():
                times[name].append(time_until([ds_tui, "--lang", "en"], marker,
                                              {**os.environ, **env_base, "DS_TUI_HOME": home}))
    medians = {name: statistics.median(v) for name, v in times.items()}
    for name, values in times.items():
        print(f"start-up, {name:16s} median {medians[name] * 1000:7.1f} ms (min {min(values) * 1000:.1f}, "
              f"max {max(values) * 1000:.1f}, runs {len(values)})")
    extra = medians["100,000 answers"] - medians["empty store"]
    print(f"100,000 answers ({size_mb:.1f} MB) cost {extra * 1000:+.1f} ms at start-up, ratio "
          f"{medians['100,000 answers'] / medians['empty store']:.3f}x "
          f"({'within' if extra <= STARTUP_BUDGET_S else 'OVER'} the {STARTUP_BUDGET_S * 1000:g} ms budget)")
    ok &= extra <= STARTUP_BUDGET_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
