"""Run and cancel a screen's demo by key, whatever has focus.

``r`` runs and ``c`` cancels; in an input field (the workers, the micro-batches) those letters are
typed, so ``ctrl+r`` and ``ctrl+c`` (priority bindings, seen before the field) do the same there.
``ctrl+r``/``ctrl+c`` work wherever the focus is; the footer shows them only inside a field, where
``r``/``c`` are typed (``field_keys_only_in_fields``), and ``r``/``c`` elsewhere. Run is offered while
no run is going on, cancel only while one is (``ctrl+c`` then does what it does elsewhere).

A screen that uses these sets ``OWNS_DEMO_KEYS``: the demo view's own keys then stand aside, so the
footer and the keys are the same wherever the focus is inside the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import ActiveBinding, Binding
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.screen import Screen

    from ds_tui.ui.widgets.demo_view import DemoView

RUN_KEYS = [Binding("r", "run_demo", "Run demo"),
            Binding("ctrl+r", "run_demo", "Run demo", priority=True, key_display="^r")]
CANCEL_KEYS = [Binding("c", "cancel_demo", "Cancel"),
               Binding("ctrl+c", "cancel_demo", "Cancel", priority=True, key_display="^c")]
# the actions whose state depends on the demo: a screen's check_action looks for its view only for these
# (Textual asks about every binding on every key press and focus change; a DOM query each time cost the
# demo screen ~40 queries per key press)
DEMO_ACTIONS = frozenset({"run_demo", "cancel_demo"})


def demo_running(view: DemoView | None) -> bool:
    """A run is going on (its report not in yet: the view clears its running state a moment later)."""
    return view is not None and view.running and view.report is None


def demo_key_state(action: str, view: DemoView | None) -> bool | None:
    """check_action's answer for run_demo / cancel_demo (None: not one of them)."""
    if action == "run_demo":
        return view is not None and not demo_running(view)
    if action == "cancel_demo":
        return demo_running(view)
    return None


def field_keys_only_in_fields(screen: Screen, bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The footer's keys: ``^r``/``^c`` only while the focus is in an input field (they still work anywhere)."""
    if isinstance(screen.focused, Input):
        return bindings
    field_keys = {b.key for b in RUN_KEYS + CANCEL_KEYS if b.priority}
    return {key: active for key, active in bindings.items()
            if not (key in field_keys and active.binding.action in ("run_demo", "cancel_demo"))}
