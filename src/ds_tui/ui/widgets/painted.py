"""What a drawn widget last painted, so that new data is repainted only when the picture changes.

A live demo's timeline gets new spans four times a second, yet at a terminal's width most of them change
no cell. ``Painted`` keeps the last picture (its text and styles) at the width it was painted; a widget
draws its new data at that width, compares, and refreshes only if the picture differs — handing the new
text to its next ``render`` so it is drawn once."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Span, Text

Key = tuple[str, tuple[Span, ...], str]


def _key(text: Text) -> Key:
    return text.plain, tuple(text.spans), str(text.style)


class Painted:
    def __init__(self) -> None:
        self.width: int | None = None
        self.key: Key | None = None
        self._next: tuple[int, Text] | None = None

    def changed(self, draw: Callable[[int], Text]) -> bool:
        """Whether the new data, drawn by ``draw(width)`` at the last painted width, differs from what
        is on screen (True too when nothing was painted yet)."""
        self._next = None
        if self.width is None or self.key is None:
            return True
        text = draw(self.width)
        if _key(text) == self.key:
            return False
        self._next = (self.width, text)
        return True

    def render(self, width: int, draw: Callable[[int], Text]) -> Text:
        """The picture at ``width`` (the one ``changed`` drew, when at that width), remembered as painted."""
        ready, self._next = self._next, None
        text = ready[1] if ready is not None and ready[0] == width else draw(width)
        self.width, self.key = width, _key(text)
        return text
