from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def ds_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own data directory: nothing touches the user's real progress."""
    home = tmp_path_factory.mktemp("ds-home")
    monkeypatch.setenv("DS_TUI_HOME", str(home))
    monkeypatch.delenv("LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    return home
