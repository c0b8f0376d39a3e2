"""The progress store tells damage from a bad moment: only a damaged file is moved aside.

A locked database, a full disk or a folder ds-tui may not write is reported as what it is and the
data left where it is; an answer the database cannot take now is kept (memory and journal) and
written once, later. Damage (not a database, a failing check, tables that do not match the schema
version) is moved aside or repaired, with a message.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time

import pytest

from ds_tui import store as store_module
from ds_tui.store import FILENAME, SCHEMA_VERSION, AnswerRecord, Store, StoreError


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """Waits short enough for a test (they are the interface's own waits, only shorter)."""
    monkeypatch.setattr(store_module, "OPEN_TIMEOUT_S", 0.3, raising=False)
    monkeypatch.setattr(store_module, "CLOSE_TIMEOUT_S", 0.05, raising=False)


@contextlib.contextmanager
def locked(path):
    """Another program holding the database's write lock (BEGIN EXCLUSIVE) until the block ends."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


def answer(store, n=0, response="a"):
    now = time.time()
    return store.record_answer(AnswerRecord("l", f"q{n}", now, 1.0, True, json.dumps(response)), ("c",),
                               now + 60, json.dumps({"card": n}))


def stored_responses(tmp_path):
    db = sqlite3.connect(tmp_path / FILENAME)
    try:
        return sorted(json.loads(r[0]) for r in db.execute("SELECT response FROM answers"))
    finally:
        db.close()


def journals(tmp_path):
    return sorted(tmp_path.glob("progress.pending-*.jsonl"))


def moved_aside(tmp_path):
    return sorted(tmp_path.glob("progress.corrupt-*"))


def old_database(tmp_path):
    """A version-2 database in rollback-journal mode (ds-tui before answers): opening it must migrate."""
    db = sqlite3.connect(tmp_path / FILENAME)
    db.executescript("CREATE TABLE section_reads (lesson_id TEXT NOT NULL, section_id TEXT NOT NULL, "
                     "first_read REAL NOT NULL, PRIMARY KEY (lesson_id, section_id));"
                     "CREATE TABLE demo_runs (id INTEGER PRIMARY KEY, demo TEXT NOT NULL, finished REAL NOT NULL,"
                     " report TEXT NOT NULL); INSERT INTO section_reads VALUES ('l', 's', 1.0);"
                     "PRAGMA user_version = 2;")
    db.close()
    return (tmp_path / FILENAME).read_bytes()


# -- a bad moment: reported, nothing moved -------------------------------------------------------
def test_a_locked_database_at_open_is_reported_and_left_in_place(tmp_path):
    before = old_database(tmp_path)
    with locked(tmp_path / FILENAME):
        with pytest.raises(StoreError, match="locked by another program") as caught:
            Store.open(tmp_path)
    assert "Nothing was changed" in str(caught.value)
    assert moved_aside(tmp_path) == [] and (tmp_path / FILENAME).read_bytes() == before
    store = Store.open(tmp_path)  # once the other program is done, it opens and migrates as usual
    assert store.notice is None and store.sections_read("l") == {"s"}
    store.close()


def test_a_database_that_may_not_be_written_is_reported_and_left_in_place(tmp_path, monkeypatch):
    before = old_database(tmp_path)
    connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # what a read-only file or folder gives SQLite (as root, chmod does not)
        if str(path).endswith(FILENAME):
            return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        return connect(path, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    with pytest.raises(StoreError, match="may not write") as caught:
        Store.open(tmp_path)
    assert "readonly" in str(caught.value) and "DS_TUI_HOME" in str(caught.value)
    assert moved_aside(tmp_path) == [] and (tmp_path / FILENAME).read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_folder_is_reported_and_left_in_place(tmp_path):
    old_database(tmp_path)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="may not write"):
            Store.open(tmp_path)
        assert moved_aside(tmp_path) == []
    finally:
        tmp_path.chmod(0o755)


def test_an_answer_given_while_the_database_is_locked_waits_and_is_written_once(tmp_path):
    store = Store.open(tmp_path)
    answer(store, 0, "first")
    with locked(tmp_path / FILENAME):
        answer_id = answer(store, 1, "while locked")  # returns: the interface does not freeze
        state = store.save_state
        assert (state.saved, state.pending, state.kept, state.problem) == (False, 1, True, "locked")
        assert "locked" in state.detail
        assert store.card("l", "q1") == json.dumps({"card": 1})  # the next answer schedules from it
        assert [json.loads(line)["uid"] for line in journals(tmp_path)[0].read_text().splitlines()] == [answer_id]
        store.set_confidence(answer_id, 3, time.time() + 3600, json.dumps({"card": "sure"}))
        assert store.save_state.pending == 2
    assert store.retry_pending().saved  # the interface's timer, once the lock is gone
    assert stored_responses(tmp_path) == ["first", "while locked"]
    assert store.card("l", "q1") == json.dumps({"card": "sure"})
    assert journals(tmp_path)[0].read_text() == ""
    store.close()
    assert journals(tmp_path) == []


def test_answers_waiting_when_the_program_ends_are_written_at_the_next_open_once(tmp_path):
    store = Store.open(tmp_path)
    with locked(tmp_path / FILENAME):
        for n in range(3):
            answer(store, n, f"waiting {n}")
        store.close()  # cannot write them: they stay in the journal
    [journal] = journals(tmp_path)
    copy = journal.read_bytes()
    Store.open(tmp_path).close()
    assert stored_responses(tmp_path) == ["waiting 0", "waiting 1", "waiting 2"] and journals(tmp_path) == []
    journal.write_bytes(copy)  # as if the program had died after writing them, before clearing its journal
    store = Store.open(tmp_path)
    assert stored_responses(tmp_path) == ["waiting 0", "waiting 1", "waiting 2"] and journals(tmp_path) == []
    assert store.question_state("l", "q0").attempts == 1  # the question's state counted it once too
    store.close()


def test_a_journal_cut_short_by_a_crash_keeps_its_whole_lines(tmp_path):
    store = Store.open(tmp_path)
    with locked(tmp_path / FILENAME):
        answer(store, 0, "whole")
        store.close()
    [journal] = journals(tmp_path)
    journal.write_bytes(journal.read_bytes() + b'{"op": "answer", "uid": "cut sh')
    store = Store.open(tmp_path)
    assert stored_responses(tmp_path) == ["whole"]
    assert store.notice is not None and "could not be read" in store.notice.message
    assert list(tmp_path.glob("progress.unreadable-*.jsonl")) and journals(tmp_path) == []
    store.close()


def test_a_full_disk_keeps_the_answer_waiting(tmp_path):
    store = Store.open(tmp_path)
    answer(store, 0, "small")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: not one page more
    answer(store, 1, "x" * 50_000)
    state = store.save_state
    assert (state.pending, state.kept, state.problem) == (1, True, "full") and "full" in state.detail
    store._db.execute("PRAGMA max_page_count = 1073741823")  # space again
    answer(store, 2, "after")
    assert store.save_state.saved
    assert stored_responses(tmp_path) == ["after", "small", "x" * 50_000]
    store.close()


def test_an_answer_neither_database_nor_journal_can_take_says_it_is_not_saved(tmp_path, monkeypatch):
    store = Store.open(tmp_path)

    def disk_full(self, op):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.Journal, "append", disk_full)
    with locked(tmp_path / FILENAME):
        answer(store, 0, "in memory only")
        state = store.save_state
        assert (state.pending, state.kept, state.problem) == (1, False, "locked")
    monkeypatch.undo()
    assert store.retry_pending().saved and stored_responses(tmp_path) == ["in memory only"]
    store.close()


def test_a_bad_value_is_refused_at_once_and_blocks_no_later_answer(tmp_path):
    store = Store.open(tmp_path)
    with pytest.raises(ValueError):
        store.record_answer(AnswerRecord("l", "q", time.time(), "not a score", True, "1"), (), time.time(), "{}")
    assert store.save_state.saved and journals(tmp_path) == []
    answer(store, 0, "next")
    assert store.save_state.saved and stored_responses(tmp_path) == ["next"]
    store.close()


@pytest.mark.parametrize(("error", "kind"), [
    ("database is locked", "locked"), ("database or disk is full", "full"),
    ("attempt to write a readonly database", "no-access"), ("disk I/O error", "disk-error"),
    ("file is not a database", "damaged"), ("database disk image is malformed", "damaged"),
])
def test_errors_without_sqlites_code_are_told_apart_by_their_words(error, kind):
    assert store_module.problem_kind(sqlite3.OperationalError(error)) == kind


# -- damage: moved aside (never under another store) or repaired, with a message ---------------
def test_not_a_database_is_moved_aside_with_its_wal_shm_and_journal(tmp_path):
    for name in (FILENAME, FILENAME + "-wal", FILENAME + "-shm", FILENAME + "-journal"):
        (tmp_path / name).write_bytes(b"garbage " * 512)
    store = Store.open(tmp_path)
    assert store.notice is not None and "file is not a database" in store.notice.message
    kept = store.notice.moved_to
    for suffix in ("", "-wal", "-shm", "-journal"):  # a stale -journal next to the new file would be replayed into it
        assert (tmp_path / (kept.name + suffix)).read_bytes().startswith(b"garbage")
    assert not (tmp_path / (FILENAME + "-journal")).exists()
    answer(store)
    assert store.save_state.saved and store.answer_count() == 1
    store.close()


def test_a_damaged_database_another_store_has_open_is_left_in_place(tmp_path):
    first = Store.open(tmp_path)
    answer(first, 0, "kept")
    first._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(tmp_path / FILENAME, "r+b") as f:  # damaged under it (same file, so its mapping stays valid)
        f.write(b"garbage " * 16)
    with pytest.raises(StoreError, match="another ds-tui has it open"):
        Store.open(tmp_path)
    assert moved_aside(tmp_path) == []
    first.close()
    second = Store.open(tmp_path)  # alone now: moved aside
    assert second.notice is not None and len(moved_aside(tmp_path)) == 1
    second.close()


def test_damage_a_write_meets_is_checked_and_moved_aside_at_the_next_open(tmp_path):
    store = Store.open(tmp_path)
    for n in range(200):
        answer(store, n, f"before {n}")
    store.close()
    path = tmp_path / FILENAME
    with sqlite3.connect(path) as db:  # the pages of the answers and the question states (not the schema's)
        roots = [r for (r,) in db.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name IN"
                                          " ('answers', 'question_state') AND rootpage > 0")]
    db.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for root in roots:  # the tables' root pages are garbage; the schema's pages are intact
        data[(root - 1) * page:root * page] = b"\xff" * page
    path.write_bytes(bytes(data))
    store = Store.open(tmp_path)  # the schema reads fine: no sign yet
    answer(store, 0, "after the damage")
    state = store.save_state
    assert (state.pending, state.problem) == (1, "damaged")
    store.close()
    store = Store.open(tmp_path)
    assert store.notice is not None and "SQLite's check" in store.notice.message
    assert len(moved_aside(tmp_path)) == 1
    assert stored_responses(tmp_path) == ["after the damage"]  # the waiting answer went to the new database
    store.close()


def _drop(tmp_path, sql):
    store = Store.open(tmp_path)
    answer(store, 0, "kept")
    store.mark_read("l", "s")
    store.close()
    db = sqlite3.connect(tmp_path / FILENAME)
    db.executescript(sql)
    db.close()


def test_a_missing_table_is_made_again_and_the_rest_kept(tmp_path):
    _drop(tmp_path, "DROP TABLE demo_runs;")
    store = Store.open(tmp_path)
    assert store.notice is not None and "demo_runs" in store.notice.message
    store.save_demo_report("race", "{}")
    assert store.demo_reports("race") and store.answer_count() == 1 and store.sections_read("l") == {"s"}
    assert moved_aside(tmp_path) == []
    store.close()


def test_a_missing_index_is_made_again_quietly(tmp_path):
    _drop(tmp_path, "DROP INDEX demo_runs_by_demo;")
    store = Store.open(tmp_path)
    assert store.notice is None
    assert store._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'demo_runs_by_demo'").fetchone()
    store.close()


def test_a_missing_column_moves_the_file_aside_with_a_message(tmp_path):
    _drop(tmp_path, "ALTER TABLE answers DROP COLUMN measured;")
    store = Store.open(tmp_path)
    assert store.notice is not None and "answers.measured" in store.notice.message
    assert len(moved_aside(tmp_path)) == 1
    answer(store)
    assert store.save_state.saved and store.answer_count() == 1
    store.close()


@pytest.mark.parametrize("version", [-1, 2**31 - 1])
def test_a_nonsense_schema_version_moves_the_file_aside_with_a_message(tmp_path, version):
    _drop(tmp_path, f"PRAGMA user_version = {version};")
    store = Store.open(tmp_path)
    assert store.notice is not None and f"schema version {version}" in store.notice.message
    assert len(moved_aside(tmp_path)) == 1 and store.answer_count() == 0
    store.close()


def test_a_newer_database_is_still_refused_untouched(tmp_path):
    _drop(tmp_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1};")
    before = (tmp_path / FILENAME).read_bytes()
    with pytest.raises(StoreError, match="newer ds-tui"):
        Store.open(tmp_path)
    assert (tmp_path / FILENAME).read_bytes() == before and moved_aside(tmp_path) == []


def test_the_schema_written_out_is_what_the_migrations_make():
    """Opening compares a store with TABLE_COLUMNS and INDEXES; a migration that changes the schema changes them."""
    from ds_tui.store_schema import INDEXES, TABLE_COLUMNS, expected_schema

    made = expected_schema()
    assert TABLE_COLUMNS == made.columns
    assert INDEXES == made.indexes
