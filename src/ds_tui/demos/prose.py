"""How the demos' explanations are written: numbers as each language writes them, paragraphs in both
languages side by side, Amdahl's law, the machine's line; and the frame every explanation has.

Each demo module writes its own paragraphs with these (its ``explain`` function). Honest by construction: every speedup quoted is the measured one (baseline wall ÷ wall); theory only
gives the bound it is compared with — min(workers, usable cores) for CPU work, Amdahl's law
S(N) = 1 / ((1 − p) + p/N) to read how much of the run was parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ds_tui.demos.results import RunResult
from ds_tui.demos.spec import DemoParams, ExplainFn
from ds_tui.i18n import Text, many, t
from ds_tui.numbers import decimal


num = decimal  # the app's one number formatter (ds_tui.numbers)


def times(x: float | None, lang: str) -> str:
    return "—" if x is None else f"{num(x, lang)}×"


def grp(n: int, lang: str) -> str:
    """A whole number with thousands separators: 24,000 (en), 24.000 (vi)."""
    return decimal(n, lang, 0, grouping=True)


def secs(x: float, lang: str) -> str:
    return f"{num(x, lang, 3 if x < 0.1 else 2)} s"


def value_range(low: float, high: float, lang: str, show: Callable[[float, str], str] = times,
                form: str = "dash") -> str:
    """A range as it is shown: "1.2×–1.5×" ("dash"), "between 1.2× and 1.5×" ("between"), or the single
    value when both ends read the same once rounded as shown ("1.50×", never "1.50× and 1.50×")."""
    a, b = show(low, lang), show(high, lang)
    if a == b:
        return a
    if form == "between":
        return t("prose.between", lang, low=a, high=b)
    return f"{a}–{b}"


class Doc:
    """Paragraphs built in both languages side by side."""

    def __init__(self) -> None:
        self.en: list[str] = []
        self.vi: list[str] = []

    def add(self, en: str, vi: str) -> None:
        self.en.append(en)
        self.vi.append(vi)

    def text(self) -> Text:
        return Text(vi="\n\n".join(self.vi), en="\n\n".join(self.en))


def amdahl_parallel_fraction(speedup: float, n: float) -> float | None:
    """The parallel fraction p that Amdahl's law gives for a measured speedup on n cores."""
    if n <= 1 or speedup <= 0:
        return None
    p = (1 - 1 / speedup) / (1 - 1 / n)
    return min(1.0, max(0.0, p))


def amdahl_limit_range(speedup: float, n: float, spread: float) -> tuple[float, float | None]:
    """The most any number of cores could give, 1 / (1 − p), for every speedup within ``spread`` of the
    measured one (capped at n, the most n cores can give); None as the high end: no limit fits too."""
    limits = []
    for s in (speedup * (1 - spread), min(speedup * (1 + spread), n)):
        p = amdahl_parallel_fraction(s, n)
        limits.append(None if p is None or p >= 0.999 else 1 / (1 - p))
    low = limits[0] if limits[0] is not None else 1.0
    return max(1.0, low), limits[1]


def machine_line(m: dict[str, Any]) -> tuple[str, str]:
    cores, logical = m["usable_cores"], m["logical_cpus"]
    quota = m.get("cpu_quota")
    q_en = f", a CPU quota of {num(quota, 'en', 1)}" if quota else ""
    q_vi = f", hạn mức CPU {num(quota, 'vi', 1)}" if quota else ""
    if m["gil_enabled"] and not m["free_threaded_build"]:
        gil_en, gil_vi = "with the GIL", "có GIL"
    elif m["gil_enabled"]:
        gil_en = "a free-threaded build with the GIL turned back on (an extension asked for it, or PYTHON_GIL=1)"
        gil_vi = "bản free-threaded nhưng GIL đã bị bật lại (do một extension, hoặc PYTHON_GIL=1)"
    else:
        gil_en, gil_vi = "free-threaded, without the GIL", "bản free-threaded, không có GIL"
    return (
        f"This machine: {many(cores, 'usable core')} ({many(logical, 'logical CPU')}{q_en}); "
        f"{m['implementation']} {m['python']} {gil_en}; processes start with \"{m['start_method']}\".",
        f"Máy này: {cores} lõi dùng được ({logical} CPU logic{q_vi}); "
        f"{m['implementation']} {m['python']} {gil_vi}; tiến trình khởi động bằng \"{m['start_method']}\".",
    )


def ideal_speedup(m: dict[str, Any], workers: int) -> float:
    """The most a run with ``workers`` can speed up here: min(workers, usable cores or the CPU quota)."""
    return min(float(workers), float(m.get("speedup_bound") or m["usable_cores"]))


def kb(nbytes: float, lang: str) -> str:
    return f"{num(nbytes / 1000, lang, 1)} KB"


def explanation(explain: ExplainFn, p: DemoParams, m: dict[str, Any], runs: tuple[RunResult, ...],
                metrics: dict[str, float], cancelled: bool = False) -> Text:
    """A demo's explanation: whether it was stopped, this machine, then the demo's own paragraphs."""
    doc = Doc()
    if cancelled:
        doc.add("Stopped before the end: the figures below are those of the runs that finished.",
                "Đã dừng giữa chừng: các số liệu dưới đây là của những lần chạy đã xong.")
    doc.add(*machine_line(m))
    explain(doc, p, m, {r.mode: r for r in runs}, runs, metrics)
    return doc.text()
