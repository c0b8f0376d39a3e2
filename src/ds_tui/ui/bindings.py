"""Footer labels in the user's language.

Textual takes binding descriptions from the class's BINDINGS, fixed at import. The footer must
follow a live language switch, so each node's own copy of its bindings is relabelled from the
i18n table (``key.<action>``) whenever the language changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from ds_tui.i18n import has, t


def label(binding: Binding, lang: str) -> str:
    key = f"key.{binding.action.removeprefix('app.').split('(')[0]}"  # number(3) -> key.number
    return t(key, lang) if has(key) else binding.description


def localize(node: DOMNode, lang: str) -> None:
    # _bindings: private (DOMNode), the node's own copy of its bindings; Textual has no public way to
    # relabel a binding after import (tests/test_textual_private.py fails when it goes)
    by_key = node._bindings.key_to_bindings
    for key, bindings in by_key.items():
        by_key[key] = [replace(b, description=label(b, lang)) for b in bindings]
    node.refresh_bindings()


def bindings_of(bindings: Iterable[BindingType]) -> list[Binding]:
    """The Binding objects of a BINDINGS list: ds-tui writes every binding as one (never Textual's tuples)."""
    return [binding for binding in bindings if isinstance(binding, Binding)]
