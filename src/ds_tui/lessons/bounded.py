"""Reading a file that may be anything (a FIFO, a device, a huge file) without hanging or filling the memory."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file, or OSError (ValueError when it is larger).

    Opened without blocking and checked before reading: a FIFO, a device (``/dev/zero``) or a folder
    is refused at once instead of hanging or filling the memory; a file that grows while it is read
    is still cut at ``limit + 1`` bytes and so refused as too large."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder, not a file") if stat.S_ISDIR(info.st_mode) \
                else OSError(errno.EINVAL, "not a regular file (a pipe, device or socket)")
        if info.st_size > limit:
            raise ValueError(info.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ValueError(len(data))
        return data
    finally:
        os.close(fd)
