"""A Select whose option labels follow the language: new labels, the same value, the shown label updated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import Select


def relabel(select: Select[Any], options: Sequence[tuple[str, Any]]) -> None:
    """Replace the labels of ``select``'s options and keep its value, without a Changed message.

    ``Select.set_options`` keeps the old label on screen when the value stays the same (no change, so
    no watcher runs): the value is set again as a mutation so the shown label is redrawn."""
    chosen = select.value
    with select.prevent(Select.Changed):
        select.set_options(list(options))
        if chosen in {value for _, value in options}:
            select.value = chosen
        select.mutate_reactive(type(select).value)
