"""Training compute, time and cost: C ≈ 6·N·D FLOPs.

The forward pass costs about 2·N FLOPs per token and the backward pass 4·N, so training a model of N
parameters on D tokens takes C ≈ 6·N·D FLOPs (Kaplan et al. 2020; EleutherAI, "Transformer Math 101").
Time = C ÷ (GPUs × peak FLOP/s per GPU × utilization); GPU-hours = GPUs × hours; cost = GPU-hours × price.
With full activation recomputation every layer's forward pass runs twice: C ≈ 8·N·D (Narayanan et al. 2021,
whose benchmark and estimate "GPT-3 on 1,024 A100s at 140 TFLOP/s per GPU in about 34 days" counts those
FLOPs: 8 × 175e9 × 300e9 ÷ (1024 × 140e12) s ≈ 34 days, where 6·N·D would give 25).

GPT-3: 6 × 175e9 × 300e9 = 3.15e23 FLOPs; the paper reports 3.14e23 = 3,640 petaflop/s-days (Brown et al.
2020, Appendix D). Lambda's hypothetical: 3.14e23 FLOPs on one V100 at 28 TFLOPS ≈ 355 years, ≈ $4.6M at
$1.50 per GPU-hour ("Demystifying GPT-3", 2020). A year here is 365.25 days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ds_tui.i18n import Text
from ds_tui.training.units import CalcError

SECONDS_PER_DAY = 86_400.0
DAYS_PER_YEAR = 365.25
PETAFLOP_S_DAY = 1e15 * SECONDS_PER_DAY  # 8.64e19 FLOPs


def training_flops(params: float, tokens: float, recompute: bool = False) -> float:
    """C ≈ 6·N·D (8·N·D with full activation recomputation)."""
    return (8.0 if recompute else 6.0) * params * tokens


@dataclass(frozen=True, slots=True)
class ComputeEstimate:
    flops: float
    params: float | None = None
    tokens: float | None = None
    gpus: int | None = None
    peak_tflops: float | None = None
    utilization: float = 1.0
    price_per_gpu_hour: float | None = None
    recompute: bool = False  # full activation recomputation: 8·N·D
    seconds: float | None = None  # None when no GPUs were given
    gpu_hours: float | None = None
    cost: float | None = None  # None without a price

    @property
    def petaflop_s_days(self) -> float:
        return self.flops / PETAFLOP_S_DAY

    @property
    def days(self) -> float | None:
        return None if self.seconds is None else self.seconds / SECONDS_PER_DAY

    @property
    def years(self) -> float | None:
        return None if self.seconds is None else self.seconds / SECONDS_PER_DAY / DAYS_PER_YEAR

    @property
    def achieved_flops_per_second(self) -> float | None:
        """All GPUs together: GPUs × peak × utilization, in FLOP/s."""
        if self.gpus is None or self.peak_tflops is None:
            return None
        return self.gpus * self.peak_tflops * 1e12 * self.utilization


def _positive(name_vi: str, name_en: str, value: float | None) -> None:
    if value is not None and not value > 0:
        raise CalcError(Text(vi=f"{name_vi} phải dương (đang là {value!r})",
                             en=f"{name_en} must be positive (got {value!r})"))


def estimate(params: float | None = None, tokens: float | None = None, *, flops: float | None = None,
             gpus: int | None = None, peak_tflops: float | None = None, utilization: float = 1.0,
             price_per_gpu_hour: float | None = None, recompute: bool = False) -> ComputeEstimate:
    """FLOPs from ``params`` and ``tokens`` (or ``flops`` given directly); with GPUs, the time; with a price, the cost.

    ``peak_tflops`` is one GPU's peak in TFLOP/s; ``utilization`` the fraction of it achieved (0–1]; a peak
    without ``gpus`` means one GPU. ``recompute``: full activation recomputation, 8·N·D instead of 6·N·D.
    """
    if flops is None:
        if params is None or tokens is None:
            raise CalcError(Text(vi="cần số tham số và số token (hoặc tổng FLOPs)",
                                 en="give the parameter count and the token count (or the FLOPs)"))
        _positive("số tham số", "the parameter count", params)
        _positive("số token", "the token count", tokens)
        flops = training_flops(params, tokens, recompute)
    else:
        if params is not None or tokens is not None:
            raise CalcError(Text(vi="cho FLOPs hoặc (tham số, token), không cả hai",
                                 en="give either the FLOPs or the parameters and tokens, not both"))
        _positive("FLOPs", "the FLOPs", flops)
    if not math.isfinite(flops):
        raise CalcError(Text(vi="số FLOPs quá lớn", en="the FLOPs overflow: the numbers are too large"))
    if gpus is not None and (not isinstance(gpus, int) or gpus < 1):
        raise CalcError(Text(vi=f"số GPU phải là số nguyên ≥ 1 (đang là {gpus!r})",
                             en=f"the number of GPUs must be a whole number ≥ 1 (got {gpus!r})"))
    _positive("hiệu năng đỉnh", "the peak TFLOPS", peak_tflops)
    if not 0 < utilization <= 1:
        raise CalcError(Text(vi=f"hiệu suất sử dụng phải trong (0, 1] (đang là {utilization!r})",
                             en=f"utilization must be in (0, 1] (got {utilization!r})"))
    if price_per_gpu_hour is not None and price_per_gpu_hour < 0:
        raise CalcError(Text(vi=f"giá mỗi GPU-giờ không được âm (đang là {price_per_gpu_hour!r})",
                             en=f"the price per GPU-hour cannot be negative (got {price_per_gpu_hour!r})"))
    if gpus is not None and peak_tflops is None:
        raise CalcError(Text(vi="để tính thời gian, cần hiệu năng đỉnh mỗi GPU (TFLOPS)",
                             en="to compute the time, give each GPU's peak TFLOPS"))
    if peak_tflops is not None and gpus is None:
        gpus = 1
    if price_per_gpu_hour is not None and gpus is None:
        raise CalcError(Text(vi="để tính chi phí, cần số GPU và hiệu năng đỉnh của chúng",
                             en="to compute the cost, give the GPUs and their peak TFLOPS"))
    seconds = gpu_hours = cost = None
    if gpus is not None and peak_tflops is not None:
        seconds = flops / (gpus * peak_tflops * 1e12 * utilization)
        gpu_hours = gpus * seconds / 3600.0
        if price_per_gpu_hour is not None:
            cost = gpu_hours * price_per_gpu_hour
    if any(v is not None and not math.isfinite(v) for v in (seconds, gpu_hours, cost)):
        raise CalcError(Text(vi="thời gian hoặc chi phí tràn số: các con số quá lớn",
                             en="the time or the cost overflows: the numbers are too large"))
    return ComputeEstimate(flops=flops, params=params, tokens=tokens, gpus=gpus, peak_tflops=peak_tflops,
                           utilization=utilization, price_per_gpu_hour=price_per_gpu_hour, recompute=recompute,
                           seconds=seconds,
                           gpu_hours=gpu_hours, cost=cost)
