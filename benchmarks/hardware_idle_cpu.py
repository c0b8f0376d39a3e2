"""CPU cost of the live hardware screen at 1 Hz, against btop at 1 Hz: what a user pays for leaving it open.

Each program runs alone in its own terminal of the same size (tmux by default, else a bare
pseudo-terminal), and the runs alternate: ds-tui, btop, ds-tui, btop, ... (the order flips each
round, so a trend in the machine's load hits both alike). In each run, once the program's screen is
up and a settle time has passed, the CPU time (user + system) of its whole process tree — threads,
child processes, and children that ended and were waited for — is read with psutil at the start and
end of the same window. Each run's figure, the medians and the ratio of medians are printed, with
the spread of the per-round ratios. Budget: ds-tui costs no more CPU than btop (ratio <= 1.0).

    python benchmarks/hardware_idle_cpu.py [--rounds 2] [--seconds 20] [--settle 5] [--size 80x24]
                                           [--terminal tmux|pty] [--ds-tui PATH]

btop comes from the OS packages (Debian/Ubuntu: apt-get install btop). It runs with a private
configuration (XDG_CONFIG_HOME in a temporary folder) that sets ``update_ms = 1000``, so the user's
own btop settings play no part; ds-tui runs with a private, empty data folder.

Why an earlier version of this script reported 0.86-0.91x while a person measuring by hand saw
1.4-1.9x: it ran both programs at the same time in bare pseudo-terminals of 100x30 that nothing
answered, counted only the live processes' own time (not ended children's), and started its window
5 s after launch, while ds-tui could still be finishing its start-up work. See the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from terminal import default_terminal, open_terminal, parse_size, tree_cpu_seconds  # noqa: E402

BUDGET = 1.0
DS_TUI_MARKER = "What this machine suits"  # the advice (English): the probe has finished
BTOP_MARKER = "cpu"  # btop's CPU box


def measure(kind: str, argv: list[str], marker: str, env: dict[str, str], size: tuple[int, int],
            settle: float, seconds: float) -> float:
    """Percent of one core used by the whole process tree of ``argv`` over ``seconds``, after ``settle``."""
    cols, rows = size
    with open_terminal(kind, argv, env, cols, rows) as term:
        if not term.wait_for(marker, 60):
            raise RuntimeError(f"{argv[0]} never showed {marker!r}; screen:\n{term.screen()}")
        time.sleep(settle)
        start_cpu, start = tree_cpu_seconds(term.pid), time.perf_counter()
        time.sleep(seconds)
        used, elapsed = tree_cpu_seconds(term.pid) - start_cpu, time.perf_counter() - start
    return 100 * used / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each program (alternating)")
    parser.add_argument("--seconds", type=float, default=20.0, help="the measured window of each run")
    parser.add_argument("--settle", type=float, default=5.0, help="wait after the screen is up, before measuring")
    parser.add_argument("--size", default="80x24", help="terminal size COLSxROWS, the same for both")
    parser.add_argument("--terminal", choices=("tmux", "pty"), default=default_terminal())
    parser.add_argument("--ds-tui", default=shutil.which("ds-tui"), help="the ds-tui command (default: on PATH)")
    args = parser.parse_args()
    btop = shutil.which("btop")
    if not btop or not args.ds_tui:
        print("needs btop (apt-get install btop) and ds-tui (pip install .) on PATH", file=sys.stderr)
        return 2
    size = parse_size(args.size)
    names = ("ds-tui hardware --live", "btop (update_ms=1000)")
    used: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config" / "btop"
        config.mkdir(parents=True)
        (config / "btop.conf").write_text("update_ms = 1000\n")
        env = {**{k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")},
               "TERM": "xterm-256color", "LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
               "DS_TUI_HOME": str(Path(tmp) / "home")}
        programs = {names[0]: ([args.ds_tui, "hardware", "--live", "--lang", "en"], DS_TUI_MARKER),
                    names[1]: ([btop], BTOP_MARKER)}
        for round_ in range(args.rounds):
            order = names if round_ % 2 == 0 else names[::-1]
            for name in order:
                argv, marker = programs[name]
                value = measure(args.terminal, argv, marker, env, size, args.settle, args.seconds)
                used[name].append(value)
                print(f"round {round_ + 1}  {name:24s} {value:5.2f}% of one core", flush=True)
    medians = {name: statistics.median(values) for name, values in used.items()}
    print(f"\n{args.terminal} {size[0]}x{size[1]}, {args.seconds:.0f} s windows after {args.settle:.0f} s settle, "
          f"{args.rounds} runs each, alternating")
    for name, values in used.items():
        print(f"{name:24s} median {medians[name]:5.2f}%  (min {min(values):.2f}, max {max(values):.2f})")
    pairs = [ours / max(theirs, 1e-9) for ours, theirs in zip(used[names[0]], used[names[1]])]
    ratio = medians[names[0]] / max(medians[names[1]], 1e-9)
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"ratio ds-tui / btop = {ratio:.2f}x  (per round {min(pairs):.2f}-{max(pairs):.2f}x; "
          f"{verdict} the budget of {BUDGET:.1f}x)")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
