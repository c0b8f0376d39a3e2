"""A lesson's Markdown (a section's body, presenter notes): rendered as Markdown, links never followed."""

from __future__ import annotations

from typing import Any

from textual.widgets import Markdown

from ds_tui.i18n import t
from ds_tui.textsafe import clean
from ds_tui.ui.safe import MAX_SHOWN


class LessonMarkdown(Markdown):
    """A lesson's Markdown body. A link is never opened (it could name a local file or any program's
    URL scheme): clicking it says where it points, as text."""

    # tables: no rule between rows, so a table fits the screen it describes
    DEFAULT_CSS = """
    LessonMarkdown MarkdownTableContent {
        grid-gutter: 0 2;
        keyline: none;
    }
    """

    def __init__(self, markdown: str | None = None, **kwargs: Any) -> None:
        kwargs["open_links"] = False
        super().__init__(None if markdown is None else clean(markdown, MAX_SHOWN), **kwargs)

    def update(self, markdown: str):
        return super().update(clean(markdown, MAX_SHOWN))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        event.prevent_default()  # Markdown's own handler would open it
        lang = getattr(self.app, "lang", "en")
        self.notify(t("link.not_opened", lang, href=clean(event.href, 300, one_line=True)), markup=False, timeout=6)
