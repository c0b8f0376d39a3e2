"""What several demos share: their common modes, how lanes are named, and the work pieces they reuse —
counting primes (CPU) and a file written, synced and read back (I/O). Spawn-safe: top-level functions.
"""

from __future__ import annotations

import os
import random
import zlib
from math import isqrt
from typing import TYPE_CHECKING, Any

from ds_tui.demos.prose import num
from ds_tui.demos.reporter import Cancelled, Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.spec import Metric, Mode
from ds_tui.i18n import Text, t

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary

CPU_BASE = 10_000_000  # numbers this large cost about the same to test anywhere in the range

SEQUENTIAL = Mode("sequential", Text(vi="Tuần tự", en="Sequential"),
                  Text(vi="Toàn bộ công việc trong một luồng, lần lượt: mốc để so sánh.",
                       en="All the work in one thread, one piece after another: the baseline."))
THREADS = Mode("threads", Text(vi="Luồng", en="Threads"),
               Text(vi="Chia việc cho N luồng trong cùng tiến trình (dùng chung bộ nhớ và GIL).",
                    en="The work split across N threads of one process (shared memory, one GIL)."))
PROCESSES = Mode("processes", Text(vi="Tiến trình", en="Processes"),
                 Text(vi="Chia việc cho N tiến trình, mỗi tiến trình có bộ nhớ và GIL riêng.",
                      en="The work split across N processes, each with its own memory and GIL."))

SPEEDUP_SPREAD = 0.10  # a speedup's run-to-run spread (spec.Metric.spread)
SPEEDUP_THREADS = Metric("speedup.threads", Text(en="speedup with threads", vi="tăng tốc với luồng"), "times",
                         SPEEDUP_SPREAD)
SPEEDUP_PROCESSES = Metric("speedup.processes", Text(en="speedup with processes", vi="tăng tốc với tiến trình"),
                           "times", SPEEDUP_SPREAD)


def worker_lanes(prefix: str, n: int, first: int = 0) -> list[str]:
    """Lane labels "prefix 0", "prefix 1", ...: the English words are shown translated (ds_tui.demos.lanes)."""
    return [f"{prefix} {i}" for i in range(first, first + n)]


def speedups(runs: tuple[RunResult, ...], modes: tuple[str, ...]) -> dict[str, float]:
    """The metrics "speedup.<mode>" of the runs that finished with a baseline."""
    by_mode = {r.mode: r for r in runs}
    out: dict[str, float] = {}
    for mode in modes:
        r = by_mode.get(mode)
        if r is not None and r.speedup is not None:
            out[f"speedup.{mode}"] = r.speedup
    return out


_SPEEDUP_MODES = ("threads", "processes", "asyncio", "hybrid")  # their words: demonote.mode.<mode>


def speedup_headline(summary: RunSummary, lang: str) -> str | None:
    """A saved run of a speedup demo in one line: "speedup threads 0.98× · processes 3.41×"."""
    m = summary.metrics
    found = [f"{t(f'demonote.mode.{mode}', lang)} {num(m[f'speedup.{mode}'], lang)}×"
             for mode in _SPEEDUP_MODES if f"speedup.{mode}" in m]
    return t("demonote.speedup", lang, modes=" · ".join(found)) if found else None


# ---------------------------------------------------------------------------------------------- CPU
def is_prime(n: int) -> bool:
    """Trial division, in pure Python: CPU-bound work that holds the GIL the whole time."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(rep: Reporter, lo: int, hi: int, step: int = 32, progress: bool = True) -> int:
    """How many primes in [lo, hi). Deterministic; checked against :func:`prime_count_reference`.
    Progress counts the numbers checked (``progress=False``: part of a bigger task, counted by it)."""
    count = 0
    rep.cpu_begin()
    for a in range(lo, hi, step):
        b = min(a + step, hi)
        for n in range(a, b):
            if is_prime(n):
                count += 1
        rep.tick(b - a if progress else 0)
    rep.cpu_end()
    return count


def count_primes_at_gate(rep: Reporter, gate: Any, lo: int, hi: int) -> int:
    """:func:`count_primes` once ``gate`` (a multiprocessing Event) is set: every process starts its
    work at the same moment, after all of them started, so start-up and the parallel phase are timed
    apart."""
    while not gate.wait(0.1):
        if rep.stop is not None and rep.stop.is_set():
            raise Cancelled()
    return count_primes(rep, lo, hi)


def prime_count_reference(lo: int, hi: int) -> int:
    """The same count by a segmented sieve (fast, independent of the demo's code)."""
    if hi <= lo:
        return 0
    root = isqrt(hi - 1) + 1
    small = bytearray([1]) * (root + 1)
    small[0:2] = b"\x00\x00"
    for i in range(2, isqrt(root) + 1):
        if small[i]:
            small[i * i::i] = bytes(len(range(i * i, root + 1, i)))
    seg = bytearray([1]) * (hi - lo)
    for p in (i for i in range(2, root + 1) if small[i]):
        start = max(p * p, (lo + p - 1) // p * p)
        if start < hi:
            seg[start - lo::p] = bytes(len(range(start, hi, p)))
    for n in (0, 1):
        if lo <= n < hi:
            seg[n - lo] = 0
    return seg.count(1)


def split_range(lo: int, hi: int, parts: int) -> list[tuple[int, int]]:
    """[lo, hi) in ``parts`` contiguous shares of (almost) equal size."""
    n = hi - lo
    cuts = [lo + n * i // parts for i in range(parts + 1)]
    return list(zip(cuts, cuts[1:]))


# ---------------------------------------------------------------------------------------------- I/O
def payload(i: int, nbytes: int) -> bytes:
    """The deterministic content of task ``i`` (a downloaded page, an uploaded image)."""
    return random.Random(i).randbytes(nbytes)


def file_roundtrip(path: str, data: bytes) -> int:
    """Real local I/O: write, fsync (wait for the disk), read back; the CRC-32 of what was read."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    with open(path, "rb") as f:
        back = f.read()
    os.unlink(path)
    return zlib.crc32(back)
