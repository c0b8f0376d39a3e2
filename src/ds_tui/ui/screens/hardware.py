"""The hardware screen: this machine live (btop-like), every figure with its meaning, and the advice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.hardware_panel import HardwarePanel, facts_table
from ds_tui.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from ds_tui.hardware import HardwareReport

ALL_KEYS = (
    "cpu.model", "cpu.vendor", "cpu.architecture", "cpu.physical_cores", "cpu.logical_cpus", "cpu.affinity_cpus",
    "cpu.cpu_quota", "cpu.usable_cpus", "cpu.base_mhz", "cpu.max_mhz", "cpu.caches", "cpu.hypervisor",
    "cpu.container", "memory.total_bytes", "memory.swap_total_bytes", "memory.commit_limit_bytes",
    "memory.container_limit_bytes", "os.name", "os.version", "os.build", "python.version",
    "python.implementation", "python.gil_enabled", "python.free_threaded_build",
)


class HardwareScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("s", "save_report", "Save report"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="hw-scroll"):
            yield HardwarePanel(self.lang, facts=False, id="hw-live")
            yield Static(id="hw-advice")
            yield Static(id="hw-all")
        yield KeyFooter(compact=True)

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._render_lang)
        self.watch(self.app, "hw_report", self._render_report)
        self.query_one("#hw-scroll").focus()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.title = t("hw.title", lang)
        self.query_one(HardwarePanel).set_lang(lang)
        self._render_report(self.app.hw_report)  # type: ignore[attr-defined]

    def _render_report(self, report: HardwareReport | None) -> None:
        if report is None:
            return
        from ds_tui.hardware import KIND_TITLES, advise

        lang = self.lang
        self.sub_title = report.cpu.model.show(lang)
        advice = Table.grid(padding=(0, 1))
        advice.add_column(width=3, justify="right")
        advice.add_column()
        for kind, title in KIND_TITLES.items():
            items = [a for a in advise(report) if a.kind == kind]
            if items:
                advice.add_row("", RichText(title.show(lang), style="bold"))
                for item in items:
                    advice.add_row("•", item.text.show(lang))
        self.query_one("#hw-advice", Static).update(advice)
        self.query_one("#hw-all", Static).update(facts_table(report, lang, ALL_KEYS))

    def action_save_report(self) -> None:
        report = self.app.hw_report  # type: ignore[attr-defined]
        if report is None:
            return
        from ds_tui.hardware import as_markdown

        path = Path.cwd() / f"hardware-report-{self.lang}.md"
        try:
            path.write_text(as_markdown(report, self.lang), encoding="utf-8")
        except OSError as exc:
            self.notify(t("hw.save_failed", self.lang, error=exc.strerror or exc), severity="error")
            return
        self.notify(t("hw.saved", self.lang, path=path), timeout=6)

    def action_back(self) -> None:
        self.app.pop_screen()
