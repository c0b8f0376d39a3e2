"""The demo's events reach the interface in order, with one notice waiting at a time however fast they come."""

from __future__ import annotations

import threading

from ds_tui.ui.event_inbox import EventInbox


def test_one_notice_for_a_burst_and_everything_in_order():
    notices = []
    inbox = EventInbox(lambda: notices.append(1))
    for i in range(500):
        inbox.put(i)
    assert len(notices) == 1  # not 500 messages queued ahead of the user's keys
    assert inbox.take() == list(range(500))
    assert inbox.take() == []
    inbox.put("next")
    assert len(notices) == 2 and inbox.take() == ["next"]


def test_nothing_is_lost_between_threads():
    notices = threading.Semaphore(0)
    inbox = EventInbox(notices.release)
    taken: list[int] = []

    def produce(start: int) -> None:
        for i in range(start, start + 5000):
            inbox.put(i)

    producers = [threading.Thread(target=produce, args=(k * 5000,)) for k in range(4)]
    for p in producers:
        p.start()
    while len(taken) < 20000:  # the interface: wait for a notice, take the batch
        assert notices.acquire(timeout=5)
        taken += inbox.take()
    for p in producers:
        p.join()
    assert sorted(taken) == list(range(20000))
    for k in range(4):  # each producer's events in the order it sent them
        own = [i for i in taken if k * 5000 <= i < (k + 1) * 5000]
        assert own == sorted(own)
