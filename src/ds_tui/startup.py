"""What the app needs before it can show lessons, loaded in a background thread.

The command line starts this before it imports the interface, so reading the lessons and opening
the progress store overlap with Textual's own start-up instead of following it.
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


def load_everything(lesson_dirs: list[Path], home: Path) -> Loaded:
    # imported here, in the loading thread: the command line's thread goes on to import Textual meanwhile
    # lazy: imported in the loading thread, while the main thread imports Textual
    from ds_tui.lessons import load_library
    from ds_tui.store import Store, StoreError

    library = load_library(lesson_dirs, cache_file=home / "cache" / "lessons.msgpack")
    try:
        store: Store | None = Store.open(home)
        problem = store.notice.message if store and store.notice else None
    except (StoreError, OSError) as exc:
        store, problem = None, str(exc)
    return Loaded(library, store, problem)


def preload(lesson_dirs: list[Path], home: Path) -> Future[Loaded]:
    future: Future[Loaded] = Future()

    def run() -> None:
        try:
            future.set_result(load_everything(lesson_dirs, home))
        except BaseException as exc:  # handed to the app, which shows it
            future.set_exception(exc)

    # one thread per call: tests call cli.main() several times in one process, so several of these
    # can open the same store at once; Store.open lets one opener at a time in (it once let them
    # move the database aside under each other, and the process died of SIGBUS)
    threading.Thread(target=run, name="ds-tui-preload", daemon=True).start()
    return future
