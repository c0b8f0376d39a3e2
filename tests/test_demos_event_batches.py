"""The demo process sends its frequent events in batches, and everything else at once, in order."""

from __future__ import annotations

from ds_tui.demos import events as ev
from ds_tui.demos.isolated import BATCH_S, EventBatcher


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_frequent_events_wait_for_the_batch_interval_and_others_go_at_once():
    sent: list[list[object]] = []
    clock = Clock()
    batch = EventBatcher(sent.append, clock)
    spans = [ev.WorkerSpan("processes", 0, i * 0.01, i * 0.01 + 0.005, "cpu") for i in range(50)]
    for span in spans[:40]:
        batch(span)
    assert sent == []  # no time has passed: they wait together
    clock.now += BATCH_S * 1.2
    batch(spans[40])
    assert sent == [spans[:41]]  # one list, in order
    for span in spans[41:]:
        batch(span)
    failed = ev.WorkerFailed("processes", 2, "killed by signal 9")
    batch(failed)  # not a frequent event: sent now, after the spans that were waiting
    assert sent[1] == [*spans[41:], failed]
    batch.flush()
    assert len(sent) == 2  # nothing left to send
