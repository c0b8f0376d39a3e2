"""No demo process outlives the program that started it, however that program ends (Ctrl+C, SIGTERM,
SIGKILL, a crash, the terminal closed).

:func:`guard` is called first thing in every process the demos start (each worker, and the process
that runs a demo for the app). Two lines of defence:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills this process when its parent ends.
- Everywhere: a watchdog thread that ends this process (``os._exit``) once the parent is gone. On
  POSIX an orphan is re-parented at once, so ``os.getppid()`` changing is the sign (reliable even
  while the dead parent is an unreaped zombie, and whoever else holds our pipes); on Windows the
  parent's process handle, which multiprocessing opens for every spawned child, becomes signalled.

Under the forkserver start method a worker's parent is the fork server, which itself exits when the
program that started it does: the chain still holds.

Spawn-safe and light: no import beyond the standard library on the usual path.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time

POLL_S = 0.1  # how often the watchdog looks (well inside the 2 s a worker may outlive its parent)
ORPHAN_EXIT = 1  # nobody reads it: the parent is gone
_PR_SET_PDEATHSIG = 1


def guard() -> None:
    """End this process within ``POLL_S`` of its parent's death (at once on Linux). Call it before
    anything that could block: it also ends a process whose parent died while it was starting."""
    creator = multiprocessing.parent_process()
    if creator is None:  # not started by multiprocessing: nobody to follow
        return
    if os.name == "nt":
        _watch(lambda: creator.is_alive())
        return
    if sys.platform.startswith("linux"):
        _set_parent_death_signal()
    # read after prctl: a parent that died before it has left us to a reaper, and the signal never comes
    ppid = os.getppid()
    if not _is_ours(ppid, creator.pid):
        os._exit(ORPHAN_EXIT)
    _watch(lambda: os.getppid() == ppid)


def _set_parent_death_signal() -> None:
    # fires when the *thread* that forked us ends: the demos start their processes from the thread that
    # runs the demo, which waits for them (see Session.close), so it outlives them
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (an unusual libc): the watchdog still works
        pass


def _is_ours(ppid: int, creator_pid: int | None) -> bool:
    """Whether ``ppid`` is the program that started this process, or the fork server it started."""
    if creator_pid is None or ppid == creator_pid:
        return True
    try:  # forkserver: our parent is the fork server, a child of the program that started us
        import psutil

        return psutil.Process(ppid).ppid() == creator_pid
    except Exception:  # noqa: BLE001 - the parent vanished meanwhile (or psutil is unusable): orphaned
        return False


def _watch(parent_alive) -> None:  # noqa: ANN001 - a () -> bool
    def watch() -> None:
        while parent_alive():
            time.sleep(POLL_S)
        os._exit(ORPHAN_EXIT)

    try:
        threading.Thread(target=watch, daemon=True, name="ds-tui-lifeline").start()
    except RuntimeError:  # cannot start a thread (a process limit): the kernel's signal still holds
        pass
