"""CPU cost of the live hardware screen at 1 Hz, against btop at 1 Hz, measured side by side.

Both run at the same time in their own pseudo-terminal (100x30), so machine noise hits both alike.
After a warm-up, the CPU time each process (and its children) uses over the window is read with
psutil. Budget: ds-tui costs no more CPU than btop (ratio <= 1.0).

    python benchmarks/hardware_idle_cpu.py [--seconds 30]

btop comes from the OS packages (Debian/Ubuntu: apt-get install btop); its update_ms is set to
1000 in a private config for the run.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import psutil


def spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return pid, fd


def drain(fd: int, stop: threading.Event) -> None:
    """Read and drop the screen output, as a terminal would, so the program never blocks on writing."""
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def cpu_seconds(pid: int) -> float:
    proc = psutil.Process(pid)
    total = sum(proc.cpu_times()[:2])
    for child in proc.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    args = parser.parse_args()
    btop, ds_tui = shutil.which("btop"), shutil.which("ds-tui")
    if not btop or not ds_tui:
        print("needs btop (apt-get install btop) and ds-tui (pip install -e .) on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config" / "btop"
        config.mkdir(parents=True)
        (config / "btop.conf").write_text("update_ms = 1000\n")
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
               "DS_TUI_HOME": str(Path(tmp) / "home")}
        programs = {"btop (update_ms=1000)": [btop], "ds-tui hardware --live": [ds_tui, "hardware", "--live"]}
        stop = threading.Event()
        running = {}
        for name, argv in programs.items():
            pid, fd = spawn(argv, env)
            threading.Thread(target=drain, args=(fd, stop), daemon=True).start()
            running[name] = (pid, fd)
        try:
            time.sleep(args.warmup)
            start = {name: cpu_seconds(pid) for name, (pid, _) in running.items()}
            t0 = time.perf_counter()
            time.sleep(args.seconds)
            elapsed = time.perf_counter() - t0
            used = {name: cpu_seconds(pid) - start[name] for name, (pid, _) in running.items()}
        finally:
            stop.set()
            for pid, fd in running.values():
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(fd)
    percent = {name: 100 * seconds / elapsed for name, seconds in used.items()}
    for name, value in percent.items():
        print(f"{name:28s} {value:5.2f}% of one core over {elapsed:.0f} s")
    ratio = percent["ds-tui hardware --live"] / max(percent["btop (update_ms=1000)"], 1e-9)
    verdict = "within" if ratio <= 1.0 else "OVER"
    print(f"ratio ds-tui / btop = {ratio:.2f}  ({verdict} the budget of 1.0)")
    return 0 if ratio <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
