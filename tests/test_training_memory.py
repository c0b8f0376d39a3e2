"""The memory calculator: parameter counts, ZeRO, TP, PP and activations, checked by hand against the papers."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from ds_tui.training import (
    GPU_PRESETS,
    MODEL_PRESETS,
    CalcError,
    ModelConfig,
    TrainingSetup,
    count_parameters,
    fits,
    gpu_preset,
    layer_activations,
    memory,
    model_preset,
    model_state,
)
from ds_tui.training.memory import activation_formula

GPT2 = MODEL_PRESETS["gpt2-1.5b"]
GPT3 = MODEL_PRESETS["gpt3-175b"]
LLAMA8 = MODEL_PRESETS["llama3-8b"]
LLAMA70 = MODEL_PRESETS["llama3-70b"]


# --- ZeRO paper (Rajbhandari et al. 2020): Ψ = 7.5B, N_d = 64 -> 120 / 31.4 / 16.6 / 1.9 GB ----------------

@pytest.mark.parametrize(("stage", "published_gb", "exact_bytes"), [
    (0, 120.0, 16 * 7.5e9),                  # 16Ψ
    (1, 31.4, 4 * 7.5e9 + 12 * 7.5e9 / 64),  # 4Ψ + 12Ψ/N_d = 30 + 1.40625 GB
    (2, 16.6, 2 * 7.5e9 + 14 * 7.5e9 / 64),  # 2Ψ + 14Ψ/N_d = 15 + 1.640625 GB
    (3, 1.9, 16 * 7.5e9 / 64),               # 16Ψ/N_d = 1.875 GB
])
def test_zero_paper_example(stage, published_gb, exact_bytes):
    b = model_state(7.5e9, TrainingSetup(dp=64, zero=stage))
    assert b.model_state == pytest.approx(exact_bytes)
    assert round(b.model_state / 1e9, 1) == published_gb
    assert b.activations is None and b.total == b.model_state


def test_zero_shards_what_each_stage_says():
    psi, n = 1e9, 8
    s1 = model_state(psi, TrainingSetup(dp=n, zero=1))
    assert (s1.parameters, s1.gradients, s1.optimizer_states) == pytest.approx((2 * psi, 2 * psi, 12 * psi / n))
    s2 = model_state(psi, TrainingSetup(dp=n, zero=2))
    assert (s2.parameters, s2.gradients, s2.optimizer_states) == pytest.approx((2 * psi, 2 * psi / n, 12 * psi / n))
    s3 = model_state(psi, TrainingSetup(dp=n, zero=3))
    assert (s3.parameters, s3.gradients, s3.optimizer_states) == pytest.approx((2 * psi / n, 2 * psi / n, 12 * psi / n))


@pytest.mark.parametrize(("precision", "optimizer", "bytes_per_param"), [
    ("mixed", "adam", 16), ("mixed", "sgd-momentum", 12), ("mixed", "sgd", 8),
    ("fp32", "adam", 16), ("fp32", "sgd-momentum", 12), ("fp32", "sgd", 8),
])
def test_bytes_per_parameter(precision, optimizer, bytes_per_param):
    # mixed: 2 (bf16 weights) + 2 (grads) + 4 (fp32 master) + 4 per fp32 moment; fp32: 4 + 4 + 4 per moment
    b = model_state(1e9, TrainingSetup(precision=precision, optimizer=optimizer))
    assert b.model_state == pytest.approx(bytes_per_param * 1e9)


def test_params_only_divides_by_tp_and_pp():
    b = model_state(175e9, TrainingSetup(tp=8, pp=8))
    assert b.params_per_gpu == pytest.approx(175e9 / 64)
    assert b.model_state == pytest.approx(16 * 175e9 / 64)  # 43.75 GB


# --- parameter counts from the published configurations ----------------------------------------------------

def test_parameter_counts_match_published_models():
    assert count_parameters(GPT2).total == 1_557_611_200  # Hugging Face gpt2-xl
    assert count_parameters(LLAMA8).total == 8_030_261_248  # Meta Llama-3-8B
    assert count_parameters(LLAMA70).total == 70_553_706_496  # Meta Llama-3-70B
    assert count_parameters(GPT3).total == pytest.approx(175e9, rel=0.005)  # 174.6B; the paper rounds


def test_gpt_layer_is_12h2_plus_13h():
    h = GPT3.hidden
    assert count_parameters(GPT3).layer.total == 12 * h * h + 13 * h


def test_llama_layer_by_hand():
    # attention: Q and O 4096² each, K and V 4096 × (8 × 128) each; SwiGLU 3 × 4096 × 14336; two RMSNorms 4096
    layer = count_parameters(LLAMA8).layer
    assert layer.total == 2 * 4096**2 + 2 * 4096 * 1024 + 3 * 4096 * 14336 + 2 * 4096  # 218,112,000


def test_tiny_model_by_hand():
    cfg = ModelConfig("tiny", layers=2, hidden=8, heads=2, ffn=32, vocab=100, seq=16)
    pc = count_parameters(cfg)
    # per layer 12·8² + 13·8 = 768 + 104 = 872; 2 layers 1744; embedding 100·8 = 800; positions 16·8 = 128;
    # final LayerNorm 2·8 = 16; tied output projection 0 -> 2688
    assert (pc.layer.total, pc.embedding, pc.positions, pc.final_norm, pc.head) == (872, 800, 128, 16, 0)
    assert pc.total == 2688


# --- TP and PP: what they really divide -----------------------------------------------------------------------

def test_tp_divides_layer_weights_not_norms_tiny():
    cfg = ModelConfig("tiny", layers=2, hidden=8, heads=2, ffn=32, vocab=100, seq=16)
    b = memory(cfg, TrainingSetup(tp=2))
    # attention split 4·8² + 3·8 (QKV bias) = 280 -> 140; FFN split 2·32·8 + 32 (first bias) = 544 -> 272;
    # replicated: two LayerNorms 4·8 + two output biases 2·8 = 48.  Per layer 140 + 272 + 48 = 460, × 2 = 920.
    # Vocabulary-parallel embedding 800/2 = 400, positions 128 (whole), final norm 16 (whole) -> 1464
    assert b.params_per_gpu == 1464
    assert b.parameters == 2 * 1464


def test_gpt3_3d_parallel_by_hand():
    """GPT-3 on DP 16 × TP 8 × PP 8 (Megatron-LM's layout), ZeRO-1, selective recomputation, micro-batch 1."""
    b = memory(GPT3, TrainingSetup(dp=16, tp=8, pp=8, zero=1, recompute="selective"))
    h = 12288
    per_rank_layer = (4 * h * h + 3 * h) / 8 + (8 * h * h + 4 * h) / 8 + 6 * h  # 226,576,896
    assert per_rank_layer == 226_576_896
    # first stage: 96/8 = 12 layers + embedding 50257·12288/8 + positions 2048·12288
    psi = 12 * per_rank_layer + 50257 * h / 8 + 2048 * h
    assert b.stage == 0 and b.stage_layers == 12 and b.in_flight == 8
    assert b.params_per_gpu == psi == 2_821_283_328
    assert b.model_state == pytest.approx(4 * psi + 12 * psi / 16)  # 13.4 GB
    # activations: sbh·(10 + 24/8) per layer, 12 layers × 8 micro-batches in flight, + 8 embedding dropout masks
    sbh = 2048 * 1 * h
    assert b.activations.total == pytest.approx(13 * sbh * 12 * 8 + sbh * 8)  # 31.6 GB
    # by part: attention 3sbh + 8sbh/8, feed-forward 3sbh + 16sbh/8, norms 4sbh
    assert b.activations.attention == pytest.approx(4 * sbh * 96)
    assert b.activations.feed_forward == pytest.approx(5 * sbh * 96)
    assert b.activations.norms_other == pytest.approx(4 * sbh * 96)
    assert round(b.total / 1e9, 1) == 45.0


def test_pp_reports_last_stage_when_logits_dominate():
    """Llama-3 8B, PP 4, full recomputation: the last stage's fp32 logits outweigh the first's 4 micro-batches."""
    b = memory(LLAMA8, TrainingSetup(dp=8, pp=4, zero=1, recompute="full"))
    s, h, v = 8192, 4096, 128256
    assert (b.stage, b.stage_layers, b.in_flight) == (3, 8, 1)
    # 8 layers × 218,112,000 + final RMSNorm 4096 + untied output projection 128256·4096
    assert b.params_per_gpu == 8 * 218_112_000 + 4096 + v * h
    # full recomputation keeps each layer's input 2sbh; output layer: 2sbh + 2sbh and fp32 logits 4·s·V
    assert b.activations.norms_other == 8 * 2 * s * h
    assert b.activations.logits_embedding == 4 * s * h + 4 * s * v
    first_stage_acts = 8 * 4 * 2 * s * h + 4 * s * h  # 4 micro-batches in flight + embedding dropout masks
    assert b.activations.total > first_stage_acts


def test_uneven_layers_give_the_first_stage_one_more():
    b = memory(GPT2, TrainingSetup(pp=5))
    assert b.stage == 0 and b.stage_layers == 10  # 48 = 10 + 10 + 10 + 9 + 9


def test_in_flight_scales_first_stage_activations():
    four = memory(GPT2, TrainingSetup(pp=4))
    eight = memory(GPT2, TrainingSetup(pp=4, in_flight=8))  # GPipe with m = 8 keeps 8
    assert eight.in_flight == 8
    assert eight.activations.total == pytest.approx(2 * four.activations.total)


def test_tied_embeddings_are_copied_to_the_last_stage():
    b = memory(GPT2, TrainingSetup(pp=2))
    pc = count_parameters(GPT2)
    assert b.stage == 0
    last_stage_params = 24 * pc.layer.total + pc.final_norm + pc.embedding
    first_stage_params = 24 * pc.layer.total + pc.embedding + pc.positions
    assert b.params_per_gpu == first_stage_params > last_stage_params


def test_gqa_kv_heads_by_hand():
    cfg = ModelConfig("tiny-gqa", layers=1, hidden=16, heads=4, kv_heads=2, ffn=32, vocab=10, seq=8,
                      gated_ffn=True, tied_embeddings=False, learned_positions=False, bias=False, rmsnorm=True)
    # Q and O 2·16·16 = 512; K and V 2·16·(2 heads × 4) = 256; SwiGLU 3·16·32 = 1536; two RMSNorms 32;
    # embedding 10·16 = 160, output projection 160, final norm 16
    assert count_parameters(cfg).total == 512 + 256 + 1536 + 32 + 160 + 160 + 16
    # TP 2: one KV head per rank -> 512/2 + 256/2 + 1536/2 + 32 + 160/2 + 160/2 + 16 = 1360
    assert memory(cfg, TrainingSetup(tp=2)).params_per_gpu == 1360
    # TP 4 with 2 KV heads: each rank keeps one whole KV head (2·16·4 = 128), not a quarter of both
    assert memory(cfg, TrainingSetup(tp=4)).params_per_gpu == 512 / 4 + 128 + 1536 / 4 + 32 + 40 + 40 + 16


# --- activations: Korthikanti et al. 2022, eqs. 1, 2, 4 and 6 ---------------------------------------------------

CONFIGS = [GPT2, GPT3, ModelConfig("gpt-small", layers=12, hidden=768, heads=12, ffn=3072, vocab=50257, seq=1024)]


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: c.name)
@pytest.mark.parametrize("b", [1, 4])
def test_layer_activations_follow_korthikanti(cfg, b):
    s, h, a = cfg.seq, cfg.hidden, cfg.heads
    sbh = s * b * h
    none = layer_activations(cfg, TrainingSetup(micro_batch=b)).total
    assert none == pytest.approx(sbh * (34 + 5 * a * s / h))  # eq. 1
    for t in (2, 4, 8) if a % 8 == 0 else (1,):
        tp = layer_activations(cfg, TrainingSetup(micro_batch=b, tp=t)).total
        assert tp == pytest.approx(sbh * (10 + 24 / t + 5 * a * s / (h * t)))  # eq. 2
        sp = layer_activations(cfg, TrainingSetup(micro_batch=b, tp=t, sequence_parallel=True)).total
        assert sp == pytest.approx(sbh * (34 / t + 5 * a * s / (h * t)))  # eq. 4
        sel = layer_activations(cfg, TrainingSetup(micro_batch=b, tp=t, recompute="selective")).total
        assert sel == pytest.approx(sbh * (10 + 24 / t))  # the 5as/h term dropped
    full = layer_activations(cfg, TrainingSetup(micro_batch=b, recompute="full")).total
    assert full == 2 * sbh


def test_gpt2_activations_by_hand():
    b = memory(GPT2)
    # per layer 1024·1600·(34 + 5·25·1024/1600) = 1,638,400 × (34 + 80) = 186,777,600; × 48 layers
    layers = 48 * 186_777_600
    # embedding dropout mask sbh; final norm and output-projection inputs 2sbh + 2sbh; fp32 logits 4·s·V
    outside = 1_638_400 + 4 * 1_638_400 + 4 * 1024 * 50257
    assert b.activations.total == layers + outside == 9_179_369_472
    assert b.activations.logits_embedding == outside
    # attention 11sbh + 5as²b; feed-forward 19sbh; norms 4sbh — per layer, × 48
    assert b.activations.attention == 48 * (11 * 1_638_400 + 5 * 25 * 1024 * 1024)
    assert b.activations.feed_forward == 48 * 19 * 1_638_400
    assert b.activations.norms_other == 48 * 4 * 1_638_400


def test_fp32_activations_take_four_bytes_masks_one():
    cfg = CONFIGS[2]
    s, h, a = cfg.seq, cfg.hidden, cfg.heads
    sbh = s * h
    # attention (4+1)sbh + 4·4sbh + (2·4+1)as²; feed-forward (4+1)sbh + 2·4·4sbh; norms 2·4sbh
    expected = (5 + 16) * sbh + 9 * a * s * s + (5 + 32) * sbh + 8 * sbh
    assert layer_activations(cfg, TrainingSetup(precision="fp32")).total == expected


def test_activations_linear_in_batch_quadratic_in_sequence():
    base = layer_activations(GPT2, TrainingSetup()).attention
    assert layer_activations(GPT2, TrainingSetup(micro_batch=2)).attention == pytest.approx(2 * base)
    longer = layer_activations(dataclasses.replace(GPT2, seq=2048), TrainingSetup()).attention
    assert 2 * base < longer <= 4 * base


def test_activation_formula_names_the_equation():
    assert activation_formula(TrainingSetup()) == "s·b·h·(34 + 5·a·s/h)"
    assert activation_formula(TrainingSetup(tp=8)) == "s·b·h·(10 + 24/t + 5·a·s/(h·t))"
    assert activation_formula(TrainingSetup(tp=8, sequence_parallel=True)) == "s·b·h·(34/t + 5·a·s/(h·t))"
    assert activation_formula(TrainingSetup(tp=8, recompute="selective")) == "s·b·h·(10 + 24/t)"
    assert activation_formula(TrainingSetup(recompute="full")) == "2·s·b·h"


# --- the fit check ------------------------------------------------------------------------------------------------

def test_rtx3060_laptop_cannot_train_gpt2():
    gpu = gpu_preset("rtx3060-laptop")
    assert gpu.memory_bytes == 6 * 2**30
    check = fits(memory(GPT2), gpu.memory_bytes, gpu.name)
    assert not check.fits and not check.model_state_fits
    # what is needed, then what the GPU has, then the verdict; the GPU named once, its size once
    assert check.message.en == ("The model state alone (parameters, gradients, optimizer states) needs 24.9 GB; "
                                "an RTX 3060 Laptop has 6.4 GB: it cannot train GPT-2 1.5B.")
    assert check.message.vi == ("Riêng trạng thái mô hình (tham số, gradient, trạng thái optimizer) đã cần 24,9 GB; "
                                "RTX 3060 Laptop có 6,4 GB: không huấn luyện được GPT-2 1.5B.")
    assert "24,9 GB" in check.message.vi
    assert check.hint is not None and "4" in check.hint.en  # ZeRO-3 over ceil(24.9 / 6.44) = 4 GPUs


def test_fit_when_activations_do_not_fit_and_when_all_fits():
    a100 = gpu_preset("a100-80")
    tight = fits(memory(GPT2, TrainingSetup(micro_batch=32)), a100.memory_bytes, a100.name)
    assert tight.model_state_fits and not tight.fits and "activations" in tight.message.en
    ok = fits(memory(GPT3, TrainingSetup(dp=16, tp=8, pp=8, zero=1, recompute="selective")),
              a100.memory_bytes, a100.name)
    assert ok.fits and "an A100 has 85.9 GB: it can train GPT-3 175B" in ok.message.en
    assert ok.spare == pytest.approx(a100.memory_bytes - ok.needed)
    anonymous = fits(model_state(7.5e9), 24e9)
    assert anonymous.message.en.endswith("; this GPU has 24.0 GB: it cannot train a 7.50B-parameter model.")


def test_gpu_presets():
    assert {g.label for g in GPU_PRESETS.values()} == {
        "RTX 3060 Laptop 6 GB", "RTX 3060 12 GB", "V100 16 GB", "V100 32 GB", "A100 40 GB", "A100 80 GB",
        "H100 80 GB"}
    assert gpu_preset("H100").key == "h100-80"
    assert gpu_preset("A100 40 GB").key == "a100-40"
    with pytest.raises(CalcError):
        gpu_preset("tpu")


def test_model_presets_by_key_or_name():
    assert model_preset("Llama-3 70B") is LLAMA70
    assert model_preset("GPT3-175B") is GPT3
    assert (LLAMA70.layers, LLAMA70.hidden, LLAMA70.heads, LLAMA70.kv_heads, LLAMA70.ffn) == (80, 8192, 64, 8, 28672)


# --- bad input -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cfg", "setup", "words"), [
    (GPT3, TrainingSetup(tp=5), "divide the number of heads"),
    (GPT2, TrainingSetup(pp=49), "more than the 48 layers"),
    (GPT2, TrainingSetup(zero=4), "ZeRO stage"),
    (GPT2, TrainingSetup(precision="fp8"), "precision"),
    (GPT2, TrainingSetup(dp=0), "dp must be"),
    (dataclasses.replace(GPT2, hidden=1601), TrainingSetup(), "divisible"),
])
def test_bad_input_raises_a_bilingual_error(cfg, setup, words):
    with pytest.raises(CalcError) as info:
        memory(cfg, setup)
    assert words in str(info.value)
    assert info.value.text.vi


def test_notes_warn_about_unusual_setups():
    b = memory(GPT3, TrainingSetup(tp=16, pp=8, dp=2, zero=3))
    text = " ".join(n.en for n in b.notes)
    assert "node" in text and "DeepSpeed" in text


def test_training_package_never_imports_textual():
    src = Path(__file__).parent.parent / "src" / "ds_tui" / "training"
    for path in src.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in names if m.split(".")[0] == "textual" or m.startswith("ds_tui.ui")}, path
