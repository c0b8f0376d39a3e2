"""The widget for each embed id a lesson may name (ds_tui.registry): a panel or a tool has its own, and
every demo of the demos' list is shown by the same DemoView. A lesson names only registered ids (the
lesson checker refuses others), and every registered id has a widget here (a test holds both lists equal)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from ds_tui import registry
from ds_tui.lessons.model import Embed
from ds_tui.ui.widgets.calculators import ComputeCalculator, MemoryCalculator
from ds_tui.ui.widgets.decision_helper import DecisionHelper
from ds_tui.ui.widgets.hardware_panel import HardwarePanel

WIDGETS: dict[tuple[str, str], Callable[[str], Widget]] = {
    ("panel", "hardware"): HardwarePanel,
    ("tool", "decision-helper"): DecisionHelper,
    ("tool", "memory-calculator"): MemoryCalculator,
    ("tool", "compute-calculator"): ComputeCalculator,
}


def _demo(demo_id: str) -> Callable[[str], Widget]:
    def build(lang: str) -> Widget:
        # lazy: screens load when first opened
        from ds_tui.ui.widgets.demo_view import DemoView

        return DemoView(demo_id, lang)

    return build


def builder(kind: str, ident: str) -> Callable[[str], Widget] | None:
    """What builds the embed's widget: a panel's or tool's own, a DemoView for any demo of the list."""
    if kind == "demo":
        return _demo(ident) if registry.lookup("demo", ident) is not None else None
    return WIDGETS.get((kind, ident))


def make_embed(embed: Embed, lang: str) -> Widget:
    build = builder(embed.kind, embed.id)
    if build is None:  # the lesson checker lets no unregistered id through
        raise LookupError(f"no widget for embed {embed.kind}: {embed.id}")
    return build(lang)
