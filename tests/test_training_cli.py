"""``ds-tui calc``: driven through run_calc with args parsed by a parser built with add_calc_parser."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from ds_tui.training.cli import add_calc_parser, run_calc


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ds-tui")
    p.add_argument("--lang", choices=("vi", "en"))
    add_calc_parser(p.add_subparsers(dest="command"))
    return p


def calc(capsys, *argv: str) -> tuple[int, str, str]:
    code = run_calc(parser().parse_args(["calc", *argv]))
    out, err = capsys.readouterr()
    return code, out, err


def calc_json(capsys, *argv: str) -> dict:
    code, out, err = calc(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(("stage", "gb"), [(0, 120.0), (1, 31.4), (2, 16.6), (3, 1.9)])
def test_zero_paper_example_json(capsys, stage, gb):
    data = calc_json(capsys, "memory", "--params", "7.5e9", "--dp", "64", "--zero", str(stage))
    assert round(data["model_state_bytes"] / 1e9, 1) == gb
    assert data["activations_included"] is False and data["breakdown"]["activations"] is None
    b = data["breakdown"]
    assert b["parameters"] + b["gradients"] + b["optimizer_states"] == data["model_state_bytes"]


def test_zero_paper_example_text(capsys):
    code, out, _ = calc(capsys, "memory", "--params", "7.5B", "--dp", "64", "--zero", "1")
    assert code == 0
    assert "31.4 GB" in out and "Activations not included" in out


def test_preset_with_3d_parallelism_and_fit(capsys):
    data = calc_json(capsys, "memory", "--preset", "gpt3-175b", "--dp", "16", "--tp", "8", "--pp", "8",
                     "--zero", "1", "--recompute", "selective", "--gpu", "a100-80")
    assert data["setup"]["gpus"] == 1024
    assert data["params_per_gpu"] == 2_821_283_328
    assert data["stage"] == {"index": 0, "count": 8, "layers": 12, "micro_batches_in_flight": 8}
    acts = data["breakdown"]["activations"]
    assert set(acts) == {"attention", "feed_forward", "norms_other", "logits_embedding", "total"}
    assert data["total_bytes"] == pytest.approx(data["model_state_bytes"] + acts["total"], abs=2)
    assert data["fit"]["fits"] is True and data["fit"]["gpu"] == "A100 80 GB"
    assert data["activation_formula"] == "s·b·h·(10 + 24/t)"


def test_gpt2_on_a_laptop_gpu_in_both_languages(capsys):
    code, out, _ = calc(capsys, "memory", "--preset", "GPT-2 1.5B", "--gpu", "rtx3060-laptop")
    assert code == 0
    assert "needs 24.9 GB; an RTX 3060 Laptop has 6.4 GB: it cannot train GPT-2 1.5B." in out
    code, out, _ = calc(capsys, "memory", "--preset", "gpt2-1.5b", "--gpu", "rtx3060-laptop", "--lang", "vi")
    assert "không huấn luyện được GPT-2 1.5B" in out and "Tham số" in out and "24,9 GB" in out


def test_top_level_lang_is_kept(capsys):
    code = run_calc(parser().parse_args(["--lang", "vi", "calc", "compute", "--params", "175B", "--tokens", "300B"]))
    out = capsys.readouterr().out
    assert code == 0 and "Khối lượng tính toán" in out and "3,15e23" in out


def test_explicit_model_and_overrides(capsys):
    data = calc_json(capsys, "memory", "--layers", "2", "--hidden", "8", "--heads", "2", "--vocab", "100",
                     "--seq", "16")
    assert data["params"] == 2688  # the tiny model of test_training_memory: ffn defaults to 4 × hidden
    data = calc_json(capsys, "memory", "--preset", "llama3-8b", "--seq", "4096", "--micro-batch", "2")
    assert data["model"]["seq"] == 4096 and data["setup"]["micro_batch"] == 2
    assert data["model"]["name"] == "Llama-3 8B (seq 4096)"


def test_compute_json(capsys):
    data = calc_json(capsys, "compute", "--params", "175B", "--tokens", "300B")
    assert data["flops"] == pytest.approx(3.14e23, rel=0.01)
    assert data["days"] is None
    data = calc_json(capsys, "compute", "--flops", "3.14e23", "--gpus", "1", "--peak-tflops", "28", "--price", "$1.50")
    assert data["days"] / 365.25 == pytest.approx(355, abs=0.5)
    assert 4.6e6 <= data["cost"] < 4.7e6
    data = calc_json(capsys, "compute", "--params", "175B", "--tokens", "300B", "--gpus", "1k",
                     "--peak-tflops", "312", "--utilization", "44%")
    assert data["gpus"] == 1000 and data["utilization"] == pytest.approx(0.44)


def test_compute_text(capsys):
    code, out, _ = calc(capsys, "compute", "--flops", "3.14e23", "--peak-tflops", "28", "--price", "1.5")
    assert code == 0 and "355.4 years" in out and "$4,672,619" in out


def test_presets(capsys):
    data = calc_json(capsys, "presets")
    assert data["models"]["llama3-8b"]["params"] == 8_030_261_248
    assert data["gpus"]["rtx3060-laptop"]["memory_bytes"] == 6 * 2**30
    code, out, _ = calc(capsys, "presets")
    assert code == 0 and "Llama-3 70B" in out and "H100 80 GB" in out


@pytest.mark.parametrize(("argv", "words"), [
    (["memory", "--preset", "gpt3-175b", "--tp", "7"], "must divide the number of heads"),
    (["memory", "--layers", "2"], "missing --hidden"),
    (["memory", "--params", "7.5B", "--preset", "gpt2-1.5b"], "do not combine"),
    (["memory", "--params", "7.5B", "--recompute", "full"], "--recompute"),
    (["memory", "--preset", "gpt-5"], "no model preset"),
    (["memory", "--params", "1B", "--gpu", "tpu-v9"], "no GPU preset"),
    (["compute", "--gpus", "8"], "parameter count"),
    (["compute", "--params", "1e300", "--tokens", "1e300"], "overflow"),
])
def test_errors_exit_2_with_a_message(capsys, argv, words):
    code, out, err = calc(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err and err.startswith("ds-tui calc") and "Traceback" not in err


def test_error_in_vietnamese(capsys):
    code, _, err = calc(capsys, "memory", "--preset", "gpt3-175b", "--tp", "7", "--lang", "vi")
    assert code == 2 and "phải chia hết số head" in err


def test_no_calculator_chosen(capsys):
    code, _, err = calc(capsys)
    assert code == 2 and "memory, compute or presets" in err


@pytest.mark.parametrize("argv", [
    ["memory", "--params", "lots"],
    ["memory", "--params", "1B", "--dp", "0"],
    ["memory", "--params", "1B", "--zero", "4"],
    ["compute", "--utilization", "44", "--params", "1B", "--tokens", "1B"],
    ["memory", "--params", "1B", "--gpu", "a100", "--gpu-memory", "80GB"],
])
def test_bad_values_are_argparse_errors(capsys, argv):
    with pytest.raises(SystemExit) as info:
        parser().parse_args(["calc", *argv])
    assert info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_calc_never_imports_textual():
    code = (
        "import argparse, sys\n"
        "from ds_tui.training.cli import add_calc_parser, run_calc\n"
        "p = argparse.ArgumentParser(); add_calc_parser(p.add_subparsers(dest='command'))\n"
        "run_calc(p.parse_args(['calc', 'memory', '--preset', 'llama3-70b', '--tp', '8', '--pp', '4', '--gpu', 'h100']))\n"
        "print('TEXTUAL:', sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "TEXTUAL: []" in result.stdout, result.stdout + result.stderr
