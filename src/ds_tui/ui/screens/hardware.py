"""The hardware screen: this machine live (btop-like), every figure with its meaning, and the advice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.hardware_panel import HardwarePanel, facts_table
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ds_tui.hardware import HardwareReport
    from ds_tui.hardware.save import Saved

ALL_KEYS = (
    "cpu.model", "cpu.vendor", "cpu.architecture", "cpu.physical_cores", "cpu.logical_cpus", "cpu.affinity_cpus",
    "cpu.cpu_quota", "cpu.usable_cpus", "cpu.base_mhz", "cpu.max_mhz", "cpu.caches", "cpu.hypervisor",
    "cpu.container", "memory.total_bytes", "memory.swap_total_bytes", "memory.commit_limit_bytes",
    "memory.container_limit_bytes", "os.name", "os.version", "os.build", "python.version",
    "python.implementation", "python.gil_enabled", "python.free_threaded_build",
)


class HardwareScreen(DsScreen[None]):
    CSS_PATH = "hardware.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("s", "save_report", "Save report"),
        Binding("o", "toggle_sources", "Sources"),
    ]
    show_sources = True  # where each figure was read, under its meaning (o hides it)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="hw-scroll"):
            yield HardwarePanel(self.lang, facts=False, id="hw-live")
            yield Static(id="hw-advice")
            yield Static(id="hw-all")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        self.watch(self.app, "hw_report", self._render_report)
        self.query_one("#hw-scroll").focus()

    def on_screen_suspend(self) -> None:
        # started on this screen (ds-tui hardware --live), the app has not loaded the lessons yet
        self.ds_app.ensure_loaded()

    def _render_lang(self, lang: str) -> None:
        localize(self, lang)
        self.title = t("hw.title", lang)
        self.query_one(HardwarePanel).set_lang(lang)
        self._render_report(self.ds_app.hw_report)

    def _render_report(self, report: HardwareReport | None) -> None:
        if report is None:
            return
        from ds_tui.hardware import KIND_TITLES, advise  # lazy: the probe and its advice load with the hardware screen

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
        self.query_one("#hw-all", Static).update(facts_table(report, lang, ALL_KEYS, sources=self.show_sources))

    def action_toggle_sources(self) -> None:
        self.show_sources = not self.show_sources
        self._render_report(self.ds_app.hw_report)

    def action_save_report(self) -> None:
        """Ask for the student's name, class and where to save (remembered), then save the Markdown report."""
        report = self.ds_app.hw_report
        if report is None:
            return
        # lazy: the probe and its advice load with the hardware screen; screens load when first opened
        from ds_tui.hardware import as_markdown
        from ds_tui.ui.screens.report_dialog import ReportDialog

        def render(lang: str, name: str, group: str) -> str:
            return as_markdown(report, lang, student=name, group=group)

        def done(result: Saved | None) -> None:
            if result is not None:
                self.notify(result.message(self.lang), timeout=10, markup=False,
                            severity="warning" if result.failed_folder is not None else "information")

        home = Path(getattr(self.app, "home_dir", None) or Path.cwd())
        self.app.push_screen(ReportDialog(self.lang, home, render), done)

    def action_back(self) -> None:
        self.app.pop_screen()
