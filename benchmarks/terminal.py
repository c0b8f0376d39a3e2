"""What the benchmarks that watch a running program share: a terminal to run it in, and what its
whole process tree costs (CPU time, resident memory).

A program runs either in tmux (a real terminal emulator, which answers the program's queries and
parses everything it draws, as the user's terminal would) or in a bare pseudo-terminal whose output
is read and dropped. Both programs of a comparison get the same kind of terminal and the same size.
The terminal's own cost (tmux's server) is counted for neither.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import termios
import threading
import time
import uuid

import psutil

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def spawn(argv: list[str], env: dict[str, str], rows: int = 30, cols: int = 100) -> tuple[int, int]:
    """Start ``argv`` in a new pseudo-terminal of ``cols`` x ``rows``; return its pid and the terminal's fd."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and every descendant, threads included: the live ones, and
    the ended ones their parents waited for (``children_user``/``children_system``)."""
    total = 0.0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:  # it ended while we looked: its parent's children_* has it once waited for
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def tree_rss_bytes(pid: int) -> tuple[int, int]:
    """Resident memory of ``pid`` and its descendants: (RSS summed, PSS summed where the OS gives it, else RSS).

    RSS counts a page shared by two processes of the tree twice; PSS splits it between them."""
    rss = pss = 0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except psutil.AccessDenied:
            info = proc.memory_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


class Terminal:
    """A program running in a terminal of a fixed size. ``screen()`` is the text it shows now
    (tmux: the pane as drawn; pty: what was written lately, escapes removed)."""

    pid: int

    def screen(self) -> str:
        raise NotImplementedError

    def wait_for(self, marker: str, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.screen():
                return True
            time.sleep(0.1)
        return False

    def send(self, keys: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PtyTerminal(Terminal):
    def __init__(self, argv: list[str], env: dict[str, str], cols: int, rows: int) -> None:
        self.pid, self.fd = spawn(argv, env, rows, cols)
        self._seen = b""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        """Read the screen output as a terminal would, so the program never blocks on writing."""
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                with self._lock:
                    self._seen = (self._seen + chunk)[-200_000:]

    def screen(self) -> str:
        with self._lock:
            return ANSI.sub(b"", self._seen).decode("utf-8", "replace")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> None:
        self._stop.set()
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._reader.join(1)
        os.close(self.fd)


class TmuxTerminal(Terminal):
    """One detached tmux session on a private server (its own socket, no user configuration)."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int, rows: int) -> None:
        self.socket = f"dsbench-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k not in ("TERM", "TMUX"))
        command = f"exec env {exports} {shlex.join(argv)}"
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", str(cols), "-y", str(rows), command)
        self.pid = int(self._tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        try:
            return self._tmux("capture-pane", "-p", "-t", "bench")
        except subprocess.CalledProcessError:
            return ""

    def send(self, keys: str) -> None:
        self._tmux("send-keys", "-t", "bench", "-l", keys)

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def open_terminal(kind: str, argv: list[str], env: dict[str, str], cols: int, rows: int) -> Terminal:
    if kind == "tmux":
        return TmuxTerminal(argv, env, cols, rows)
    return PtyTerminal(argv, env, cols, rows)


def default_terminal() -> str:
    return "tmux" if shutil.which("tmux") else "pty"


def parse_size(text: str) -> tuple[int, int]:
    cols, _, rows = text.lower().partition("x")
    return int(cols), int(rows)
