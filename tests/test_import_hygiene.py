"""The core knows nothing of the screen, and headless commands never import Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "ds_tui"
# cli.py may start the TUI (lazily); the subprocess test below proves its headless paths stay clean
CORE = [p for p in SRC.rglob("*.py")
        if "ui" not in p.relative_to(SRC).parts and p.relative_to(SRC).as_posix() not in ("cli.py", "__main__.py")]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_does_not_import_textual(path):
    tree = ast.parse(path.read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "textual" or name.startswith("ds_tui.ui")}


@pytest.mark.parametrize("argv", [["--version"], ["validate"], ["validate", "--help"],
                                  ["calc", "memory", "--params", "7.5e9", "--dp", "64", "--zero", "3"],
                                  ["calc", "compute", "--params", "175e9", "--tokens", "300e9", "--json"],
                                  ["hardware", "--json"], ["hardware", "--markdown"], ["stats", "--json"]])
def test_headless_command_never_imports_textual(argv):
    code = (
        "import sys\n"
        "from ds_tui.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('TEXTUAL:', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "TEXTUAL: []" in result.stdout, result.stdout + result.stderr
