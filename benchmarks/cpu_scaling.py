"""Does the cpu-bound demo measure what the machine can do? Two checks, in the same run:

1. its processes mode reaches ≥ 90% of min(workers, usable cores)× over its sequential mode;
2. its speedup agrees within 10% with a plain ``concurrent.futures.ProcessPoolExecutor`` doing the
   same work (same numbers, same shares, same start method) against a plain loop.

Each measurement is repeated, the two alternating so that drift hits both alike; speedups are taken
from the least-disturbed runs (fastest sequential ÷ fastest parallel), because on a shared machine
other programs can slow any single run by far more than the 10% compared here. Medians are printed too.

    python benchmarks/cpu_scaling.py [--workers N] [--size large] [--repeats 5] [--start-method spawn]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from ds_tui.demos.machine import default_start_method, speedup_bound, usable_cores
from ds_tui.demos.runner import run_demo
from ds_tui.demos.scenarios import CPU_BASE, CPU_NUMBERS
from ds_tui.demos.workloads import is_prime, split_range


def plain_count(lo: int, hi: int) -> int:
    """The demo's work without the demo: the same trial division, no reporter."""
    return sum(1 for n in range(lo, hi) if is_prime(n))


def plain_measurement(workers: int, size: str, method: str | None) -> tuple[float, float, int]:
    lo, hi = CPU_BASE, CPU_BASE + CPU_NUMBERS[size]
    t = time.perf_counter()
    seq = plain_count(lo, hi)
    t_seq = time.perf_counter() - t
    shares = split_range(lo, hi, workers)
    t = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        par = sum(pool.map(plain_count, *zip(*shares)))
    t_par = time.perf_counter() - t
    assert seq == par
    return t_seq, t_par, seq


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="default: the usable cores")
    parser.add_argument("--size", default="large", choices=("small", "medium", "large"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--start-method", default=None)
    args = parser.parse_args()
    workers = args.workers or usable_cores()
    bound = min(float(workers), speedup_bound())
    method = args.start_method or default_start_method()
    print(f"usable cores {usable_cores()} (bound {speedup_bound():g}), workers {workers}, start method {method}, "
          f"size {args.size} ({CPU_NUMBERS[args.size]:,} numbers)")

    demo_walls: list[tuple[float, float]] = []
    plain_walls: list[tuple[float, float]] = []
    for rep in range(args.repeats):
        order = ("demo", "plain") if rep % 2 == 0 else ("plain", "demo")
        for which in order:
            if which == "demo":
                report = run_demo("cpu-bound", {"workers": workers, "size": args.size}, None, threading.Event(),
                                  args.start_method, modes=["sequential", "processes"])
                seq, proc = report.runs
                assert seq.ok and proc.ok
                demo_walls.append((seq.wall_s, proc.wall_s))
            else:
                t_seq, t_par, _ = plain_measurement(workers, args.size, args.start_method)
                plain_walls.append((t_seq, t_par))
        (ds, dp), (ps, pp) = demo_walls[-1], plain_walls[-1]
        print(f"repeat {rep + 1}: demo {ds:.2f} s / {dp:.2f} s = {ds / dp:.2f}×;"
              f"  ProcessPoolExecutor {ps:.2f} s / {pp:.2f} s = {ps / pp:.2f}×")

    def best(walls: list[tuple[float, float]]) -> float:
        """Speedup from the least-disturbed runs: the fastest sequential over the fastest parallel."""
        return min(w[0] for w in walls) / min(w[1] for w in walls)

    def median(walls: list[tuple[float, float]]) -> float:
        return statistics.median(w[0] / w[1] for w in walls)

    s_demo, s_plain = best(demo_walls), best(plain_walls)
    reach = s_demo / bound
    agree = abs(s_demo - s_plain) / s_plain
    print(f"demo processes speedup: {s_demo:.2f}× (best runs; median of repeats {median(demo_walls):.2f}×) = "
          f"{100 * reach:.0f}% of the bound min({workers} workers, {speedup_bound():g} cores) = {bound:g}× "
          f"(need ≥ 90%)")
    print(f"plain ProcessPoolExecutor speedup: {s_plain:.2f}× (median {median(plain_walls):.2f}×); "
          f"difference {100 * agree:.1f}% (need ≤ 10%)")
    ok = reach >= 0.90 and agree <= 0.10
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
