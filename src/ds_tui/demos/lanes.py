"""Lane labels in the reader's language: the demos name their timeline lanes in English ("process 1
(exception)"), and each is shown in Vietnamese or English. Shared by every demo and the app."""

from __future__ import annotations

import re

from ds_tui.i18n import Text

# the words of the workers' lane labels ("process 1 (exception)", "I/O thread 3"): the demos name their
# lanes in English, and each is shown in the reader's language (the glossary's terms: luồng, tiến trình,
# tác vụ, giai đoạn; worker, producer and rank stay as the course writes them)
LANE_KINDS: dict[str, Text] = {
    "I/O thread": Text(vi="luồng I/O", en="I/O thread"),
    "CPU process": Text(vi="tiến trình CPU", en="CPU process"),
    "async task": Text(vi="tác vụ async", en="async task"),
    "thread": Text(vi="luồng", en="thread"),
    "process": Text(vi="tiến trình", en="process"),
    "task": Text(vi="tác vụ", en="task"),
    "stage": Text(vi="giai đoạn", en="stage"),
}
LANE_STATES: dict[str, Text] = {  # what a worker of the isolation demo was made to do
    "ok": Text(vi="ổn", en="ok"),
    "exception": Text(vi="ngoại lệ", en="exception"),
    "exit": Text(vi="thoát", en="exit"),
    "signal": Text(vi="tín hiệu", en="signal"),
}
_LANE = re.compile(r"(?P<kind>.+?) (?P<n>\d+)(?: \((?P<state>[a-z]+)\))?")


def lane_label(label: str, lang: str) -> str:
    """A lane's label in ``lang``: "process 1 (exception)" → "tiến trình 1 (ngoại lệ)". A label of another
    form, or with words not listed, is kept as it is (a worker's number is never lost)."""
    match = _LANE.fullmatch(label)
    if match is None:
        return label
    kind, state = LANE_KINDS.get(match["kind"]), match["state"]
    if kind is None or (state is not None and state not in LANE_STATES):
        return label
    out = f"{kind.show(lang)} {match['n']}"
    return out + f" ({LANE_STATES[state].show(lang)})" if state is not None else out
