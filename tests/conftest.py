from __future__ import annotations

from pathlib import Path

import pytest

from tests.hermetic import make_hermetic

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def ds_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own data directory (nothing touches the user's real progress) and sees the
    same machine, locale, time zone and terminal, whatever computer it runs on."""
    home = tmp_path_factory.mktemp("ds-home")
    make_hermetic(monkeypatch, home)
    return home


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker per core this process may use (a container's or taskset's limit, not the
    host's count), at most 4 — the demo tests start a process per core themselves. One core: no workers."""
    import os

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(4, usable) if usable > 1 else 0
