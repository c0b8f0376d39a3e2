"""The app's lessons and store are ready at once when that takes no wait (a fresh start-up cache, a store
nobody else is opening), and are loaded in a thread otherwise; either way the app shows the same thing."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ds_tui import startup
from ds_tui.lessons import library as library_module
from ds_tui.lessons import load_cached, load_library
from ds_tui.store import OPEN_LOCK
from ds_tui.file_lock import LockFile
from ds_tui.ui.app import DsTuiApp
from tests.ui_helpers import settle

FIXTURES = Path(__file__).parent / "fixtures"


def lessons_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "sample.yaml").write_text((FIXTURES / "every_kind.yaml").read_text())
    return folder


def never_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a lesson file was parsed")

    monkeypatch.setattr(library_module, "load_file", refuse)


def test_load_cached_serves_a_fresh_cache_without_parsing_a_file(tmp_path, monkeypatch):
    folder = lessons_folder(tmp_path)
    cache_file = tmp_path / "cache" / "lessons.msgpack"
    fresh = load_library([folder], cache_file)
    never_parse(monkeypatch)
    cached = load_cached([folder], cache_file)
    assert cached is not None and cached.lessons == fresh.lessons
    assert [r.path for r in cached.results] == [r.path for r in fresh.results]


def test_load_cached_declines_when_there_is_no_cache_or_a_file_changed(tmp_path, monkeypatch):
    folder = lessons_folder(tmp_path)
    cache_file = tmp_path / "cache" / "lessons.msgpack"
    never_parse(monkeypatch)
    assert load_cached([folder], cache_file) is None  # a first start: nothing cached yet
    assert load_cached([folder], None) is None
    monkeypatch.undo()
    load_library([folder], cache_file)
    lesson = folder / "sample.yaml"
    lesson.write_text(lesson.read_text().replace('en: "Sample lesson"', 'en: "Edited"'))
    os.utime(lesson, ns=(lesson.stat().st_atime_ns, lesson.stat().st_mtime_ns + 1_000_000))
    never_parse(monkeypatch)
    assert load_cached([folder], cache_file) is None  # an edited lesson is read afresh, in the thread


def test_a_fresh_cache_and_a_free_store_are_ready_without_a_thread(tmp_path, monkeypatch):
    folder, home = lessons_folder(tmp_path), tmp_path / "home"
    startup.load_everything([folder], home).store.close()  # builds the cache, as a first start does
    threads: list[str] = []
    monkeypatch.setattr(startup.threading, "Thread", lambda *a, **k: threads.append("started"))
    future = startup.preload([folder], home)
    assert future.done() and threads == []
    loaded = future.result()
    assert loaded.store is not None and loaded.library.lessons[0].id
    loaded.store.close()


@pytest.mark.parametrize("why", ["first start", "store being opened"])
def test_what_would_wait_is_loaded_in_a_thread(tmp_path, why, monkeypatch):
    folder, home = lessons_folder(tmp_path), tmp_path / "home"
    if why == "store being opened":
        startup.load_everything([folder], home).store.close()
        import ds_tui.lessons

        def read_again(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("the lessons were read again in the thread")

        monkeypatch.setattr(ds_tui.lessons, "load_library", read_again)  # the thread reuses what it was given
    home.mkdir(exist_ok=True)
    lock = LockFile(home / OPEN_LOCK)
    if why == "store being opened":
        assert lock.try_exclusive()  # another ds-tui is opening the store this moment
    future = startup.preload([folder], home)
    if why == "store being opened":
        assert not future.done()  # waits in its thread, not in the command line's
        threading.Timer(0.2, lock.close).start()
    loaded = future.result(timeout=20)
    lock.close()
    assert loaded.store is not None and loaded.library.lessons
    loaded.store.close()


async def test_the_app_shows_ready_lessons_on_its_first_frame_without_a_loading_worker(tmp_path):
    folder, home = lessons_folder(tmp_path), tmp_path / "home"
    startup.load_everything([folder], home).store.close()
    future = startup.preload([folder], home)
    assert future.done()
    app = DsTuiApp(lang="en", lesson_dirs=[folder], home=home, preloaded=future)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.library is not None and app.store is not None  # set before the first frame
        assert not [w for w in app.workers if w.group == "load"]
        await settle(pilot)
        options = app.screen.lesson_list
        shown = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert shown == [lesson.id for lesson in app.library.lessons]
        assert app.library.results[-1].path == folder / "sample.yaml" and app.library.results[-1].lesson.id in shown
