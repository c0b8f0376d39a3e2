"""The lesson checker's question-kind checks: each kind's own fields (options, predictions and the
demo they are measured by, categories, orders, numeric answers and tolerances).
"""

from __future__ import annotations

import math
from typing import Any, assert_never, cast

from ds_tui.lessons.model import (
    Bound,
    Category,
    Item,
    Option,
    PredictQuestion,
    QuestionKind,
    Scaled,
    Text,
    Tolerance,
    ToleranceKind,
)
from ds_tui.lessons import limits as L
from ds_tui.lessons.yaml_source import YNode
from ds_tui.textsafe import clean
from ds_tui.lessons.validate_nodes import BAD, STD, NodeChecker, child, join


class QuestionChecks(NodeChecker):
    """The fields each kind of question has besides the common ones."""

    def kind_fields(self, kind: QuestionKind, node: YNode, values: dict[str, YNode], path: str
                    ) -> dict[str, Any] | None:
        """The kind's own fields, checked, as keyword arguments of its class (None: a problem was reported)."""
        match kind:
            case QuestionKind.SINGLE | QuestionKind.MULTI | QuestionKind.PREDICT:
                return self.choice_fields(kind, node, values, path)
            case QuestionKind.TRUE_FALSE:
                answer = self.optional(values, "answer", path, self.boolean)
                return None if answer is None else {"answer": answer}
            case QuestionKind.CLASSIFY:
                return self.classify_fields(values, path)
            case QuestionKind.ORDER:
                return self.order_fields(values, path)
            case QuestionKind.NUMERIC:
                return self.numeric_fields(values, path)
            case _:
                assert_never(kind)

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
            self.report(where, join(path, "options"),
                        f"a {kind.value} question needs at least {L.MIN_OPTIONS} options; found {len(where.items)}")
            return None
        correct = [o for o in options if o.correct]
        if not correct:
            self.report(where, join(path, "options"), "no option is marked correct: true")
        elif kind is QuestionKind.SINGLE and len(correct) > 1:
            self.report(where, join(path, "options"),
                        f"a single-choice question has one correct option; {len(correct)} are marked")
        if predict:
            extra["demo"] = self.optional(values, "demo", path, self.demo_id)
            extra["metric"] = self.metric(values, extra["demo"], path)
            if extra["demo"] is None or extra["metric"] is None:
                return None
            if "params" in values:
                settings = self.demo_params(values["params"], extra["demo"], join(path, "params"))
                if settings is None:
                    return None
                extra["demo_params"] = settings
            self.predict_coverage(node, values, path, options, extra.get("demo_params", ()))
        return extra if correct else None

    def predict_coverage(self, node: YNode, values: dict[str, YNode], path: str, options: list[Option],
                         params: tuple[tuple[str, int | str], ...]) -> None:
        """The options' ranges cover every value the demo can measure, once, on any machine."""
        # lazy: only lessons with predict questions need the range checks
        from ds_tui.lessons.ranges import coverage_problems

        probe = PredictQuestion("q", Text(en="-"), Text(en="-"), options=tuple(options), demo="-", metric="-",
                                demo_params=params)
        for problem in coverage_problems(probe):
            self.report(values["options"], join(path, "options"), f"ranges: {problem}")

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
        if low is BAD or high is BAD:
            return None
        if isinstance(low, float) and isinstance(high, float) and low > high:
            self.report(node, path, f"range low {low:g} is above high {high:g}")
            return None
        return (cast(Bound, low), cast(Bound, high))  # neither is BAD (checked above)

    def bound(self, node: YNode, path: str) -> Bound | object:
        """A range's border: null, a number, or relative to the machine: {cores: k} / {workers: k},
        optionally with at_least: x (the border is max(x, k × cores or workers))."""
        if node.tag == STD + "null":
            return None
        if node.kind == "map":
            values = self.mapping(node, path, (), ("cores", "workers", "at_least"))
            if values is None:
                return BAD
            per = [k for k in ("cores", "workers") if k in values]
            if len(per) != 1:
                self.report(node, path, "a relative border names one of cores or workers, e.g. {cores: 0.7}")
                return BAD
            factor = self.number(values[per[0]], join(path, per[0]))
            floor = self.number(values["at_least"], join(path, "at_least")) if "at_least" in values else 0.0
            if factor is None or floor is None:
                return BAD
            if factor <= 0 or not math.isfinite(factor) or not math.isfinite(floor):
                self.report(node, path, f"{per[0]} must be a positive, finite factor")
                return BAD
            return Scaled(per[0], factor, floor)
        value = self.number(node, path)
        if value is None:
            return BAD
        if not math.isfinite(value):
            self.report(node, path, "a range border is a finite number or null")
            return BAD
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
            got = read(value, join(path, key))
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
            self.report(values["metric"], join(path, "metric"), f"demo '{demo}' does not measure '{metric}'; it measures: {listed}")
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
            self.report(where, join(path, "categories"),
                        f"a classify question needs at least {L.MIN_CATEGORIES} categories; found {len(where.items)}")
            ok = False
        for i, item_node in enumerate(item_nodes):
            answer = child(item_node, "answer")
            if answer is None or answer.kind != "scalar" or not categories:
                continue
            ident = str(answer.value).lower() if answer.tag != STD + "str" else answer.value
            if ident not in known:
                self.report(answer, f"{join(path, 'items')}[{i}].answer",
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
            self.report(where, join(path, "items"),
                        f"an order question needs at least {L.MIN_ORDER_ITEMS} items; found {len(where.items)}")
            return None
        answer_path = join(path, "answer")
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
            self.report(values["answer"], join(path, "answer"),
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
        value = self.number(value_node, join(path, kind))
        if value is None:
            return None
        if value < 0:
            self.report(value_node, join(path, kind), "a tolerance cannot be negative")
            return None
        return Tolerance(ToleranceKind(kind), value)


