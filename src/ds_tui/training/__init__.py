"""Training calculators: memory per GPU (ZeRO, TP, PP, activations) and compute (C ≈ 6·N·D). No UI here."""

from __future__ import annotations

from ds_tui.i18n import register as _register
from ds_tui.training.strings import STRINGS as _STRINGS

from ds_tui.training.compute import ComputeEstimate, estimate, training_flops
from ds_tui.training.gpus import GPU_PRESETS, GpuPreset, gpu_preset
from ds_tui.training.memory import (
    Activations,
    FitCheck,
    MemoryBreakdown,
    TrainingSetup,
    fits,
    layer_activations,
    memory,
    model_state,
)
from ds_tui.training.models import MODEL_PRESETS, ModelConfig, ParamCount, count_parameters, model_preset
from ds_tui.training.units import CalcError, format_bytes, parse_bytes, parse_number

_register(_STRINGS, "ds_tui.training.strings")  # the text results' strings join ds_tui.i18n

__all__ = [
    "GPU_PRESETS", "MODEL_PRESETS", "Activations", "CalcError", "ComputeEstimate", "FitCheck", "GpuPreset",
    "MemoryBreakdown", "ModelConfig", "ParamCount", "TrainingSetup", "count_parameters", "estimate", "fits",
    "format_bytes", "gpu_preset", "layer_activations", "memory", "model_preset", "model_state", "parse_bytes",
    "parse_number", "training_flops",
]
