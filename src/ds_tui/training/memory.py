"""Memory per GPU for training a transformer: model state (ZeRO), activations (Korthikanti), and a fit check.

**Model state** (Rajbhandari et al. 2020, "ZeRO"): Ψ is the number of parameters *this GPU* holds after
tensor and pipeline parallelism. Bytes per parameter (weights, gradients, optimizer states):

=====================  ===========  ===========
optimizer              mixed bf16/  fp32
                       fp16
=====================  ===========  ===========
adam                   2 + 2 + 12   4 + 4 + 8
sgd-momentum           2 + 2 + 8    4 + 4 + 4
sgd                    2 + 2 + 4    4 + 4 + 0
=====================  ===========  ===========

(mixed precision keeps an fp32 master copy of the weights with the optimizer states: Adam's 12 = 4 + 4 + 4,
hence ZeRO's 16Ψ). ZeRO over N_d data-parallel GPUs divides the optimizer states (stage 1), also the
gradients (stage 2), also the weights (stage 3): for mixed Adam 4Ψ + 12Ψ/N_d, 2Ψ + 14Ψ/N_d, 16Ψ/N_d.

**Where TP and PP put the parameters** (Megatron-LM): TP over t GPUs divides each layer's weight matrices
and the biases of its column-parallel matrices, and the vocabulary-parallel embedding and output projection;
the norms and the output biases of the row-parallel matrices stay whole on every rank. With fewer KV heads
than ranks each rank keeps one whole KV head. PP over p GPUs gives each stage L/p layers (the first L mod p
stages one more); the first stage also holds the embeddings, the last the final norm and the output
projection (or, with tied embeddings, a copy of the token embedding). The breakdown reports the heavier of
the first and last stage — the first one, except when the last stage's logits outweigh the first stage's
extra micro-batches (e.g. full recomputation with a large vocabulary).

**Activations** (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models",
§4): per layer and micro-batch of b sequences of s tokens, 16-bit values and 1-byte dropout masks,

    s·b·h·(34 + 5·a·s/h)                     bytes, no parallelism (eq. 1)
    s·b·h·(10 + 24/t + 5·a·s/(h·t))          with TP t, no sequence parallelism (eq. 2)
    s·b·h·(34/t + 5·a·s/(h·t))               with TP t and sequence parallelism (eq. 4)

selective recomputation drops the 5·a·s/h attention-score term (softmax output, its dropout mask and
output: 5·a·s²·b bytes); full recomputation keeps only each layer's input, 2·s·b·h (divided by t with
sequence parallelism, where that input is sharded). By part (mixed precision, MHA, f = 4h, GeLU):

- attention 11·s·b·h + 5·a·s²·b: QKV input 2sbh, Q and K 4sbh, V 2sbh, output-projection input 2sbh,
  dropout mask sbh; TP divides all but the input and the mask (3sbh stay whole);
- feed-forward 19·s·b·h: input 2sbh, activation input 2sbf, second-matrix input 2sbf, dropout mask sbh
  (3sbh stay whole under TP);
- norms 4·s·b·h: the inputs of the two norms (whole under TP).

Generalised the obvious way, which reduces exactly to the equations above for a GPT layer: K and V take
2·s·b·(kv_heads·h/a) each (grouped-query attention); the FFN stores 2 tensors of s·b·f (4 with SwiGLU:
gate, up, their activation and product, as in the Hugging Face Ultra-Scale Playbook's calculator); in fp32
every value takes 4 bytes (masks stay 1 byte). Dropout masks are counted as in the paper even for models
trained without dropout (Llama), which makes those figures slightly conservative.

Outside the layers (§4.3): the first stage stores the embedding dropout mask s·b·h per micro-batch in flight;
the last stage stores the final norm's input 2sbh, the output projection's input 2sbh (divided by t with
sequence parallelism) and the fp32 logits 4·s·b·V/t, for one micro-batch.

**Pipeline**: with the 1F1B schedule stage i holds the activations of min(p − i, m) micro-batches: the first
stage p of its L/p layers — one whole model's worth of layers — the last stage one. ``in_flight`` sets the
first stage's count (default p; give m for GPipe, which keeps all m).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ds_tui.i18n import Text, many
from ds_tui.training.models import ModelConfig, ParamCount, count_parameters
from ds_tui.training.units import CalcError, format_bytes, format_count

PRECISIONS: tuple[str, ...] = ("mixed", "fp32")
OPTIMIZERS: tuple[str, ...] = ("adam", "sgd-momentum", "sgd")
RECOMPUTE: tuple[str, ...] = ("none", "selective", "full")

#: bytes per parameter: (weights, gradients, optimizer states incl. the fp32 master copy in mixed precision)
STATE_BYTES: dict[tuple[str, str], tuple[int, int, int]] = {
    ("mixed", "adam"): (2, 2, 12),
    ("mixed", "sgd-momentum"): (2, 2, 8),
    ("mixed", "sgd"): (2, 2, 4),
    ("fp32", "adam"): (4, 4, 8),
    ("fp32", "sgd-momentum"): (4, 4, 4),
    ("fp32", "sgd"): (4, 4, 0),
}

TP_NODE_SIZE = 8  # GPUs per NVLink node (DGX/HGX)


@dataclass(frozen=True, slots=True)
class TrainingSetup:
    """How the model is trained: batch, precision, optimizer and the degrees of parallelism.

    ``dp`` × ``tp`` × ``pp`` GPUs in all. ``zero`` is the ZeRO stage (0–3) over the ``dp`` GPUs.
    ``in_flight`` is how many micro-batches' activations the first pipeline stage holds (default ``pp``,
    the 1F1B schedule); it only matters when ``pp > 1``.
    """

    micro_batch: int = 1
    precision: str = "mixed"
    optimizer: str = "adam"
    dp: int = 1
    tp: int = 1
    pp: int = 1
    zero: int = 0
    recompute: str = "none"
    sequence_parallel: bool = False
    in_flight: int | None = None

    @property
    def gpus(self) -> int:
        return self.dp * self.tp * self.pp

    @property
    def first_stage_in_flight(self) -> int:
        if self.pp == 1:
            return 1
        return self.in_flight if self.in_flight is not None else self.pp

    def validate(self) -> None:
        for name in ("micro_batch", "dp", "tp", "pp"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise CalcError(Text(vi=f"{name} phải là số nguyên ≥ 1 (đang là {value!r})",
                                     en=f"{name} must be a whole number ≥ 1 (got {value!r})"))
        if self.in_flight is not None and (not isinstance(self.in_flight, int) or self.in_flight < 1):
            raise CalcError(Text(vi=f"số micro-batch đang xử lý phải ≥ 1 (đang là {self.in_flight!r})",
                                 en=f"micro-batches in flight must be ≥ 1 (got {self.in_flight!r})"))
        if self.zero not in (0, 1, 2, 3):
            raise CalcError(Text(vi=f"ZeRO chỉ có giai đoạn 0–3 (đang là {self.zero!r})",
                                 en=f"ZeRO stage must be 0, 1, 2 or 3 (got {self.zero!r})"))
        for name, allowed in (("precision", PRECISIONS), ("optimizer", OPTIMIZERS), ("recompute", RECOMPUTE)):
            if getattr(self, name) not in allowed:
                raise CalcError(Text(vi=f"{name} phải là một trong {', '.join(allowed)} (đang là {getattr(self, name)!r})",
                                     en=f"{name} must be one of {', '.join(allowed)} (got {getattr(self, name)!r})"))


@dataclass(frozen=True, slots=True)
class Activations:
    """Activation bytes on one GPU, by part of the model."""

    attention: float = 0.0
    feed_forward: float = 0.0
    norms_other: float = 0.0  # the two norms' inputs; with full recomputation, the stored layer inputs
    logits_embedding: float = 0.0  # embedding dropout mask; final norm, output projection input, fp32 logits

    @property
    def total(self) -> float:
        return self.attention + self.feed_forward + self.norms_other + self.logits_embedding

    def times(self, k: float) -> Activations:
        return Activations(self.attention * k, self.feed_forward * k, self.norms_other * k, self.logits_embedding * k)

    def plus(self, other: Activations) -> Activations:
        return Activations(self.attention + other.attention, self.feed_forward + other.feed_forward,
                           self.norms_other + other.norms_other, self.logits_embedding + other.logits_embedding)


@dataclass(frozen=True, slots=True)
class MemoryBreakdown:
    """Bytes on the most loaded GPU. ``activations`` is ``None`` when only a parameter count was given."""

    model: ModelConfig | None
    setup: TrainingSetup
    params_total: float  # the whole model
    params_per_gpu: float  # Ψ: this GPU's share after TP and PP, before ZeRO
    parameters: float
    gradients: float
    optimizer_states: float
    activations: Activations | None
    stage: int = 0  # the reported pipeline stage, 0-based
    stage_layers: int = 0
    in_flight: int = 1  # micro-batches whose activations that stage holds
    notes: tuple[Text, ...] = ()

    @property
    def model_state(self) -> float:
        """Parameters + gradients + optimizer states."""
        return self.parameters + self.gradients + self.optimizer_states

    @property
    def total(self) -> float:
        return self.model_state + (self.activations.total if self.activations else 0.0)

    @property
    def model_state_unsharded(self) -> float:
        """The model state without ZeRO: what ZeRO-3 divides by N_d."""
        p, g, o = STATE_BYTES[(self.setup.precision, self.setup.optimizer)]
        return (p + g + o) * self.params_per_gpu


def shard_model_state(psi: float, setup: TrainingSetup) -> tuple[float, float, float]:
    """(weights, gradients, optimizer states) in bytes for Ψ = ``psi`` parameters under ``setup.zero``."""
    p, g, o = STATE_BYTES[(setup.precision, setup.optimizer)]
    n, z = setup.dp, setup.zero
    return (p * psi / (n if z >= 3 else 1), g * psi / (n if z >= 2 else 1), o * psi / (n if z >= 1 else 1))


def model_state(params: float, setup: TrainingSetup | None = None) -> MemoryBreakdown:
    """Model state only, from a parameter count: Ψ = params / (tp·pp), everything assumed divisible."""
    setup = setup or TrainingSetup()
    setup.validate()
    if not params > 0:
        raise CalcError(Text(vi=f"số tham số phải dương (đang là {params!r})",
                             en=f"the parameter count must be positive (got {params!r})"))
    psi = params / (setup.tp * setup.pp)
    weights, grads, opt = shard_model_state(psi, setup)
    return MemoryBreakdown(None, setup, params, psi, weights, grads, opt, None, stage=0,
                           in_flight=setup.first_stage_in_flight, notes=_notes(None, setup))


def layer_activations(cfg: ModelConfig, setup: TrainingSetup) -> Activations:
    """Activation bytes of one transformer layer for one micro-batch on one TP rank (module docstring)."""
    s, b, h, a, f, t = cfg.seq, setup.micro_batch, cfg.hidden, cfg.heads, cfg.ffn, setup.tp
    v = 2 if setup.precision == "mixed" else 4  # bytes per stored value; dropout masks take 1
    sbh = s * b * h
    whole = t if setup.sequence_parallel else 1  # what TP alone leaves whole, SP splits too
    if setup.recompute == "full":
        return Activations(norms_other=v * sbh / whole)
    kv_rank = cfg.head_dim * max(cfg.kv / t, 1)  # K (or V) width on one rank
    attention = (v + 1) * sbh / whole + v * s * b * (2 * h / t + 2 * kv_rank)
    if setup.recompute == "none":
        attention += (2 * v + 1) * a * s * s * b / t
    ffn_tensors = 4 if cfg.gated_ffn else 2
    feed_forward = (v + 1) * sbh / whole + ffn_tensors * v * s * b * f / t
    norms = 2 * v * sbh / whole
    return Activations(attention, feed_forward, norms)


def memory(cfg: ModelConfig, setup: TrainingSetup | None = None) -> MemoryBreakdown:
    """The per-GPU memory of training ``cfg`` with ``setup``: the heavier of the first and last PP stage."""
    setup = setup or TrainingSetup()
    setup.validate()
    pc = count_parameters(cfg)
    t, p = setup.tp, setup.pp
    if cfg.heads % t:
        raise CalcError(Text(vi=f"TP = {t} phải chia hết số head ({cfg.heads}): mỗi GPU giữ trọn một số head",
                             en=f"TP = {t} must divide the number of heads ({cfg.heads}): each GPU holds whole heads"))
    if p > cfg.layers:
        raise CalcError(Text(vi=f"PP = {p} lớn hơn số lớp ({cfg.layers}): mỗi giai đoạn cần ít nhất một lớp",
                             en=f"PP = {p} is more than the {cfg.layers} layers: each stage needs at least one layer"))
    layer_params = _rank_layer_params(pc, cfg, t)
    layer_acts = layer_activations(cfg, setup)
    first = _stage(0, cfg, setup, pc, layer_params, layer_acts)
    if p > 1:
        last = _stage(p - 1, cfg, setup, pc, layer_params, layer_acts)
        if last.total > first.total:
            first = last
    return first


def _rank_layer_params(pc: ParamCount, cfg: ModelConfig, t: int) -> float:
    lp = pc.layer
    kv_rank = lp.kv * max(cfg.kv / t, 1) / cfg.kv
    return (lp.attention_split - lp.kv) / t + kv_rank + lp.ffn_split / t + lp.replicated


def _stage(i: int, cfg: ModelConfig, setup: TrainingSetup, pc: ParamCount, layer_params: float,
           layer_acts: Activations) -> MemoryBreakdown:
    t, p = setup.tp, setup.pp
    layers = cfg.layers // p + (1 if i < cfg.layers % p else 0)
    in_flight = setup.first_stage_in_flight if i == 0 else min(setup.first_stage_in_flight, p - i)
    s, b, h = cfg.seq, setup.micro_batch, cfg.hidden
    v = 2 if setup.precision == "mixed" else 4
    whole = t if setup.sequence_parallel else 1
    psi = layers * layer_params
    outside = 0.0
    if i == 0:  # token (vocabulary-parallel) and position embeddings; the embedding dropout mask
        psi += pc.embedding / t + pc.positions
        outside += s * b * h / whole * in_flight
    if i == p - 1:  # final norm, output projection (or the tied embedding's copy), logits for one micro-batch
        psi += pc.final_norm
        if pc.head:
            psi += pc.head / t
        elif p > 1:
            psi += pc.embedding / t
        outside += 2 * v * s * b * h / whole + 4 * s * b * cfg.vocab / t
    acts = layer_acts.times(layers * in_flight).plus(Activations(logits_embedding=outside))
    weights, grads, opt = shard_model_state(psi, setup)
    return MemoryBreakdown(cfg, setup, pc.total, psi, weights, grads, opt, acts, stage=i, stage_layers=layers,
                           in_flight=in_flight, notes=_notes(cfg, setup))


def _notes(cfg: ModelConfig | None, setup: TrainingSetup) -> tuple[Text, ...]:
    notes: list[Text] = []
    if setup.tp > TP_NODE_SIZE:
        notes.append(Text(
            vi=f"TP = {setup.tp} vượt quá {TP_NODE_SIZE} GPU của một node: all-reduce của TP phải đi qua mạng giữa các node và thông lượng giảm mạnh. Hãy giữ TP trong một node (NVLink).",
            en=f"TP = {setup.tp} is more than the {TP_NODE_SIZE} GPUs of one node: TP's all-reduces would cross the network between nodes and throughput drops sharply. Keep TP inside a node (NVLink)."))
    if setup.zero >= 2 and setup.pp > 1:
        notes.append(Text(
            vi="DeepSpeed không cho dùng ZeRO giai đoạn 2 hoặc 3 cùng song song pipeline; Megatron-LM chỉ chia trạng thái optimizer (như giai đoạn 1).",
            en="DeepSpeed does not allow ZeRO stage 2 or 3 together with pipeline parallelism; Megatron-LM shards only the optimizer states (like stage 1)."))
    if setup.zero > 0 and setup.dp == 1:
        notes.append(Text(vi="ZeRO chia trạng thái giữa các GPU song song dữ liệu; với DP = 1 nó không chia được gì.",
                          en="ZeRO shards the state across the data-parallel GPUs; with DP = 1 it shards nothing."))
    if setup.pp > 1 and setup.first_stage_in_flight < setup.pp:
        notes.append(Text(
            vi=f"Chỉ {setup.first_stage_in_flight} micro-batch cho {setup.pp} giai đoạn: pipeline có bong bóng lớn (GPU chờ nhau). Cần m ≥ 4p để bong bóng nhỏ.",
            en=f"Only {many(setup.first_stage_in_flight, 'micro-batch')} for {setup.pp} stages: the pipeline bubble is large (GPUs wait for each other). m ≥ 4p keeps it small."))
    if setup.sequence_parallel and setup.tp == 1:
        notes.append(Text(vi="Song song chuỗi (sequence parallelism) đi kèm TP; với TP = 1 nó không có tác dụng.",
                          en="Sequence parallelism works with TP; with TP = 1 it changes nothing."))
    return tuple(notes)


def activation_formula(setup: TrainingSetup) -> str:
    """The per-layer equation of Korthikanti et al. that ``setup`` uses (GPT layer, mixed precision), in bytes."""
    t = setup.tp
    sp = setup.sequence_parallel and t > 1
    if setup.recompute == "full":
        return "2·s·b·h/t" if sp else "2·s·b·h"
    score = "" if setup.recompute == "selective" else ("5·a·s/h" if t == 1 else "5·a·s/(h·t)")
    if t == 1:
        body = "34" + (f" + {score}" if score else "")
        return f"s·b·h·({body})" if score else "34·s·b·h"
    if sp:
        return f"s·b·h·(34/t + {score})" if score else "34·s·b·h/t"
    return "s·b·h·(10 + 24/t" + (f" + {score})" if score else ")")


@dataclass(frozen=True, slots=True)
class FitCheck:
    fits: bool
    needed: float  # bytes per GPU: the total, or the model state when activations were not computed
    available: float
    model_state_fits: bool
    message: Text
    hint: Text | None = None

    @property
    def spare(self) -> float:
        return self.available - self.needed


def _article(name: str) -> str:
    """'An' before a vowel sound, including initialisms read letter by letter (An RTX, An H100, A V100)."""
    first = name[:1]
    if first.upper() in "AEIOU":
        return "An"
    if first in "FHLMNRSX" and len(name) > 1 and (name[1].isupper() or name[1].isdigit()):
        return "An"
    return "A"


def fits(breakdown: MemoryBreakdown, gpu_bytes: float, gpu_name: str | None = None) -> FitCheck:
    """Whether ``breakdown`` fits a GPU of ``gpu_bytes``, with a sentence in both languages saying why.

    ``gpu_name`` is the GPU's name without its memory ("RTX 3060 Laptop"); the caller passes the GPU the
    hardware probe found or a preset (:mod:`ds_tui.training.gpus`). Sizes are printed in decimal GB.
    """
    if not gpu_bytes > 0:
        raise CalcError(Text(vi=f"bộ nhớ GPU phải dương (đang là {gpu_bytes!r})",
                             en=f"GPU memory must be positive (got {gpu_bytes!r})"))
    # what is needed first, then what the GPU has, then the verdict: "Needs 24.9 GB …; an RTX 3060 Laptop
    # has 6.4 GB: it cannot train GPT-2 1.5B."
    name_en = f"{_article(gpu_name).lower()} {gpu_name}" if gpu_name else "this GPU"
    name_vi = gpu_name or "GPU này"
    cap_en, cap_vi = format_bytes(gpu_bytes), format_bytes(gpu_bytes, "vi")
    has_en, has_vi = f"{name_en} has {cap_en}", f"{name_vi} có {cap_vi}"
    if breakdown.model and breakdown.model.name:
        model_en = model_vi = breakdown.model.name
    else:
        model_en = f"a {format_count(breakdown.params_total)}-parameter model"
        model_vi = f"mô hình {format_count(breakdown.params_total, 'vi')} tham số"
    per_gpu_en = " per GPU" if breakdown.setup.gpus > 1 else ""
    per_gpu_vi = " mỗi GPU" if breakdown.setup.gpus > 1 else ""
    ms = breakdown.model_state
    ms_en, ms_vi = format_bytes(ms), format_bytes(ms, "vi")
    model_state_fits = ms <= gpu_bytes
    hint: Text | None = None
    if not model_state_fits:
        message = Text(
            vi=f"Riêng trạng thái mô hình (tham số, gradient, trạng thái optimizer) đã cần {ms_vi}{per_gpu_vi}; "
               f"{has_vi}: không huấn luyện được {model_vi}.",
            en=f"The model state alone (parameters, gradients, optimizer states) needs {ms_en}{per_gpu_en}; "
               f"{has_en}: it cannot train {model_en}.")
        n = math.ceil(breakdown.model_state_unsharded / gpu_bytes)
        if n > 1:
            hint = Text(
                vi=f"Với ZeRO giai đoạn 3 trên ít nhất {n} GPU như vậy, trạng thái mô hình mới vừa (chưa kể activation).",
                en=f"ZeRO stage 3 across at least {n} such GPUs would make the model state fit (activations come on top).")
        return FitCheck(False, ms if breakdown.activations is None else breakdown.total, gpu_bytes, False, message, hint)
    if breakdown.activations is None:
        spare = gpu_bytes - ms
        message = Text(
            vi=f"Trạng thái mô hình của {model_vi} cần {ms_vi}{per_gpu_vi}; {has_vi}: đủ chỗ, còn "
               f"{format_bytes(spare, 'vi')} cho activation.",
            en=f"The model state of {model_en} needs {ms_en}{per_gpu_en}; {has_en}: it fits, leaving "
               f"{format_bytes(spare)} for activations.")
        return FitCheck(True, ms, gpu_bytes, True, message)
    total = breakdown.total
    act = breakdown.activations.total
    if total > gpu_bytes:
        message = Text(
            vi=f"Cách này cần {format_bytes(total, 'vi')}{per_gpu_vi} ({ms_vi} trạng thái mô hình, "
               f"{format_bytes(act, 'vi')} activation); {has_vi}: không huấn luyện được {model_vi} theo cách này.",
            en=f"This way needs {format_bytes(total)}{per_gpu_en} ({ms_en} of model state, {format_bytes(act)} of "
               f"activations); {has_en}: it cannot train {model_en} this way.")
        hint = Text(
            vi="Tính lại activation (recomputation), micro-batch nhỏ hơn, hoặc thêm song song tensor/pipeline sẽ giảm phần activation.",
            en="Recomputation, a smaller micro-batch, or more tensor or pipeline parallelism cut the activations.")
        return FitCheck(False, total, gpu_bytes, True, message, hint)
    message = Text(
        vi=f"Cách này cần {format_bytes(total, 'vi')}{per_gpu_vi}; {has_vi}: huấn luyện được {model_vi}, còn trống "
           f"{format_bytes(gpu_bytes - total, 'vi')}.",
        en=f"This way needs {format_bytes(total)}{per_gpu_en}; {has_en}: it can train {model_en}, leaving "
           f"{format_bytes(gpu_bytes - total)} free.")
    return FitCheck(True, total, gpu_bytes, True, message)


__all__ = [
    "OPTIMIZERS", "PRECISIONS", "RECOMPUTE", "STATE_BYTES", "Activations", "FitCheck", "MemoryBreakdown",
    "TrainingSetup", "activation_formula", "fits", "layer_activations", "memory", "model_state", "shard_model_state",
]
