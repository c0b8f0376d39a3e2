"""How much a demo's figures move between two runs on the same machine, relative to the figure.

Speedups and throughput ratios: the fastest-of-runs of benchmarks/cpu_scaling.py still moved ~5% run
to run on a 2-vCPU VM, a single run much more, so ±10% is what one run can claim. The pipeline's
bubble follows its fixed schedule closely; lost-update counts and bytes sent are exact.
"""

from __future__ import annotations

SPREAD: dict[str, float] = {"speedup": 0.10, "throughput": 0.10, "bubble": 0.02, "bytes_ratio": 0.0,
                            "lost_updates": 0.0}


def spread_of(metric: str | None) -> float:
    """The relative run-to-run spread of a metric (``speedup.processes`` → that of ``speedup``)."""
    return SPREAD.get((metric or "").split(".")[0], 0.0)
