"""The progress store's reading progress: the sections read and where each lesson resumes.
"""

from __future__ import annotations

import time

from ds_tui.store_problems import StoreError
from ds_tui.store_saving import StoreBase


class PlacesMixin(StoreBase):
    # -- reading progress ------------------------------------------------------------------
    def mark_read(self, lesson_id: str, section_id: str, place: bool = False) -> None:
        """The section was read; ``place``: it is also where the lesson resumes (one transaction)."""
        op = {"op": "read", "lesson_id": str(lesson_id), "section_id": str(section_id), "time": time.time()}
        if not place:
            self._write(op)
            return
        with self._lock:
            if self._closed:
                raise StoreError("The progress store is closed.")
            self._pending += [op, {**op, "op": "place"}]
            self._flush()

    def place(self, lesson_id: str) -> str | None:
        """The section the student was last on in ``lesson_id`` (None: never opened); a waiting write counts."""
        with self._lock:
            for op in reversed(self._pending):
                if op["op"] == "place" and op["lesson_id"] == lesson_id:
                    return str(op["section_id"])
            row = self._db.execute("SELECT section_id FROM lesson_places WHERE lesson_id = ?", (lesson_id,)).fetchone()
            return row[0] if row else None

    def sections_read(self, lesson_id: str) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT section_id FROM section_reads WHERE lesson_id = ?", (lesson_id,))
            read = {row[0] for row in rows}
            return read | {op["section_id"] for op in self._pending
                           if op["op"] == "read" and op["lesson_id"] == lesson_id}
