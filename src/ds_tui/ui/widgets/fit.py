"""Text that must fit a few cells: shortened on purpose, never cut in the middle of a word.

A label (a lane of a demo: "process 1 (exception)") first loses its long words to known short forms,
then its last words (an ellipsis says so); a sentence (a worker's failure) keeps its first words.
"""

from __future__ import annotations

from rich.cells import cell_len

ELLIPSIS = "…"

# the words of the demos' lane labels, and the short form each gets when a label does not fit
SHORT_WORDS = {
    "process": "proc", "thread": "thr", "exception": "exc", "signal": "sig", "worker": "wkr",
}


def clip_words(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole, or its first whole words and "…". A first word longer
    than the room is the one thing shortened inside a word (there is nothing else to show)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    words = text.split(" ")
    out = ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if cell_len(candidate.rstrip(_TRAILING)) + 1 > width:  # room for the ellipsis
            break
        out = candidate
    out = out.rstrip(_TRAILING)
    if not out:
        return _hard_cut(words[0], width)
    return out + ELLIPSIS


_TRAILING = " ,;:(—-"  # not left before the ellipsis


def fit_label(label: str, width: int) -> str:
    """A lane label in at most ``width`` cells: whole if it fits, else with its known long words shortened
    (process → proc, exception → exc, ...), else its first words and "…"."""
    if cell_len(label) <= width:
        return label
    short = label
    for long, brief in SHORT_WORDS.items():
        if long in short:
            short = short.replace(long, brief)
            if cell_len(short) <= width:
                return short
    return clip_words(short, width)


def _hard_cut(word: str, width: int) -> str:
    if width == 1:
        return ELLIPSIS
    out = ""
    for ch in word:
        if cell_len(out + ch) + 1 > width:
            break
        out += ch
    return out + ELLIPSIS
