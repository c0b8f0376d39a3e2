"""Saving the hardware report from the app: the student's name and class (written in the report and
remembered in settings.json) and where to save it (a folder or a file; by default the folder used last,
else the current one). A folder that cannot be written: the report goes to the data folder, and the
message names the folder that failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ds_tui.hardware.save import Saved, report_filename, save_report, target_path
from ds_tui.i18n import t
from ds_tui.settings import MAX_FOLDER, MAX_NAME, check_text, load_settings
from ds_tui.ui.bindings import localize


class ReportDialog(ModalScreen[Saved | None]):
    CSS_PATH = "report_dialog.tcss"
    BINDINGS = [Binding("escape", "report_cancel", "Cancel")]

    def __init__(self, lang: str, home: Path, render: Callable[[str, str, str], str]) -> None:
        """``render(lang, name, class)``: the report's text."""
        super().__init__()
        self.lang, self.home, self.render_report = lang, home, render
        saved = load_settings(home).settings
        self.name_, self.group = saved.student_name, saved.student_class
        self.folder = saved.report_folder if saved.report_folder and Path(saved.report_folder).is_dir() else str(Path.cwd())

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="report-box"):
            yield Static(t("report.dialog_title", lang), id="report-title", markup=False)
            yield Label(t("report.name_label", lang), markup=False)
            yield Input(self.name_, id="report-name", max_length=MAX_NAME)
            yield Label(t("report.class_label", lang), markup=False)
            yield Input(self.group, id="report-class", max_length=MAX_NAME)
            yield Label(t("report.path_label", lang), markup=False)
            yield Input(self.folder, id="report-path", max_length=MAX_FOLDER)
            yield Static(t("report.dialog_hint", lang), id="report-hint", markup=False)

    def on_mount(self) -> None:
        localize(self, self.lang)
        self.query_one("#report-name" if not self.name_ else "#report-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        hint = self.query_one("#report-hint", Static)
        name = check_text(" ".join(self.query_one("#report-name", Input).value.split()))
        group = check_text(" ".join(self.query_one("#report-class", Input).value.split()))
        if name is None or group is None:
            hint.update(t("report.bad_text", self.lang, limit=MAX_NAME))
            return
        raw = self.query_one("#report-path", Input).value.strip()
        path = target_path(raw or None, report_filename(self.lang))
        result = save_report(self.render_report(self.lang, name, group), path, self.home)
        if result.path is None:  # not even the data folder: say so here, the student may type another
            hint.update(result.message(self.lang))
            return
        changes: dict[str, str] = {"student_name": name, "student_class": group}
        if result.failed_folder is None:
            changes["report_folder"] = str(result.path.parent)
        remember = getattr(self.app, "remember", None)
        if remember is not None:
            remember(**changes)
        self.dismiss(result)

    def action_report_cancel(self) -> None:
        self.dismiss(None)
