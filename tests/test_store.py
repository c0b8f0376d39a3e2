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
