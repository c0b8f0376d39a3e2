"""No demo process outlives the program that started it, however that program ends (Ctrl+C, SIGTERM,
SIGKILL, a crash, the terminal closed).

:func:`guard` is called first thing in every process the demos start (each worker, and the process
that runs a demo for the app). Two lines of defence:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills this process when its parent ends.
- Everywhere: a watchdog thread that ends this process (``os._exit``) once the parent is gone. On
  POSIX an orphan is re-parented at once, so ``os.getppid()`` changing is the sign (reliable even
  while the dead parent is an unreaped zombie, and whoever else holds our pipes); on Windows the
  parent's process handle, which multiprocessing opens for every spawned child, becomes signalled.

Under the forkserver start method a worker's parent is the fork server, which lives on while any of its
children does: there the watchdog follows the program that asked for the worker (psutil).

Spawn-safe and light: nothing beyond the standard library but under forkserver.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

POLL_S = 0.1  # how often the watchdog looks (well inside the 2 s a worker may outlive its parent)
ORPHAN_EXIT = 1  # nobody reads it: the parent is gone
_PR_SET_PDEATHSIG = 1


def guard() -> None:
    """End this process within ``POLL_S`` of its parent's death (at once on Linux, but for a fork server's
    child). Call it before anything that could block: it also ends a process whose parent died while it
    was starting."""
    creator = multiprocessing.parent_process()
    if creator is None or creator.pid is None:  # not started by multiprocessing: nobody to follow
        return
    if os.name == "nt":
        _watch(lambda: creator.is_alive())
        return
    if sys.platform.startswith("linux"):
        _set_parent_death_signal()
    # read after prctl: a parent that died before it has left us to a reaper, and the signal never comes
    ppid = os.getppid()
    if ppid == creator.pid:
        _watch(lambda: os.getppid() == ppid)
        return
    creator_alive = _creator_through_fork_server(ppid, creator.pid)
    if creator_alive is None:
        os._exit(ORPHAN_EXIT)
    _watch(creator_alive)


def _set_parent_death_signal() -> None:
    # fires when the *thread* that forked us ends: the demos start their processes from the thread that
    # runs the demo, which waits for them (see Session.close), so it outlives them
    try:
        import ctypes  # lazy: Linux only

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (an unusual libc): the watchdog still works
        pass


def _creator_through_fork_server(ppid: int, creator_pid: int) -> Callable[[], bool] | None:
    """Under forkserver our parent is the fork server, and it outlives the program that started us (each
    of its children holds the pipe whose end tells it to exit): follow that program itself. Returns
    whether it is alive, as a function; None when it is gone already (or ``ppid`` is not its server)."""
    try:
        import psutil  # lazy: psutil only under the forkserver

        if psutil.Process(ppid).ppid() != creator_pid:
            return None
        creator = psutil.Process(creator_pid)
    except Exception:  # noqa: BLE001 - the parent vanished meanwhile (or psutil is unusable): orphaned
        return None

    def alive() -> bool:  # a dead program whose own parent has not reaped it yet is a zombie: gone too
        try:
            return creator.is_running() and creator.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    return alive


def _watch(parent_alive: Callable[[], bool]) -> None:
    def watch() -> None:
        while parent_alive():
            time.sleep(POLL_S)
        os._exit(ORPHAN_EXIT)

    try:
        threading.Thread(target=watch, daemon=True, name="ds-tui-lifeline").start()
    except RuntimeError:  # cannot start a thread (a process limit): the kernel's signal still holds
        pass
