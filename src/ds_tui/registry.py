"""The ids a lesson may embed, what each demo measures and which parameters it takes: what the lesson
checker knows (:class:`Known`) and what the app shows for an embed.

Panels and tools are listed here; the demos are derived from the one list of demos
(``ds_tui.demos.kinds.ALL``), read when first asked — so importing this module loads no demo, and a demo
added to that list is embeddable, checked and measured without a line here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ds_tui.i18n import Text


@dataclass(frozen=True)
class Embeddable:
    kind: str  # "panel" | "demo" | "tool"
    id: str
    title_en: str
    title_vi: str
    metrics: tuple[str, ...] = field(default=())  # what a demo measures (predict questions)

    def title(self, lang: str) -> str:
        return Text(vi=self.title_vi, en=self.title_en).show(lang)


EMBED_KINDS: tuple[str, ...] = ("panel", "demo", "tool")

_PANELS: tuple[Embeddable, ...] = (
    Embeddable("panel", "hardware", "Live hardware panel", "Bảng phần cứng trực tiếp"),
)
_TOOLS: tuple[Embeddable, ...] = (
    Embeddable("tool", "memory-calculator", "Training memory calculator", "Máy tính bộ nhớ huấn luyện"),
    Embeddable("tool", "compute-calculator", "Training compute calculator",
               "Máy tính khối lượng tính toán huấn luyện"),
    Embeddable("tool", "decision-helper", "Thread-or-process decision helper", "Trợ lý chọn thread hay process"),
)


def _demos() -> tuple[Embeddable, ...]:
    from ds_tui.demos import kinds  # lazy: the demo modules load when a lesson names a demo, not at start-up

    return tuple(Embeddable("demo", d.id, d.spec.embed_title.en or d.id, d.spec.embed_title.vi or d.id,
                            d.spec.metrics) for d in kinds.ALL)


def entries() -> tuple[Embeddable, ...]:
    """Every embeddable, panels first, then the demos in the list's order, then the tools."""
    return _PANELS + _demos() + _TOOLS


def lookup(kind: str, ident: str) -> Embeddable | None:
    if kind != "demo":  # a panel or a tool: no need to load the demos
        return next((e for e in _PANELS + _TOOLS if e.kind == kind and e.id == ident), None)
    return next((e for e in _demos() if e.id == ident), None)


def ids_of(kind: str) -> list[str]:
    return [e.id for e in (_demos() if kind == "demo" else _PANELS + _TOOLS) if e.kind == kind]


class _Registry(Mapping[tuple[str, str], Embeddable]):
    """Every embeddable by (kind, id): a live view (demos as the list has them now)."""

    def __getitem__(self, key: tuple[str, str]) -> Embeddable:
        found = lookup(*key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter([(e.kind, e.id) for e in entries()])

    def __len__(self) -> int:
        return len(entries())


REGISTRY: Mapping[tuple[str, str], Embeddable] = _Registry()


class Known:
    """What the lesson checker (:func:`ds_tui.lessons.validate.build_lesson`) is given to know: the
    embeddable ids, each demo's metrics, and each demo's parameters, checked as ``ds-tui demo`` checks them."""

    kinds: tuple[str, ...] = EMBED_KINDS

    def has(self, kind: str, ident: str) -> bool:
        return lookup(kind, ident) is not None

    def ids_of(self, kind: str) -> list[str]:
        return ids_of(kind)

    def metrics_of(self, demo: str) -> tuple[str, ...]:
        entry = lookup("demo", demo)
        return entry.metrics if entry is not None else ()

    def check_params(self, demo: str, settings: Mapping[str, Any]) -> None:
        """ValueError naming the first bad parameter."""
        # lazy: the demo modules load when a lesson names a demo, not at start-up
        from ds_tui.demos.catalog import DEMOS

        DEMOS[demo].params(settings)


KNOWN = Known()
