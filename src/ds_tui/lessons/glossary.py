"""The course's terms in Vietnamese and English: what a concept id of a quiz is called, and means.

``glossary.yaml`` beside this module is data (one entry per concept: id, aliases, name, definition,
related ids). Quizzes tag questions with these ids; the interface shows the names, never the ids.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ds_tui.i18n import Text

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")


@dataclass(frozen=True)
class Term:
    id: str
    name: Text
    definition: Text
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]

    @functools.cached_property
    def _by_id(self) -> dict[str, Term]:
        index: dict[str, Term] = {}
        for term in self.terms:
            for key in (term.id, *term.aliases):
                index[key] = term
        return index

    def get(self, concept: str) -> Term | None:
        return self._by_id.get(concept)

    def canonical(self, concept: str) -> str:
        """One id per idea: an alias (``processes``) counts as its term (``process``)."""
        term = self.get(concept)
        return term.id if term else concept

    def name(self, concept: str, lang: str) -> str:
        """The concept's name in ``lang``; an unknown id reads as words rather than as an id."""
        term = self.get(concept)
        return term.name.show(lang) if term else concept.replace("-", " ")

    def search(self, query: str, lang: str) -> list[Term]:
        """Terms holding every word of ``query`` in a name (either language), id or alias, then those
        holding them only in their definition; each group by name."""
        words = query.casefold().split()
        named, defined = [], []
        for term in self.terms:
            names = " ".join([term.id, *term.aliases, term.name.vi or "", term.name.en or ""]).casefold()
            if all(w in names for w in words):
                named.append(term)
            elif all(w in f"{names} {term.definition.show(lang).casefold()}" for w in words):
                defined.append(term)

        def by_name(terms: list[Term]) -> list[Term]:
            return sorted(terms, key=lambda t: t.name.show(lang).casefold())

        return by_name(named) + by_name(defined)


def _text(value: object) -> Text:
    if not isinstance(value, dict):
        raise ValueError(f"expected {{vi: ..., en: ...}}, found {type(value).__name__}")
    return Text(vi=str(value["vi"]) if value.get("vi") else None, en=str(value["en"]) if value.get("en") else None)


def parse(data: object) -> Glossary:
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ValueError("a glossary is a mapping with a list 'terms'")
    terms = []
    for entry in data["terms"]:
        terms.append(Term(str(entry["id"]), _text(entry["name"]), _text(entry["definition"]),
                          tuple(str(a) for a in entry.get("aliases") or ()),
                          tuple(str(s) for s in entry.get("see") or ())))
    return Glossary(tuple(terms))


@functools.cache
def glossary() -> Glossary:
    """The bundled glossary (read once); an unreadable file gives an empty one, never an error."""
    import yaml  # lazy: PyYAML loads when the glossary is first opened, not at start-up

    try:
        return parse(yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError):
        return Glossary(())
