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
