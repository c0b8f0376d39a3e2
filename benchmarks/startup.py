"""Start-up time: `ds-tui` until its home screen lists the lessons, against a minimal Textual app.

Both are launched in a pseudo-terminal (80x24) and timed from spawn until their text appears on the
screen stream; runs alternate so machine noise hits both alike. Budget: ds-tui <= 1.15x the minimal app. The CPU time each had
used when its text appeared is printed too: it moves less with the machine's load than wall time does.

15 runs each by default: on a shared 2-vCPU machine one start of the minimal app alone took 216-351 ms
within a minute, and the ratio of medians of 7 runs moved 0.97-1.25x across six consecutive
invocations of the same build (of 15 runs: 1.02-1.12x across five).

    python benchmarks/startup.py [--runs 15] [--ds-tui PATH]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

import psutil

BUDGET = 1.15
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Minimal app ready")
        yield Footer()

Minimal().run()
"""


def time_until(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> float:
    return run_until(argv, marker, env, timeout)[0]


def run_until(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> tuple[float, float]:
    """Seconds from spawn until ``marker`` is on the screen, and the CPU seconds (user + system) the
    program had used by then: the second figure moves less with the machine's load."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            if marker in ANSI.sub(b"", seen):
                wall = time.perf_counter() - start
                times = psutil.Process(pid).cpu_times()
                return wall, times.user + times.system + times.children_user + times.children_system
        raise RuntimeError(f"{argv} never showed {marker!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--ds-tui", default=shutil.which("ds-tui"), help="the ds-tui command (default: on PATH)")
    args = parser.parse_args()

    ds_tui = args.ds_tui
    if ds_tui is None:
        print("ds-tui is not installed in this environment (pip install -e .)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TERM": "xterm-256color", "DS_TUI_HOME": home, "LANG": "C.UTF-8"}
        minimal = Path(home) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        cases = {
            "minimal Textual app": ([sys.executable, str(minimal)], b"Minimal app ready"),
            "ds-tui (home with lessons)": ([ds_tui, "--lang", "en"], b"Your hardware"),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for argv, marker in cases.values():  # warm the file cache once, untimed
            time_until(argv, marker, env)
        for _ in range(args.runs):
            for name, (argv, marker) in cases.items():
                wall, used = run_until(argv, marker, env)
                times[name].append(wall)
                cpu[name].append(used)

    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:30s} median {medians[name] * 1000:7.1f} ms  (min {min(values) * 1000:.1f}, "
              f"max {max(values) * 1000:.1f}, runs {len(values)}); CPU used by then: median "
              f"{statistics.median(cpu[name]) * 1000:.0f} ms")
    baseline, ours = medians["minimal Textual app"], medians["ds-tui (home with lessons)"]
    cpu_ratio = statistics.median(cpu["ds-tui (home with lessons)"]) / statistics.median(cpu["minimal Textual app"])
    print(f"CPU time until the first screen, ds-tui / minimal = {cpu_ratio:.2f}x (for reference: moves less "
          "with the machine's load than wall time)")
    ratio = ours / baseline
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"ratio ds-tui / minimal = {ratio:.2f}x  ({verdict} the {BUDGET}x budget)")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
