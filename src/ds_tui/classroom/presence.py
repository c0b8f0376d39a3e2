"""What the presenting instance shows, in a small JSON file that ``ds-tui notes`` follows.

Local only: no socket, no port. The presenter rewrites the file atomically (a temporary file, then
``os.replace``) whenever the slide changes and every few seconds as a heartbeat; the follower reads
it a few times a second. A file left by a presenter that died is stale: its process is gone or its
heartbeat stopped.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ds_tui.lessons.model import Text

STATE_FILE = "present.json"
SCHEMA = "ds-tui.present/1"
HEARTBEAT_S = 2.0
STALE_AFTER_S = 10.0  # five heartbeats missed


def state_path(directory: Path) -> Path:
    return directory / STATE_FILE


def text_json(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"en": text.en or "", "vi": text.vi or ""}


def json_text(value: Any) -> Text | None:
    if not isinstance(value, dict):
        return None
    return Text(en=str(value.get("en") or "") or None, vi=str(value.get("vi") or "") or None)


@dataclass
class QuizState:
    number: int  # 1-based
    total: int
    phase: str
    prompt: dict[str, str] | None = None
    answer: list[dict[str, str]] = field(default_factory=list)  # the right answer, for the teacher's eyes
    explanation: dict[str, str] | None = None


@dataclass
class PresenterState:
    pid: int
    lesson_id: str
    lesson_title: dict[str, str] | None
    slide: int  # 0-based
    total: int
    started_at: float  # wall clock (time.time()) when presenting began
    updated_at: float  # wall clock of this write: the heartbeat
    title: dict[str, str] | None = None
    notes: dict[str, str] | None = None
    next_title: dict[str, str] | None = None
    blank: bool = False
    quiz: QuizState | None = None
    schema: str = SCHEMA

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> PresenterState | None:
        """None for anything that is not a state this version understands."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        try:
            quiz = data.get("quiz")
            return cls(
                pid=int(data["pid"]), lesson_id=str(data["lesson_id"]), lesson_title=data.get("lesson_title"),
                slide=int(data["slide"]), total=int(data["total"]), started_at=float(data["started_at"]),
                updated_at=float(data["updated_at"]), title=data.get("title"), notes=data.get("notes"),
                next_title=data.get("next_title"), blank=bool(data.get("blank", False)),
                quiz=QuizState(**quiz) if isinstance(quiz, dict) else None,
            )
        except (KeyError, TypeError, ValueError):
            return None


def write_state(path: Path, state: PresenterState) -> None:
    """Atomically: a reader sees the old file or the new one, never half of one. OSError is the caller's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".present-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(state.to_json(), out, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_state(path: Path) -> PresenterState | None:
    """The presenter's state; None when there is no file or it cannot be read."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return PresenterState.from_json(json.loads(raw))
    except ValueError:
        return None


def clear_state(path: Path, pid: int | None = None) -> None:
    """Remove the file when presenting ends, only if it is this presenter's (``pid``)."""
    if pid is not None:
        state = read_state(path)
        if state is not None and state.pid != pid:
            return
    try:
        path.unlink()
    except OSError:
        pass


def pid_alive(pid: int) -> bool:
    try:
        import psutil

        return psutil.pid_exists(pid)
    except ImportError:  # pragma: no cover - psutil is a dependency
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True


def is_stale(state: PresenterState, now: float, alive=pid_alive) -> bool:
    """The presenter is gone: its process ended, or it stopped writing (hung, or the pid was reused)."""
    return not alive(state.pid) or now - state.updated_at > STALE_AFTER_S


def elapsed_text(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` after."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
