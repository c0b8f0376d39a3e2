"""What the presenting instance shows, in a small JSON file that ``ds-tui notes`` follows.

Local only: no socket, no port. The presenter rewrites the file atomically (a temporary file, then
``os.replace``) whenever the slide changes and every few seconds as a heartbeat; the follower reads
it a few times a second. A file left by a presenter that died is stale: its process is gone or its
heartbeat stopped.

The follower treats the file as untrusted input (anyone who can write the data folder can write it):
it reads regular files only, without blocking, at most ``MAX_STATE_BYTES``; and it accepts only a
state whose every field has the type and range the presenter writes. Anything else reads as "no
presenter".
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ds_tui.classroom.class_quiz import Phase
from ds_tui.i18n import Text
from ds_tui.textsafe import clean

STATE_FILE = "present.json"
SCHEMA = "ds-tui.present/1"
HEARTBEAT_S = 2.0
STALE_AFTER_S = 10.0  # five heartbeats missed
MAX_STATE_BYTES = 512 * 1024  # a slide's notes in two languages fit many times over
MAX_TEXT = 20_000  # characters of one text in the state (a lesson's body is at most 6,000)
MAX_SLIDES = 10_000
MAX_PID = 2**32 - 1
MAX_ANSWER_LINES = 50
PHASES = tuple(phase.value for phase in Phase)


def state_path(directory: Path) -> Path:
    return directory / STATE_FILE


def text_json(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"en": text.en or "", "vi": text.vi or ""}


def json_text(value: Any) -> Text | None:
    if not isinstance(value, dict):
        return None
    en, vi = value.get("en"), value.get("vi")
    return Text(en=clean(en, MAX_TEXT) if isinstance(en, str) and en else None,
                vi=clean(vi, MAX_TEXT) if isinstance(vi, str) and vi else None)


def _is_text(value: Any) -> bool:
    """None, or {"en": str, "vi": str} as text_json writes it (bounded)."""
    if value is None:
        return True
    return (isinstance(value, dict) and set(value) <= {"en", "vi"}
            and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value.values()))


def _whole(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(value)
    return value


def _time(value: Any) -> float:
    """A wall-clock time: finite, after 1970 and before the year 5000."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 <= value <= 1e11:
        raise ValueError(value)
    return float(value)


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
        """None for anything that is not a state this version writes: every field is checked."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        try:
            total = _whole(data["total"], 1, MAX_SLIDES)
            lesson_id = data["lesson_id"]
            if not isinstance(lesson_id, str) or not 0 < len(lesson_id) <= 200:
                raise ValueError(lesson_id)
            texts: dict[str, Any] = {key: data.get(key) for key in ("lesson_title", "title", "notes", "next_title")}
            if not all(_is_text(v) for v in texts.values()):
                raise ValueError("text")
            blank = data.get("blank", False)
            if not isinstance(blank, bool):
                raise ValueError(blank)
            quiz = data.get("quiz")
            return cls(
                pid=_whole(data["pid"], 1, MAX_PID), lesson_id=lesson_id, slide=_whole(data["slide"], 0, total - 1),
                total=total, started_at=_time(data["started_at"]), updated_at=_time(data["updated_at"]),
                blank=blank, quiz=None if quiz is None else _quiz(quiz), **texts,
            )
        except (KeyError, TypeError, ValueError):
            return None


def _quiz(data: Any) -> QuizState:
    if not isinstance(data, dict) or not set(data) <= {"number", "total", "phase", "prompt", "answer", "explanation"}:
        raise ValueError("quiz")
    total = _whole(data["total"], 1, MAX_SLIDES)
    phase = data["phase"]
    if phase not in PHASES:
        raise ValueError(phase)
    answer = data.get("answer", [])
    if not isinstance(answer, list) or len(answer) > MAX_ANSWER_LINES or not all(
            isinstance(a, dict) and _is_text(a) for a in answer):
        raise ValueError("answer")
    prompt, explanation = data.get("prompt"), data.get("explanation")
    if not _is_text(prompt) or not _is_text(explanation):
        raise ValueError("text")
    return QuizState(_whole(data["number"], 1, total), total, phase, prompt, answer, explanation)


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


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number here")


def read_state(path: Path) -> PresenterState | None:
    """The presenter's state; None when there is no file or it cannot be read, whatever the file is:
    a FIFO or a device is refused without waiting, a file over ``MAX_STATE_BYTES`` is not read."""
    # lazy: importing ds_tui.lessons loads the lesson model; reading a state file needs none of it
    from ds_tui.lessons.library import read_bounded

    try:
        raw = read_bounded(path, MAX_STATE_BYTES).decode("utf-8")
        return PresenterState.from_json(json.loads(raw, parse_constant=_no_constant))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
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
    if isinstance(pid, bool) or not isinstance(pid, int) or not 0 < pid <= MAX_PID:
        return False
    try:
        import psutil  # lazy: psutil stays out of the first frame

        return psutil.pid_exists(pid)
    except (OverflowError, ValueError):
        return False
    except ImportError:  # pragma: no cover - psutil is a dependency
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True


def is_stale(state: PresenterState, now: float, alive: Callable[[int], bool] = pid_alive) -> bool:
    """The presenter is gone: its process ended, or it stopped writing (hung, or the pid was reused)."""
    return not alive(state.pid) or now - state.updated_at > STALE_AFTER_S


def elapsed_text(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` after."""
    if not math.isfinite(seconds):
        return ""
    whole = max(0, int(min(seconds, 10**9)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
