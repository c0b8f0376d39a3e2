"""The compute calculator: C ≈ 6·N·D, time, GPU-hours and cost, against the published figures."""

from __future__ import annotations

import pytest

from ds_tui.training import CalcError, estimate, format_bytes, parse_bytes, parse_number, training_flops
from ds_tui.training.units import format_count, format_number, format_sci


def test_gpt3_training_compute():
    # Brown et al. 2020, Appendix D: 3.14e23 FLOPs = 3,640 petaflop/s-days; 6 × 175e9 × 300e9 = 3.15e23
    est = estimate(175e9, 300e9)
    assert est.flops == training_flops(175e9, 300e9) == pytest.approx(3.15e23)
    assert est.flops == pytest.approx(3.14e23, rel=0.01)
    assert est.petaflop_s_days == pytest.approx(3640, rel=0.01)
    assert est.seconds is None and est.days is None and est.cost is None


def test_lambda_355_years_on_one_v100():
    # Lambda, "Demystifying GPT-3": 3.14e23 FLOPs ÷ 28e12 FLOP/s = 1.12e10 s ≈ 355 years; × $1.50/h ≈ $4.6M
    est = estimate(flops=3.14e23, peak_tflops=28, price_per_gpu_hour=1.50)
    assert est.gpus == 1
    assert est.seconds == pytest.approx(3.14e23 / 28e12)
    assert round(est.years) == 355  # 1.1214e10 s / 86,400 / 365.25 = 355.4
    assert est.gpu_hours == pytest.approx(3.14e23 / 28e12 / 3600)  # 3.1 million GPU-hours
    assert 4.6e6 <= est.cost < 4.7e6  # $4.67M


def test_megatron_34_days_with_recomputation():
    # Narayanan et al. 2021 §5.1: GPT-3 on 1,024 A100s at 140 TFLOP/s each would take about 34 days; their FLOP
    # count includes the recomputed forward pass: 8 × 175e9 × 300e9 / (1024 × 140e12) s = 2.93e6 s = 33.9 days
    est = estimate(175e9, 300e9, gpus=1024, peak_tflops=140, recompute=True)
    assert est.flops == pytest.approx(8 * 175e9 * 300e9)
    assert est.days == pytest.approx(34, abs=1)


def test_utilization_and_gpus_divide_the_time():
    full = estimate(1e9, 20e9, gpus=8, peak_tflops=100)
    half = estimate(1e9, 20e9, gpus=8, peak_tflops=100, utilization=0.5)
    # 6 × 1e9 × 20e9 = 1.2e20 FLOPs over 8 × 100e12 FLOP/s = 150,000 s
    assert full.seconds == pytest.approx(1.5e5)
    assert half.seconds == pytest.approx(2 * full.seconds)
    assert full.gpu_hours == pytest.approx(8 * 1.5e5 / 3600)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"params": 1e9}, "token count"),
    ({"params": 1e9, "tokens": 1e9, "flops": 1e20}, "not both"),
    ({"params": 1e9, "tokens": 1e9, "gpus": 8}, "peak TFLOPS"),
    ({"params": 1e9, "tokens": 1e9, "peak_tflops": 100, "utilization": 1.5}, "utilization"),
    ({"params": 1e9, "tokens": 1e9, "price_per_gpu_hour": 2.0}, "cost"),
    ({"params": -1, "tokens": 1e9}, "positive"),
    ({"params": 1e300, "tokens": 1e300}, "overflow"),
])
def test_bad_input(kwargs, words):
    with pytest.raises(CalcError) as info:
        estimate(**kwargs)
    assert words in str(info.value) and info.value.text.vi


@pytest.mark.parametrize(("text", "value"), [
    ("7.5e9", 7.5e9), ("175B", 175e9), ("300b", 300e9), ("1.5M", 1.5e6), ("2k", 2e3), ("1T", 1e12),
    ("1_000", 1000), ("1,024", 1024), (".5G", 0.5e9), ("42", 42),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1.5X", "1e999", "nan", "--3"])
def test_parse_number_rejects(text):
    with pytest.raises(CalcError):
        parse_number(text)


def test_parse_and_format_bytes():
    assert parse_bytes("24GB") == 24e9
    assert parse_bytes("6GiB") == 6 * 2**30
    assert parse_bytes("6442450944") == 6442450944
    assert format_bytes(31_406_250_000) == "31.4 GB"
    assert format_bytes(31_406_250_000, "vi") == "31,4 GB"
    assert format_bytes(2.79e12) == "2.79 TB"
    assert format_bytes(234_375_000) == "234.4 MB"
    assert format_number(3640.4, "vi") == "3.640"
    assert format_sci(3.15e23) == "3.15e23"
    assert format_count(175e9) == "175B" and format_count(8.03e9, "vi") == "8,03 tỷ"
