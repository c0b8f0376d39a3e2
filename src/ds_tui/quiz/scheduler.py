"""Spaced review with FSRS: when each question should come back.

fsrs keeps one card per question. Card ids are derived from the question's lesson and id, so they
stay the same across runs and machines; all datetimes are UTC, as fsrs requires.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fsrs costs ~30 ms to import: only when an answer is scheduled
    from fsrs import Card, Rating

# How sure the student said they were (asked after the answer, optional)
GUESS, FAIRLY_SURE, SURE = 1, 2, 3
CONFIDENCES = (GUESS, FAIRLY_SURE, SURE)

STEP = timedelta(minutes=10)

# A missed concept brings its other questions back within this long (unless they are due sooner)
RELATED_PULL = timedelta(days=1)


def card_id(lesson_id: str, question_id: str) -> int:
    """A stable positive 63-bit id (fsrs wants an int; Python's hash() changes per process)."""
    digest = hashlib.blake2b(f"{lesson_id}/{question_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def rating_for(correct: bool, confidence: int | None) -> Rating:
    """Wrong (or only partly right) → Again. Right: a guess → Hard, sure → Easy, else Good."""
    from fsrs import Rating  # lazy: fsrs loads with the first answer, not at start-up

    if not correct:
        return Rating.Again
    return {GUESS: Rating.Hard, SURE: Rating.Easy}.get(confidence or FAIRLY_SURE, Rating.Good)


class Scheduler:
    def __init__(self, fuzz: bool = True) -> None:
        # lazy: fsrs loads with the first answer, not at start-up
        from fsrs import Card
        from fsrs import Scheduler as Fsrs

        # One 10-minute learning step: a miss (or a guess) comes back within the same sitting, a
        # right answer goes straight to days (fsrs' default second step would ask it again in 10
        # minutes). Fuzzing spreads due dates so reviews do not bunch up; off in tests.
        self._fsrs = Fsrs(enable_fuzzing=fuzz, learning_steps=(STEP,), relearning_steps=(STEP,))
        self._cards: dict[str, Card] = {}
        self._card_type = Card

    def review(self, lesson_id: str, question_id: str, card_json: str | None, correct: bool,
               confidence: int | None, now: float) -> tuple[str, float]:
        """The card after this answer, as JSON, and when it is due (unix time)."""
        if card_json is None:
            card = self._card_type(card_id=card_id(lesson_id, question_id), due=utc(now))
        else:  # the card this scheduler just wrote comes back as the same JSON: skip parsing it
            cached = self._cards.pop(card_json, None)
            card = cached or self._card_type.from_json(card_json)
        card, _log = self._fsrs.review_card(card, rating_for(correct, confidence), review_datetime=utc(now))
        new_json = card.to_json()
        if len(self._cards) >= 1024:
            self._cards.clear()
        self._cards[new_json] = card  # fsrs copies a card before changing it, so sharing it is safe
        return new_json, card.due.timestamp()
