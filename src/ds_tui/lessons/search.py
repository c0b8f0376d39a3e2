"""Search the lessons: titles, section headings and text, in both languages.

Matching ignores case; a query typed without diacritics ignores them too ("luong" finds "luồng" and
"lượng", "da" finds "đa"), so a student can type without a Vietnamese keyboard, while one typed with
them matches them ("luồng" does not find "lượng"). What is shown is the text as written. Every word of
the query must appear in the same field; one hit per section, its best field first (a heading match
beats a text match), sections of lessons in lesson order.
"""

from __future__ import annotations

from collections.abc import Callable

import re
import unicodedata
from dataclasses import dataclass

from ds_tui.lessons.library import LessonLibrary

MAX_RESULTS = 100
SNIPPET_CHARS = 90  # of context shown around the match

_WHERE_RANK = {"heading": 0, "title": 1, "text": 2}


@dataclass(frozen=True)
class SearchHit:
    lesson_id: str
    section_id: str
    section_index: int  # 0-based
    lang: str  # the language the match was found in
    where: str  # "heading" | "title" (the lesson's) | "text"
    snippet: str  # one line of the text around the match, as written


def fold(text: str) -> str:
    """Lower case without diacritics: 'Luồng ĐA' -> 'luong da'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def lower(text: str) -> str:
    """Lower case, diacritics kept (composed, so a decomposed query matches too)."""
    return unicodedata.normalize("NFC", text).casefold()


def _mapped(text: str, how: Callable[[str], str]) -> tuple[str, list[int]]:
    """``how(text)`` and, for each of its characters, the index of the character of ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in how(ch):
            out.append(c)
            where.append(i)
    return "".join(out), where


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[`*]+|(?<!\w)_+|_+(?!\w)")
_BREAKS = re.compile(r"(?m)^\s*#+\s*|^\s*>\s*|\|")
_SPACE = re.compile(r"\s+")


def _shown(text: str) -> str:
    """Markdown as a reader sees it, in one line: no emphasis marks or headings' #, links as their words."""
    text = _LINK.sub(lambda m: m.group(1), text)
    return _SPACE.sub(" ", _BREAKS.sub(" ", _EMPHASIS.sub("", text))).strip()


@dataclass(frozen=True)
class _Field:
    lesson_id: str
    section_id: str
    section_index: int
    lang: str
    where: str
    text: str  # as shown
    folded: str  # fold(text)
    folded_map: tuple[int, ...]  # folded's characters -> text's
    lowered: str  # lower(text)
    lowered_map: tuple[int, ...]


_cached: tuple[LessonLibrary, tuple[_Field, ...]] | None = None  # the library last searched, folded once


def index(library: LessonLibrary) -> tuple[_Field, ...]:
    """Every searchable field, folded (once per library: a thread can build it ahead)."""
    global _cached
    if _cached is not None and _cached[0] is library:
        return _cached[1]
    fields: list[_Field] = []
    for lesson in library.lessons:
        for lang in ("vi", "en"):
            for i, section in enumerate(lesson.sections):
                parts = [("heading", section.title.get(lang)), ("text", section.body.get(lang))]
                if i == 0:
                    parts.insert(0, ("title", lesson.title.get(lang)))
                for where, (raw, fallback) in parts:
                    if not raw or fallback:  # a text missing in this language is searched in its own
                        continue
                    shown = _shown(raw)
                    shown = unicodedata.normalize("NFC", shown)
                    folded, folded_map = _mapped(shown, fold)
                    lowered, lowered_map = _mapped(shown, lower)
                    fields.append(_Field(lesson.id, section.id, i, lang, where, shown, folded, tuple(folded_map),
                                         lowered, tuple(lowered_map)))
    _cached = (library, tuple(fields))
    return _cached[1]


def search(library: LessonLibrary, query: str, lang: str = "en", limit: int = MAX_RESULTS) -> list[SearchHit]:
    """The sections matching every word of ``query``: the words together first, then a heading or a
    lesson's title before the text, then in lesson order; within a section ``lang``'s match is shown."""
    exact = fold(query) != lower(query)  # typed with diacritics: match them
    wanted = " ".join((lower(query) if exact else fold(query)).split())
    words = wanted.split()
    if not words:
        return []
    best: dict[tuple[str, int], tuple[tuple[int, int, int], SearchHit]] = {}
    for f in index(library):
        haystack, where_map = (f.lowered, f.lowered_map) if exact else (f.folded, f.folded_map)
        phrase = haystack.find(wanted)
        positions = [phrase] if phrase >= 0 else [haystack.find(w) for w in words]
        if min(positions) < 0:
            continue
        key = (f.lesson_id, f.section_index)
        rank = (0 if phrase >= 0 else 1, _WHERE_RANK[f.where], 0 if f.lang == lang else 1)
        if key in best and best[key][0] <= rank:
            continue
        hit = SearchHit(f.lesson_id, f.section_id, f.section_index, f.lang, f.where,
                        _snippet(f.text, where_map[positions[0]]))
        best[key] = (rank, hit)
    lessons = [x.id for x in library.lessons]
    ordered = sorted(best.items(), key=lambda kv: (kv[1][0][:2], lessons.index(kv[0][0]), kv[0][1]))
    return [hit for _, (_, hit) in ordered[:limit]]


def _snippet(text: str, start: int) -> str:
    """About SNIPPET_CHARS of ``text`` around ``start``, cut at spaces, with … where it was cut."""
    if len(text) <= SNIPPET_CHARS:
        return text
    left = max(0, start - SNIPPET_CHARS // 3)
    if left > 0:
        space = text.rfind(" ", 0, left + 1)
        left = space + 1 if space >= 0 and left - space < 15 else left
    right = min(len(text), left + SNIPPET_CHARS)
    if right < len(text):
        space = text.rfind(" ", left, right)
        right = space if space > left + SNIPPET_CHARS // 2 else right
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")
