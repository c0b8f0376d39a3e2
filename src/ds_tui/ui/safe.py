"""Text that comes from a file (a lesson, a keymap, the presenter's state) or from an error, for widgets.

Textual reads a plain ``str`` given to a Static, an Option, a notification or the command palette as
content markup: ``a [/] b`` raises, ``counts[i]`` loses ``[i]``, and ``[@click=app.screenshot()]``
becomes a link that runs an action. Everything here is text, never markup: a Rich ``Text`` or a
Textual ``Content`` built from the characters as they are, with control characters escaped and the
length bounded. Lesson bodies are Markdown on purpose; their links are shown, never followed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text as RichText
from textual.content import Content
from textual.widgets import Markdown

from ds_tui.i18n import t
from ds_tui.textsafe import clean

if TYPE_CHECKING:
    from textual.command import Matcher

MAX_SHOWN = 20_000  # characters of one text on screen (a checked lesson's longest is 6,000)


def plain(text: object, style: str = "", limit: int = MAX_SHOWN) -> RichText:
    """``text`` exactly as written, for a Static, an Option, a Rich table cell or a Group."""
    return RichText(clean(str(text), limit), style=style)


def plain_content(text: object, limit: int = MAX_SHOWN) -> Content:
    """The same as Textual content (the command palette takes Content or markup)."""
    return Content(clean(str(text), limit))


def highlighted(matcher: Matcher, text: str) -> Content:
    """``matcher.highlight(text)`` without reading ``text`` as markup."""
    shown = clean(text, 1000)
    content = Content(shown)
    score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    if score:
        for offset in offsets:
            if offset < len(shown) and not shown[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def rich_markdown(text: str, limit: int = MAX_SHOWN) -> RichMarkdown:
    """A lesson's Markdown inside a Static (quiz prompts, explanations): links as text, not hyperlinks."""
    return RichMarkdown(clean(text, limit), hyperlinks=False)


class LessonMarkdown(Markdown):
    """A lesson's Markdown body. A link is never opened (it could name a local file or any program's
    URL scheme): clicking it says where it points, as text."""

    def __init__(self, markdown: str | None = None, **kwargs: object) -> None:
        kwargs["open_links"] = False
        super().__init__(None if markdown is None else clean(markdown, MAX_SHOWN), **kwargs)  # type: ignore[arg-type]

    def update(self, markdown: str):  # type: ignore[no-untyped-def, override]
        return super().update(clean(markdown, MAX_SHOWN))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        event.prevent_default()  # Markdown's own handler would open it
        lang = getattr(self.app, "lang", "en")
        self.notify(t("link.not_opened", lang, href=clean(event.href, 300, one_line=True)), markup=False, timeout=6)
