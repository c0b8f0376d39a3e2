"""The progress store: migrations, demo runs, corrupt and newer databases."""

from __future__ import annotations

import sqlite3

import pytest

from ds_tui.store import FILENAME, SCHEMA_VERSION, Store, StoreError


def test_fresh_store_reads_and_demo_runs(tmp_path):
    store = Store.open(tmp_path)
    store.mark_read("l", "s1")
    store.mark_read("l", "s1")
    assert store.sections_read("l") == {"s1"}
    store.save_demo_report("cpu-bound", '{"demo": "cpu-bound", "n": 1}')
    store.save_demo_report("cpu-bound", '{"demo": "cpu-bound", "n": 2}')
    store.save_demo_report("race", '{"demo": "race"}')
    runs = store.demo_reports("cpu-bound")
    assert [r[1] for r in runs] == ['{"demo": "cpu-bound", "n": 2}', '{"demo": "cpu-bound", "n": 1}']
    store.close()


def test_version_one_database_is_migrated_and_keeps_its_data(tmp_path):
    db = sqlite3.connect(tmp_path / FILENAME)
    db.executescript("CREATE TABLE section_reads (lesson_id TEXT NOT NULL, section_id TEXT NOT NULL, "
                     "first_read REAL NOT NULL, PRIMARY KEY (lesson_id, section_id));"
                     "INSERT INTO section_reads VALUES ('l', 's', 1.0); PRAGMA user_version = 1;")
    db.close()
    store = Store.open(tmp_path)
    assert store.sections_read("l") == {"s"}
    store.save_demo_report("race", "{}")
    assert sqlite3.connect(tmp_path / FILENAME).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / FILENAME
    db = sqlite3.connect(path)
    db.executescript(f"CREATE TABLE future (x); PRAGMA user_version = {SCHEMA_VERSION + 1};")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer ds-tui"):
        Store.open(tmp_path)
    assert path.read_bytes() == before


def test_corrupt_database_is_kept_aside(tmp_path):
    (tmp_path / FILENAME).write_bytes(b"garbage" * 200)
    store = Store.open(tmp_path)
    assert store.notice is not None and store.notice.moved_to.read_bytes().startswith(b"garbage")
    assert store.sections_read("x") == set()


def test_class_sessions_are_saved_updated_and_read_back_newest_first(tmp_path):
    from ds_tui.store import ClassResult

    store = Store.open(tmp_path)
    first = ClassResult(3, "q-clock", "single", ({"a": 4, "b": 6}, {"a": 1, "b": 9}), ("b",), {"a": "A", "b": "B"},
                        True)
    discussed = ClassResult(4, "q-n", "numeric", (), (), {}, True)
    sid = store.save_class_session("your-hardware", 100.0, [first])
    assert store.save_class_session("your-hardware", 100.0, [first, discussed], session_id=sid) == sid  # went on
    other = store.save_class_session("your-hardware", 200.0, [discussed])
    store.save_class_session("real-systems", 300.0, [])
    sessions = store.class_sessions("your-hardware")
    assert [s.id for s in sessions] == [other, sid]
    assert sessions[1].results == (first, discussed) and sessions[1].started == 100.0
    assert len(store.class_sessions()) == 3
    store.close()
    reopened = Store.open(tmp_path)  # kept across runs
    assert reopened.class_sessions("your-hardware")[1].results[0].votes == ({"a": 4, "b": 6}, {"a": 1, "b": 9})


def test_a_version_three_database_gains_the_class_tables_and_keeps_its_answers(tmp_path):
    from ds_tui import store as store_module

    db = sqlite3.connect(tmp_path / FILENAME)
    for version in range(1, 4):
        db.executescript(store_module._MIGRATIONS[version])
    db.executescript("INSERT INTO section_reads VALUES ('l', 's', 1.0); PRAGMA user_version = 3;")
    db.close()
    store = Store.open(tmp_path)
    assert store.sections_read("l") == {"s"} and store.class_sessions() == []
    store.save_class_session("l", 1.0, [])
    assert sqlite3.connect(tmp_path / FILENAME).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 5
