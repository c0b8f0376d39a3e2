"""The box of classroom mode's dialogs (yes/no, go to, save the summary, the server's figures)."""

from __future__ import annotations

from textual.containers import Vertical


class ModalBox(Vertical):
    """A dialog's framed box. Its look is here rather than in the app's stylesheet, which every start
    parses: only a start that opens one of these dialogs reads it."""

    DEFAULT_CSS = """
    ModalBox {
        width: 50;
        max-width: 95%;
        height: auto;
        padding: 1 2;
        border: heavy $accent;
        background: $panel;
    }
    """
