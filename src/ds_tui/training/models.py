"""Transformer configurations, their parameter counts, and the published presets.

A decoder-only transformer of ``L`` layers, hidden size ``h``, ``a`` heads (``k`` of them key/value heads,
``k < a`` being grouped-query attention), feed-forward size ``f``, vocabulary ``V``, context ``s``:

- token embedding ``V·h``; learned position embedding ``s·h`` (GPT; none with RoPE, as in Llama);
- per layer: attention ``2h² + 2·h·(k·h/a)`` weights (Q and output ``h²`` each, K and V ``h·k·h/a`` each;
  ``4h²`` when ``k = a``); feed-forward ``2·h·f`` (``3·h·f`` for the gated SwiGLU of Llama); two norms
  (``2h`` each for LayerNorm, ``h`` for RMSNorm); biases where the model has them (GPT: ``13h`` per layer
  with ``f = 4h``: QKV ``3h``, output ``h``, first FFN matrix ``4h``, second ``h``, so ``12h² + 13h`` in all);
- a final norm; an output projection ``V·h`` unless it is tied to the token embedding (GPT ties it).

The formulas give the published counts: GPT-2 1.5B = 1,557,611,200 (Hugging Face ``gpt2-xl``),
Llama-3 8B = 8,030,261,248, Llama-3 70B = 70,553,706,496. GPT-3 "175B" comes out at 174.6B: the paper's
Table 2.1 rounds its parameter count; the configuration (96 × 12288, 96 heads, context 2048) is the paper's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ds_tui.i18n import Text
from ds_tui.training.units import CalcError


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """A decoder-only transformer. ``kv_heads=None`` means as many as ``heads`` (no grouped-query attention)."""

    name: str
    layers: int
    hidden: int
    heads: int
    ffn: int
    vocab: int
    seq: int
    kv_heads: int | None = None
    gated_ffn: bool = False  # SwiGLU: three FFN matrices instead of two
    tied_embeddings: bool = True  # output projection shares the token embedding
    learned_positions: bool = True  # a learned s·h position table (False: RoPE)
    bias: bool = True  # linear layers and norms have biases
    rmsnorm: bool = False  # RMSNorm (h weights) instead of LayerNorm (2h)

    @property
    def kv(self) -> int:
        return self.kv_heads or self.heads

    @property
    def head_dim(self) -> float:
        return self.hidden / self.heads

    @property
    def kv_dim(self) -> float:
        """Width of the K (or V) projection: ``kv_heads × head size``."""
        return self.kv * self.hidden / self.heads

    def validate(self) -> None:
        for field_name in ("layers", "hidden", "heads", "ffn", "vocab", "seq"):
            value = getattr(self, field_name)
            if not isinstance(value, int) or value < 1:
                raise CalcError(Text(vi=f"{field_name} phải là số nguyên dương (đang là {value!r})",
                                     en=f"{field_name} must be a positive whole number (got {value!r})"))
        if self.hidden % self.heads:
            raise CalcError(Text(vi=f"hidden ({self.hidden}) phải chia hết cho số head ({self.heads})",
                                 en=f"hidden size {self.hidden} must be divisible by the number of heads {self.heads}"))
        if self.kv_heads is not None and (self.kv_heads < 1 or self.heads % self.kv_heads):
            raise CalcError(Text(vi=f"số KV head ({self.kv_heads}) phải chia hết số head ({self.heads})",
                                 en=f"the number of KV heads ({self.kv_heads}) must divide the number of heads ({self.heads})"))


@dataclass(frozen=True, slots=True)
class LayerParams:
    """One transformer layer's parameters, split by where tensor parallelism puts them.

    ``attention_split`` / ``ffn_split`` are the weight matrices (and the column-parallel biases) that
    Megatron-style TP divides; ``replicated`` (norms, row-parallel output biases) every TP rank keeps whole.
    ``kv`` is the K and V part of ``attention_split`` (its own rule when there are fewer KV heads than ranks).
    """

    attention_split: int
    kv: int
    ffn_split: int
    replicated: int

    @property
    def total(self) -> int:
        return self.attention_split + self.ffn_split + self.replicated


@dataclass(frozen=True, slots=True)
class ParamCount:
    embedding: int  # token embedding V·h
    positions: int  # learned position embedding s·h (0 with RoPE)
    layer: LayerParams
    layers: int
    final_norm: int
    head: int  # output projection V·h (0 when tied)

    @property
    def total(self) -> int:
        return self.embedding + self.positions + self.layers * self.layer.total + self.final_norm + self.head


def count_parameters(cfg: ModelConfig) -> ParamCount:
    """The parameter count of ``cfg`` by part (see the module docstring for the formulas)."""
    cfg.validate()
    h, f = cfg.hidden, cfg.ffn
    kv_dim = cfg.kv * h // cfg.heads
    norm = h if cfg.rmsnorm else 2 * h  # RMSNorm has a scale only; LayerNorm has scale and shift
    kv = 2 * h * kv_dim + (2 * kv_dim if cfg.bias else 0)
    attention_split = 2 * h * h + kv + (h if cfg.bias else 0)  # Q and output matrices, K/V, Q bias
    ffn_in = 2 * f if cfg.gated_ffn else f
    ffn_split = ffn_in * h + f * h + (ffn_in if cfg.bias else 0)  # up (and gate), down, up bias
    replicated = 2 * norm + (2 * h if cfg.bias else 0)  # two norms, output biases of attention and FFN
    layer = LayerParams(attention_split=attention_split, kv=kv, ffn_split=ffn_split, replicated=replicated)
    return ParamCount(
        embedding=cfg.vocab * h,
        positions=cfg.seq * h if cfg.learned_positions else 0,
        layer=layer,
        layers=cfg.layers,
        final_norm=norm,
        head=0 if cfg.tied_embeddings else cfg.vocab * h,
    )


_GPT = dict(gated_ffn=False, tied_embeddings=True, learned_positions=True, bias=True, rmsnorm=False)
_LLAMA = dict(gated_ffn=True, tied_embeddings=False, learned_positions=False, bias=False, rmsnorm=True)

#: Published configurations: Radford et al. 2019 (GPT-2), Brown et al. 2020 Table 2.1 (GPT-3),
#: Meta's Llama 3 model card and config.json (Llama-3 8B / 70B).
MODEL_PRESETS: dict[str, ModelConfig] = {
    "gpt2-1.5b": ModelConfig("GPT-2 1.5B", layers=48, hidden=1600, heads=25, ffn=6400, vocab=50257, seq=1024, **_GPT),
    "gpt3-175b": ModelConfig("GPT-3 175B", layers=96, hidden=12288, heads=96, ffn=49152, vocab=50257, seq=2048,
                             **_GPT),
    "llama3-8b": ModelConfig("Llama-3 8B", layers=32, hidden=4096, heads=32, kv_heads=8, ffn=14336, vocab=128256,
                             seq=8192, **_LLAMA),
    "llama3-70b": ModelConfig("Llama-3 70B", layers=80, hidden=8192, heads=64, kv_heads=8, ffn=28672,
                              vocab=128256, seq=8192, **_LLAMA),
}

ARCH_STYLES: dict[str, dict[str, bool]] = {"gpt": _GPT, "llama": _LLAMA}


def model_preset(name: str) -> ModelConfig:
    """A preset by key (``gpt3-175b``) or display name (``GPT-3 175B``), case and punctuation ignored."""
    wanted = _key(name)
    for key, cfg in MODEL_PRESETS.items():
        if wanted in (_key(key), _key(cfg.name)):
            return cfg
    raise CalcError(Text(vi=f"không có mô hình mẫu {name!r}; có: {', '.join(MODEL_PRESETS)}",
                         en=f"no model preset {name!r}; known: {', '.join(MODEL_PRESETS)}"))


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch == ".")
