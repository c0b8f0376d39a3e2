"""The core of the student's places: demo run summaries, lesson places in the store (migration 6),
lesson search, and the quiz summary's mistakes."""

from __future__ import annotations

import json
import sqlite3

from ds_tui import store as store_module
from ds_tui.demos import history
from ds_tui.lessons import load_library
from ds_tui.lessons.search import fold, search
from ds_tui.quiz.session import QuizItem, QuizSession, SessionKind
from ds_tui.store import FILENAME, SCHEMA_VERSION, Store
from tests import quiz_helpers as qh

RACE_REPORT = {
    "demo": "race", "params": {"workers": 2, "size": "small"}, "machine": {"start_method": "fork", "usable_cores": 2},
    "runs": [{"mode": "threads-unlocked", "workers": 2, "wall_s": 0.2, "ok": False, "failures": []},
             {"mode": "threads-locked", "workers": 2, "wall_s": 0.3, "ok": True, "failures": []}],
    "metrics": {"lost_updates.unlocked": 1234.0, "lost_updates.locked": 0.0}, "cancelled": False,
}


# -- the store: migration 6 ---------------------------------------------------------------------------
def test_a_version_five_database_upgrades_without_losing_anything(tmp_path):
    db = sqlite3.connect(tmp_path / FILENAME)
    for version in range(1, 6):
        db.executescript(store_module._MIGRATIONS[version])
    db.execute("INSERT INTO section_reads VALUES ('l', 's', 1.0)")
    db.execute("INSERT INTO demo_runs (demo, finished, report) VALUES ('race', 100.0, ?)", (json.dumps(RACE_REPORT),))
    db.execute("INSERT INTO answers (lesson_id, question_id, answered, score, correct, response, uid)"
               " VALUES ('l', 'q', 1.0, 1.0, 1, '\"a\"', 'u1')")
    db.execute("INSERT INTO class_sessions (lesson_id, started, ended) VALUES ('l', 1.0, 2.0)")
    db.commit()
    db.execute("PRAGMA user_version = 5")
    db.close()

    store = Store.open(tmp_path)
    assert store.sections_read("l") == {"s"} and store.answer_count() == 1 and len(store.class_sessions()) == 1
    (finished, summary, report), = store.demo_summaries("race")  # saved before summaries: its report instead
    assert finished == 100.0 and summary is None and json.loads(report)["demo"] == "race"
    old = history.from_saved("race", finished, summary, report)
    assert old is not None and old.metrics["lost_updates.unlocked"] == 1234 and old.params["workers"] == 2
    assert store.place("l") is None
    store.close()
    assert sqlite3.connect(tmp_path / FILENAME).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6


def test_runs_are_saved_with_their_summary_newest_first(tmp_path):
    store = Store.open(tmp_path)
    for lost in (10, 20):
        report = {**RACE_REPORT, "metrics": {"lost_updates.unlocked": float(lost)}}
        summary = history.summarize(report)
        store.save_demo_report("race", json.dumps(report), history.to_json(summary))
    rows = store.demo_summaries("race")
    assert [r[2] for r in rows] == [None, None]  # the report is not read where a summary is
    runs = [history.from_saved("race", *row) for row in rows]
    assert [r.metrics["lost_updates.unlocked"] for r in runs] == [20, 10]
    assert runs[0].start_method == "fork" and runs[0].params == {"workers": 2, "size": "small"}
    assert store.demo_summaries("cpu-bound") == []


def test_the_place_in_a_lesson_is_kept_across_opens_and_only_moves_forward_in_time(tmp_path):
    store = Store.open(tmp_path)
    store.mark_read("l", "s1", place=True)
    store.mark_read("l", "s3", place=True)
    store.mark_read("other", "x")  # read, not a place
    assert store.place("l") == "s3" and store.place("other") is None
    assert store.sections_read("l") == {"s1", "s3"}
    store.close()
    reopened = Store.open(tmp_path)
    assert reopened.place("l") == "s3"
    db = reopened._db  # a journal written late (an older op) must not move the place back
    store_module._transaction(db, [{"op": "place", "lesson_id": "l", "section_id": "s1", "time": 1.0}])
    assert reopened.place("l") == "s3"


def test_a_place_that_waits_for_a_busy_database_is_read_back_and_written_later(tmp_path):
    store = Store.open(tmp_path)
    blocker = sqlite3.connect(tmp_path / FILENAME, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    store.mark_read("l", "s2", place=True)
    assert not store.save_state.saved and store.place("l") == "s2"
    blocker.execute("ROLLBACK")
    blocker.close()
    assert store.retry_pending().saved
    assert store.place("l") == "s2"


# -- summaries in words ------------------------------------------------------------------------------
def test_each_demo_has_a_headline_in_both_languages():
    def s(demo, metrics, **kw):
        return history.RunSummary(demo, 0.0, {"workers": 4, "size": "small"}, "spawn", 1.0, metrics, **kw)

    assert history.headline(s("cpu-bound", {"speedup.threads": 0.98, "speedup.processes": 3.1}), "en") == \
        "speedup threads 0.98× · processes 3.10×"
    assert history.headline(s("cpu-bound", {"speedup.processes": 3.1}), "vi") == "tăng tốc tiến trình 3,10×"
    assert "1,234 updates lost" in history.headline(s("race", {"lost_updates.unlocked": 1234.0}), "en")
    assert "mất 1.234" in history.headline(s("race", {"lost_updates.unlocked": 1234.0}), "vi")
    assert history.headline(s("pipeline", {"bubble": 0.4286}), "en") == "bubble 43%"
    assert "×2.50" in history.headline(s("worker-pool", {"throughput.ratio": 2.5}), "en")
    assert "1.50×" in history.headline(s("allreduce", {"bytes_ratio": 1.5}), "en")
    assert "3 workers failed" in history.headline(s("isolation", {}, failures=3), "en")
    assert history.params_text(s("race", {}), "en") == "4 workers · small · spawn"
    assert history.params_text(s("race", {}), "vi") == "4 worker · nhỏ · spawn"
    assert history.ago(1000.0, 1000.0 + 7200, "en") == "2 h ago" and history.ago(0.0, 30.0, "vi") == "vừa xong"


def test_a_damaged_summary_or_report_is_left_out_not_an_error():
    assert history.from_saved("race", 1.0, "{not json", None) is None
    assert history.from_saved("race", 1.0, None, "[1, 2]") is None
    odd = history.summarize({"runs": ["x", {"wall_s": "slow"}], "metrics": {"a": "b", "c": True}})
    assert odd.seconds == 0.0 and odd.metrics == {}


# -- lesson search ----------------------------------------------------------------------------------
def test_search_finds_vietnamese_with_or_without_accents_and_english():
    library = load_library()
    assert fold("Luồng ĐA") == "luong da"
    with_accents = search(library, "bộ nhớ đệm", "vi")
    without = search(library, "bo nho dem", "vi")
    assert with_accents and {h.section_id for h in with_accents} <= {h.section_id for h in without}
    assert with_accents[0].section_id == without[0].section_id == "caches"
    top = with_accents[0]
    assert top.lang == "vi" and top.where == "heading" and "Bộ nhớ đệm" in top.snippet
    luong = {(h.lesson_id, h.section_id) for h in search(library, "luong", "vi")}
    accented = {(h.lesson_id, h.section_id) for h in search(library, "luồng", "vi")}
    assert accented < luong  # "luong" also finds "lượng"; "luồng" only itself
    assert all("luồng" in h.snippet.lower() for h in search(library, "luồng", "vi"))
    english = search(library, "Elasticsearch", "en")
    assert english and english[0].lesson_id == "real-systems" and "Elasticsearch" in english[0].snippet
    assert english[0].section_id == "search-and-games"
    assert search(library, "   ") == [] and search(library, "zzzqqq") == []


def test_search_shows_each_section_once_in_the_users_language_when_both_match():
    library = load_library()
    hits = search(library, "GIL", "vi")
    keys = [(h.lesson_id, h.section_id) for h in hits]
    assert len(keys) == len(set(keys))
    assert all(h.lang == "vi" for h in hits[:3])


# -- the quiz summary's mistakes ----------------------------------------------------------------------
def test_the_summary_lists_exactly_the_questions_answered_wrong():
    questions = (qh.single("q1"), qh.single("q2"), qh.true_false("q3"), qh.multi("q4"), qh.single("q5"))
    items = [QuizItem("l", q) for q in questions]
    session = QuizSession(SessionKind.LESSON, items)
    for answer in ("a", "b", False, ["a"], None):  # right, wrong, wrong, partly right, skipped
        if answer is not None:
            session.submit(answer)
        session.advance()
    wrong = session.summary().wrong
    assert [i.question.id for i in wrong] == ["q2", "q3", "q4"]
