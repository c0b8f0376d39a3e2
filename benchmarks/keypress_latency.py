"""Key-press latency of the app while a process demo keeps every core busy, against the same app idle.

`ds-tui demo cpu-bound --live` runs in a pseudo-terminal. The benchmark presses `?` (the help opens)
and `?` again (it closes), timing each until the screen shows the result: the help's closing hint, or the
demo's summary line redrawn. Idle presses are the baseline; busy presses are made only while the
demo's worker processes keep the cores busy: at least one worker per core alive, and together using
at least BUSY_SHARE of every core over the last 100 ms (4 processes on 2 cores each get about half a
core, so each one alone never looks busy). On a machine loaded by other work the demo's processes
(nice 10) may never get that much: the script then says so, with the best share it saw and the load
average, instead of a figure. Budget (issue 19): p95 while busy <= 50 ms. A language switch (`l`,
which redraws every text) is timed too, for reference.

    python benchmarks/keypress_latency.py [--presses 40] [--workers N] [--busy-share 0.75] [--ds-tui PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import signal
import statistics
import sys
import tempfile
import time

import psutil

sys.path.insert(0, os.path.dirname(__file__))
from terminal import spawn  # noqa: E402  (the benchmarks' pseudo-terminal helper)

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
TITLES = {"en": b"CPU-bound work: threads or processes", "vi": "Tác vụ CPU-bound: luồng hay tiến trình".encode()}
HELP_OPEN = b"Press Esc or ? to close."
HELP_CLOSED = b"Counting primes in pure Python"
# "?" both opens and closes the help: a lone Esc is only known to be Esc after the terminal's escape
# timeout (~100 ms in Textual), which would measure the protocol, not the app
KEYS = [(b"?", HELP_OPEN), (b"?", HELP_CLOSED)]
BUDGET_MS = 50.0  # issue 19
BUSY_SHARE = 0.75  # of every core, used by the demo's processes together


class Screen:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def read(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for output; True if some was read."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                self.buffer += os.read(self.fd, 1 << 16)
                return True
            except OSError:
                pass
        return False

    def wait_for(self, marker: bytes, timeout: float = 5.0) -> float | None:
        # blocks until the app writes (an earlier version woke every 2 ms, taking CPU from the app it timed)
        start = time.perf_counter()
        if marker in ANSI.sub(b"", self.buffer):
            return 0.0
        while (left := timeout - (time.perf_counter() - start)) > 0:
            if self.read(left) and marker in ANSI.sub(b"", self.buffer):
                return time.perf_counter() - start
        return None

    def press(self, key: bytes, marker: bytes) -> float | None:
        self.buffer = b""
        os.write(self.fd, key)
        return self.wait_for(marker)


def demo_load(app: psutil.Process) -> tuple[int, float]:
    """The app's descendant processes over the last 100 ms: how many ran, and how many cores they used together."""
    children = app.children(recursive=True)
    for child in children:
        try:
            child.cpu_percent(None)
        except psutil.Error:
            pass
    time.sleep(0.1)
    running, used = 0, 0.0
    for child in children:
        try:
            percent = child.cpu_percent(None)
        except psutil.Error:  # it ended while we looked
            continue
        running += percent > 0
        used += percent / 100
    return running, used


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--workers", type=int, default=max(4, psutil.cpu_count() or 4),
                        help="demo processes (default: the demo's 4, or one per logical CPU if more)")
    parser.add_argument("--busy-share", type=float, default=BUSY_SHARE,
                        help="busy: the demo's processes together use at least this share of every core")
    parser.add_argument("--ds-tui", default=shutil.which("ds-tui"), help="the ds-tui command (default: on PATH)")
    args = parser.parse_args()
    ds_tui = args.ds_tui
    if not ds_tui:
        print("ds-tui is not installed in this environment (pip install -e .)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "DS_TUI_HOME": home}
        pid, fd = spawn([ds_tui, "demo", "cpu-bound", "--live", "--lang", "en", "--workers", str(args.workers),
                         "--size", "large"], env)
        screen = Screen(fd)
        lang = "en"
        idle: list[float] = []
        busy: list[float] = []
        switch: list[float] = []
        try:
            if screen.wait_for(TITLES["en"], 30) is None:
                print("the demo screen never appeared", file=sys.stderr)
                return 1
            time.sleep(1.0)
            for i in range(args.presses):  # baseline: the same app, nothing running
                key, marker = KEYS[i % 2]
                latency = screen.press(key, marker)
                if latency is not None:
                    idle.append(latency)
                time.sleep(0.1)
            for lang in ("vi", "en") * 3:
                latency = screen.press(b"l", TITLES[lang])
                if latency is not None:
                    switch.append(latency)
                time.sleep(0.1)
            app = psutil.Process(pid)
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else psutil.cpu_count() or 1
            deadline = time.perf_counter() + 240
            presses = 0
            last_busy = 0.0
            best = 0.0  # the most cores the demo's processes used together, while enough of them ran
            while len(busy) < args.presses and time.perf_counter() < deadline:
                screen.read(0.02)
                running, used = demo_load(app)
                if running >= min(cores, args.workers):
                    best = max(best, used)
                if running >= min(cores, args.workers) and used >= args.busy_share * cores:
                    last_busy = time.perf_counter()
                    key, marker = KEYS[presses % 2]
                    presses += 1
                    latency = screen.press(key, marker)
                    if latency is not None:
                        busy.append(latency)
                    time.sleep(0.1)
                elif time.perf_counter() - last_busy > 3.0:  # no run, or it ended: start one
                    if presses % 2:  # the help is open: close it first, so "r" reaches the demo
                        screen.press(*KEYS[1])
                        presses += 1
                    os.write(fd, b"r")  # (ignored while a run is in progress)
                    last_busy = time.perf_counter()
            if presses % 2:
                screen.press(*KEYS[1])
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(fd)
    if not idle:
        print("no idle press was answered: the help never opened or closed", file=sys.stderr)
        return 1
    if len(busy) < args.presses // 2:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"no busy figure: in 240 s only {len(busy)} presses could be made while the demo's {args.workers} "
              f"processes kept the {cores} cores busy (at least {args.busy_share:.0%} of each, together); the most "
              f"they used together was {best:.2f} cores. Other work may be loading the machine (load average "
              f"{load}); run it on a quieter machine, or lower --busy-share to measure anyway.", file=sys.stderr)
        return 1
    ms = lambda v: v * 1000  # noqa: E731
    for name, values in (("idle app", idle), (f"cores busy ({args.workers} demo processes)", busy),
                         ("language switch (idle)", switch)):
        if not values:
            continue
        print(f"{name:28s} p50 {ms(statistics.median(values)):6.1f} ms  p95 {ms(percentile(values, 0.95)):6.1f} ms  "
              f"max {ms(max(values)):6.1f} ms  ({len(values)} presses)")
    p95 = ms(percentile(busy, 0.95))
    print(f"ratio busy/idle p95 = {p95 / max(ms(percentile(idle, 0.95)), 1e-9):.2f}x; "
          f"{'within' if p95 <= BUDGET_MS else 'OVER'} the {BUDGET_MS:.0f} ms budget")
    return 0 if p95 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
