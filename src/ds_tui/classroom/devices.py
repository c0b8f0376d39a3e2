"""The class quiz answered on the students' own devices: who joined, what each answered, and what a device
may be shown. The rules only: no network (``classroom.server`` is a thin adapter over this), no Textual.

- A join code per session; each student gets a random token (the server keeps only its hash), so one
  device is one voter. A name is optional, bounded and cleaned of control and direction characters.
- One answer per student per question per round: answering again replaces the answer (a student may
  change it until the countdown ends), so a message sent twice (a reconnect, a retry) is counted once.
- Before the reveal a device sees the prompt and the choices only: never which option is right, an
  option's reason, the explanation, a classify item's category or an order's right order (the items are
  shuffled). ``public_question`` is the single place that decides what leaves the teacher's machine.
- Answers to questions without options (numeric, order, classify) are graded with the self-study quiz's
  own rules (``ds_tui.quiz.grading``).

Time is passed in or read from ``clock``, so every rule here is testable.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from ds_tui.classroom.class_quiz import ClassQuiz, Phase
from ds_tui.classroom.class_text import answer_lines
from ds_tui.classroom.class_votes import Tally, class_options
from ds_tui.i18n import Text
from ds_tui.lessons.model import (
    ClassifyQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    PredictQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)
from ds_tui.quiz.grading import InvalidAnswer, grade

MAX_NAME = 32  # characters of a student's name
MAX_STUDENTS = 400  # joins beyond this are refused (a class, not the internet)
CODE_DIGITS = 6
MAX_NUMBER = 1e15  # a numeric answer's bound
OPEN_PHASES = (Phase.QUESTION, Phase.COUNTDOWN)  # answers are taken while the class thinks
RIGHT, WRONG = "right", "wrong"  # the tally of a question without options
LANGS = ("en", "vi")

# control characters, and the ones that reorder or hide text (bidi overrides and isolates, zero-width)
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")


def clean_name(raw: object) -> str:
    """A student's name as it may be shown anywhere: a string, NFC, no control or direction characters,
    whitespace collapsed, at most ``MAX_NAME`` characters. Empty: anonymous."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFC", raw[: MAX_NAME * 8])
    text = _UNSHOWN.sub("", text)
    text = " ".join(text.split())
    return text[:MAX_NAME].strip()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def _text(value: Text | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"en": value.en or value.vi or "", "vi": value.vi or value.en or ""}


@dataclass
class Student:
    id: str  # public within the room (the store keys answers by it): a prefix of the token's hash
    name: str
    lang: str
    joined: float
    key: str = ""  # the token's hash


@dataclass(frozen=True)
class Answered:
    """What became of an answer: ``ok`` (counted, replacing this student's earlier one in this round),
    ``closed`` (not open now), ``stale`` (another question or round), ``invalid`` (not a possible answer)."""

    status: str
    changed: bool = False  # ok: it replaced a different answer


@dataclass
class Slot:
    """The question on the projector now, as the room knows it."""

    number: int  # 0-based in the lesson's quiz
    total: int
    quiz: ClassQuiz
    remaining: float | None = None  # the countdown's time left when shown (None: no countdown)
    paused: bool = False
    shown_at: float = field(default_factory=time.monotonic)

    def left(self) -> float | None:
        if self.remaining is None:
            return None
        if self.paused:
            return self.remaining
        return max(0.0, self.remaining - (time.monotonic() - self.shown_at))

    @property
    def round(self) -> int:
        return self.quiz.round

    @property
    def open(self) -> bool:
        return self.quiz.phase in OPEN_PHASES

    @property
    def revealed(self) -> bool:
        return self.quiz.phase is Phase.REVEAL


def shuffled_items(question: OrderQuestion) -> list[Any]:
    """An order question's items as a device shows them: shuffled the same way every time, never in the
    right order (that would give the answer away)."""
    items = list(question.items)
    out = items[:]
    random.Random(question.id).shuffle(out)
    right = list(question.answer)
    if len(out) > 1 and [i.id for i in out] == (right or [i.id for i in items]):
        out = out[1:] + out[:1]
    return out


def public_question(question: Question) -> dict[str, Any]:
    """What a device is sent about a question before the reveal: the prompt and the choices, nothing that
    tells the answer."""
    out: dict[str, Any] = {"id": question.id, "kind": question.kind.value, "prompt": _text(question.prompt)}
    options = class_options(question)
    if options:
        out["options"] = [{"id": o.id, "letter": o.letter, "shape": o.shape, "text": _text(o.text)} for o in options]
    match question:
        case NumericQuestion():
            if question.unit is not None:
                out["unit"] = _text(question.unit)
        case OrderQuestion():
            out["items"] = [{"id": i.id, "text": _text(i.text)} for i in shuffled_items(question)]
        case ClassifyQuestion():
            out["items"] = [{"id": i.id, "text": _text(i.text)} for i in question.items]
            out["categories"] = [{"id": c.id, "text": _text(c.text)} for c in question.categories]
        case SingleQuestion() | MultiQuestion() | PredictQuestion() | TrueFalseQuestion():
            pass  # their options above
        case _:
            assert_never(question)
    return out


def reveal_view(quiz: ClassQuiz) -> dict[str, Any]:
    """What a device is sent at the reveal: the right answer, the reasons, the explanation."""
    question = quiz.question
    out: dict[str, Any] = {"explanation": _text(question.explanation)}
    if quiz.votable:
        out["correct"] = list(quiz.correct_ids)
        out["why"] = {o.id: _text(o.why) for o in quiz.options if o.why is not None}
    out["answer"] = {lang: answer_lines(question, lang) for lang in LANGS}
    return out


def to_graded(question: Question, value: Any) -> Any:
    """A device's answer in the shape ``ds_tui.quiz.grading`` takes (true/false come as option ids)."""
    if isinstance(question, TrueFalseQuestion):
        return {"true": True, "false": False}.get(value) if isinstance(value, str) else None
    return value


def valid_answer(question: Question, value: Any) -> bool:
    """A possible answer to ``question``, of the shape a device sends; bounded."""
    match question:
        case TrueFalseQuestion():
            return value in ("true", "false")
        case MultiQuestion():
            ids = {o.id for o in question.options}
            return (isinstance(value, list) and 0 < len(value) <= len(ids) and all(isinstance(v, str) for v in value)
                    and len(set(value)) == len(value) and set(value) <= ids)
        case SingleQuestion() | PredictQuestion():
            return isinstance(value, str) and value in {o.id for o in question.options}
        case NumericQuestion():
            return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                    and abs(value) <= MAX_NUMBER)
        case OrderQuestion():
            item_ids = [i.id for i in question.items]
            return (isinstance(value, list) and len(value) == len(item_ids) and all(isinstance(v, str) for v in value)
                    and sorted(value) == sorted(item_ids))
        case ClassifyQuestion():
            items = {i.id for i in question.items}
            cats = {c.id for c in question.categories}
            return (isinstance(value, dict) and 0 < len(value) <= len(items) and set(value) <= items
                    and all(isinstance(v, str) and v in cats for v in value.values()))
        case _:
            assert_never(question)


def is_right(quiz: ClassQuiz, value: Any) -> bool | None:
    """Was this answer right? None: nothing to judge (a predict question too close to call, not measured)."""
    question = quiz.question
    try:
        if quiz.is_predict:
            if quiz.measured is None:
                ids = quiz.correct_ids
                return (value in ids) if ids else None
            result = grade(question, value, quiz.measured)
            return result.correct if result.decided else None
        return grade(question, to_graded(question, value)).correct
    except InvalidAnswer:
        return False


@dataclass
class RoomStats:
    """The room's own figures (the presenter's key shows them live)."""

    messages: int = 0
    dropped: int = 0  # malformed, oversized, too fast, or for no open question
    rate_limited: int = 0
    bad_join: int = 0
    answers: int = 0


@dataclass
class DeviceRoom:
    """One class session's devices: the students, their answers, and the question on the projector."""

    lesson_id: str
    code: str = field(default_factory=new_code)
    clock: Callable[[], float] = time.time
    students: dict[str, Student] = field(default_factory=dict)  # by token hash
    answers: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # (number, round) → student → value
    arrival: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # first answer's order, per round
    slot: Slot | None = None
    stats: RoomStats = field(default_factory=RoomStats)
    version: int = 0  # grows on every change the devices must see
    resumed_at: int | None = None  # restored from the store: the question (0-based) of the latest answer

    def __post_init__(self) -> None:
        self._listeners: list[Callable[[str], None]] = []
        self._pending: list[tuple[str, tuple[Any, ...]]] = []  # what the store has not seen yet
        self._by_id: dict[str, Student] = {s.id: s for s in self.students.values()}

    # -- who is here -------------------------------------------------------------------------------
    def listen(self, callback: Callable[[str], None]) -> None:
        """``callback(what)`` after each change: ``"state"`` (the devices' view), ``"joined"``, ``"answer"``."""
        self._listeners.append(callback)

    def unlisten(self, callback: Callable[[str], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _tell(self, what: str) -> None:
        for callback in list(self._listeners):
            callback(what)

    def check_code(self, code: object) -> bool:
        ok = isinstance(code, str) and secrets.compare_digest(code.strip().encode()[:16], self.code.encode())
        if not ok:
            self.stats.bad_join += 1
        return ok

    def join(self, name: object, lang: object) -> tuple[str, Student] | None:
        """A new student (the join code already checked): their token and themselves; None when full."""
        if len(self.students) >= MAX_STUDENTS:
            return None
        token = secrets.token_urlsafe(24)
        key = token_hash(token)
        student = Student(key[:16], clean_name(name), lang if lang in LANGS else "en", self.clock(), key)
        self.students[key] = student
        self._by_id[student.id] = student
        self._pending.append(("student", (student.id, key, student.name, student.lang, student.joined)))
        self._tell("joined")
        return token, student

    def student(self, token: object) -> Student | None:
        if not isinstance(token, str) or not 0 < len(token) <= 100:
            return None
        return self.students.get(token_hash(token))

    def set_lang(self, student: Student, lang: object) -> None:
        if lang in LANGS and lang != student.lang:
            student.lang = lang
            self._pending.append(("student", (student.id, student.key, student.name, student.lang, student.joined)))

    @property
    def joined(self) -> int:
        return len(self.students)

    # -- the question on the projector -------------------------------------------------------------
    def show(self, quiz: ClassQuiz | None, number: int = 0, total: int = 0, now: float | None = None) -> None:
        """The projector shows ``quiz`` (None: the slides, not a question). Call after every step and every
        change of the countdown; ``now``: the countdown's clock."""
        if quiz is None:
            if self.slot is not None:
                self.slot = None
                self.version += 1
                self._tell("state")
            return
        countdown = quiz.countdown if quiz.phase is Phase.COUNTDOWN else None
        remaining = None if countdown is None or now is None else countdown.remaining(now)
        self.slot = Slot(number, total, quiz, remaining, bool(countdown and countdown.paused))
        self.version += 1
        self._tell("state")

    def answer(self, student: Student, number: object, round_: object, value: Any) -> Answered:
        slot = self.slot
        if slot is None or not slot.open:
            return Answered("closed")
        if number != slot.number or round_ != slot.round:
            return Answered("stale")
        if not valid_answer(slot.quiz.question, value):
            return Answered("invalid")
        key = (slot.number, slot.round)
        given = self.answers.setdefault(key, {})
        before = given.get(student.id)
        if before == value and student.id in given:
            return Answered("ok", changed=False)
        if student.id not in given:
            self.arrival.setdefault(key, []).append(student.id)
        given[student.id] = value
        self.stats.answers += 1
        self._pending.append(("answer", (student.id, slot.number, slot.round, value, self.clock())))
        self._tell("answer")
        return Answered("ok", changed=before is not None)

    def mine(self, student: Student) -> Any:
        slot = self.slot
        if slot is None:
            return None
        return self.answers.get((slot.number, slot.round), {}).get(student.id)

    def answered(self, number: int, round_: int) -> int:
        return len(self.answers.get((number, round_), {}))

    def counts(self, quiz: ClassQuiz, number: int, round_: int) -> dict[str, int]:
        """The devices' votes for this question and round, per option id (a multi answer counts on each
        option it picks); for a question without options, how many were right and wrong."""
        given = self.answers.get((number, round_), {})
        if quiz.votable:
            counts = {o.id: 0 for o in quiz.options}
            for value in given.values():
                for oid in (value if isinstance(value, list) else [value]):
                    if oid in counts:
                        counts[oid] += 1
            return counts
        right = sum(1 for value in given.values() if is_right(quiz, value))
        return {RIGHT: right, WRONG: len(given) - right}

    def graded(self, quiz: ClassQuiz, number: int) -> list[Tally]:
        """Per round, the right/wrong tally of a question without options (for the class summary)."""
        return [Tally(self.counts(quiz, number, r)) for r in (1, 2) if self.answered(number, r)]

    # -- what a device sees ------------------------------------------------------------------------
    def public_state(self, student: Student | None = None) -> dict[str, Any]:
        """The devices' view of the room now. Before the reveal nothing in it tells the answer."""
        slot = self.slot
        if slot is None:
            return {"phase": "wait"}
        quiz = slot.quiz
        phase = quiz.phase
        state: dict[str, Any] = {"n": slot.number + 1, "total": slot.total, "round": slot.round,
                                 "question": public_question(quiz.question)}
        if phase in OPEN_PHASES:
            state["phase"] = "open"
            left = slot.left()
            if left is not None:
                state["remaining"] = round(left, 1)
                state["paused"] = slot.paused
        elif phase is Phase.REVEAL:
            state["phase"] = "reveal"
            state["reveal"] = reveal_view(quiz)
        elif phase is Phase.PEER:
            state["phase"] = "peer"
        else:
            state["phase"] = "closed"
        if student is not None:
            state.update(self.personal(student))
        return state

    def personal(self, student: Student) -> dict[str, Any]:
        """This student's part of the state: their answer this round, and at the reveal whether it was right."""
        slot = self.slot
        out: dict[str, Any] = {"mine": None}
        if slot is None:
            return out
        out["mine"] = self.answers.get((slot.number, slot.round), {}).get(student.id)
        if slot.revealed:
            last = None
            for r in (2, 1):
                last = self.answers.get((slot.number, r), {}).get(student.id)
                if last is not None:
                    break
            out["mine"] = last
            out["right"] = None if last is None else is_right(slot.quiz, last)
        return out

    # -- the store: what to write, and a room read back ------------------------------------------------
    def take_pending(self) -> list[tuple[str, tuple[Any, ...]]]:
        pending, self._pending = self._pending, []
        return pending

    def restore(self, students: list[tuple[str, str, str, str, float]],
                answers: list[tuple[str, int, int, Any, float]]) -> None:
        """Students and answers read back from the store (the teacher's app restarted mid-question)."""
        for sid, key, name, lang, joined in students:
            student = Student(sid, clean_name(name), lang if lang in LANGS else "en", joined, key)
            self.students[key] = student
            self._by_id[sid] = student
        for sid, number, round_, value, _at in sorted(answers, key=lambda a: a[4]):
            if sid in self._by_id:
                slot_key = (number, round_)
                given = self.answers.setdefault(slot_key, {})
                if sid not in given:
                    self.arrival.setdefault(slot_key, []).append(sid)
                given[sid] = value
                self.resumed_at = number  # answers come oldest first: the last is where the class was

    def named_results(self, quizzes: Mapping[int, ClassQuiz]) -> list[tuple[str, int, int, int]]:
        """Per student who gave a name: (name, questions answered, right on the last vote, graded)."""
        out = []
        for student in sorted(self.students.values(), key=lambda s: s.joined):
            if not student.name:
                continue
            answered = right = judged = 0
            for number, quiz in quizzes.items():
                last = None
                for r in (2, 1):
                    last = self.answers.get((number, r), {}).get(student.id)
                    if last is not None:
                        break
                if last is None:
                    continue
                answered += 1
                verdict = is_right(quiz, last)
                if verdict is not None:
                    judged += 1
                    right += int(verdict)
            out.append((student.name, answered, right, judged))
        return out
