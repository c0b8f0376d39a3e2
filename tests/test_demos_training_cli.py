"""``ds-tui demo allreduce|pipeline``: listed, the JSON shape of the other demos with their metric, the table,
--microbatches."""

from __future__ import annotations

import json

from ds_tui.demos import pipeline as pl
from ds_tui.demos.catalog import DEMOS, demo_modes
from tests.demos_helpers import wait_no_children
from tests.test_demos_cli import cli

RUN_KEYS = {"mode", "workers", "wall_s", "cpu_s", "speedup", "efficiency", "ok", "lanes", "busy_s", "extra"}


def test_list_shows_both():
    code, out, _ = cli("list", "--lang", "en")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "ring all-reduce" in lines["allreduce"].lower()
    assert "GPipe" in lines["pipeline"] and "1F1B" in lines["pipeline"]


def test_allreduce_json():
    code, out, err = cli("allreduce", "--size", "small", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"demo", "params", "machine", "runs", "metrics", "explanation", "cancelled"}
    assert data["demo"] == "allreduce" and data["params"] == {"workers": 4, "size": "small"}
    assert [r["mode"] for r in data["runs"]] == list(demo_modes("allreduce", DEMOS["allreduce"].params()))
    for run in data["runs"]:
        assert RUN_KEYS <= set(run) and run["ok"] is True and run["wall_s"] > 0
    single, ring = data["runs"][:2]
    assert single["speedup"] is None and ring["speedup"] > 0
    assert data["metrics"] == {"bytes_ratio": 1.5}
    assert ring["extra"]["bytes_ratio"] == 1.5 and ring["extra"]["bytes_formula_ratio"] == 1.5
    assert len(ring["extra"]["loss"]) == 20 and ring["extra"]["loss_max_diff"] < 1e-12
    assert data["explanation"]["en"] and data["explanation"]["vi"]
    assert not wait_no_children()


def test_pipeline_json_with_micro_batches():
    code, out, err = cli("pipeline", "--size", "small", "--workers", "3", "--microbatches", "6", "--json",
                         "--timeline")
    assert code == 0, err
    data = json.loads(out)
    assert data["params"] == {"workers": 3, "size": "small", "microbatches": 6}
    assert [r["mode"] for r in data["runs"]] == ["gpipe", "1f1b"]
    for run in data["runs"]:
        assert RUN_KEYS <= set(run) and run["ok"] is True and run["workers"] == 3
        assert run["extra"]["bubble_formula"] == round(2 / 8, 6)
        assert {s[3] for s in run["timeline"]} == {"fwd", "bwd"}
        # the figure is what the printed timeline says (to its 4-decimal rounding); other work on the machine
        # only ever adds idle time (a loaded CI measured 0.34), so it is never far below the schedule's 2/8.
        # How close a quiet run comes to the formula: test_demos_pipeline.py
        ops: list[list[tuple[str, int, float, float]]] = [[] for _ in range(3)]
        for worker, start, end, kind in run["timeline"]:
            ops[worker].append((kind, 0, start, end))
        assert abs(run["extra"]["bubble"] - pl.bubble(ops)[0]) <= 0.005
        assert 2 / 8 - 0.08 <= run["extra"]["bubble"] < 0.9
    assert set(data["metrics"]) == {"bubble"} and data["metrics"]["bubble"] == round(data["runs"][0]["extra"]["bubble"], 4)


def test_pipeline_table_in_vietnamese():
    code, out, err = cli("pipeline", "--size", "small", "--lang", "vi")
    assert code == 0
    assert "GPipe" in out and "1F1B" in out and "bubble = 0," in out
    assert "(p − 1)/(m + p − 1) = 3/7 = 0,43" in " ".join(out.split())  # the text wraps at the console width
    assert "GPipe" in err  # progress on stderr


def test_micro_batches_only_for_the_pipeline():
    code, out, err = cli("race", "--microbatches", "4")
    assert code == 2 and out == "" and "micro-batch" in err
    code, _, err = cli("pipeline", "--microbatches", "0")
    assert code == 2 and "microbatches" in err


def test_torch_mode_is_named_in_the_explanation_when_absent(monkeypatch):
    from ds_tui.demos.kinds import allreduce as allreduce_demo

    monkeypatch.setattr(allreduce_demo, "torch_available", lambda: False)
    code, out, _ = cli("allreduce", "--size", "small", "--workers", "2", "--lang", "en")
    assert code == 0
    assert 'pip install "ds-tui[torch]"' in " ".join(out.split())  # plain text, not eaten as markup
    assert "torch gloo" not in out.split("Metrics")[0]
