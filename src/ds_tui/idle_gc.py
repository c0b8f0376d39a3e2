"""Full garbage collections wait for a pause in the user's typing.

A full collection walks every object the collector tracks, and the interface waits while it does.
On the demo screen that is 15–25 ms (Textual keeps each line it drew as a Strip with seven small caches:
~30,000 objects after a minute of use), and it came whenever an allocation crossed the threshold —
often during a key press: the slowest 5 % of key presses (benchmarks/keypress_latency.py).

While the app runs, the collector keeps its young collections as before, and full collections are
left to :meth:`IdleCollector.tick`, which the app calls every ``CHECK_S``: it runs one when as many
young collections have passed as Python would wait for (its third threshold) and no key or click came
in the last ``QUIET_S``, or when they are ``OVERDUE`` times that many, whatever the user is doing
(memory held by cycles is still freed). Python 3.14's incremental collector (a third threshold of
0) keeps its own ways: its pauses are short already.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

CHECK_S = 2.0  # how often the app asks whether a full collection is due
QUIET_S = 1.0  # no key or click for this long: a collection now delays nothing the user is waiting for
OVERDUE = 10  # this many times Python's wait, and it runs even while the user types
NEVER = 1_000_000  # the third threshold while this collector decides: Python's own never comes


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None  # the thresholds before start()
        self.collections = 0  # full collections run (for tests and the curious)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def start(self) -> bool:
        """Take full collections over from Python's own thresholds; False if this Python's collector is
        incremental (nothing is changed then). Calling it again changes nothing."""
        if self._saved is not None:
            return True
        young, middle, old = gc.get_threshold()
        if old == 0:  # incremental (Python 3.14): no generation to hold back
            return False
        self._saved = (young, middle, old)
        gc.set_threshold(young, middle, NEVER)
        return True

    def stop(self) -> None:
        """Python's thresholds as they were before start()."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input(self) -> None:
        """A key or a click came in: the user may be waiting for the screen."""
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Run a full collection if one is due and the user is not typing; True if one ran."""
        if self._saved is None or not gc.isenabled():  # not started, or collection is off (the start, a profiler)
            return False
        due = self._saved[2]
        pending = gc.get_count()[2]  # young (middle) collections since the last full one
        quiet = self._clock() - self._last_input >= QUIET_S
        if pending < due or (not quiet and pending < due * OVERDUE):
            return False
        gc.collect()
        self.collections += 1
        return True
