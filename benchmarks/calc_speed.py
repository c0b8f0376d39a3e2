"""Speed of the training calculators: each evaluation must take under 1 ms so a TUI's inputs feel live.

Times 10,000 evaluations of the memory calculator (GPT-3 175B on DP 16 × TP 8 × PP 8, ZeRO-1, selective
recomputation; both pipeline stages are evaluated), of the memory calculator with its fit check, and of the
compute calculator (GPT-3, 1,024 GPUs, with a price), against a baseline measured in the same run: one call of
a function returning the plain 6·N·D expression. Each is timed in 5 rounds; the best round counts (the least
disturbed by the machine).

    python benchmarks/calc_speed.py [--n 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable

from ds_tui.training import TrainingSetup, estimate, fits, gpu_preset, memory, model_preset

BUDGET_S = 1e-3


def per_call(fn: Callable[[], object], n: int, rounds: int) -> tuple[float, float]:
    """(best, median) seconds per call over ``rounds`` rounds of ``n`` calls."""
    fn()  # warm up
    results = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        results.append((time.perf_counter() - start) / n)
    return min(results), statistics.median(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="evaluations per round (default 10000)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    gpt3 = model_preset("gpt3-175b")
    setup = TrainingSetup(dp=16, tp=8, pp=8, zero=1, recompute="selective")
    a100 = gpu_preset("a100-80")
    n_params, tokens = 175e9, 300e9

    def baseline() -> float:
        return 6 * n_params * tokens

    def memory_eval() -> object:
        return memory(gpt3, setup)

    def memory_fit_eval() -> object:
        return fits(memory(gpt3, setup), a100.memory_bytes, a100.name)

    def compute_eval() -> object:
        return estimate(n_params, tokens, gpus=1024, peak_tflops=312, utilization=0.44, price_per_gpu_hour=2.0)

    cases = {
        "baseline: 6·N·D in a function": baseline,
        "memory (GPT-3, 3D parallel)": memory_eval,
        "memory + fit check": memory_fit_eval,
        "compute (GPT-3, 1,024 GPUs)": compute_eval,
    }
    print(f"Python {platform.python_version()} on {platform.machine()}; {args.n:,} evaluations × {args.rounds} rounds")
    timings = {name: per_call(fn, args.n, args.rounds) for name, fn in cases.items()}
    base = timings["baseline: 6·N·D in a function"][0]
    ok = True
    for name, (best, median) in timings.items():
        line = f"{name:32s} {best * 1e6:8.2f} µs/eval (median {median * 1e6:7.2f})  {best / base:7.1f}x baseline"
        if not name.startswith("baseline"):
            under = best < BUDGET_S
            ok &= under
            line += f"  {'under' if under else 'OVER'} the 1 ms budget ({best / BUDGET_S:.1%} of it)"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
