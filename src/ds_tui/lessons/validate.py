"""Check a lesson's node tree against the schema and build the model, collecting every problem.

Each check reports where it failed (line, column, field path such as ``quiz[3].options[1].why.en``)
and carries on, so one run lists all the problems of a file.

What may be embedded, what each demo measures and which parameters it takes are not known here: the
checker is given them (:class:`Known`; ``ds_tui.registry.KNOWN`` derives them from the demos' list), so
lessons import no demo.

The node walker is validate_nodes (NodeChecker), the question-kind checks validate_questions
(QuestionChecks); the lesson, its sections, embeds and questions are built here.
"""

from __future__ import annotations

import difflib

from ds_tui.lessons.model import (
    ASSUMPTIONS,
    Embed,
    QUESTION_CLASSES,
    Lesson,
    Question,
    QuestionKind,
    Section,
)
from ds_tui.lessons import limits as L
from ds_tui.lessons.glossary import glossary
from ds_tui.lessons.problems import Problem
from ds_tui.lessons.yaml_source import YNode
from ds_tui.textsafe import clean
from ds_tui.lessons.validate_nodes import CONCEPT, Known, child, describe, join
from ds_tui.lessons.validate_questions import QuestionChecks

__all__ = ["TIMER_S", "Known", "build_lesson"]

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


class _Checker(QuestionChecks):
    """A lesson's checker: the lesson, its sections, embeds and questions."""

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
        ident = self.scalar_id(value, join(path, kind))
        if ident is None:
            return None
        if not self.known.has(kind, ident):
            known = self.known.ids_of(kind)
            close = difflib.get_close_matches(ident, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known: {', '.join(known)}"
            self.report(value, join(path, kind), f"unknown {kind} '{clean(ident, 80, one_line=True)}'{hint}")
            return None
        return Embed(kind, ident)

    # -- questions -------------------------------------------------------------------------
    def question(self, node: YNode, path: str) -> Question | None:
        if node.kind != "map":
            self.report(node, path, f"expected a mapping, found {describe(node)}")
            return None
        kind_node = child(node, "kind")
        kind: QuestionKind | None = None
        if kind_node is not None and kind_node.kind == "scalar" and kind_node.value in set(QuestionKind):
            kind = QuestionKind(kind_node.value)
        if kind is None:
            if kind_node is not None:
                shown = clean(str(kind_node.value), 80, one_line=True)
                self.report(kind_node, join(path, "kind"),
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
        return QUESTION_CLASSES[kind](id=ident, prompt=prompt, explanation=explanation, hint=hint, concepts=concepts,
                                      assumes=assumes, timer_s=timer_s, **extra)

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
        for i, n in enumerate(self.seq(values["concepts"], join(path, "concepts"), most=L.MAX_CONCEPTS,
                                       what="concepts")):
            value = self.string(n, f"{join(path, 'concepts')}[{i}]", L.MAX_ID)
            if value is not None and not CONCEPT.match(value):
                self.report(n, f"{join(path, 'concepts')}[{i}]",
                            f"concept '{clean(value, 80, one_line=True)}' must be lowercase letters, digits and '-'")
            elif value is not None:
                if glossary().terms and glossary().get(value) is None:  # shown as words, but not explained
                    self.report(n, f"{join(path, 'concepts')}[{i}]",
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


def build_lesson(root: YNode, file: str, known: Known | None = None) -> tuple[Lesson | None, list[Problem]]:
    """The lesson (None when any error was found) and every problem of the file. ``known``: what may be
    embedded and measured (default: the program's own, ``ds_tui.registry.KNOWN``)."""
    if known is None:  # the program's own registry (imported here: the lessons do not depend on it)
        # lazy: the one named upward import: the lessons layer does not depend on the registry
        from ds_tui.registry import KNOWN

        known = KNOWN
    checker = _Checker(file, known)
    if root.kind != "map":
        checker.report(root, "", f"the top level must be a mapping (id:, title:, sections: ...), found {describe(root)}")
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

