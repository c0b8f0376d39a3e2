"""Saving the hardware report a student hands in: where they asked, or, when that folder cannot be
written, in the data folder (and saying so, with the folder that failed). Shared by ``ds-tui hardware
--output`` and the hardware screen's ``s``."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ds_tui.i18n import t
from ds_tui.textsafe import clean, shown_path

REPORTS_FOLDER = "reports"  # under the data folder


def report_filename(lang: str, markdown: bool = True, json: bool = False) -> str:
    return f"hardware-report-{lang}." + ("json" if json else "md" if markdown else "txt")


def target_path(output: str | None, filename: str) -> Path:
    """The file ``output`` names: a folder (existing, or written with a trailing separator) gets
    ``filename`` inside it; anything else is the file itself. None or "": the current folder."""
    if not output:
        return Path.cwd() / filename
    path = Path(output).expanduser()
    if output.endswith((os.sep, "/")) or path.is_dir():
        return path / filename
    return path


@dataclass(frozen=True)
class Saved:
    path: Path | None  # where it was written (None: nowhere)
    failed_folder: Path | None = None  # the folder asked for, when it could not be written
    error: str = ""  # why

    def message(self, lang: str) -> str:
        """One line for the user."""
        error = self.error or t("report.missing_folder", lang)
        if self.path is None:
            return t("report.failed", lang, folder=shown_path(self.failed_folder or "?"), error=error)
        if self.failed_folder is not None:
            return t("report.fallback", lang, folder=shown_path(self.failed_folder), error=error,
                     path=shown_path(self.path))
        return t("report.saved", lang, path=shown_path(self.path))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder: never half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _why(exc: OSError) -> str:
    return clean(exc.strerror or str(exc), 200, one_line=True)


def save_report(text: str, path: Path, data_dir: Path) -> Saved:
    """Write ``text`` to ``path``; if its folder cannot take it, to ``data_dir/reports`` under the same name."""
    folder = path.parent
    try:
        if not folder.is_dir():
            raise FileNotFoundError(2, "")
        write_atomically(path, text)
        return Saved(path)
    except OSError as exc:
        error = _why(exc) if exc.strerror else ""  # "": the folder does not exist
    fallback = data_dir / REPORTS_FOLDER / path.name
    try:
        fallback.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(fallback, text)
    except OSError as exc:
        return Saved(None, folder, f"{error}; {_why(exc)}" if error else _why(exc))
    return Saved(fallback, folder, error)
