"""The progress store's device rooms: the students' devices and their answers, so a restarted app
resumes the class.
"""

from __future__ import annotations

import json
import time
from typing import Any

from ds_tui.store_saving import StoreBase


class DeviceRoomsMixin(StoreBase):
    # -- device rooms: the students' devices and their answers, so a restarted app resumes the class -----
    def open_device_room(self, lesson_id: str, code: str, started: float, resume_within: float = 6 * 3600
                         ) -> tuple[int, str, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The lesson's room left open (not ended) in the last ``resume_within`` seconds, with its code,
        students and answers; else a new room with ``code``. (id, code, students, answers)."""
        with self._lock, self._db:
            row = self._db.execute("SELECT id, code FROM device_rooms WHERE lesson_id = ? AND ended IS NULL"
                                   " AND started >= ? ORDER BY started DESC, id DESC LIMIT 1",
                                   (lesson_id, started - resume_within)).fetchone()
            if row is None:
                cursor = self._db.execute("INSERT INTO device_rooms (lesson_id, code, started) VALUES (?, ?, ?)",
                                          (lesson_id, code, started))
                return int(cursor.lastrowid or 0), code, [], []
            room_id, old_code = int(row[0]), str(row[1])
            students = [tuple(r) for r in self._db.execute(
                "SELECT student, token_hash, name, lang, joined FROM device_students WHERE room_id = ?", (room_id,))]
            answers = [(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in self._db.execute(
                "SELECT student, number, round, answer, answered FROM device_answers WHERE room_id = ?", (room_id,))]
            return room_id, old_code, students, answers

    def save_device_room(self, room_id: int, pending: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Students who joined and answers given since the last save, in one transaction."""
        if not pending:
            return
        with self._lock, self._db:
            for kind, row in pending:
                if kind == "student":
                    self._db.execute("INSERT OR REPLACE INTO device_students (room_id, student, token_hash, name,"
                                     " lang, joined) VALUES (?, ?, ?, ?, ?, ?)", (room_id, *row))
                elif kind == "answer":
                    student, number, round_, value, at = row
                    self._db.execute("INSERT OR REPLACE INTO device_answers (room_id, student, number, round, answer,"
                                     " answered) VALUES (?, ?, ?, ?, ?, ?)",
                                     (room_id, student, number, round_, json.dumps(value), at))

    def end_device_room(self, room_id: int) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE device_rooms SET ended = ? WHERE id = ?", (time.time(), room_id))
