"""The scrolled body of a classroom screen (a slide, the class quiz, its summary)."""

from __future__ import annotations

from textual.containers import VerticalScroll


class SlideScroll(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The slide's body: scrolled by the screen's keys (a clicker's PageDown pages, then moves on)."""
