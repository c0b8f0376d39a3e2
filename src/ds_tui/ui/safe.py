"""Text that comes from a file (a lesson, a keymap, the presenter's state) or from an error, for widgets.

Textual reads a plain ``str`` given to a Static, an Option, a notification or the command palette as
content markup: ``a [/] b`` raises, ``counts[i]`` loses ``[i]``, and ``[@click=app.screenshot()]``
becomes a link that runs an action. Everything here is text, never markup: a Rich ``Text`` or a
Textual ``Content`` built from the characters as they are, with control characters escaped and the
length bounded. Lesson bodies are Markdown on purpose (``widgets/lesson_markdown.py``); their links are
shown, never followed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual.content import Content

from ds_tui.textsafe import clean

if TYPE_CHECKING:  # Markdown loads with the first screen that shows one, not at start-up
    from rich.markdown import Markdown as RichMarkdown
    from textual.command import Matcher

MAX_SHOWN = 20_000  # characters of one text on screen (a checked lesson's longest is 6,000)


def plain(text: object, style: str = "", limit: int = MAX_SHOWN) -> RichText:
    """``text`` exactly as written, for a Static, an Option, a Rich table cell or a Group."""
    return RichText(clean(str(text), limit), style=style)


_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
CODE_STYLE = "bold italic"


def inline(text: str, style: str = "", limit: int = MAX_SHOWN) -> RichText:
    """A one-paragraph lesson text (an option, an item, a category) with its inline Markdown — **bold**,
    `code`, *emphasis* — as styles, the markers gone; everything else exactly as written (never markup)."""
    text = clean(str(text), limit)
    out = RichText(style=style)
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(text[pos:match.start()])
        bold, code, emphasis = match.groups()
        if bold is not None:
            out.append(bold, "bold")
        elif code is not None:
            out.append(code, CODE_STYLE)
        else:
            out.append(emphasis, "italic")
        pos = match.end()
    out.append(text[pos:])
    return out


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
    # lazy: rich.markdown (and markdown-it) only for a text with Markdown
    from rich.markdown import Markdown as RichMarkdown

    return RichMarkdown(clean(text, limit), hyperlinks=False)
