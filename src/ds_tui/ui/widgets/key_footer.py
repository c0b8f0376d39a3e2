"""The footer of every screen: Textual's Footer, fitted to its width, without keeping the widgets of
closed screens alive.

Textual's Footer lays its keys out in a row and cuts the row at the screen's edge: on a zoomed projector
(60 columns) a long Vietnamese label pushed "q Thoát" off, or cut "l English" to "l Eng". This footer
shows only whole keys. When they do not all fit, it leaves out the command palette's key first, then
the secondary keys, the rightmost first (a screen lists its keys most useful first); the keys that
leave the screen (quit, back, close), that move on (next) and the help key (``?``, which lists every
key) are kept. Only when those alone are still too wide is one of them left out too, again the
rightmost first, and never a part of a key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # private module: Textual does not export the Footer's keys

from ds_tui.ui.memory import release_closed

if TYPE_CHECKING:
    from textual.screen import Screen

# the keys a footer keeps whatever its width: they leave the screen, move on, or list every other key
LEAVE_ACTIONS = frozenset({
    "quit", "app.quit", "present_quit", "back", "close", "leave", "cq_slides", "sum_slides",
    "confirm_no", "goto_cancel", "export_cancel", "report_cancel", "unblank",
})
NEXT_ACTIONS = frozenset({"slide_next", "cq_next", "sum_next", "next_section", "next", "submit", "select"})
HELP_ACTIONS = frozenset({"help", "app.help"})
KEPT_ACTIONS = LEAVE_ACTIONS | NEXT_ACTIONS | HELP_ACTIONS


class FooterEntry(NamedTuple):
    binding: Binding
    key_display: str
    enabled: bool
    tooltip: str


def entry_width(key_display: str, description: str, compact: bool) -> int:
    """Columns one key takes in the row, with the gap after it (Textual's FooterKey styles)."""
    if compact:  # "k Label" and a margin of one
        return cell_len(key_display) + (1 + cell_len(description) if description else 0) + 1
    return cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)  # " k Label "


def fit(entries: Sequence[FooterEntry], width: int, compact: bool = True) -> list[FooterEntry]:
    """The entries that fit in ``width`` columns, in their order: secondary keys are left out first,
    the rightmost first; the kept keys (``KEPT_ACTIONS``) only when they alone are too wide."""
    shown = list(entries)

    def used() -> int:
        total = sum(entry_width(e.key_display, e.binding.description, compact) for e in shown)
        return total - 1 if compact and shown else total  # no gap after the last key

    for kept in (False, True):
        for entry in reversed(list(shown)):
            if used() <= width:
                return shown
            if kept or entry.binding.action not in KEPT_ACTIONS:
                shown.remove(entry)
    return shown


class KeyFooter(Footer):
    _shown: tuple[str, ...] = ()  # the actions of the keys in the row now
    _composed: tuple[object, ...] | None = None  # what the row shows now (see _row), None before the first keys

    def _entries(self) -> list[FooterEntry]:
        """One entry per action, as Textual's Footer shows them (the first binding of each)."""
        by_action: dict[str, FooterEntry] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = FooterEntry(binding, self.app.get_key_display(binding), enabled, tooltip)
        return list(by_action.values())

    def _palette(self) -> FooterEntry | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        try:
            _node, binding, enabled, tooltip = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return None
        return FooterEntry(binding, self.app.get_key_display(binding), enabled, binding.tooltip or binding.description)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _fitted(self, width: int) -> tuple[list[FooterEntry], FooterEntry | None]:
        """The keys that fit in ``width``, and the palette's key when every other key fits beside it (it is
        the first left out: the help lists it)."""
        entries = self._entries()
        palette = self._palette()
        if palette is not None:  # docked on the right, after a border of one column and a gap
            room = width - (cell_len(palette.key_display) + 1 + cell_len(palette.binding.description) + 2)
            if len(fit(entries, room, self.compact)) == len(entries):
                return entries, palette
        return fit(entries, width, self.compact), None

    def _row(self) -> tuple[object, ...]:
        """Everything the row's keys are made from; the same tuple means the same keys."""
        if any(b.group is not None for _n, b, _e, _t in self.screen.active_bindings.values() if b.show):
            return ("grouped", object())  # Textual's own layout: always made again
        shown, palette = self._fitted(self._width())
        return (self.compact, *((e.binding.key, e.key_display, e.binding.description, e.binding.action, e.enabled,
                                 e.tooltip) for e in shown), palette)

    def bindings_changed(self, screen: Screen) -> None:
        """Textual recomposes its Footer whenever the screen's bindings may have changed (every screen
        change, focus change and language switch, several times at start-up). Only a row with other keys
        is made again: each new row left the old keys as garbage (72 keys on the hardware screen's start)
        and cost a style pass and a layout, often while a key press waited."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        release_closed(self, self.app)  # a screen change: the moment to let closed widgets go
        if self.is_attached and self._row() != self._composed:
            await self.recompose()

    def compose(self) -> ComposeResult:
        release_closed(self, self.app)
        if not self._bindings_ready:
            return
        self._composed = self._row()
        if any(b.group is not None for _n, b, _e, _t in self.screen.active_bindings.values() if b.show):
            self._shown = ()
            yield from super().compose()  # grouped keys (none in ds-tui): Textual's own layout
            return
        shown, palette = self._fitted(self._width())
        self._shown = tuple(e.binding.action for e in shown)
        self.styles.grid_size_columns = len(shown)
        for entry in shown:
            yield self._key(entry)
        if palette is not None:
            yield FooterKey(palette.binding.key, palette.key_display, palette.binding.description,
                            palette.binding.action, classes="-command-palette", disabled=not palette.enabled,
                            tooltip=palette.tooltip)

    def _key(self, entry: FooterEntry) -> FooterKey:
        """A key made compact or not from the start. Textual's Footer binds each key's ``compact`` to its
        own: the key then restyled itself once mounted (a second style pass per key, ~5 ms of the home
        screen's start), and the binding kept closed keys alive (ds_tui.ui.memory). A footer that changes
        ``compact`` makes its keys again (watch_compact)."""
        key = FooterKey(entry.binding.key, entry.key_display, entry.binding.description, entry.binding.action,
                        disabled=not entry.enabled, tooltip=entry.tooltip, classes="-compact" if self.compact else "")
        key.set_reactive(FooterKey.compact, self.compact)
        return key

    def watch_compact(self) -> None:
        if self._bindings_ready and self.is_attached:
            self.call_after_refresh(self._recompose_if_changed)

    def on_resize(self, event: events.Resize) -> None:
        """A wider or narrower window: the keys that fit now (only when that changes what is shown)."""
        if not self._bindings_ready or not self.is_attached:
            return
        shown, _palette = self._fitted(event.size.width)
        if tuple(e.binding.action for e in shown) != self._shown:
            self.call_after_refresh(self._recompose_if_changed)
