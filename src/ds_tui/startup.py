"""What the app needs before it can show lessons: the lesson library and the progress store.

The command line asks for them before it imports the interface. When the start-up cache has the
lessons and no other ds-tui is opening the store, both are ready at once, here (~15 ms): a thread
doing the same work beside Textual's start-up made the first screen ~25 ms later, not earlier
(the two threads take turns at the interpreter's lock; benchmarks/startup.py). Otherwise (a first
start, an edited lesson, a store another ds-tui is opening) a thread loads them while the first
screen says "Loading lessons…".
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from ds_tui.lessons import LessonLibrary
    from ds_tui.store import Store


class Loaded(Struct):
    library: LessonLibrary
    store: Store | None
    store_problem: str | None  # a message for the user: the store was reset, or cannot be used


def lesson_cache(home: Path) -> Path:
    return home / "cache" / "lessons.msgpack"


def load_everything(lesson_dirs: list[Path], home: Path, library: LessonLibrary | None = None) -> Loaded:
    """The lessons (unless ``library`` has them already) and the store, waiting as long as they take."""
    # lazy: only the app's start needs the lessons and the store, not the other commands
    from ds_tui.lessons import load_library
    from ds_tui.store import Store, StoreError

    if library is None:
        library = load_library(lesson_dirs, cache_file=lesson_cache(home))
    try:
        store: Store | None = Store.open(home)
        problem = store.notice.message if store and store.notice else None
    except (StoreError, OSError) as exc:
        store, problem = None, str(exc)
    return Loaded(library, store, problem)


def _without_waiting(lesson_dirs: list[Path], home: Path) -> tuple[LessonLibrary | None, Store | None]:
    """The lessons from a fresh start-up cache, and the store if nobody else is opening it: what of the
    two takes no wait (None for the other, left to load_everything in a thread)."""
    # lazy: only the app's start needs the lessons and the store, not the other commands
    from ds_tui.lessons import load_cached
    from ds_tui.store import Store, StoreError

    library = load_cached(lesson_dirs, cache_file=lesson_cache(home))
    if library is None:
        return None, None
    try:
        return library, Store.open(home, timeout=0)  # 0: a busy lock or database is a wait, left to the thread
    except (StoreError, OSError):  # the thread tries again with the usual wait, and reports what stays wrong
        return library, None


def preload(lesson_dirs: list[Path], home: Path) -> Future[Loaded]:
    """The app's library and store: already there when they took no wait, else being loaded in a thread
    (which reuses the lessons when only the store had to wait)."""
    future: Future[Loaded] = Future()
    try:
        library, store = _without_waiting(lesson_dirs, home)
    except Exception:  # noqa: BLE001 - whatever it was, the thread's load meets it again and reports it
        library, store = None, None
    if library is not None and store is not None:
        future.set_result(Loaded(library, store, store.notice.message if store.notice else None))
        return future

    def run() -> None:
        try:
            future.set_result(load_everything(lesson_dirs, home, library))
        except BaseException as exc:  # handed to the app, which shows it
            future.set_exception(exc)

    # one thread per call: tests call cli.main() several times in one process, so several of these
    # can open the same store at once; Store.open lets one opener at a time in (it once let them
    # move the database aside under each other, and the process died of SIGBUS)
    threading.Thread(target=run, name="ds-tui-preload", daemon=True).start()
    return future
