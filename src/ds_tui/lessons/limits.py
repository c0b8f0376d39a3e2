"""How much a lesson may hold, so that whatever passes ``ds-tui validate`` is shown at once.

The interface draws a section's Markdown as one widget per block and per table cell: a section of
10,000 table rows, or of lists nested twenty deep, would hold the screen for seconds. Each limit is
several times what the bundled lessons use (the largest bundled section: 864 characters, a table of
7 rows by 4 columns, 7 list items), and a text over one is an error at its position, with the number
found and the number allowed.
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

# Markdown structure, for a section's body or notes and for a quiz text alike. What a text costs to show
# is weighed in the widgets it makes, from their drawing times measured on a 2-core machine: a table
# cell, a paragraph, heading or code block 3, a list 2 and each of its items 10, a quote 6. The
# heaviest bundled section weighs 95; a text may weigh about three and a half times that, and draws
# in at most ~4x its time (benchmarks/section_render.py).
MAX_WEIGHT = 330
MAX_TABLE_ROWS = 30  # header included
MAX_NESTING = 4  # lists and quotes inside each other
WEIGHTS = {"blocks": 3, "table_cells": 3, "lists": 2, "list_items": 10, "quotes": 6}


@dataclass(frozen=True, slots=True)
class Shape:
    blocks: int = 0  # paragraphs, headings, code blocks, rules, HTML blocks, tables
    table_cells: int = 0  # of every table
    lists: int = 0
    list_items: int = 0
    quotes: int = 0
    table_rows: int = 0  # of the longest table
    nesting: int = 0  # containers (lists, quotes) open at once

    @property
    def weight(self) -> int:
        return sum(getattr(self, name) * w for name, w in WEIGHTS.items())

    def problem(self) -> str | None:
        if self.table_rows > MAX_TABLE_ROWS:
            return f"a table of {self.table_rows} rows; at most {MAX_TABLE_ROWS} are shown: split it into sections"
        if self.nesting > MAX_NESTING:
            return f"lists or quotes nested {self.nesting} deep; at most {MAX_NESTING} levels"
        if self.weight > MAX_WEIGHT:
            return (f"too much to show at once ({self.list_items} list items, {self.table_cells} table cells, "
                    f"{self.blocks + self.quotes} other blocks weigh {self.weight}; at most {MAX_WEIGHT} where a "
                    f"list item weighs 10, a quote 6, a table cell or a paragraph 3): split it into sections")
        return None


_PREFIX = re.compile(r"[ \t>*+\-0-9.)]*")


def _prefix(line: str) -> str:
    """The indentation and list or quote markers a line starts with (``_PREFIX`` matches every line)."""
    match = _PREFIX.match(line)
    return match.group() if match else ""
_MARKER = re.compile(r">|[*+\-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")


def quick_bound(text: str) -> Shape:
    """An upper bound of :func:`shape` from the lines alone (no parse): a line makes at most one block
    and, for each marker it starts with (``>``, ``-``, ``1.``), a quote or a list with an item; a line
    indented by 2n columns sits at most n containers deep; once a line holds '|', every later line may
    be a table row as wide as the widest line."""
    lines = rows = nesting = markers_total = 0
    widest = 0
    table = False
    for line in text.splitlines():
        if not line.strip():
            continue
        lines += 1
        prefix = _prefix(line)
        markers = len(_MARKER.findall(prefix))
        markers_total += markers
        indent = len(prefix) - len(prefix.lstrip(" \t")) + prefix.count("\t") * 3
        nesting = max(nesting, markers + indent // 2)
        pipes = line.count("|")
        if pipes:
            table = True
            widest = max(widest, pipes + 1)
        if table:
            rows += 1
    return Shape(blocks=lines, table_cells=rows * max(widest, 1), lists=markers_total, list_items=markers_total,
                 quotes=markers_total, table_rows=rows, nesting=nesting)


_TABLE_PARTS = ("table_", "thead_", "tbody_", "tr_", "th_", "td_")
_CONTAINERS = {"bullet_list_open": "lists", "ordered_list_open": "lists", "blockquote_open": "quotes",
               "list_item_open": "list_items"}


@lru_cache(maxsize=1)
def _parser() -> Any:
    # lazy: markdown-it only when a lesson is checked, never for a start-up served from the cache
    from markdown_it import MarkdownIt

    try:
        return MarkdownIt("gfm-like")  # as the interface's Markdown widget parses it
    except Exception:  # pragma: no cover - linkify-it missing: the same blocks without autolinks
        return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def shape(text: str) -> Shape:
    """What rendering ``text`` as Markdown makes: blocks, table cells, lists, items, quotes, nesting."""
    counts = {"blocks": 0, "table_cells": 0, "lists": 0, "list_items": 0, "quotes": 0}
    rows = table_rows = nesting = depth = 0
    for token in _parser().parse(text):
        kind = token.type
        if kind in _CONTAINERS:
            counts[_CONTAINERS[kind]] += 1
            if kind != "list_item_open":
                depth += 1
                nesting = max(nesting, depth)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif kind == "table_open":
            counts["blocks"] += 1
            table_rows = 0
        elif kind == "tr_open":
            table_rows += 1
            rows = max(rows, table_rows)
        elif kind in ("th_open", "td_open"):
            counts["table_cells"] += 1
        elif token.block and token.nesting >= 0 and kind != "inline" and not kind.startswith(_TABLE_PARTS):
            counts["blocks"] += 1  # a paragraph, heading, code block, rule or HTML block
    return Shape(table_rows=rows, nesting=nesting, **counts)


def markdown_problem(text: str) -> str | None:
    """Why ``text`` would be too costly to show, or None. Most texts are cleared without a parse."""
    if "\n" not in text and "|" not in text and not _prefix(text):
        return None  # one line that opens no list or quote: one block at most
    if quick_bound(text).problem() is None:
        return None
    return shape(text).problem()
