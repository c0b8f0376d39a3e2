"""Start the TUI from the command line: check what only Textual can check, then run."""

from __future__ import annotations

import sys
from concurrent.futures import Future
from pathlib import Path

from textual.app import App

from ds_tui.start_request import StartRequest
from ds_tui.startup import Loaded
from ds_tui.textsafe import clean
from ds_tui.ui.app import DsTuiApp


def run_tui(lang: str, lesson_dirs: list[Path], theme: str | None, preloaded: Future[Loaded] | None = None,
            start: StartRequest | None = None, saved_theme: str | None = None, notices: list[str] | None = None,
            serve: dict | None = None) -> int:
    app = DsTuiApp(lang=lang, lesson_dirs=lesson_dirs, theme=theme, preloaded=preloaded, start=start,
                   saved_theme=saved_theme, notices=notices)
    if serve:  # ds-tui present --serve: the port bound, and --host/--port for a restart with w
        app.serve_listener = serve.get("listener")
        app.serve_host = serve.get("host")
        app.serve_port = serve.get("port")
    return run_app(app, theme)


def run_app(app: App[int], theme: str | None) -> int:
    """Run ``app``; an unknown ``--theme`` is a usage error (exit 2) before anything is drawn."""
    if theme is not None and theme not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        shown = clean(theme, 100, one_line=True)
        print(f"ds-tui: error: unknown theme '{shown}'; available: {names}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0
