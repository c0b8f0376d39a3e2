"""The class summary: per question, the votes and how many were right, first vote against second; and
the summary and the named students as CSV.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ds_tui.lessons.model import Text


@dataclass(frozen=True)
class QuestionResult:
    """One question as the class did it. ``votes``: per round, option id → hands; ``correct``: the right ids
    (for a predict question, what the demo measured decided). Made from a live quiz or from the store."""
    number: int
    question_id: str
    kind: str
    prompt: Text | None = None
    letters: Mapping[str, str] = field(default_factory=dict)  # option id → A, B, …
    votes: tuple[Mapping[str, int], ...] = ()
    correct: tuple[str, ...] = ()
    revealed: bool = False
    measured: float | None = None

    def hands(self, round_index: int) -> int | None:
        if round_index >= len(self.votes):
            return None
        return sum(self.votes[round_index].values())

    def right_percent(self, round_index: int) -> int | None:
        """Whole percent of the hands on a right option; None without votes that round (or nothing to judge)."""
        hands = self.hands(round_index)
        if not hands or not self.correct:
            return None
        right = sum(self.votes[round_index].get(i, 0) for i in self.correct)
        return round(100 * right / hands)

    @property
    def change(self) -> int | None:
        """Points gained (or lost) from the first vote to the second."""
        first, second = self.right_percent(0), self.right_percent(1)
        return None if first is None or second is None else second - first

    def counts_text(self, round_index: int) -> str:
        """``A=4 B=6 C=9 D=1``: the round's hands per option, by letter."""
        if round_index >= len(self.votes):
            return ""
        counts = self.votes[round_index]
        ids = list(self.letters) or sorted(counts)
        return " ".join(f"{self.letters.get(i, i)}={counts.get(i, 0)}" for i in ids)

    @property
    def right_letters(self) -> str:
        return " ".join(self.letters.get(i, i) for i in self.correct)


def average_right(results: Sequence[QuestionResult], last: bool = False) -> int | None:
    """The mean of the questions' % right on the first vote (``last``: on the last vote each had)."""
    percents = [r.right_percent(len(r.votes) - 1 if last else 0) for r in results if r.votes]
    values = [v for v in percents if v is not None]
    return round(sum(values) / len(values)) if values else None


CSV_COLUMNS = ("lesson", "started", "question", "question_id", "kind", "prompt", "right_options",
               "vote1_hands", "vote1_right_pct", "vote1_counts", "vote2_hands", "vote2_right_pct", "vote2_counts",
               "change_pts", "revealed", "measured")


def summary_csv(lesson_id: str, started: str, results: Sequence[QuestionResult], lang: str) -> str:
    """The class summary as CSV (one row per question), so classes can be compared in a spreadsheet.
    ``started``: when the class began, as the teacher reads it (e.g. 2025-06-15 15:06)."""
    def blank(value: object) -> object:
        return "" if value is None else value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow([lesson_id, started, r.number, r.question_id, r.kind,
                         r.prompt.show(lang) if r.prompt else "", r.right_letters,
                         blank(r.hands(0)), blank(r.right_percent(0)), r.counts_text(0),
                         blank(r.hands(1)), blank(r.right_percent(1)), r.counts_text(1),
                         blank(r.change), "yes" if r.revealed else "no", blank(r.measured)])
    return out.getvalue()


def summary_filename(started: float) -> str:
    """``class-summary-YYYYMMDD-HHMM.csv``, from when the class began (local time)."""
    return time.strftime("class-summary-%Y%m%d-%H%M.csv", time.localtime(started))


STUDENT_COLUMNS = ("lesson", "started", "name", "answered", "judged", "right", "right_pct")


def students_csv(lesson_id: str, started: str, named: Sequence[tuple[str, int, int, int]]) -> str:
    """Per student who chose to give a name (never required): questions answered on a device, how many
    could be judged, how many were right (the last vote of each question)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STUDENT_COLUMNS)
    for name, answered, right, judged in named:
        # a leading =, +, - or @ would be a formula in a spreadsheet: a name is text
        shown = "'" + name if name[:1] in ("=", "+", "-", "@") else name
        writer.writerow([lesson_id, started, shown, answered, judged, right,
                         round(100 * right / judged) if judged else ""])
    return out.getvalue()


def students_filename(started: float) -> str:

    return time.strftime("class-students-%Y%m%d-%H%M.csv", time.localtime(started))
