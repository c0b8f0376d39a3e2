"""The live hardware panel: per-core bars, memory and GPU gauges, and the key facts with their meaning.

Embedded in lesson 1 and shown by the hardware screen. It renders what the app's probe and sampler
deliver; every figure and sentence comes from ds_tui.hardware.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text as RichText
from textual import getters
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.lessons.model import Embed
from ds_tui.numbers import decimal
from ds_tui.textsafe import clean
from ds_tui.ui.base import ds_app
from ds_tui.ui.visibility import follow_visibility, stop_following
from ds_tui.ui.widgets.core_bars import CoreBars
from ds_tui.ui.widgets.gauge import Gauge, human_bytes

if TYPE_CHECKING:
    from ds_tui.hardware import HardwareReport, Reading, Sample

EMBED = Embed("panel", "hardware")


FACT_KEYS = ("cpu.model", "cpu.physical_cores", "cpu.logical_cpus", "cpu.usable_cpus", "cpu.max_mhz",
             "cpu.caches", "memory.total_bytes")


def readings(report: HardwareReport, keys: tuple[str, ...]) -> list[Reading]:
    sections = {"cpu": report.cpu, "memory": report.memory, "os": report.os, "python": report.python}
    out = []
    for key in keys:
        section, name = key.split(".", 1)
        out.append(getattr(sections[section], name))
    return out


def _source(value: RichText, source: str, lang: str) -> None:
    """Where the figure was read (``/proc/cpuinfo``, ``psutil``, ``NVML``, ``sysctl``), as a line of its own."""
    shown = clean(source, 200, one_line=True) if source else t("hwsrc.none", lang)
    value.append(f"\n↳ {t('hwsrc.column', lang)}: ", style="dim")
    value.append(shown, style="dim")


def facts_table(report: HardwareReport, lang: str, keys: tuple[str, ...], meanings: bool = True,
                sources: bool = False) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for reading in readings(report, keys):
        value = RichText(reading.show(lang))
        if meanings:
            value.append("\n" + reading.meaning.show(lang), style="dim italic")
        if sources:
            _source(value, reading.source, lang)
        table.add_row(reading.label.show(lang), value)
    for gpu in report.gpus:
        value = RichText(f"{gpu.name.show(lang)} · {gpu.memory_bytes.show(lang)} · CUDA {gpu.cuda.show(lang)}")
        if meanings:
            value.append("\n" + gpu.memory_bytes.meaning.show(lang), style="dim italic")
        if sources:
            _source(value, gpu.source, lang)
        table.add_row("GPU", value)
    return table


class HardwarePanel(Vertical):
    DEFAULT_CSS = """
    HardwarePanel { height: auto; }
    HardwarePanel.hardware-panel { max-width: 100; margin: 1 1; padding: 0 1; border: round $accent; }
    HardwarePanel > .hw-title { text-style: bold; }
    HardwarePanel > #hw-gpus { height: auto; }
    HardwarePanel > .hw-meaning { color: $text-muted; text-style: italic; }
    """

    gpus_box = getters.query_one("#hw-gpus", Vertical)

    def __init__(self, lang: str, *, facts: bool = True, id: str | None = None) -> None:
        super().__init__(classes="embed hardware-panel", id=id)
        self.embed = EMBED
        self.lang = lang
        self.show_facts = facts
        self._last: Sample | None = None
        self._feeding = False  # holds one use of the app's 1 Hz sampler (only while its screen is seen)
        self._model_text = ""

    def compose(self) -> ComposeResult:
        yield Static(classes="hw-title", id="hw-model")
        yield CoreBars(id="hw-cores")
        yield Static(id="hw-cores-meaning", classes="hw-meaning")
        yield Gauge("RAM", id="hw-mem")
        yield Gauge("Swap", id="hw-swap")
        yield Vertical(id="hw-gpus")
        yield Static(id="hw-facts")

    def on_mount(self) -> None:
        self._feed(True)
        ds_app(self).ensure_hardware_probe()
        self.watch(self.app, "hw_report", self._show_report)
        self.watch(self.app, "hw_sample", self._show_sample)
        follow_visibility(self, self._on_visibility)

    def on_unmount(self) -> None:
        stop_following(self)
        self._feed(False)

    def _feed(self, on: bool) -> None:
        if on != self._feeding:
            self._feeding = on
            feed = ds_app(self).hardware_feed
            feed.acquire() if on else feed.release()

    def _on_visibility(self, shown: bool) -> None:
        """Another screen covers this one: the sampler stops (if nothing else shows it); back: it goes on."""
        self._feed(shown)
        if shown and self._last is not None:
            self._show_sample(self._last)

    def _set_model(self, text: str) -> None:
        """The model line, redrawn only when its text changed (the clock moves, the model does not);
        laid out again only when its length changed (the same length wraps the same way)."""
        if text != self._model_text:
            relayout = len(text) != len(self._model_text)
            self._model_text = text
            self.query_one("#hw-model", Static).update(text, layout=relayout)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._show_report(ds_app(self).hw_report)
        if self._last is not None:
            self._show_sample(self._last)

    def _show_report(self, report: HardwareReport | None) -> None:
        self.border_title = "▣ " + t("hwpanel.title", self.lang)
        self.query_one("#hw-cores-meaning", Static).update(t("hwpanel.cores_meaning", self.lang))
        facts = self.query_one("#hw-facts", Static)
        if report is None:
            self._set_model(t("hwpanel.probing", self.lang))
            facts.display = False
            return
        self._set_model(report.cpu.model.show(self.lang))
        facts.display = self.show_facts
        if self.show_facts:
            facts.update(facts_table(report, self.lang, FACT_KEYS))
        if not report.gpus:
            gpus = self.gpus_box
            gpus.remove_children()
            gpus.mount(Static(t("hwpanel.no_gpu", self.lang), classes="hw-no-gpu"))

    def _show_sample(self, sample: Sample | None) -> None:
        if sample is None:
            return
        self._last = sample
        if not self._feeding:  # covered by another screen: drawn when shown again
            return
        report = ds_app(self).hw_report
        if report is not None and sample.clock_mhz:
            now = t("hwpanel.now", self.lang)
            self._set_model(f"{report.cpu.model.show(self.lang)} · {decimal(sample.clock_mhz / 1000, self.lang)} GHz {now}")
        if sample.per_cpu_percent:
            self.query_one("#hw-cores", CoreBars).update_cores(list(sample.per_cpu_percent))
        used, total = sample.memory_used_bytes, sample.memory_total_bytes
        mem_pct = 100 * used / total if used is not None and total else None
        self.query_one("#hw-mem", Gauge).set(
            t("hwpanel.memory", self.lang), mem_pct,
            f"{human_bytes(sample.memory_used_bytes, self.lang)} / {human_bytes(sample.memory_total_bytes, self.lang)}",
            t("hwpanel.mem_meaning", self.lang))
        self.query_one("#hw-swap", Gauge).set(t("hwpanel.swap", self.lang), None, human_bytes(sample.swap_used_bytes, self.lang))
        if sample.gpus:
            self._show_gpus(sample)

    def _show_gpus(self, sample: Sample) -> None:
        box = self.gpus_box
        gauges = list(box.query(Gauge))
        if len(gauges) != len(sample.gpus):
            box.remove_children()
            gauges = [Gauge(f"GPU{i}") for i in range(len(sample.gpus))]
            box.mount_all(gauges)
        for i, (gauge, gpu) in enumerate(zip(gauges, sample.gpus)):
            used = f"{human_bytes(gpu.memory_used_bytes, self.lang)} / {human_bytes(gpu.memory_total_bytes, self.lang)}" \
                if gpu.memory_total_bytes else ""
            extra = "".join(f" · {v}" for v in (f"{gpu.temperature_c:.0f}°C" if gpu.temperature_c is not None else "",
                                                 f"{gpu.power_w:.0f} W" if gpu.power_w is not None else "") if v)
            gauge.set(f"GPU{i}", gpu.utilization_percent, used + extra, t("hwpanel.gpu_meaning", self.lang))
