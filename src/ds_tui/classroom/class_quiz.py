"""A quiz question put to a whole class on one projected screen: the rules, without the screen.

The flow (Mazur's peer instruction): the question → thinking time on a countdown → a show of hands,
counted by the teacher (optional) → the distribution, without the answer → when between 35% and 70%
were right, "discuss with your neighbour, then vote again" → the answer, with every option's reason.
A predict question runs its demo between the vote and the answer: the measurement decides.
Questions without options (numeric, order, classify) are discussed, then revealed.

Time is passed in (``now``, seconds from any monotonic clock), so every rule here is testable.

The options and the hands are class_votes', what the class reads besides them class_text's, and the
summary class_results'.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from ds_tui.classroom.class_results import QuestionResult
from ds_tui.classroom.class_votes import ClassOption, Tally, class_options, in_peer_band
from ds_tui.lessons.model import Option, PredictQuestion, Question, Text
from ds_tui.quiz.predict import Measurement, as_measurement, decide, expected_option_ids

DEFAULT_THINK_S = 60
EXTEND_S = 15  # what + and - add to or take from the thinking time
THINK_RANGE = (5, 600)  # the thinking time a question may ask for (timer_s), or the teacher set with + and -
MIN_LEFT_S = 5  # - never leaves less than this on a running countdown: the class sees it end


# -- the countdown -----------------------------------------------------------------------------
@dataclass
class Countdown:
    """Thinking time: pausable, extendable. ``now`` is any monotonic clock in seconds."""

    total: float
    started: float
    paused_at: float | None = None
    paused_for: float = 0.0

    def elapsed(self, now: float) -> float:
        end = self.paused_at if self.paused_at is not None else now
        return max(0.0, end - self.started - self.paused_for)

    def remaining(self, now: float) -> float:
        return max(0.0, self.total - self.elapsed(now))

    def expired(self, now: float) -> bool:
        return self.remaining(now) <= 0

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def pause(self, now: float) -> None:
        if self.paused_at is None:
            self.paused_at = now

    def resume(self, now: float) -> None:
        if self.paused_at is not None:
            self.paused_for += now - self.paused_at
            self.paused_at = None

    def toggle(self, now: float) -> None:
        self.resume(now) if self.paused else self.pause(now)

    def extend(self, now: float, seconds: float = EXTEND_S) -> None:
        """More time; on a countdown that already ran out, the extra time counts from now."""
        if self.expired(now):
            self.total = self.elapsed(now)
        self.total += seconds

    def shorten(self, now: float, seconds: float = EXTEND_S) -> bool:
        """Less time, but never less than ``MIN_LEFT_S`` left (already less: unchanged). True if it changed."""
        left = self.remaining(now)
        if left <= MIN_LEFT_S:
            return False
        self.total -= min(seconds, left - MIN_LEFT_S)
        return True


def clock_text(seconds: float) -> str:
    """``m:ss``, rounded up: the last second shows 0:01 until it is over."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


# -- predict, then run ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PredictOutcome:
    measured: float | None
    measured_option: ClassOption | None  # the option the measured value falls in
    class_choice: tuple[ClassOption, ...]  # the class's most-voted option(s); empty when no votes
    too_close: tuple[ClassOption, ...] = ()  # options the measurement cannot tell apart (run-to-run spread)
    observed: Text | None = None  # what the measured option means for this machine

    @property
    def class_was_right(self) -> bool | None:
        """None when there is nothing to judge, or the class chose an option too close to call."""
        if self.measured_option is None or not self.class_choice:
            return None
        if self.too_close and set(self.class_choice) <= set(self.too_close):
            return None
        return self.measured_option in self.class_choice


# -- the state machine ---------------------------------------------------------------------------
class Phase(StrEnum):
    QUESTION = "question"  # the prompt and the options
    COUNTDOWN = "countdown"  # thinking time
    VOTES = "votes"  # the teacher types the show-of-hands counts (optional)
    DISTRIBUTION = "distribution"  # the votes as bars, without the answer
    PEER = "peer"  # discuss with your neighbour, then vote again
    RUN = "run"  # predict: the linked demo runs
    REVEAL = "reveal"  # the answer, every option's reason


@dataclass
class _Step:
    phase: Phase
    round: int
    votes: int  # how many tallies were recorded then


@dataclass
class ClassQuiz:
    """One question put to the class. ``runnable``: the predict question's demo can run here."""

    question: Question
    think_s: float | None = None  # None: the question's timer_s, else DEFAULT_THINK_S
    runnable: bool = False
    phase: Phase = Phase.QUESTION
    round: int = 1
    countdown: Countdown | None = None
    votes: list[Tally] = field(default_factory=list)
    draft: dict[str, int] = field(default_factory=dict)  # counts typed before a step back
    measured: float | Measurement | None = None
    ran: bool = False
    typed: list[dict[str, int]] = field(default_factory=list)  # per round, the hands typed (votes adds devices')
    graded: list[Tally] = field(default_factory=list)  # no options: per round, devices' answers right/wrong
    _history: list[_Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.options = class_options(self.question)
        if self.think_s is None:
            self.think_s = float(self.question.timer_s or DEFAULT_THINK_S)

    # what the screen asks
    @property
    def votable(self) -> bool:
        return bool(self.options)

    @property
    def is_predict(self) -> bool:
        return isinstance(self.question, PredictQuestion)

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    @property
    def correct_ids(self) -> tuple[str, ...]:
        """For a predict question the measured value decides, once the demo ran."""
        if isinstance(self.question, PredictQuestion):
            return expected_option_ids(self.question, self.measured)
        return tuple(o.id for o in self.options if o.correct)

    def share_right(self, round_index: int = 0) -> Fraction | None:
        if round_index >= len(self.votes):
            return None
        return self.votes[round_index].share(self.correct_ids)

    @property
    def suggests_peer(self) -> bool:
        """After the first vote: 35–70% right. (A predict question is settled by its demo instead.)"""
        return not self.is_predict and len(self.votes) == 1 and in_peer_band(self.share_right(0))

    def predict_outcome(self) -> PredictOutcome:
        by_id = {o.id: o for o in self.options}
        measured_option: ClassOption | None = None
        close: tuple[ClassOption, ...] = ()
        value: float | None = None
        found: Option | None = None
        if self.measured is not None and isinstance(self.question, PredictQuestion):
            decision = decide(self.question, self.measured)
            found = decision.option
            measured_option = by_id.get(found.id) if found else None
            close = tuple(by_id[o.id] for o in decision.close if o.id in by_id)
            value = as_measurement(self.measured).value
        latest = self.votes[-1] if self.votes else None
        choice = tuple(by_id[i] for i in latest.most_voted() if i in by_id) if latest else ()
        return PredictOutcome(value, measured_option, choice, close, found.observed if found is not None else None)

    # moves
    def _go(self, phase: Phase) -> Phase:
        self._history.append(_Step(self.phase, self.round, len(self.votes)))
        self.phase = phase
        return phase

    def _after_votes(self) -> Phase:
        if self.is_predict and self.runnable and not self.ran:
            return Phase.RUN
        return Phase.REVEAL

    @property
    def thinking_time(self) -> float:
        """The countdown's length: ``think_s``, which __post_init__ always fills in."""
        return self.think_s if self.think_s is not None else DEFAULT_THINK_S

    def next(self, now: float) -> Phase:
        """The teacher's "next": one step along the flow. At REVEAL it stays (the next question is the screen's)."""
        phase = self.phase
        if phase is Phase.QUESTION:
            self.countdown = Countdown(self.thinking_time, now)
            return self._go(Phase.COUNTDOWN)
        if phase is Phase.COUNTDOWN:
            self.countdown = None
            return self._go(Phase.VOTES if self.votable else Phase.REVEAL)
        if phase is Phase.VOTES:
            return self.record_votes(self.draft)
        if phase is Phase.DISTRIBUTION:
            if self.suggests_peer:
                return self._go(Phase.PEER)
            return self._go(self._after_votes())
        if phase is Phase.PEER:
            went = self._go(Phase.COUNTDOWN)  # the discussion is remembered as part of the first vote
            self.round = 2
            self.draft = {}
            self.countdown = Countdown(self.thinking_time, now)
            return went
        if phase is Phase.RUN:
            return self._go(Phase.REVEAL)
        return phase

    def record_votes(self, counts: Mapping[str, int], devices: Mapping[str, int] | None = None) -> Phase:
        """The counts typed for this round (missing options: 0), plus the votes from the students' devices.
        No votes at all skips the distribution. Back brings the typed counts back, without the devices'."""
        clean = {o.id: max(0, int(counts.get(o.id, 0))) for o in self.options}
        total = {i: c + max(0, int((devices or {}).get(i, 0))) for i, c in clean.items()}
        self.draft = {}
        if sum(total.values()) == 0:
            return self._go(self._after_votes())
        phase = self._go(Phase.DISTRIBUTION)
        self.votes = self.votes[: self.round - 1] + [Tally(total)]
        self.typed = self.typed[: self.round - 1] + [clean]
        return phase

    def tick(self, now: float) -> bool:
        """Called a few times a second: when the countdown runs out, on to the votes. True if the phase changed."""
        if self.phase is Phase.COUNTDOWN and self.countdown is not None and self.countdown.expired(now):
            self.next(now)
            return True
        return False

    def reveal(self) -> Phase:
        """Straight to the answer (the teacher's call). A predict question whose demo has not run runs it first."""
        if self.phase is Phase.REVEAL:
            return self.phase
        self.countdown = None
        if self.phase is not Phase.RUN and self.is_predict and self.runnable and not self.ran:
            return self._go(Phase.RUN)
        return self._go(Phase.REVEAL)

    def set_measured(self, value: float | Measurement | None) -> None:
        """The demo finished (value None: it did not produce the metric). The class sees the number;
        the teacher's next shows it beside the class's prediction."""
        self.measured = value
        self.ran = True

    def back(self, now: float) -> bool:
        """One step back; False at the start (the screen then goes to the previous question)."""
        if not self._history:
            return False
        step = self._history.pop()
        if step.phase is Phase.RUN and self.ran and self._history:
            step = self._history.pop()  # the demo has run: back goes past it, the measurement stays
        if len(self.votes) > step.votes:  # un-record: the typed counts come back to be corrected
            self.draft = dict(self.typed[-1]) if len(self.typed) == len(self.votes) else dict(self.votes[-1].counts)
            self.votes = self.votes[: step.votes]
            self.typed = self.typed[: step.votes]
        self.phase, self.round = step.phase, step.round
        self.countdown = None
        if step.phase is Phase.COUNTDOWN:
            self.countdown = Countdown(self.thinking_time, now)
            self.countdown.pause(now)  # back on a countdown: it waits for the teacher
        return True

    def adjust_time(self, now: float, seconds: float) -> bool:
        """The teacher's + / -: on a running countdown, more or less of what is left; before one (the question,
        the peer discussion), the length of the countdown to come, within ``THINK_RANGE``. True if it changed."""
        if self.phase is Phase.COUNTDOWN and self.countdown is not None:
            if seconds >= 0:
                self.countdown.extend(now, seconds)
                return True
            return self.countdown.shorten(now, -seconds)
        if self.phase in (Phase.QUESTION, Phase.PEER):
            low, high = THINK_RANGE
            wanted = min(high, max(low, float(self.think_s or DEFAULT_THINK_S) + seconds))
            changed = wanted != self.think_s
            self.think_s = wanted
            return changed
        return False

    @property
    def asked(self) -> bool:
        """The class has seen this question beyond its prompt (a countdown, votes, the answer)."""
        return bool(self._history) or bool(self.votes) or bool(self.graded)

    def result(self, number: int) -> QuestionResult:
        """What the class did on this question, for the summary (``number``: 1-based)."""
        letters = {o.id: o.letter for o in self.options}
        votes, correct = tuple(dict(t.counts) for t in self.votes), self.correct_ids if self.votable else ()
        if not self.votable and self.graded:  # answered on devices: graded right or wrong by the quiz's rules
            letters = {"right": "✓", "wrong": "✗"}
            votes, correct = tuple(dict(t.counts) for t in self.graded), ("right",)
        return QuestionResult(
            number=number, question_id=self.question.id, kind=self.question.kind.value, prompt=self.question.prompt,
            letters=letters, votes=votes, correct=correct,
            revealed=self.phase is Phase.REVEAL or any(s.phase is Phase.REVEAL for s in self._history),
            measured=None if self.measured is None else as_measurement(self.measured).value,
        )

    def run_again(self) -> Phase:
        """Predict: run the demo once more (a noisy machine, a doubting class)."""
        if not (self.is_predict and self.runnable) or self.phase is Phase.RUN:
            return self.phase
        self.ran = False
        return self._go(Phase.RUN)


def class_results(quizzes: Mapping[int, ClassQuiz]) -> list[QuestionResult]:
    """The questions the class was asked (index → quiz, 0-based), in the lesson's order."""
    return [quiz.result(index + 1) for index, quiz in sorted(quizzes.items()) if quiz.asked]
