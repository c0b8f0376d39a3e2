"""The bilingual glossary: complete for the quizzes' concepts, consistent, and shown by name."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from ds_tui.lessons import load_library
from ds_tui.lessons.glossary import Glossary, Term, glossary
from ds_tui.lessons.model import Text
from ds_tui.ui.app import DsTuiApp
from ds_tui.ui.screens.glossary import GlossaryScreen
from tests.ui_helpers import plain, settle


def test_every_concept_a_bundled_quiz_tags_is_a_term():
    terms = glossary()
    used = {c for lesson in load_library([]).lessons for q in lesson.quiz for c in q.concepts}
    assert used and not {c for c in used if terms.get(c) is None}


def test_the_glossary_is_consistent():
    terms = glossary()
    keys = [k for t in terms.terms for k in (t.id, *t.aliases)]
    assert len(keys) == len(set(keys)), "an id or alias names two terms"
    for term in terms.terms:
        assert term.name.vi and term.name.en and term.definition.vi and term.definition.en, term.id
        assert len(term.definition.vi) <= 240 and len(term.definition.en) <= 240, term.id
        assert all(terms.get(s) is not None for s in term.see), term.id
    assert [t.id for t in terms.terms] == sorted(t.id for t in terms.terms)


def test_aliases_count_as_their_term_and_unknown_ids_read_as_words():
    g = Glossary((Term("process", Text(vi="tiến trình", en="process"), Text(vi="d", en="d"), ("processes",)),))
    assert g.canonical("processes") == "process" and g.name("processes", "vi") == "tiến trình"
    assert g.name("logical-cpu", "en") == "logical cpu"  # never the raw id with its dashes
    assert [t.id for t in g.search("TIẾN", "vi")] == ["process"] and g.search("thread", "en") == []


async def test_the_glossary_screen_finds_a_term_in_either_language(ds_home):
    app = DsTuiApp(lang="vi", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        assert screen.query_one(OptionList).option_count == len(glossary().terms)
        await pilot.press("slash")  # to the search field
        assert screen.query_one(Input).has_focus
        await pilot.press(*"race condition")  # the English name, on the Vietnamese screen
        await pilot.press("enter")  # back to the list
        await pilot.pause()
        race = glossary().get("race-condition")
        assert screen.shown[0].id == race.id  # a match of its name before matches of definitions
        shown = plain(screen.query_one("#glossary-text", Static))
        assert race.name.vi in shown and f"en: {race.name.en}" in shown and race.definition.vi[:30] in shown
        await pilot.press("l")
        await pilot.pause()
        assert race.definition.en[:30] in plain(screen.query_one("#glossary-text", Static))
        await pilot.press("escape")
        assert not isinstance(app.screen, GlossaryScreen)
