"""Small screens of classroom mode: the blank screen, "really quit?", and "go to slide N"."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.window_size import COMPACT
from ds_tui.ui.base import DsModalScreen
from ds_tui.ui.widgets.modal_box import ModalBox

CSS_PATH = "classroom_modals.tcss"


class BlankScreen(DsModalScreen[None]):
    """Nothing on the projector, so the class looks at the teacher. The same keys bring the slide back;
    next and back do too (without moving). Every other key is ignored: nothing here quits."""
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("full_stop,b,f5,escape", "unblank", "Show", key_display="b", id="present.blank"),
        Binding("pagedown,space,right", "unblank", "Show", show=False, id="present.next"),
        Binding("pageup,left", "unblank", "Show", show=False, id="present.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="blank")

    def on_mount(self) -> None:
        localize(self, self.lang)

    def action_unblank(self) -> None:
        self.dismiss()


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; Esc, n and the "No" button (focused first) say no."""
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("y,q", "confirm_yes", "Yes", key_display="y", id="confirm.yes"),
        Binding("n,escape", "confirm_no", "No", key_display="n", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with ModalBox(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="error", compact=True)
                yield Button(self.no, id="confirm-no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    def action_confirm_yes(self) -> None:
        self.dismiss(True)

    def action_confirm_no(self) -> None:
        self.dismiss(False)


class GotoScreen(ModalScreen[int | None]):
    """Type a number, Enter: the 0-based index it names, or None on Esc."""
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "goto_cancel", "Cancel", id="goto.cancel")]

    number_field = getters.query_one("#goto-input", Input)

    def __init__(self, prompt: str, total: int, lang: str) -> None:
        super().__init__()
        self.prompt, self.total, self.lang = prompt, total, lang

    def compose(self) -> ComposeResult:
        with ModalBox(id="goto-box"):
            yield Static(self.prompt, id="goto-prompt")
            yield Input(placeholder=f"1–{self.total}", type="integer", id="goto-input")
            yield Static(t("goto.hint", self.lang), id="goto-hint")

    def on_mount(self) -> None:
        self.number_field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self.dismiss(None)
            return
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if 1 <= number <= self.total:
            self.dismiss(number - 1)
        else:
            self.query_one("#goto-hint", Static).update(t("goto.out_of_range", self.lang, total=self.total))
            self.number_field.value = ""

    def action_goto_cancel(self) -> None:
        self.dismiss(None)
