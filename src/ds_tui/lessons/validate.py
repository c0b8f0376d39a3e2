"""Check a lesson's node tree against the schema and build the model, collecting every problem.

Each check reports where it failed (line, column, field path such as ``quiz[3].options[1].why.en``)
and carries on, so one run lists all the problems of a file.

What may be embedded, what each demo measures and which parameters it takes are not known here: the
checker is given them (:class:`Known`; ``ds_tui.registry.KNOWN`` derives them from the demos' list), so
lessons import no demo.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from collections.abc import Callable, Mapping

from ds_tui.lessons.model import (
    ASSUMPTIONS,
    LANGS,
    Bound,
    Category,
    Embed,
    Item,
    Lesson,
    Option,
    Question,
    QuestionKind,
    Scaled,
    Section,
    Text,
    Tolerance,
    ToleranceKind,
)
from ds_tui.lessons import limits as L
from ds_tui.lessons.glossary import glossary
from ds_tui.lessons.problems import Problem, Severity
from ds_tui.lessons.yaml_source import YNode
from ds_tui.textsafe import clean

T = TypeVar("T")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CONCEPT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_STD = "tag:yaml.org,2002:"
_BAD = object()  # a value that was reported as wrong (None is a valid null)
_TYPE_NAMES = {
    "str": "a string", "int": "an integer", "float": "a number", "bool": "true/false",
    "null": "nothing (null)", "seq": "a list", "map": "a mapping", "timestamp": "a date",
}


def _describe(node: YNode) -> str:
    return _TYPE_NAMES.get(node.tag.removeprefix(_STD), node.tag)


def _child(node: YNode, key: str) -> YNode | None:
    return next((v for k, v in node.pairs if k.value == key), None) if node.kind == "map" else None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


_KIND_FIELDS: dict[QuestionKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    QuestionKind.SINGLE: (("options",), ()),
    QuestionKind.MULTI: (("options",), ()),
    QuestionKind.TRUE_FALSE: (("answer",), ()),
    QuestionKind.CLASSIFY: (("categories", "items"), ()),
    QuestionKind.ORDER: (("items", "answer"), ()),
    QuestionKind.NUMERIC: (("answer", "tolerance"), ("unit",)),
    QuestionKind.PREDICT: (("demo", "metric", "options"), ("params",)),
}
_COMMON_REQUIRED = ("id", "kind", "prompt", "explanation")
_COMMON_OPTIONAL = ("hint", "concepts", "assumes", "timer_s")
TIMER_S = (5, 600)  # a question's class-quiz thinking time, in seconds


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
class _Checker:
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
            self.report(node, path, f"expected a mapping, found {_describe(node)}")
            return None
        known = required + optional
        seen: dict[str, YNode] = {}
        values: dict[str, YNode] = {}
        for key_node, value in node.pairs:
            if key_node.kind != "scalar" or not isinstance(key_node.value, str):
                self.report(key_node, path, f"keys must be names, found {_describe(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                self.report(key_node, _join(path, key), f"duplicate key '{key}' (first at line {first.line})")
                continue
            seen[key] = key_node
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(known)}"
                self.report(key_node, _join(path, key), f"unknown field '{key}'{hint}")
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
            self.report(node, path, f"expected a list, found {_describe(node)}")
            return []
        if non_empty and not node.items:
            self.report(node, path, "list is empty")
        if most is not None and len(node.items) > most:
            self.report(node, path, f"{len(node.items)} {what}; at most {most} are allowed")
            return node.items[:most]
        return node.items

    def string(self, node: YNode, path: str, limit: int = L.MAX_LINE, markdown: bool = False) -> str | None:
        self.last = node
        if node.kind != "scalar" or node.tag != _STD + "str":
            self.report(node, path, f"expected text, found {_describe(node)}")
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
        if value is not None and not _ID.match(value):
            self.report(node, path, f"id '{clean(value, 80, one_line=True)}' must be lowercase letters, digits and '-'")
            return None
        return value

    def scalar_id(self, node: YNode, path: str) -> str | None:
        # ids like "1" or "true" are written unquoted by authors; accept any scalar as its text
        self.last = node
        value: str | None
        if node.kind == "scalar" and node.tag == _STD + "int" and abs(node.value) < 10**L.MAX_ID:
            value = str(node.value).lower()
        elif node.kind == "scalar" and node.tag == _STD + "bool":
            value = str(node.value).lower()
        else:
            value = self.string(node, path, L.MAX_ID + 1)
        if value is not None and len(value) > L.MAX_ID:
            self.report(node, path, f"an id of {len(value)} characters; at most {L.MAX_ID}")
            return None
        return value

    def integer(self, node: YNode, path: str, low: int = -L.MAX_ORDER, high: int = L.MAX_ORDER) -> int | None:
        self.last = node
        if node.kind != "scalar" or node.tag != _STD + "int":
            self.report(node, path, f"expected an integer, found {_describe(node)}")
            return None
        value = int(node.value)
        if not low <= value <= high:
            self.report(node, path, f"expected an integer from {low:,} to {high:,}")
            return None
        return value

    def number(self, node: YNode, path: str, allow_null: bool = False) -> float | None:
        self.last = node
        if allow_null and node.tag == _STD + "null":
            return None
        if node.kind != "scalar" or node.tag not in (_STD + "int", _STD + "float"):
            self.report(node, path, f"expected a number, found {_describe(node)}")
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
        if node.kind != "scalar" or node.tag != _STD + "bool":
            self.report(node, path, f"expected true or false, found {_describe(node)}")
            return None
        return bool(node.value)

    def text(self, node: YNode, path: str, limit: int = L.MAX_LINE, markdown: bool = False) -> Text | None:
        values = self.mapping(node, path, (), LANGS)
        if values is None:
            return None
        if not values:
            self.report(node, path, "empty text: give at least one of vi, en")
            return None
        parts = {lang: self.string(v, _join(path, lang), limit, markdown) for lang, v in values.items()}
        result = Text(vi=parts.get("vi"), en=parts.get("en"))
        if result.vi is None and result.en is None:
            return None
        for lang in LANGS:
            if lang not in values:
                self.report(node, _join(path, lang), f"missing {lang} translation; the other language is shown", "warning")
        return result

    def optional(self, values: dict[str, YNode], key: str, path: str,
                 read: Callable[[YNode, str], T | None]) -> T | None:
        return read(values[key], _join(path, key)) if key in values else None

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

    # -- the schema ------------------------------------------------------------------------
    def lesson(self, root: YNode) -> Lesson | None:
        values = self.mapping(root, "", ("id", "order", "title", "sections"),
                              ("summary", "quiz", "sources"))
        if values is None:
            return None
        ident = self.optional(values, "id", "", self.ident)
        order = self.optional(values, "order", "", self.integer)
        title = self.optional(values, "title", "", self.title)
        summary = self.optional(values, "summary", "", self.summary)
        sections = self.list_of(values, "sections", self.section, "section", non_empty=True, most=L.MAX_SECTIONS)
        quiz = self.list_of(values, "quiz", self.question, "question", most=L.MAX_QUESTIONS)
        sources = tuple(s for i, n in enumerate(self.seq(values["sources"], "sources", most=L.MAX_SOURCES,
                                                         what="sources"))
                        if (s := self.string(n, f"sources[{i}]")) is not None) if "sources" in values else ()
        if ident is None or order is None or title is None or "sections" not in values:
            return None
        return Lesson(ident, order, title, tuple(sections), summary, tuple(quiz), sources)

    def list_of(self, values: dict[str, YNode], key: str, read: Callable[[YNode, str], Any], what: str,
                non_empty: bool = False, path: str = "", most: int | None = None) -> list[Any]:
        if key not in values:
            return []
        base = _join(path, key)
        nodes = self.seq(values[key], base, non_empty, most, f"{what.replace('category', 'categorie')}s")
        built = [read(n, f"{base}[{i}]") for i, n in enumerate(nodes)]
        ids = [(getattr(b, "id", None), _child(n, "id") or n) for b, n in zip(built, nodes)]
        self.unique(ids, lambda i: f"{base}[{i}].id", what)
        return [b for b in built if b is not None]

    def section(self, node: YNode, path: str) -> Section | None:
        values = self.mapping(node, path, ("id", "title", "body"), ("embed", "notes"))
        if values is None:
            return None
        ident = self.optional(values, "id", path, self.ident)
        title = self.optional(values, "title", path, self.title)
        body = self.optional(values, "body", path, self.body)
        embed = self.optional(values, "embed", path, self.embed)
        notes = self.optional(values, "notes", path, self.body)
        if ident is None or title is None or body is None:
            return None
        return Section(ident, title, body, embed, notes)

    def embed(self, node: YNode, path: str) -> Embed | None:
        values = self.mapping(node, path, (), self.known.kinds)
        if values is None:
            return None
        if len(values) != 1:
            if len(values) > 1 or not node.pairs:  # unknown keys were reported already
                self.report(node, path, f"an embed names exactly one of {', '.join(self.known.kinds)}")
            return None
        (kind, value), = values.items()
        ident = self.scalar_id(value, _join(path, kind))
        if ident is None:
            return None
        if not self.known.has(kind, ident):
            known = self.known.ids_of(kind)
            close = difflib.get_close_matches(ident, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known: {', '.join(known)}"
            self.report(value, _join(path, kind), f"unknown {kind} '{clean(ident, 80, one_line=True)}'{hint}")
            return None
        return Embed(kind, ident)

    # -- questions -------------------------------------------------------------------------
    def question(self, node: YNode, path: str) -> Question | None:
        if node.kind != "map":
            self.report(node, path, f"expected a mapping, found {_describe(node)}")
            return None
        kind_node = _child(node, "kind")
        kind: QuestionKind | None = None
        if kind_node is not None and kind_node.kind == "scalar" and kind_node.value in set(QuestionKind):
            kind = QuestionKind(kind_node.value)
        if kind is None:
            if kind_node is not None:
                shown = clean(str(kind_node.value), 80, one_line=True)
                self.report(kind_node, _join(path, "kind"),
                            f"unknown question kind '{shown}'; one of {', '.join(QuestionKind)}")
            every = tuple(dict.fromkeys(f for r, o in _KIND_FIELDS.values() for f in r + o))
            self.mapping(node, path, _COMMON_REQUIRED, _COMMON_OPTIONAL + every)
            return None
        required, optional = _KIND_FIELDS[kind]
        values = self.mapping(node, path, _COMMON_REQUIRED + required, _COMMON_OPTIONAL + optional)
        if values is None:
            return None
        ident = self.optional(values, "id", path, self.ident)
        prompt = self.optional(values, "prompt", path, self.quiz_text)
        explanation = self.optional(values, "explanation", path, self.quiz_text)
        hint = self.optional(values, "hint", path, self.quiz_text)
        concepts = self.concepts(values, path)
        assumes = self.optional(values, "assumes", path, self.assumption)
        timer_s = self.optional(values, "timer_s", path, self.timer)
        extra = self.kind_fields(kind, node, values, path)
        if ident is None or prompt is None or explanation is None or extra is None:
            return None
        return Question(ident, kind, prompt, explanation, hint, concepts, assumes, **extra, timer_s=timer_s)

    def timer(self, node: YNode, path: str) -> int | None:
        value = self.integer(node, path)
        low, high = TIMER_S
        if value is not None and not low <= value <= high:
            self.report(node, path, f"timer_s must be between {low} and {high} seconds, found {value}")
            return None
        return value

    def concepts(self, values: dict[str, YNode], path: str) -> tuple[str, ...]:
        if "concepts" not in values:
            return ()
        out = []
        for i, n in enumerate(self.seq(values["concepts"], _join(path, "concepts"), most=L.MAX_CONCEPTS,
                                       what="concepts")):
            value = self.string(n, f"{_join(path, 'concepts')}[{i}]", L.MAX_ID)
            if value is not None and not _CONCEPT.match(value):
                self.report(n, f"{_join(path, 'concepts')}[{i}]",
                            f"concept '{clean(value, 80, one_line=True)}' must be lowercase letters, digits and '-'")
            elif value is not None:
                if glossary().terms and glossary().get(value) is None:  # shown as words, but not explained
                    self.report(n, f"{_join(path, 'concepts')}[{i}]",
                                f"concept '{value}' is not in the glossary (src/ds_tui/lessons/glossary.yaml)",
                                "warning")
                out.append(value)
        return tuple(out)

    def assumption(self, node: YNode, path: str) -> str | None:
        value = self.string(node, path)
        if value is not None and value not in ASSUMPTIONS:
            self.report(node, path, f"unknown assumption '{clean(value, 80, one_line=True)}'; one of {', '.join(ASSUMPTIONS)}")
            return None
        return value

    def kind_fields(self, kind: QuestionKind, node: YNode, values: dict[str, YNode], path: str
                    ) -> dict[str, Any] | None:
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTI, QuestionKind.PREDICT):
            return self.choice_fields(kind, node, values, path)
        if kind is QuestionKind.TRUE_FALSE:
            answer = self.optional(values, "answer", path, self.boolean)
            return None if answer is None else {"answer": answer}
        if kind is QuestionKind.CLASSIFY:
            return self.classify_fields(values, path)
        if kind is QuestionKind.ORDER:
            return self.order_fields(values, path)
        return self.numeric_fields(values, path)

    def choice_fields(self, kind: QuestionKind, node: YNode, values: dict[str, YNode], path: str
                      ) -> dict[str, Any] | None:
        predict = kind is QuestionKind.PREDICT
        def read(n: YNode, p: str) -> Any:
            return self.option(n, p, predict)
        options = self.list_of(values, "options", read, "option", non_empty=True, path=path, most=L.MAX_OPTIONS)
        extra: dict[str, Any] = {"options": tuple(options)}
        if "options" not in values or not options:
            return None
        where = values["options"]
        if where.kind == "seq" and 0 < len(where.items) < L.MIN_OPTIONS:
            self.report(where, _join(path, "options"),
                        f"a {kind.value} question needs at least {L.MIN_OPTIONS} options; found {len(where.items)}")
            return None
        correct = [o for o in options if o.correct]
        if not correct:
            self.report(where, _join(path, "options"), "no option is marked correct: true")
        elif kind is QuestionKind.SINGLE and len(correct) > 1:
            self.report(where, _join(path, "options"),
                        f"a single-choice question has one correct option; {len(correct)} are marked")
        if predict:
            extra["demo"] = self.optional(values, "demo", path, self.demo_id)
            extra["metric"] = self.metric(values, extra["demo"], path)
            if extra["demo"] is None or extra["metric"] is None:
                return None
            if "params" in values:
                settings = self.demo_params(values["params"], extra["demo"], _join(path, "params"))
                if settings is None:
                    return None
                extra["demo_params"] = settings
            self.predict_coverage(node, values, path, options, extra.get("demo_params", ()))
        return extra if correct else None

    def predict_coverage(self, node: YNode, values: dict[str, YNode], path: str, options: list[Option],
                         params: tuple[tuple[str, int | str], ...]) -> None:
        """The options' ranges cover every value the demo can measure, once, on any machine."""
        from ds_tui.lessons.ranges import coverage_problems

        probe = Question("q", QuestionKind.PREDICT, Text(en="-"), Text(en="-"), options=tuple(options),
                         demo_params=params)
        for problem in coverage_problems(probe):
            self.report(values["options"], _join(path, "options"), f"ranges: {problem}")

    def option(self, node: YNode, path: str, predict: bool) -> Option | None:
        optional = ("correct", "range", "observed") if predict else ("correct",)
        values = self.mapping(node, path, ("id", "text", "why"), optional)
        if values is None:
            return None
        ident = self.optional(values, "id", path, self.scalar_id)
        text = self.optional(values, "text", path, self.text)
        why = self.optional(values, "why", path, self.quiz_text)
        correct = self.optional(values, "correct", path, self.boolean) or False
        rng = self.optional(values, "range", path, self.value_range)
        observed = self.optional(values, "observed", path, self.text)
        if predict and "observed" not in values:
            self.report(node, path, "missing required field 'observed': what this option means when the "
                                    "student's own machine measured it (shown beside the measurement)")
            return None
        if ident is None or text is None or why is None:
            return None
        return Option(ident, text, why, correct, rng, observed)

    def value_range(self, node: YNode, path: str) -> tuple[Bound, Bound] | None:
        items = self.seq(node, path)
        if len(items) != 2:
            if node.kind == "seq":
                self.report(node, path, "a range is [low, high]; use null for an open end")
            return None
        low, high = (self.bound(n, f"{path}[{i}]") for i, n in enumerate(items))
        if low is _BAD or high is _BAD:
            return None
        if isinstance(low, float) and isinstance(high, float) and low > high:
            self.report(node, path, f"range low {low:g} is above high {high:g}")
            return None
        return (low, high)  # type: ignore[return-value]

    def bound(self, node: YNode, path: str) -> Bound | object:
        """A range's border: null, a number, or relative to the machine: {cores: k} / {workers: k},
        optionally with at_least: x (the border is max(x, k × cores or workers))."""
        if node.tag == _STD + "null":
            return None
        if node.kind == "map":
            values = self.mapping(node, path, (), ("cores", "workers", "at_least"))
            if values is None:
                return _BAD
            per = [k for k in ("cores", "workers") if k in values]
            if len(per) != 1:
                self.report(node, path, "a relative border names one of cores or workers, e.g. {cores: 0.7}")
                return _BAD
            factor = self.number(values[per[0]], _join(path, per[0]))
            floor = self.number(values["at_least"], _join(path, "at_least")) if "at_least" in values else 0.0
            if factor is None or floor is None:
                return _BAD
            if factor <= 0 or not math.isfinite(factor) or not math.isfinite(floor):
                self.report(node, path, f"{per[0]} must be a positive, finite factor")
                return _BAD
            return Scaled(per[0], factor, floor)
        value = self.number(node, path)
        if value is None:
            return _BAD
        if not math.isfinite(value):
            self.report(node, path, "a range border is a finite number or null")
            return _BAD
        return value

    def demo_id(self, node: YNode, path: str) -> str | None:
        ident = self.scalar_id(node, path)
        if ident is not None and not self.known.has("demo", ident):
            self.report(node, path, f"unknown demo '{ident}'; known: {', '.join(self.known.ids_of('demo'))}")
            return None
        return ident

    def demo_params(self, node: YNode, demo: str, path: str) -> tuple[tuple[str, int | str], ...] | None:
        """The settings the demo runs with for this question, checked as `ds-tui demo` checks them."""
        values = self.mapping(node, path, (), ("workers", "size", "microbatches"))
        if values is None:
            return None
        settings: dict[str, int | str] = {}
        for key, value in values.items():
            read = self.string if key == "size" else self.integer
            got = read(value, _join(path, key))
            if got is None:
                return None
            settings[key] = got
        try:
            self.known.check_params(demo, settings)
        except ValueError as exc:
            self.report(node, path, f"demo '{demo}': {exc}")
            return None
        return tuple(settings.items())

    def metric(self, values: dict[str, YNode], demo: str | None, path: str) -> str | None:
        metric = self.optional(values, "metric", path, self.string)
        if metric is None or demo is None:
            return metric
        known = self.known.metrics_of(demo)
        if metric not in known:
            listed = ", ".join(known) if known else "none"
            self.report(values["metric"], _join(path, "metric"), f"demo '{demo}' does not measure '{metric}'; it measures: {listed}")
            return None
        return metric

    def classify_fields(self, values: dict[str, YNode], path: str) -> dict[str, Any] | None:
        categories = self.list_of(values, "categories", self.category, "category", non_empty=True, path=path,
                                  most=L.MAX_CATEGORIES)
        items = self.list_of(values, "items", lambda n, p: self.item(n, p, classify=True), "item",
                             non_empty=True, path=path, most=L.MAX_ITEMS)
        known = {c.id for c in categories}
        item_nodes = values["items"].items if "items" in values and values["items"].kind == "seq" else []
        ok = bool(categories) and bool(items)
        where = values.get("categories")
        if where is not None and where.kind == "seq" and 0 < len(where.items) < L.MIN_CATEGORIES:
            self.report(where, _join(path, "categories"),
                        f"a classify question needs at least {L.MIN_CATEGORIES} categories; found {len(where.items)}")
            ok = False
        for i, item_node in enumerate(item_nodes):
            answer = _child(item_node, "answer")
            if answer is None or answer.kind != "scalar" or not categories:
                continue
            ident = str(answer.value).lower() if answer.tag != _STD + "str" else answer.value
            if ident not in known:
                self.report(answer, f"{_join(path, 'items')}[{i}].answer",
                            f"answer '{clean(ident, 80, one_line=True)}' names no category; "
                            f"categories: {', '.join(c.id for c in categories)}")
                ok = False
        if not ok:
            return None
        return {"categories": tuple(categories), "items": tuple(items)}

    def category(self, node: YNode, path: str) -> Category | None:
        values = self.mapping(node, path, ("id", "text"), ())
        if values is None:
            return None
        ident = self.optional(values, "id", path, self.scalar_id)
        text = self.optional(values, "text", path, self.title)
        return Category(ident, text) if ident is not None and text is not None else None

    def item(self, node: YNode, path: str, classify: bool) -> Item | None:
        required = ("id", "text", "answer", "why") if classify else ("id", "text")
        values = self.mapping(node, path, required, () if classify else ("why",))
        if values is None:
            return None
        ident = self.optional(values, "id", path, self.scalar_id)
        text = self.optional(values, "text", path, self.text)
        why = self.optional(values, "why", path, self.quiz_text)
        answer = self.optional(values, "answer", path, self.scalar_id) if classify else None
        if ident is None or text is None or (classify and (answer is None or why is None)):
            return None
        return Item(ident, text, why, answer)

    def order_fields(self, values: dict[str, YNode], path: str) -> dict[str, Any] | None:
        items = self.list_of(values, "items", lambda n, p: self.item(n, p, classify=False), "item",
                             non_empty=True, path=path, most=L.MAX_ITEMS)
        if "answer" not in values:
            return None
        where = values["items"] if "items" in values else None
        if where is not None and where.kind == "seq" and 0 < len(where.items) < L.MIN_ORDER_ITEMS:
            self.report(where, _join(path, "items"),
                        f"an order question needs at least {L.MIN_ORDER_ITEMS} items; found {len(where.items)}")
            return None
        answer_path = _join(path, "answer")
        answer_nodes = self.seq(values["answer"], answer_path)
        known = [i.id for i in items]
        answer: list[str] = []
        ok = bool(items)
        for i, n in enumerate(answer_nodes):
            ident = self.scalar_id(n, f"{answer_path}[{i}]")
            if ident is None:
                ok = False
            elif ident not in known:
                self.report(n, f"{answer_path}[{i}]", f"answer names '{clean(ident, 80, one_line=True)}', which is "
                                                      f"not an item; items: {', '.join(known)}")
                ok = False
            elif ident in answer:
                self.report(n, f"{answer_path}[{i}]", f"'{ident}' appears twice in the answer")
                ok = False
            else:
                answer.append(ident)
        if ok and values["answer"].kind == "seq" and len(answer) != len(known):
            missing = [k for k in known if k not in answer]
            self.report(values["answer"], answer_path, f"the answer must list every item once; missing: {', '.join(missing)}")
            ok = False
        return {"items": tuple(items), "answer": tuple(answer)} if ok else None

    def numeric_fields(self, values: dict[str, YNode], path: str) -> dict[str, Any] | None:
        answer = self.optional(values, "answer", path, self.number)
        tolerance = self.optional(values, "tolerance", path, self.tolerance)
        unit = self.optional(values, "unit", path, self.title)
        if answer is None or tolerance is None:
            return None
        if tolerance.kind is ToleranceKind.MAGNITUDE and answer <= 0:
            self.report(values["answer"], _join(path, "answer"),
                        "a magnitude tolerance needs a positive answer (orders of magnitude of a number above 0)")
            return None
        return {"answer": answer, "tolerance": tolerance, "unit": unit}

    def tolerance(self, node: YNode, path: str) -> Tolerance | None:
        values = self.mapping(node, path, (), tuple(ToleranceKind))
        if values is None:
            return None
        if len(values) != 1:
            if len(values) > 1 or not node.pairs:
                self.report(node, path, "a tolerance gives exactly one of abs, rel, magnitude")
            return None
        (kind, value_node), = values.items()
        value = self.number(value_node, _join(path, kind))
        if value is None:
            return None
        if value < 0:
            self.report(value_node, _join(path, kind), "a tolerance cannot be negative")
            return None
        return Tolerance(ToleranceKind(kind), value)


def build_lesson(root: YNode, file: str, known: Known | None = None) -> tuple[Lesson | None, list[Problem]]:
    """The lesson (None when any error was found) and every problem of the file. ``known``: what may be
    embedded and measured (default: the program's own, ``ds_tui.registry.KNOWN``)."""
    if known is None:  # the program's own registry (imported here: the lessons do not depend on it)
        from ds_tui.registry import KNOWN

        known = KNOWN
    checker = _Checker(file, known)
    if root.kind != "map":
        checker.report(root, "", f"the top level must be a mapping (id:, title:, sections: ...), found {_describe(root)}")
        return None, checker.problems
    try:
        lesson = checker.lesson(root)
    except Exception as exc:  # a check that failed on a value nobody foresaw: reported where it was
        where = checker.last or root
        checker.problems.append(Problem(file, where.line, where.col, "",
                                        f"cannot check this value: {type(exc).__name__}: "
                                        f"{clean(str(exc), 200, one_line=True)}"))
        return None, checker.problems
    if any(p.is_error for p in checker.problems):
        return None, checker.problems
    return lesson, checker.problems
