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


# What the first frame must not wait for: modules only later screens, other commands or a slow probe use.
# Each was imported before the home screen was drawn, and start-up was 1.4x a minimal Textual app's.
NOT_BEFORE_FIRST_FRAME = ("ds_tui.demos", "ds_tui.training", "ds_tui.quiz", "ds_tui.classroom.cli",
                          "ds_tui.hardware.probe", "ds_tui.hardware.advice", "ds_tui.hardware.report",
                          "ds_tui.hardware.linux", "ds_tui.hardware.macos", "ds_tui.hardware.windows",
                          "ds_tui.ui.screens.reader", "ds_tui.ui.widgets.demo_view", "ds_tui.ui.commands",
                          "numpy", "cpuinfo", "psutil", "multiprocessing", "plistlib")

FIRST_FRAME = """
import asyncio, sys
from ds_tui import cli
from ds_tui.hardware.source import example_machine
import ds_tui.ui.app as app_module
import ds_tui.ui.launch as launch

app_module.default_machine = example_machine  # the course notes' laptop: nothing of this machine is read

def run_headless(app, theme):
    async def first_frame():
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if ARGV[0] != "hardware":  # the live hardware screen loads the lessons only when it is left
                assert app.library is not None and app.library.lessons
            print("MODULES:", " ".join(sorted(sys.modules)))
    asyncio.run(first_frame())
    return 0

launch.run_app = run_headless
cli.main(ARGV)
"""


def modules_at_first_frame(argv: list[str]) -> set[str]:
    code = FIRST_FRAME.replace("ARGV", repr(argv))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("MODULES: ")]
    assert lines, result.stdout + result.stderr
    return set(lines[0].split()[1:])


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


def test_the_home_screen_is_drawn_without_the_heavy_modules():
    # every start but the first: the first checks the lesson files (demo parameters included) and fills
    # the cache that the next starts read
    modules_at_first_frame(["--lang", "en"])
    assert heavy(modules_at_first_frame(["--lang", "en"]), NOT_BEFORE_FIRST_FRAME) == []


def test_the_hardware_screen_is_drawn_without_other_commands_modules():
    # nor the progress store and SQLite: they load when the student leaves the screen (memory: 1.46x a
    # minimal Textual app's with them and the lessons)
    later = ("ds_tui.demos", "ds_tui.training", "ds_tui.quiz", "ds_tui.classroom.cli", "ds_tui.ui.screens.reader",
             "numpy", "cpuinfo", "multiprocessing", "ds_tui.store", "sqlite3", "ds_tui.lessons.yaml_source", "yaml")
    modules_at_first_frame(["hardware", "--live", "--lang", "en"])
    assert heavy(modules_at_first_frame(["hardware", "--live", "--lang", "en"]), later) == []


# What probing a Linux machine must not import: the other systems' modules (plistlib, ctypes), and
# pynvml (~3 MiB resident) where the NVIDIA library cannot be loaded. The hardware screen was 1.44x a
# minimal Textual app's memory with them.
PROBE = """
import sys
from ds_tui.hardware import nvml
from ds_tui.hardware.probe import build_report

nvml.library_loads = lambda: False  # this machine without the NVIDIA driver, whichever it is
build_report(system="linux")
print("MODULES:", " ".join(sorted(sys.modules)))
"""


def test_probing_linux_imports_no_other_systems_module_and_no_pynvml_without_the_library():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("MODULES: ")]
    assert lines, result.stdout + result.stderr
    modules = set(lines[0].split()[1:])
    assert "ds_tui.hardware.linux" in modules
    assert heavy(modules, ("ds_tui.hardware.macos", "ds_tui.hardware.windows", "plistlib", "pynvml")) == []


# Where an import may wait for its function: the command line (each subcommand imports only what it
# runs, and headless ones never load Textual), and a module whose import was measured to cost start-up
# time or memory, or that only one platform has. Each such import says why ("# lazy: <reason>") on its
# line, or on the first line of a group of them, or on a comment line right above the group.
COMMAND_LINES = ("cli.py", "demos/cli.py", "classroom/cli.py", "__main__.py")


def lazy_imports_without_a_reason(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines))
    missing = []
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            row = node.lineno - 1
            while row > 0 and (lines[row - 1].strip().startswith(("import ", "from ")) or not lines[row - 1].strip()):
                row -= 1  # the first import of a group (blank lines included): a comment above covers the group
            said = ("# lazy:" in lines[node.lineno - 1] or "# lazy:" in lines[row]
                    or (row > 0 and lines[row - 1].strip().startswith("# lazy:")))
            if not said:
                missing.append(f"{path.relative_to(SRC)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return sorted(set(missing))


def test_every_function_level_import_says_why_it_waits():
    missing = [line for path in sorted(SRC.rglob("*.py")) if path.relative_to(SRC).as_posix() not in COMMAND_LINES
               for line in lazy_imports_without_a_reason(path)]
    assert missing == [], "\n".join(missing)
