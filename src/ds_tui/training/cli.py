"""``ds-tui calc``: the training calculators on the command line (headless; no Textual here).

``add_calc_parser(subparsers)`` adds ``calc memory``, ``calc compute`` and ``calc presets``;
``run_calc(args)`` runs the one parsed and returns the exit status: 0, or 2 with a one-line error on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from collections.abc import Callable
from typing import Any

from ds_tui import jsonout
from ds_tui.i18n import LANGUAGES, Text, locale_lang, t
from ds_tui.training.compute import estimate
from ds_tui.training.gpus import GPU_PRESETS, gpu_preset
from ds_tui.training.memory import (
    OPTIMIZERS,
    RECOMPUTE,
    FitCheck,
    MemoryBreakdown,
    TrainingSetup,
    activation_formula,
    fits,
    memory,
    model_state,
)
from ds_tui.training.models import ARCH_STYLES, MODEL_PRESETS, ModelConfig, count_parameters, model_preset
from ds_tui.training.units import (
    CalcError,
    format_bytes,
    format_count,
    parse_bytes,
    parse_number,
)

from ds_tui.training.report import compute_text, memory_text

# --- argument types: argparse turns ArgumentTypeError into "argument --x: MESSAGE" and exit 2 ---------------


def _typed(parse: Callable[[str], Any], name: str) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except CalcError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = name
    return convert


def _positive_number(text: str) -> float:
    value = parse_number(text)
    if value <= 0:
        raise CalcError(Text(vi=f"phải dương: {text!r}", en=f"must be positive: {text!r}"))
    return value


def _whole(text: str) -> int:
    value = parse_number(text)
    if value < 1 or value != int(value):
        raise CalcError(Text(vi=f"phải là số nguyên ≥ 1: {text!r}", en=f"must be a whole number ≥ 1: {text!r}"))
    return int(value)


def _fraction(text: str) -> float:
    stripped = text.strip()
    percent = stripped.endswith("%")
    value = parse_number(stripped.rstrip("%")) / (100 if percent else 1)
    if not 0 < value <= 1:
        raise CalcError(Text(vi=f"phải trong (0, 1], ví dụ 0.4 hoặc 40%: {text!r}",
                             en=f"must be in (0, 1], e.g. 0.4 or 40%: {text!r}"))
    return value


def _price(text: str) -> float:
    value = parse_number(text.strip().lstrip("$"))
    if value < 0:
        raise CalcError(Text(vi=f"giá không được âm: {text!r}", en=f"a price cannot be negative: {text!r}"))
    return value


def _memory_size(text: str) -> float:
    value = parse_bytes(text)
    if value <= 0:
        raise CalcError(Text(vi=f"phải dương: {text!r}", en=f"must be positive: {text!r}"))
    return value


NUMBER = _typed(_positive_number, "number")
WHOLE = _typed(_whole, "whole number")
FRACTION = _typed(_fraction, "fraction")
PRICE = _typed(_price, "price")
SIZE = _typed(_memory_size, "memory size")

_PRECISION_ALIASES = {"mixed": "mixed", "bf16": "mixed", "fp16": "mixed", "fp32": "fp32"}
_OPTIMIZER_ALIASES = {"adamw": "adam"} | {name: name for name in OPTIMIZERS}
_ARCH_FLAGS = ("layers", "hidden", "heads", "kv_heads", "ffn", "vocab", "seq", "arch")
_ACTIVATION_FLAGS = ("micro_batch", "recompute", "sequence_parallel", "in_flight")


def add_calc_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``calc`` (with ``memory``, ``compute``, ``presets``) to an ``add_subparsers()`` object."""
    calc = subparsers.add_parser(
        "calc", help="training calculators: memory per GPU, compute, time and cost",
        description="Training calculators. Numbers accept suffixes: 7.5e9, 175B, 300B, 1.5M.")
    commands = calc.add_subparsers(dest="calc_command", metavar="CALC")

    mem = commands.add_parser(
        "memory", help="memory per GPU: parameters, gradients, optimizer states, activations",
        description="Memory per GPU for training a transformer (ZeRO, TP, PP, activations after "
                    "Korthikanti et al. 2022). Give --params N for the model state only, or a model "
                    "(--preset, or --layers --hidden --heads --vocab --seq) for the full breakdown. "
                    "Sizes in GB = 10^9 bytes.")
    model = mem.add_argument_group("model")
    model.add_argument("--params", type=NUMBER, metavar="N", help="parameter count only (model state, no activations)")
    model.add_argument("--preset", metavar="NAME", help=f"a published model: {', '.join(MODEL_PRESETS)}")
    model.add_argument("--layers", type=WHOLE, metavar="L")
    model.add_argument("--hidden", type=WHOLE, metavar="H", help="hidden size (d_model)")
    model.add_argument("--heads", type=WHOLE, metavar="A", help="attention heads")
    model.add_argument("--kv-heads", type=WHOLE, metavar="K", help="key/value heads (grouped-query attention; default: --heads)")
    model.add_argument("--ffn", type=WHOLE, metavar="F", help="feed-forward size (default: 4 x hidden)")
    model.add_argument("--vocab", type=WHOLE, metavar="V", help="vocabulary size")
    model.add_argument("--seq", type=WHOLE, metavar="S", help="sequence length")
    model.add_argument("--arch", choices=tuple(ARCH_STYLES),
                       help="gpt: LayerNorm, biases, learned positions, tied embeddings, GeLU (default); "
                            "llama: RMSNorm, no biases, RoPE, untied, SwiGLU")
    train = mem.add_argument_group("training")
    train.add_argument("--micro-batch", type=WHOLE, metavar="B", help="sequences per micro-batch (default 1)")
    train.add_argument("--precision", choices=tuple(_PRECISION_ALIASES), default="mixed",
                       help="mixed (= bf16 = fp16, with fp32 master weights; default) or fp32")
    train.add_argument("--optimizer", choices=tuple(_OPTIMIZER_ALIASES), default="adam",
                       help="adam (= adamw; default), sgd-momentum, sgd")
    train.add_argument("--recompute", choices=RECOMPUTE, help="activation recomputation (default none)")
    par = mem.add_argument_group("parallelism")
    par.add_argument("--dp", type=WHOLE, default=1, metavar="D", help="data-parallel degree (default 1)")
    par.add_argument("--tp", type=WHOLE, default=1, metavar="T", help="tensor-parallel degree (default 1)")
    par.add_argument("--pp", type=WHOLE, default=1, metavar="P", help="pipeline-parallel degree (default 1)")
    par.add_argument("--zero", type=int, choices=(0, 1, 2, 3), default=0, metavar="{0,1,2,3}",
                     help="ZeRO stage over the DP GPUs (default 0)")
    par.add_argument("--sp", dest="sequence_parallel", action="store_true", default=None,
                     help="sequence parallelism (with TP)")
    par.add_argument("--in-flight", type=WHOLE, metavar="M",
                     help="micro-batches whose activations the first pipeline stage holds (default: --pp, the 1F1B schedule; "
                          "give m for GPipe; only with --pp > 1)")
    fit = mem.add_argument_group("fit check").add_mutually_exclusive_group()
    fit.add_argument("--gpu", metavar="NAME", help=f"check the fit on a GPU: {', '.join(GPU_PRESETS)}")
    fit.add_argument("--gpu-memory", type=SIZE, metavar="SIZE", help="check the fit on a GPU of this size (24GB, 6GiB)")
    _output_options(mem)

    comp = commands.add_parser(
        "compute", help="training FLOPs (C = 6·N·D), time, GPU-hours and cost",
        description="Training compute C = 6·N·D FLOPs; with GPUs and their peak, the time; with a price, the cost.")
    comp.add_argument("--params", type=NUMBER, metavar="N", help="parameters (e.g. 175B)")
    comp.add_argument("--tokens", type=NUMBER, metavar="D", help="training tokens (e.g. 300B)")
    comp.add_argument("--flops", type=NUMBER, metavar="C", help="the FLOPs directly, instead of --params and --tokens")
    comp.add_argument("--gpus", type=WHOLE, metavar="G", help="number of GPUs (default 1 when --peak-tflops is given)")
    comp.add_argument("--peak-tflops", type=NUMBER, metavar="F", help="peak TFLOP/s of one GPU")
    comp.add_argument("--utilization", type=FRACTION, default=1.0, metavar="U",
                      help="fraction of the peak achieved: 0.4 or 40%% (default 1 = 100%%, an ideal bound)")
    comp.add_argument("--price", type=PRICE, metavar="P", help="price per GPU-hour")
    comp.add_argument("--recompute", action="store_true",
                      help="full activation recomputation: one more forward pass, C = 8·N·D")
    _output_options(comp)

    presets = commands.add_parser("presets", help="the model and GPU presets",
                                  description="The published model configurations and GPU memory sizes.")
    _output_options(presets)
    calc.set_defaults(calc_usage=calc.format_usage())
    return calc


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    # SUPPRESS: a --lang given before the command (ds-tui --lang vi calc ...) is not overwritten
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help="output language (default: from the locale, else en)")


# --- running ---------------------------------------------------------------------------------------------


def run_calc(args: argparse.Namespace) -> int:
    """Run the parsed ``calc`` command; 0 on success, 2 with a message on stderr for bad input."""
    lang = getattr(args, "lang", None) or locale_lang()
    command = getattr(args, "calc_command", None)
    if command is None:
        sys.stderr.write(getattr(args, "calc_usage", "usage: ds-tui calc {memory,compute,presets} ...\n"))
        print("ds-tui calc: error: choose a calculator: memory, compute or presets", file=sys.stderr)
        return 2
    try:
        if command == "memory":
            out = _run_memory(args, lang)
        elif command == "compute":
            out = _run_compute(args, lang)
        else:
            out = _run_presets(args, lang)
    except CalcError as exc:
        print(f"ds-tui calc {command}: error: {exc.text.show(lang)}", file=sys.stderr)
        return 2
    except (ValueError, ArithmeticError) as exc:  # never a traceback
        print(f"ds-tui calc {command}: error: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


def _build_model(args: argparse.Namespace) -> ModelConfig | None:
    given = {name: getattr(args, name) for name in _ARCH_FLAGS if getattr(args, name) is not None}
    if args.params is not None:
        if args.preset or given:
            raise CalcError(Text(vi="--params thay cho mô hình: đừng dùng cùng --preset hay --layers …",
                                 en="--params replaces the model: do not combine it with --preset or --layers …"))
        used = [f"--{n.replace('_', '-')}" for n in _ACTIVATION_FLAGS if getattr(args, n) is not None]
        if used:
            raise CalcError(Text(
                vi=f"{', '.join(used)}: chỉ dùng để tính activation, việc này cần một mô hình (--preset hoặc --layers …), không phải --params",
                en=f"{', '.join(used)}: for activations, which need a model (--preset or --layers …), not --params"))
        return None
    style = ARCH_STYLES[given.pop("arch")] if "arch" in given else None
    if args.preset:
        base = model_preset(args.preset)
        changes = dict(given)
        if style is not None:
            changes |= style
        if not changes:
            return base
        shown = ", ".join(f"{k.replace('_', '-')} {v}" for k, v in given.items())
        if style is not None:
            shown = ", ".join(filter(None, (shown, f"arch {args.arch}")))
        return dataclasses.replace(base, name=f"{base.name} ({shown})", **changes)
    missing = [f"--{n}" for n in ("layers", "hidden", "heads", "vocab", "seq") if n not in given]
    if missing:
        raise CalcError(Text(
            vi=f"cần --params N, --preset TÊN, hoặc kích thước mô hình (thiếu {', '.join(missing)})",
            en=f"give --params N, --preset NAME, or the model's shape (missing {', '.join(missing)})"))
    given.setdefault("ffn", 4 * given["hidden"])
    return ModelConfig(name="", **given, **(style or ARCH_STYLES["gpt"]))


def _run_memory(args: argparse.Namespace, lang: str) -> str:
    cfg = _build_model(args)
    setup = TrainingSetup(
        micro_batch=args.micro_batch or 1, precision=_PRECISION_ALIASES[args.precision],
        optimizer=_OPTIMIZER_ALIASES[args.optimizer], dp=args.dp, tp=args.tp, pp=args.pp, zero=args.zero,
        recompute=args.recompute or "none", sequence_parallel=bool(args.sequence_parallel), in_flight=args.in_flight)
    result = model_state(args.params, setup) if cfg is None else memory(cfg, setup)
    if not math.isfinite(result.total):  # "inf TB" in text, and not JSON at all
        raise CalcError(Text(vi="bộ nhớ tràn số: các con số quá lớn", en="the memory overflows: the numbers are too large"))
    check: FitCheck | None = None
    gpu_label = None
    if args.gpu:
        preset = gpu_preset(args.gpu)
        gpu_label = preset.label
        check = fits(result, preset.memory_bytes, preset.name)
    elif args.gpu_memory:
        check = fits(result, args.gpu_memory)
    if args.json:
        return jsonout.dumps(_memory_json(result, check, gpu_label, lang), indent=2)
    return memory_text(result, check, lang)


def _bytes(value: float) -> int:
    return int(round(value))


def _memory_json(b: MemoryBreakdown, check: FitCheck | None, gpu_label: str | None, lang: str) -> dict[str, Any]:
    s = b.setup
    acts = b.activations
    model = None
    if b.model is not None:
        model = dataclasses.asdict(b.model) | {"kv_heads": b.model.kv}
    return {
        "command": "memory",
        "model": model,
        "params": _bytes(b.params_total),
        "params_per_gpu": _bytes(b.params_per_gpu),
        "setup": {"micro_batch": s.micro_batch, "precision": s.precision, "optimizer": s.optimizer,
                  "dp": s.dp, "tp": s.tp, "pp": s.pp, "gpus": s.gpus, "zero": s.zero, "recompute": s.recompute,
                  "sequence_parallel": s.sequence_parallel},
        "stage": {"index": b.stage, "count": s.pp, "layers": b.stage_layers if b.model else None,
                  "micro_batches_in_flight": b.in_flight},
        "model_state_bytes": _bytes(b.model_state),
        "activations_bytes": _bytes(acts.total) if acts else None,
        "total_bytes": _bytes(b.total),
        "activations_included": acts is not None,
        "breakdown": {
            "parameters": _bytes(b.parameters),
            "gradients": _bytes(b.gradients),
            "optimizer_states": _bytes(b.optimizer_states),
            "activations": None if acts is None else {
                "attention": _bytes(acts.attention), "feed_forward": _bytes(acts.feed_forward),
                "norms_other": _bytes(acts.norms_other), "logits_embedding": _bytes(acts.logits_embedding),
                "total": _bytes(acts.total)},
        },
        "activation_formula": activation_formula(s) if acts else None,
        "fit": None if check is None else {
            "gpu": gpu_label, "gpu_bytes": _bytes(check.available), "needed_bytes": _bytes(check.needed),
            "fits": check.fits, "model_state_fits": check.model_state_fits, "message": check.message.show(lang),
            "hint": check.hint.show(lang) if check.hint else None},
        "notes": [note.show(lang) for note in b.notes],
    }


def _run_compute(args: argparse.Namespace, lang: str) -> str:
    est = estimate(args.params, args.tokens, flops=args.flops, gpus=args.gpus, peak_tflops=args.peak_tflops,
                   utilization=args.utilization, price_per_gpu_hour=args.price, recompute=args.recompute)
    if args.json:
        return jsonout.dumps({
            "command": "compute", "params": est.params, "tokens": est.tokens, "flops": est.flops,
            "petaflop_s_days": est.petaflop_s_days, "gpus": est.gpus, "peak_tflops": est.peak_tflops,
            "utilization": est.utilization, "price_per_gpu_hour": est.price_per_gpu_hour, "recompute": est.recompute,
            "seconds": est.seconds, "days": est.days, "years": est.years, "gpu_hours": est.gpu_hours,
            "cost": est.cost,
        }, indent=2)
    return compute_text(est, lang)


def _run_presets(args: argparse.Namespace, lang: str) -> str:
    if args.json:
        return jsonout.dumps({
            "models": {key: dataclasses.asdict(cfg) | {"kv_heads": cfg.kv, "params": count_parameters(cfg).total}
                       for key, cfg in MODEL_PRESETS.items()},
            "gpus": {key: {"name": g.name, "label": g.label, "memory_bytes": g.memory_bytes}
                     for key, g in GPU_PRESETS.items()},
        }, indent=2)
    lines = [t("trainreport.models", lang)]
    for key, cfg in MODEL_PRESETS.items():
        n = format_count(count_parameters(cfg).total, lang)
        kv = f" ({cfg.kv} KV)" if cfg.kv != cfg.heads else ""
        ffn = " SwiGLU" if cfg.gated_ffn else ""
        lines.append(f"  {key:<12} {cfg.name:<12} {n:>8}  L {cfg.layers}, h {cfg.hidden}, a {cfg.heads}{kv}, "
                     f"ffn {cfg.ffn}{ffn}, V {cfg.vocab}, s {cfg.seq}")
    lines += ["", t("trainreport.gpu_presets", lang)]
    for key, g in GPU_PRESETS.items():
        lines.append(f"  {key:<15} {g.label:<22} {format_bytes(g.memory_bytes, lang)}")
    return "\n".join(lines)
