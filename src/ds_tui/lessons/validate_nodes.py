"""The lesson checker's node walker: typed reads of YAML nodes (strings, numbers, ids, texts in each
language, lists, mappings), each reporting where it failed and carrying on.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ds_tui.lessons.model import LANGS, Text
from ds_tui.lessons import limits as L
from ds_tui.lessons.problems import Problem, Severity
from ds_tui.lessons.yaml_source import YNode
from ds_tui.textsafe import clean

T = TypeVar("T")

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CONCEPT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
STD = "tag:yaml.org,2002:"
BAD = object()  # a value that was reported as wrong (None is a valid null)
_TYPE_NAMES = {
    "str": "a string", "int": "an integer", "float": "a number", "bool": "true/false",
    "null": "nothing (null)", "seq": "a list", "map": "a mapping", "timestamp": "a date",
}


def describe(node: YNode) -> str:
    return _TYPE_NAMES.get(node.tag.removeprefix(STD), node.tag)


def child(node: YNode, key: str) -> YNode | None:
    return next((v for k, v in node.pairs if k.value == key), None) if node.kind == "map" else None


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Known(Protocol):
    """What the checker is told about the program: the embeds it can show, what its demos measure and
    which parameters they take."""

    kinds: tuple[str, ...]  # "panel", "demo", "tool"

    def has(self, kind: str, ident: str) -> bool: ...

    def ids_of(self, kind: str) -> list[str]: ...

    def metrics_of(self, demo: str) -> tuple[str, ...]: ...

    def check_params(self, demo: str, settings: Mapping[str, Any]) -> None:
        """ValueError naming the first bad parameter."""
        ...


@dataclass
class NodeChecker:
    """Where the problems go, and the checks every part of a lesson is read with."""

    file: str
    known: Known
    problems: list[Problem] = field(default_factory=list)
    last: YNode | None = None  # the node being checked: where an unexpected failure is reported

    # -- reporting -------------------------------------------------------------------------
    def report(self, node: YNode, path: str, message: str, severity: Severity = "error") -> None:
        if node.rejected:
            return
        self.problems.append(Problem(self.file, node.line, node.col, path, message, severity))

    # -- shapes ----------------------------------------------------------------------------
    def mapping(self, node: YNode, path: str, required: tuple[str, ...], optional: tuple[str, ...]
                ) -> dict[str, YNode] | None:
        self.last = node
        if node.kind != "map":
            self.report(node, path, f"expected a mapping, found {describe(node)}")
            return None
        known = required + optional
        seen: dict[str, YNode] = {}
        values: dict[str, YNode] = {}
        for key_node, value in node.pairs:
            if key_node.kind != "scalar" or not isinstance(key_node.value, str):
                self.report(key_node, path, f"keys must be names, found {describe(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                self.report(key_node, join(path, key), f"duplicate key '{key}' (first at line {first.line})")
                continue
            seen[key] = key_node
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(known)}"
                self.report(key_node, join(path, key), f"unknown field '{key}'{hint}")
                continue
            values[key] = value
        typos = {m for k in seen if k not in known for m in difflib.get_close_matches(k, known, n=1, cutoff=0.6)}
        for key in required:
            if key not in seen and key not in typos:  # a typo of it was reported already
                self.report(node, path, f"missing required field '{key}'")
        return values

    def seq(self, node: YNode, path: str, non_empty: bool = False, most: int | None = None,
            what: str = "entries") -> list[YNode]:
        self.last = node
        if node.kind != "seq":
            self.report(node, path, f"expected a list, found {describe(node)}")
            return []
        if non_empty and not node.items:
            self.report(node, path, "list is empty")
        if most is not None and len(node.items) > most:
            self.report(node, path, f"{len(node.items)} {what}; at most {most} are allowed")
            return node.items[:most]
        return node.items

    def string(self, node: YNode, path: str, limit: int = L.MAX_LINE, markdown: bool = False) -> str | None:
        self.last = node
        if node.kind != "scalar" or node.tag != STD + "str":
            self.report(node, path, f"expected text, found {describe(node)}")
            return None
        if not node.value.strip():
            self.report(node, path, "empty text")
            return None
        if len(node.value) > limit:
            self.report(node, path, f"text of {len(node.value):,} characters; at most {limit:,} are allowed here")
            return None
        if markdown:
            problem = L.markdown_problem(node.value)
            if problem is not None:
                self.report(node, path, problem)
                return None
        return str(node.value)

    def ident(self, node: YNode, path: str) -> str | None:
        value = self.scalar_id(node, path)
        if value is not None and not ID.match(value):
            self.report(node, path, f"id '{clean(value, 80, one_line=True)}' must be lowercase letters, digits and '-'")
            return None
        return value

    def scalar_id(self, node: YNode, path: str) -> str | None:
        # ids like "1" or "true" are written unquoted by authors; accept any scalar as its text
        self.last = node
        value: str | None
        if node.kind == "scalar" and node.tag == STD + "int" and abs(node.value) < 10**L.MAX_ID:
            value = str(node.value).lower()
        elif node.kind == "scalar" and node.tag == STD + "bool":
            value = str(node.value).lower()
        else:
            value = self.string(node, path, L.MAX_ID + 1)
        if value is not None and len(value) > L.MAX_ID:
            self.report(node, path, f"an id of {len(value)} characters; at most {L.MAX_ID}")
            return None
        return value

    def integer(self, node: YNode, path: str, low: int = -L.MAX_ORDER, high: int = L.MAX_ORDER) -> int | None:
        self.last = node
        if node.kind != "scalar" or node.tag != STD + "int":
            self.report(node, path, f"expected an integer, found {describe(node)}")
            return None
        value = int(node.value)
        if not low <= value <= high:
            self.report(node, path, f"expected an integer from {low:,} to {high:,}")
            return None
        return value

    def number(self, node: YNode, path: str, allow_null: bool = False) -> float | None:
        self.last = node
        if allow_null and node.tag == STD + "null":
            return None
        if node.kind != "scalar" or node.tag not in (STD + "int", STD + "float"):
            self.report(node, path, f"expected a number, found {describe(node)}")
            return None
        try:
            value = float(node.value)
        except OverflowError:  # an integer of hundreds of digits
            value = math.inf
        if math.isnan(value):
            self.report(node, path, "expected a number, found NaN (not a number)")
            return None
        if not -L.MAX_NUMBER <= value <= L.MAX_NUMBER:
            self.report(node, path, f"expected a finite number from -{L.MAX_NUMBER:g} to {L.MAX_NUMBER:g}")
            return None
        return value

    def boolean(self, node: YNode, path: str) -> bool | None:
        self.last = node
        if node.kind != "scalar" or node.tag != STD + "bool":
            self.report(node, path, f"expected true or false, found {describe(node)}")
            return None
        return bool(node.value)

    def text(self, node: YNode, path: str, limit: int = L.MAX_LINE, markdown: bool = False) -> Text | None:
        values = self.mapping(node, path, (), LANGS)
        if values is None:
            return None
        if not values:
            self.report(node, path, "empty text: give at least one of vi, en")
            return None
        parts = {lang: self.string(v, join(path, lang), limit, markdown) for lang, v in values.items()}
        result = Text(vi=parts.get("vi"), en=parts.get("en"))
        if result.vi is None and result.en is None:
            return None
        for lang in LANGS:
            if lang not in values:
                self.report(node, join(path, lang), f"missing {lang} translation; the other language is shown", "warning")
        return result

    def optional(self, values: dict[str, YNode], key: str, path: str,
                 read: Callable[[YNode, str], T | None]) -> T | None:
        return read(values[key], join(path, key)) if key in values else None

    def title(self, node: YNode, path: str) -> Text | None:
        return self.text(node, path, L.MAX_TITLE)

    def summary(self, node: YNode, path: str) -> Text | None:
        return self.text(node, path, L.MAX_SUMMARY)

    def body(self, node: YNode, path: str) -> Text | None:
        return self.text(node, path, L.MAX_BODY, markdown=True)

    def quiz_text(self, node: YNode, path: str) -> Text | None:
        return self.text(node, path, L.MAX_QUIZ_TEXT, markdown=True)

    def unique(self, entries: list[tuple[str | None, YNode]], path_of: Callable[[int], str], what: str) -> None:
        first: dict[str, int] = {}
        for i, (ident, node) in enumerate(entries):
            if ident is None:
                continue
            if ident in first:
                self.report(node, path_of(i), f"duplicate {what} id '{ident}' (first at line {entries[first[ident]][1].line})")
            else:
                first[ident] = i

    def list_of(self, values: dict[str, YNode], key: str, read: Callable[[YNode, str], Any], what: str,
                non_empty: bool = False, path: str = "", most: int | None = None) -> list[Any]:
        if key not in values:
            return []
        base = join(path, key)
        nodes = self.seq(values[key], base, non_empty, most, f"{what.replace('category', 'categorie')}s")
        built = [read(n, f"{base}[{i}]") for i, n in enumerate(nodes)]
        ids = [(getattr(b, "id", None), child(n, "id") or n) for b, n in zip(built, nodes)]
        self.unique(ids, lambda i: f"{base}[{i}].id", what)
        return [b for b in built if b is not None]

