"""The widget for each embed id a lesson may name; ids without one yet get a placeholder."""

from __future__ import annotations

from typing import Callable

from textual.widget import Widget

from ds_tui.lessons.model import Embed
from ds_tui.ui.widgets.calculators import ComputeCalculator, MemoryCalculator
from ds_tui.ui.widgets.decision_helper import DecisionHelper
from ds_tui.ui.widgets.embed_placeholder import EmbedPlaceholder
from ds_tui.ui.widgets.hardware_panel import HardwarePanel

WIDGETS: dict[tuple[str, str], Callable[[str], Widget]] = {
    ("panel", "hardware"): HardwarePanel,
    ("tool", "decision-helper"): DecisionHelper,
    ("tool", "memory-calculator"): MemoryCalculator,
    ("tool", "compute-calculator"): ComputeCalculator,
}


def _demo(demo_id: str) -> Callable[[str], Widget]:
    def build(lang: str) -> Widget:
        from ds_tui.ui.widgets.demo_view import DemoView

        return DemoView(demo_id, lang)

    return build


for _demo_id in ("cpu-bound", "io-bound", "mixed", "race", "isolation", "worker-pool", "allreduce", "pipeline"):
    WIDGETS[("demo", _demo_id)] = _demo(_demo_id)


def make_embed(embed: Embed, lang: str) -> Widget:
    build = WIDGETS.get((embed.kind, embed.id))
    return build(lang) if build else EmbedPlaceholder(embed, lang)
