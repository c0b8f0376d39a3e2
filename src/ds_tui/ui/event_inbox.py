"""Events from a worker thread, handed to the interface in batches.

A demo sends hundreds of events a second (busy spans, progress). Posted one message each, they queued
in the app ahead of key presses, and each cost a trip through the message pump. Here one message at a
time waits for the interface, which then takes everything that arrived meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class EventInbox:
    def __init__(self, notify: Callable[[], None]) -> None:
        """`notify` tells the interface there is something to take (called from the worker thread)."""
        self._notify = notify
        self._lock = threading.Lock()
        self._items: list[Any] = []
        self._notified = False

    def put(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)
            if self._notified:
                return  # a notice is already on its way: this item goes with it
            self._notified = True
        self._notify()

    def take(self) -> list[Any]:
        """Everything put since the last take, in order; the next put notifies again."""
        with self._lock:
            items, self._items = self._items, []
            self._notified = False
        return items
