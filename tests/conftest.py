from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hermetic import make_hermetic

FIXTURES = Path(__file__).parent / "fixtures"
# What every snapshot test reads in place of the bundled lessons: a screenshot must not change when a
# lesson's prose does. Outside tests/fixtures/, which some tests load whole as a lesson folder.
SNAPSHOT_LESSONS = Path(__file__).parent / "snapshot_lessons"


@pytest.fixture(autouse=True)
def ds_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own data directory (nothing touches the user's real progress) and sees the
    same machine, locale, time zone and terminal, whatever computer it runs on."""
    home = tmp_path_factory.mktemp("ds-home")
    make_hermetic(monkeypatch, home)
    return home


@pytest.fixture
def snapshot_lessons(monkeypatch) -> Iterator[Path]:
    """The app reads the snapshot fixture lessons where it would read the bundled ones (``--lessons``
    folders still come after them). Reading a bundled lesson file during the test is an error."""
    from ds_tui.lessons import library

    bundled = library.bundled_lessons_dir().resolve()
    read: list[Path] = []
    discover = library.discover

    def discover_noting(path: Path) -> list[Path]:
        found = discover(path)
        read.extend(found)
        return found

    monkeypatch.setattr(library, "bundled_lessons_dir", lambda: SNAPSHOT_LESSONS)
    monkeypatch.setattr(library, "discover", discover_noting)
    yield SNAPSHOT_LESSONS
    bundled_read = sorted({str(p) for p in read if p.resolve().is_relative_to(bundled)})
    assert not bundled_read, f"a snapshot test read the bundled lessons: {bundled_read}"


@pytest.fixture(autouse=True)
def _snapshots_show_fixture_lessons(request, monkeypatch) -> None:
    """Every test that takes a snapshot (``snap_compare``) gets ``snapshot_lessons``; a screenshot taken
    without them (``take_svg_screenshot`` called by a test itself) is refused."""
    if "snap_compare" in request.fixturenames:
        request.getfixturevalue("snapshot_lessons")
    if "textual" not in sys.modules:  # a test of the core: no app, no screenshot (and no Textual to load)
        return
    from textual import _doc  # what snap_compare renders with, imported by it at each call

    take = _doc.take_svg_screenshot

    def take_of_fixture_lessons(*args, **kwargs):
        from ds_tui.lessons import library

        assert library.bundled_lessons_dir() == SNAPSHOT_LESSONS, (
            "a screenshot of the bundled lessons: the test must ask for the snapshot_lessons fixture")
        return take(*args, **kwargs)

    monkeypatch.setattr(_doc, "take_svg_screenshot", take_of_fixture_lessons)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker per core this process may use (a container's or taskset's limit, not the
    host's count), at most 4 — the demo tests start a process per core themselves. One core: no workers."""
    import os

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(4, usable) if usable > 1 else 0
