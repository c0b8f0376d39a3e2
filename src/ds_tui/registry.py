"""The ids a lesson may embed: one place, filled in as panels, demos and tools land.

Lessons are data; an ``embed`` may only name an id listed here. ``available`` says whether the
app can show the thing yet — the reader shows a placeholder naming it until then.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Embeddable:
    kind: str  # "panel" | "demo" | "tool"
    id: str
    title_en: str
    title_vi: str
    metrics: tuple[str, ...] = field(default=())  # what a demo measures (predict questions)
    available: bool = False

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en


_ENTRIES: tuple[Embeddable, ...] = (
    Embeddable("panel", "hardware", "Live hardware panel", "Bảng phần cứng trực tiếp", available=True),
    Embeddable("demo", "cpu-bound", "CPU-bound demo", "Demo tác vụ CPU-bound",
               ("speedup.threads", "speedup.processes"), available=True),
    Embeddable("demo", "io-bound", "I/O-bound demo", "Demo tác vụ I/O-bound",
               ("speedup.threads", "speedup.processes", "speedup.asyncio"), available=True),
    Embeddable("demo", "mixed", "Mixed I/O + CPU demo", "Demo kết hợp I/O + CPU",
               ("speedup.hybrid", "speedup.threads", "speedup.processes"), available=True),
    Embeddable("demo", "race", "Race-condition demo", "Demo tranh chấp dữ liệu (race condition)",
               ("lost_updates.unlocked", "lost_updates.locked"), available=True),
    Embeddable("demo", "isolation", "Process-isolation demo", "Demo cô lập tiến trình", available=True),
    Embeddable("demo", "worker-pool", "Worker-pool demo", "Demo worker pool",
               ("throughput.ratio",), available=True),
    Embeddable("demo", "allreduce", "Ring all-reduce demo", "Demo ring all-reduce",
               ("bytes_ratio",), available=True),
    Embeddable("demo", "pipeline", "Pipeline-parallelism demo", "Demo song song pipeline",
               ("bubble",), available=True),
    Embeddable("tool", "memory-calculator", "Training memory calculator",
               "Máy tính bộ nhớ huấn luyện", available=True),
    Embeddable("tool", "compute-calculator", "Training compute calculator",
               "Máy tính khối lượng tính toán huấn luyện", available=True),
    Embeddable("tool", "decision-helper", "Thread-or-process decision helper",
               "Trợ lý chọn thread hay process", available=True),
)

EMBED_KINDS: tuple[str, ...] = ("panel", "demo", "tool")

REGISTRY: dict[tuple[str, str], Embeddable] = {(e.kind, e.id): e for e in _ENTRIES}


def lookup(kind: str, ident: str) -> Embeddable | None:
    return REGISTRY.get((kind, ident))


def ids_of(kind: str) -> list[str]:
    return [e.id for e in _ENTRIES if e.kind == kind]
