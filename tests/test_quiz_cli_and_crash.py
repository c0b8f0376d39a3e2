"""`ds-tui quiz/review/stats` on the command line, and answers surviving a killed process."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from ds_tui.cli import main
from ds_tui.quiz.grading import grade
from ds_tui.quiz.progress import Progress
from ds_tui.quiz.scheduler import Scheduler
from ds_tui.store import FILENAME, SCHEMA_VERSION, Store
from ds_tui.start_request import StartRequest


def _bundled_question(lesson_id="thread-or-process"):
    from ds_tui.lessons import load_library

    lesson = load_library().get(lesson_id)
    return next(q for q in lesson.quiz if q.kind == "single")


def test_stats_json_counts_answers_and_accuracy(ds_home, capsys):
    question = _bundled_question()
    store = Store.open(ds_home)
    progress = Progress(store, Scheduler(fuzz=False))
    right = question.correct_option_ids[0]
    wrong = next(o.id for o in question.options if not o.correct)
    for answer in (wrong, right, right):
        progress.record("thread-or-process", question, answer, grade(question, answer))
    store.close()
    assert main(["stats", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["answers"] == 3
    lesson = next(entry for entry in doc["lessons"] if entry["id"] == "thread-or-process")
    assert (lesson["answered"], lesson["attempts"], lesson["correct"]) == (1, 3, 2)
    assert {c["concept"] for c in doc["concepts"]} == set(question.concepts)
    assert main(["stats", "--lang", "vi"]) == 0
    assert "Số câu đã trả lời: 3" in capsys.readouterr().out


def test_stats_with_a_newer_database_is_refused_untouched(ds_home, capsys):
    path = ds_home / FILENAME
    db = sqlite3.connect(path)
    db.executescript(f"CREATE TABLE x (y); PRAGMA user_version = {SCHEMA_VERSION + 5};")
    db.close()
    before = path.read_bytes()
    assert main(["stats"]) == 1
    assert "newer ds-tui" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_stats_with_a_corrupt_database_says_where_it_was_kept(ds_home, capsys):
    (ds_home / FILENAME).write_bytes(b"not a database" * 100)
    assert main(["stats", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["answers"] == 0
    assert "kept as" in captured.err and ".corrupt-" in captured.err
    assert list(ds_home.glob("progress.corrupt-*.sqlite3"))


def test_quiz_and_review_open_the_app_on_the_right_start(monkeypatch):
    from ds_tui.ui import launch

    seen = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["quiz", "--topic", "chatgpt-training", "--lang", "vi"]) == 0
    assert seen["start"] == StartRequest("quiz", lesson="chatgpt-training") and seen["lang"] == "vi"
    assert main(["quiz"]) == 0 and seen["start"] == StartRequest("quiz")
    assert main(["review"]) == 0 and seen["start"] == StartRequest("review")


def test_quiz_with_an_unknown_topic_lists_the_lessons(capsys):
    assert main(["quiz", "--topic", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no lesson 'nope'" in err and "thread-or-process" in err


_ANSWERING = textwrap.dedent("""
    import sys
    from pathlib import Path
    from ds_tui.lessons.model import Option, SingleQuestion, Text
    from ds_tui.quiz.grading import grade
    from ds_tui.quiz.progress import Progress
    from ds_tui.quiz.scheduler import Scheduler
    from ds_tui.store import Store

    t = Text(en="x", vi="x")
    question = SingleQuestion("q", t, t, concepts=("gil",),
                              options=(Option("a", t, t, True), Option("b", t, t)))
    progress = Progress(Store.open(Path(sys.argv[1])), Scheduler(fuzz=False))
    n = 0
    while True:
        answer = "ab"[n % 2]
        progress.record("crash", question, answer, grade(question, answer))
        n += 1
        print(n, flush=True)  # printed only after the answer's transaction committed
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_while_answering_loses_no_committed_answer(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", _ANSWERING, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    committed = 0
    assert child.stdout is not None
    for line in child.stdout:
        committed = int(line)
        if committed >= 300:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    db = sqlite3.connect(tmp_path / FILENAME)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    assert stored >= committed  # every answer reported as committed is there (maybe one more)
    attempts = db.execute("SELECT attempts FROM question_state WHERE lesson_id = 'crash'").fetchone()[0]
    assert attempts == stored  # the answer and its question's state were written together
    db.close()
