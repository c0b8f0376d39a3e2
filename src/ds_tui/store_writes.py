"""The progress store's writes: each kind of write, applied inside one transaction (all or none),
and answers a journal replays recognised so each lands once.
"""

from __future__ import annotations

import sqlite3

from ds_tui.store_journal import Op


def _apply_answer(db: sqlite3.Connection, op: Op) -> None:
    db.execute(
        "INSERT INTO answers (uid, lesson_id, question_id, answered, score, correct, response, measured, confidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (op["uid"], op["lesson_id"], op["question_id"], op["answered"], op["score"], int(op["correct"]),
         op["response"], op["measured"], op["confidence"]))
    db.execute(
        "INSERT INTO question_state (lesson_id, question_id, concepts, attempts, correct, score_sum,"
        " last_answered, last_correct, due, card) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (lesson_id, question_id) DO UPDATE SET concepts = excluded.concepts,"
        " attempts = attempts + 1, correct = correct + excluded.correct,"
        " score_sum = score_sum + excluded.score_sum, last_answered = excluded.last_answered,"
        " last_correct = excluded.last_correct, due = excluded.due, card = excluded.card",
        (op["lesson_id"], op["question_id"], op["concepts"], int(op["correct"]), op["score"],
         op["answered"], int(op["correct"]), op["due"], op["card"]))
    for lesson_id, question_id, new_due in op["pulled"]:
        db.execute("UPDATE question_state SET due = ? WHERE lesson_id = ? AND question_id = ?",
                   (new_due, lesson_id, question_id))


def _apply_confidence(db: sqlite3.Connection, op: Op) -> None:
    row = db.execute("SELECT lesson_id, question_id, answered FROM answers WHERE uid = ?", (op["uid"],)).fetchone()
    if row is None:
        return
    db.execute("UPDATE answers SET confidence = ? WHERE uid = ?", (op["confidence"], op["uid"]))
    # only while this answer is its question's latest: a confidence written late must not undo a newer answer
    db.execute("UPDATE question_state SET due = ?, card = ? WHERE lesson_id = ? AND question_id = ?"
               " AND last_answered = ?", (op["due"], op["card"], row[0], row[1], row[2]))


def _apply_read(db: sqlite3.Connection, op: Op) -> None:
    db.execute("INSERT OR IGNORE INTO section_reads (lesson_id, section_id, first_read) VALUES (?, ?, ?)",
               (op["lesson_id"], op["section_id"], op["time"]))


def _apply_place(db: sqlite3.Connection, op: Op) -> None:
    db.execute("INSERT INTO lesson_places (lesson_id, section_id, updated) VALUES (?, ?, ?)"
               " ON CONFLICT (lesson_id) DO UPDATE SET section_id = excluded.section_id, updated = excluded.updated"
               " WHERE excluded.updated >= lesson_places.updated",  # a journal replayed late never goes back
               (op["lesson_id"], op["section_id"], op["time"]))


def _apply_demo(db: sqlite3.Connection, op: Op) -> None:
    db.execute("INSERT INTO demo_runs (demo, finished, report, summary) VALUES (?, ?, ?, ?)",
               (op["demo"], op["finished"], op["report"], op.get("summary")))


APPLY = {"answer": _apply_answer, "confidence": _apply_confidence, "read": _apply_read, "demo": _apply_demo,
          "place": _apply_place}


def transaction(db: sqlite3.Connection, ops: list[Op], look_up_ids: bool = False) -> None:
    """All of ``ops`` or none; BEGIN IMMEDIATE takes the write lock first, so a busy database waits
    the busy timeout here instead of failing halfway.

    ``look_up_ids``: some of these answers may be in the database already (a journal's, or a retry
    after a failed COMMIT): skip those, so each answer is written once."""
    if not ops:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        written = _written_ids(db, ops) if look_up_ids else frozenset()
        for op in ops:
            apply = APPLY.get(op["op"])
            if apply is None or (op["op"] == "answer" and op["uid"] in written):
                continue  # a kind from a newer ds-tui's journal (its file is kept), or an answer written before
            apply(db, op)
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise


def _written_ids(db: sqlite3.Connection, ops: list[Op]) -> frozenset[str]:
    """Which of the answers in ``ops`` the database has (one scan per 500: uids have no index)."""
    uids = [op["uid"] for op in ops if op["op"] == "answer"]
    found: set[str] = set()
    for start in range(0, len(uids), 500):
        chunk = uids[start:start + 500]
        found.update(r[0] for r in db.execute(
            f"SELECT uid FROM answers WHERE uid IN ({', '.join('?' * len(chunk))})", chunk))
    return frozenset(found)


def rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolls back itself when it cannot


def busy_timeout(db: sqlite3.Connection, seconds: float) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
