"""How much a lesson may hold, so that whatever passes ``ds-tui validate`` is shown at once.

The interface draws a section's Markdown as one widget per block and per table cell: a section of
10,000 table rows, or of lists nested twenty deep, would hold the screen for seconds. Each limit is
several times what the bundled lessons use (the largest bundled section: 864 characters, a table of
7 rows by 4 columns, 7 list items, 36 blocks), and a text over one is an error at its position, with
the number found and the number allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_ID = 64  # lesson, section, question, option, item and category ids
MAX_ORDER = 1_000_000  # |order|
MAX_TITLE = 160  # lesson and section titles, category names, units
MAX_LINE = 600  # an option's or an item's text, a source
MAX_SUMMARY = 800
MAX_QUIZ_TEXT = 3_000  # prompt, explanation, hint, why (Markdown)
MAX_BODY = 6_000  # a section's body and notes (Markdown)

MAX_SECTIONS = 60
MAX_QUESTIONS = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 9  # chosen with the keys 1-9
MIN_CATEGORIES, MAX_CATEGORIES = 2, 9  # chosen with the keys 1-9
MAX_ITEMS = 12
MIN_ORDER_ITEMS = 2
MAX_SOURCES = 50
MAX_CONCEPTS = 12
MAX_NUMBER = 1e15  # an answer, a tolerance or a range end beyond this is a typo, not a quantity

# Markdown structure, for a section's body or notes and for a quiz text alike
MAX_BLOCKS = 80  # paragraphs, headings, list items, quotes, code blocks, tables...
MAX_LIST_ITEMS = 40
MAX_TABLE_ROWS = 30  # header included
MAX_TABLE_CELLS = 150
MAX_NESTING = 4  # lists and quotes inside each other


@dataclass(frozen=True, slots=True)
class Shape:
    blocks: int = 0
    list_items: int = 0
    table_rows: int = 0  # of the largest table
    table_cells: int = 0  # of the largest table
    nesting: int = 0  # containers (lists, quotes) open at once

    def problem(self) -> str | None:
        for found, allowed, what in (
            (self.table_rows, MAX_TABLE_ROWS, "a table of {found} rows; at most {allowed} are shown"),
            (self.table_cells, MAX_TABLE_CELLS, "a table of {found} cells; at most {allowed} are shown"),
            (self.list_items, MAX_LIST_ITEMS, "{found} list items; at most {allowed} are shown"),
            (self.nesting, MAX_NESTING, "lists or quotes nested {found} deep; at most {allowed} levels"),
            (self.blocks, MAX_BLOCKS, "{found} Markdown blocks (paragraphs, items, rows...); at most {allowed}"),
        ):
            if found > allowed:
                return what.format(found=found, allowed=allowed) + ": split it into sections"
        return None


_PREFIX = re.compile(r"[ \t>*+\-0-9.)]*")
_MARKER = re.compile(r">|[*+\-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")


def quick_bound(text: str) -> Shape:
    """An upper bound of :func:`shape` from the lines alone (no parse): each line opens at most the
    containers its leading markers name (a list and its item each) and one block; a line indented
    by 2n spaces sits at most n containers deep; once a line holds '|', every later line may be a row."""
    blocks = items = rows = nesting = 0
    widest = 0
    table = False
    for line in text.splitlines():
        if not line.strip():
            continue
        prefix = _PREFIX.match(line).group()  # type: ignore[union-attr]
        markers = len(_MARKER.findall(prefix))
        indent = len(prefix) - len(prefix.lstrip(" \t")) + prefix.count("\t") * 3
        blocks += 2 * markers + 1
        items += markers
        nesting = max(nesting, markers + indent // 2)
        pipes = line.count("|")
        if pipes:
            table = True
            widest = max(widest, pipes + 1)
        if table:
            rows += 1
    return Shape(blocks + rows * max(widest, 1), items, rows, rows * max(widest, 1), nesting)


_TABLE_PARTS = ("table_", "thead_", "tbody_", "tr_", "th_", "td_")


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    try:
        return MarkdownIt("gfm-like")  # as the interface's Markdown widget parses it
    except Exception:  # pragma: no cover - linkify-it missing: the same blocks without autolinks
        return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def shape(text: str) -> Shape:
    """What rendering ``text`` as Markdown makes: blocks, list items, the largest table, nesting."""
    blocks = items = rows = cells = nesting = 0
    table_rows = table_cells = 0
    open_containers = 0
    for token in _parser().parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            open_containers += 1
            nesting = max(nesting, open_containers)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            open_containers -= 1
        elif kind == "table_open":
            table_rows = table_cells = 0
        elif kind == "tr_open":
            table_rows += 1
            rows = max(rows, table_rows)
        elif kind in ("th_open", "td_open"):
            table_cells += 1
            cells = max(cells, table_cells)
        if kind == "list_item_open":
            items += 1
        if token.block and token.nesting >= 0 and kind != "inline" and not kind.startswith(_TABLE_PARTS):
            blocks += 1  # an opening or self-contained block (tables are counted by their cells)
    return Shape(blocks + cells, items, rows, cells, nesting)


def markdown_problem(text: str) -> str | None:
    """Why ``text`` would be too costly to show, or None. Most texts are cleared without a parse."""
    if quick_bound(text).problem() is None:
        return None
    return shape(text).problem()
