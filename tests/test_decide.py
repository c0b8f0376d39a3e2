"""The decision helper's rules: each row of lesson 3's decision table, and its caveats."""

from __future__ import annotations

import pytest

from ds_tui import registry
from ds_tui.decide import FACTORS, MODELS, recommend
from ds_tui.lessons.model import Text


@pytest.mark.parametrize(
    ("answers", "model", "reason_word"),
    [
        ({"work": "wait"}, "thread", "release the GIL"),
        ({"work": "wait", "connections": "many"}, "asyncio", "event loop"),
        ({"work": "compute"}, "process", "own GIL"),
        ({"work": "compute", "python": "free-threaded"}, "thread", "no GIL"),
        ({"work": "native"}, "thread", "releases the GIL"),
        ({"work": "mixed"}, "both", "heavy part needs processes"),
        ({"work": "wait", "isolation": "yes"}, "process", "own address space"),
        ({"work": "compute", "isolation": "yes", "connections": "many"}, "process", "own address space"),
    ],
)
def test_each_row_of_the_decision_table(answers, model, reason_word):
    result = recommend(answers)
    assert result.model == model
    assert any(reason_word in r.en for r in result.reasons)


def test_sharing_data_adds_the_right_caveat():
    shared_threads = recommend({"work": "wait", "sharing": "yes"})
    assert any("lock" in c.en for c in shared_threads.caveats)
    shared_processes = recommend({"work": "compute", "sharing": "yes"})
    assert any("share no memory" in c.en for c in shared_processes.caveats)
    assert not any("share no memory" in c.en for c in recommend({"work": "compute"}).caveats)


def test_unknown_answers_are_refused():
    with pytest.raises(ValueError):
        recommend({"work": "sleep"})
    with pytest.raises(ValueError):
        recommend({"colour": "blue"})


def test_every_text_is_bilingual_and_every_combination_answers():
    texts = [f.prompt for f in FACTORS] + [c.text for f in FACTORS for c in f.choices] + list(MODELS.values())
    assert all(isinstance(t, Text) and not t.missing for t in texts)
    import itertools
    for combo in itertools.product(*[[c.id for c in f.choices] for f in FACTORS]):
        result = recommend(dict(zip([f.id for f in FACTORS], combo)))
        assert result.model in MODELS and result.reasons
        assert all(not r.missing for r in result.reasons + result.caveats)


def test_registry_lists_it_as_a_tool_named_in_both_languages():
    entry = registry.lookup("tool", "decision-helper")
    assert entry is not None and "decision-helper" in registry.ids_of("tool")
    assert entry.title("en") == "Thread-or-process decision helper"
    assert entry.title("vi") == "Trợ lý chọn thread hay process"
    assert registry.lookup("demo", "decision-helper") is None  # a tool, not a demo
