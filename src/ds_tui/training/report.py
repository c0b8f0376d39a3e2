"""The calculators' results as readable text, in Vietnamese or English (for the command line and the app)."""

from __future__ import annotations

from functools import partial

from ds_tui.i18n import t
from ds_tui.training.compute import ComputeEstimate
from ds_tui.training.memory import (
    FitCheck,
    MemoryBreakdown,
    activation_formula,
)
from ds_tui.training.units import (
    format_bytes,
    format_count,
    format_number,
    format_sci,
)


def _w(key: str, lang: str, **values: object) -> str:
    return t(f"trainreport.{key}", lang, **values)


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"  {label.ljust(width)}  {value.rjust(10)}" for label, value in rows]


def memory_text(b: MemoryBreakdown, check: FitCheck | None, lang: str) -> str:
    s = b.setup
    w = partial(_w, lang=lang)
    n = format_count(b.params_total, lang)
    if b.model is None:
        title = w("title.state", n=n)
    else:
        name = b.model.name or w("custom_model")
        title = w("title.model", name=name, n=n)
    precision = w("mixed") if s.precision == "mixed" else "fp32"
    optimizer = {"adam": "Adam", "sgd-momentum": w("sgd_momentum"), "sgd": "SGD"}[s.optimizer]
    lines = [title, ""]
    setup = f"{precision}, {optimizer}"
    if b.model is not None:
        setup += w("batch", micro_batch=s.micro_batch, seq=format_number(b.model.seq, lang))
    lines.append(w("setup") + setup)
    parallel = f"DP {s.dp} × TP {s.tp} × PP {s.pp} = " + w("gpus", n=s.gpus, shown=format_number(s.gpus, lang))
    parallel += w("zero", stage=s.zero)
    if b.model is not None:
        parallel += w("recomputation", how=w(f"recompute.{s.recompute}"))
        if s.sequence_parallel:
            parallel += w("sequence_parallel")
    lines.append(w("parallelism") + parallel)
    psi = format_count(b.params_per_gpu, lang)
    if b.model is not None and s.pp > 1:
        where = []
        if b.stage == 0:
            where.append(w("embedding"))
        if b.stage == s.pp - 1:
            where.append(w("output_layer"))
        layers = w("layers", n=b.stage_layers) + "".join(f" + {x}" for x in where)
        lines.append(w("this_stage", stage=b.stage + 1, stages=s.pp, layers=layers,
                       in_flight=w("micro_batches", n=b.in_flight), psi=psi))
    else:
        lines.append(w("this_gpu", psi=psi))
    lines.append("")
    fb = partial(format_bytes, lang=lang)
    rows = [
        (w("parameters"), fb(b.parameters)),
        (w("gradients"), fb(b.gradients)),
        (w("optimizer_states"), fb(b.optimizer_states)),
        (w("model_state"), fb(b.model_state)),
    ]
    acts = b.activations
    if acts is not None:
        rows += [
            (w("activations"), fb(acts.total)),
            ("  attention", fb(acts.attention)),
            ("  feed-forward", fb(acts.feed_forward)),
            (w("norms_other"), fb(acts.norms_other)),
            (w("logits_embedding"), fb(acts.logits_embedding)),
            (w("total"), fb(b.total)),
        ]
    lines += _rows(rows)
    lines.append("")
    if acts is None:
        lines.append(w("no_activations"))
    else:
        lines.append(w("per_layer", formula=activation_formula(s)))
    lines.append(w("gb"))
    if check is not None:
        lines += ["", ("✓ " if check.fits else "✗ ") + check.message.show(lang)]
        if check.hint:
            lines.append("  " + check.hint.show(lang))
    for note in b.notes:
        lines.append(w("note") + note.show(lang))
    return "\n".join(lines)


def compute_text(est: ComputeEstimate, lang: str) -> str:
    w = partial(_w, lang=lang)
    flops = format_sci(est.flops, lang)
    pfd = format_number(est.petaflop_s_days, lang)
    flop_word = w("flops")
    pf_days = w("pf_days")
    if est.params is not None and est.tokens is not None:
        k = 8 if est.recompute else 6
        head = (f"C ≈ {k}·N·D = {k} × {format_count(est.params, lang)} × {format_count(est.tokens, lang)} "
                f"= {flops} {flop_word} ({pfd} {pf_days})")
    else:
        head = f"C = {flops} {flop_word} ({pfd} {pf_days})"
    lines = [w("compute") + head, w("pf_day")]
    if est.seconds is None:
        lines.append(w("give_gpus"))
        return "\n".join(lines)
    util = format_number(est.utilization * 100, lang, 0 if (est.utilization * 100).is_integer() else 1)
    gpus = w("gpus", n=est.gpus or 0, shown=format_number(est.gpus or 0, lang))
    peak = format_number(est.peak_tflops or 0, lang, 0 if float(est.peak_tflops or 0).is_integer() else 1)
    ideal = w("ideal") if est.utilization == 1 else ""
    lines.append(w("on_gpus", gpus=gpus, peak=peak, util=util, ideal=ideal))
    days = est.days or 0.0
    seconds = est.seconds
    if days < 1:
        span = w("hours", x=format_number(seconds / 3600, lang, 1))
    else:
        span = w("days", x=format_number(days, lang, 1 if days < 100 else 0))
        if days >= 365.25:
            span += w("years", x=format_number(est.years or 0, lang, 1))
    rows = [(w("time"), f"{format_sci(seconds, lang)} s = {span}"),
            (w("gpu_hours"), format_number(est.gpu_hours or 0, lang))]
    if est.cost is not None:
        price = format_number(est.price_per_gpu_hour or 0, lang, 2)
        rows.append((w("cost"), w("cost_line", cost=format_number(est.cost, lang), price=price)))
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    return "\n".join(lines)
