"""Read a lesson file into a tree of positioned YAML nodes, safely.

PyYAML's own composer resolves aliases silently and recurses per nesting level, so this module
builds the tree itself from the parser's event stream: iterative (deep nesting cannot crash it),
every node keeps its line and column, aliases, merge keys and non-standard tags (``!!python/...``)
are reported instead of followed, and nothing is ever constructed beyond plain scalars. Text holding a
control character (ESC, a C1 code, CR, ...) is reported where it is: a lesson is shown on a terminal.

Whatever the file holds, :func:`read_source` returns problems; it never raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ds_tui.textsafe import CONTROL, clean, describe_char, first_control

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # the C parser is ~10x faster; fall back to pure Python where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

MAX_BYTES = 1_000_000
MAX_DEPTH = 64

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_STR = _STD + "str"
_MERGE = _STD + "merge"
# the scalar tags built into values; any other resolved tag ("=" resolves to !!value) stays text
_CONSTRUCTED = {_STD + t for t in ("int", "float", "bool", "null", "timestamp")}
_has_control = CONTROL.search
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


class YNode:
    """A positioned node. Plain class with slots: tens of thousands are made per lesson file."""

    __slots__ = ("kind", "line", "col", "tag", "value", "items", "pairs", "rejected")

    def __init__(self, kind: str, line: int, col: int, tag: str = "", value: Any = None,
                 rejected: bool = False) -> None:
        self.kind = kind  # "scalar" | "seq" | "map"
        self.line = line  # 1-based
        self.col = col  # 1-based
        self.tag = tag
        self.value = value  # scalars: the constructed Python value
        self.items: list[YNode] = [] if kind == "seq" else _NO_ITEMS  # seq
        self.pairs: list[tuple[YNode, YNode]] = [] if kind == "map" else _NO_PAIRS  # map
        self.rejected = rejected  # a source error was reported here; the schema check stays quiet

    def __repr__(self) -> str:
        return f"YNode({self.kind}, {self.line}:{self.col}, {self.tag.removeprefix(_STD)})"


_NO_ITEMS: list[YNode] = []  # shared and never appended to: only seq/map nodes get their own lists
_NO_PAIRS: list[tuple[YNode, YNode]] = []


@dataclass(slots=True)
class SourceError:
    line: int
    col: int
    message: str


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def decode(data: bytes) -> str | SourceError:
    """UTF-8 (a BOM is allowed); otherwise the position of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return SourceError(line, col, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})")


_PLAIN_CACHE: dict[str, str] = {}


def _resolve_plain(value: str, implicit: tuple[bool, bool]) -> str:
    """The implicit tag of a plain scalar; keys such as ``id`` or ``en`` repeat, so short values are cached."""
    tag = _PLAIN_CACHE.get(value) if implicit[0] else None
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
        if implicit[0] and len(value) <= 32 and len(_PLAIN_CACHE) < 4096:
            _PLAIN_CACHE[value] = tag
    return tag


def _scalar_value(tag: str, text: str, line: int, col: int) -> YNode:
    if tag == _STR or tag not in _CONSTRUCTED:  # most lesson scalars: no construction needed
        return YNode("scalar", line, col, tag=_STR, value=text)
    node = yaml.ScalarNode(tag, text)
    construct: Callable[[Any, Any], Any] = SafeConstructor.yaml_constructors[tag]
    try:
        value = construct(_CONSTRUCTOR, node)
    except Exception:  # "!!int abc", "!!bool maybe", a date that is no date, an integer of 5,000 digits
        value = text
        tag = _STR
    return YNode("scalar", line, col, tag=tag, value=value)


def _position(text: str, byte_offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a byte offset into ``text`` encoded as UTF-8 (libyaml counts bytes)."""
    before = text.encode("utf-8", "surrogatepass")[:max(0, byte_offset)].decode("utf-8", "replace")
    line_start = before.rfind("\n") + 1
    return before.count("\n") + 1, len(before) - line_start + 1


def parse(text: str) -> tuple[YNode | None, list[SourceError]]:
    """The document's root node (None if empty or unreadable) and the problems met on the way."""
    errors: list[SourceError] = []
    stack: list[YNode] = []
    pending_key: list[YNode | None] = []  # per open mapping: the key awaiting its value
    root: YNode | None = None
    documents = 0

    def attach(node: YNode) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending_key[-1] is None:
            pending_key[-1] = node
        else:
            parent.pairs.append((pending_key[-1], node))
            pending_key[-1] = None

    def check_tag(tag: str | None, line: int, col: int) -> bool:
        if tag is None or tag == "!" or tag in _ALLOWED_TAGS:
            return True
        shown = clean("!!" + tag[len(_STD):] if tag.startswith(_STD) else tag, 80, one_line=True)
        errors.append(SourceError(line, col, f"tag '{shown}' is not allowed: lessons are data, never code"))
        return False

    def checked_text(value: str, line: int, col: int) -> tuple[str, bool]:
        """The scalar's text, and whether it may be used: control characters are reported, then escaped."""
        if _has_control(value) is None:  # every scalar passes here: the usual case is one regex search
            return value, True
        at = first_control(value) or 0
        errors.append(SourceError(line, col, f"text holds the control character {describe_char(value[at])} "
                                             "(character " f"{at + 1} of this value); lessons hold printable "
                                             "text only (tab and newline are fine)"))
        return clean(value), False

    loader = _Loader(text)
    line, col = 1, 1
    try:
        while True:
            # the loader directly: yaml.parse() adds a generator per event. Any: the events are told apart
            # by type(event) below (cheaper than isinstance here), which a type checker cannot narrow
            event: Any = loader.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                break
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if kind is yaml.ScalarEvent:  # by far the most frequent event: checked first
                explicit = event.tag
                value, printable = checked_text(event.value, line, col)
                if not printable:  # reported; the escaped text stands in, so later messages stay clean
                    attach(YNode("scalar", line, col, _STR, value, rejected=True))
                elif explicit is None or explicit == "!":
                    # quoted and block scalars are always strings; only plain ones need resolving
                    tag = _STR if event.style else _resolve_plain(value, event.implicit)
                    if tag == _MERGE:
                        errors.append(SourceError(line, col, "merge keys (<<) are not supported; "
                                                             "write the fields out"))
                        attach(YNode("scalar", line, col, _STR, value, rejected=True))
                    else:
                        attach(YNode("scalar", line, col, _STR, value) if tag == _STR
                               else _scalar_value(tag, value, line, col))
                elif check_tag(explicit, line, col):
                    attach(_scalar_value(explicit, value, line, col))
                else:
                    attach(YNode("scalar", line, col, tag=_STD + "null", value=None, rejected=True))
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                is_map = kind is yaml.MappingStartEvent
                allowed = check_tag(event.tag, line, col)
                if len(stack) >= MAX_DEPTH:
                    errors.append(SourceError(line, col, f"nested deeper than {MAX_DEPTH} levels"))
                    return None, errors
                node = YNode("map" if is_map else "seq", line, col, tag=_STD + ("map" if is_map else "seq"),
                             rejected=not allowed)
                attach(node)
                stack.append(node)
                pending_key.append(None)
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                stack.pop()
                pending_key.pop()
            elif kind is yaml.AliasEvent:
                errors.append(SourceError(line, col, f"aliases (*{event.anchor}) are not supported; write the value out"))
                attach(YNode("scalar", line, col, tag=_STD + "null", value=None, rejected=True))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    errors.append(SourceError(line, col, "a lesson file holds one YAML document; found a second"))
                    break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark)
        message = ": ".join(p for p in (exc.context, exc.problem) if p)
        errors.append(SourceError(line, col, f"YAML syntax error: {clean(message, 300, one_line=True)}"))
        return None, errors
    except yaml.reader.ReaderError as exc:  # a character YAML refuses outright (a raw ESC, NUL, ...)
        # libyaml counts bytes, PyYAML's own reader characters
        where = _position if _Loader is not yaml.SafeLoader else _char_position
        line, col = where(text, exc.position)
        what = describe_char(chr(exc.character)) if isinstance(exc.character, int) else "a character"
        errors.append(SourceError(line, col, f"the file holds {what}, a character YAML refuses "
                                             "(control characters are never allowed)"))
        return None, errors
    except Exception as exc:  # anything else the parser raises is this file's problem, never the app's
        errors.append(SourceError(line, col, f"cannot read this file: {type(exc).__name__}: "
                                             f"{clean(str(exc), 200, one_line=True)}"))
        return None, errors
    finally:
        loader.dispose()
    return root, errors


def _char_position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of a character index (the pure-Python reader counts characters)."""
    before = text[:max(0, index)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def read_source(data: bytes) -> tuple[YNode | None, list[SourceError]]:
    """Size, encoding and syntax checks, then the node tree."""
    if len(data) > MAX_BYTES:
        return None, [SourceError(1, 1, f"file is {len(data):,} bytes; lessons are limited to {MAX_BYTES:,} bytes")]
    text = decode(data)
    if isinstance(text, SourceError):
        return None, [text]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [SourceError(1, 1, "file is empty")]
    return parse(text)
