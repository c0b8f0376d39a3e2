"""Advisory locks on small files next to the data, shared by every ds-tui on the machine.

POSIX: ``flock``, which belongs to the open file (not the process), so two opens in one process
exclude each other as two processes do, and the lock goes when the file is closed or the process
dies. Windows: ``msvcrt.locking`` on the first byte; it has no shared mode, so a shared lock is
not taken there (Windows itself refuses to rename a database that another program has open).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

POLL_S = 0.01

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(fd: int, exclusive: bool) -> bool:
        if not exclusive:
            return True
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import errno
    import fcntl

    # a file system without flock (some network mounts): ds-tui works there as it did before locks
    _NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}

    def try_lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in _NO_LOCKS:
                return True
            raise
        return True

    def unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                raise


class LockFile:
    """One open of a lock file. The file is never deleted: deleting a lock file races its users."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:  # a read-only folder can still be locked through an existing file
            self.fd = os.open(path, os.O_RDONLY)

    def try_exclusive(self) -> bool:
        return try_lock(self.fd, exclusive=True)

    def try_shared(self) -> bool:
        return try_lock(self.fd, exclusive=False)

    def exclusive(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the exclusive lock; False if another holder kept it."""
        deadline = time.monotonic() + timeout
        while not self.try_exclusive():
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)
        return True

    def release(self) -> None:
        unlock(self.fd)

    def close(self) -> None:
        """Closing releases the lock too."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
