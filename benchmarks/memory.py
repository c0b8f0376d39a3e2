"""Memory of the live hardware screen: resident memory (RSS) of ds-tui's whole process tree, against a
minimal Textual app that shows a comparable screen (a header, per-core bars redrawn at 1 Hz, a footer),
and btop for reference.

Each program runs alone in its own terminal of the same size (tmux by default, else a bare
pseudo-terminal); runs alternate (ds-tui, minimal app, btop, then the next round in another order).
Once the screen is up and a settle time has passed, the RSS of the process and all its descendants is
read (and PSS, which counts a page shared between them once). Each run's figures, the medians and
the ratio of medians are printed. Budget: ds-tui <= 1.25x the minimal Textual app.

    python benchmarks/memory.py [--rounds 3] [--settle 5] [--size 80x24] [--terminal tmux|pty] [--ds-tui PATH]
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
from terminal import default_terminal, open_terminal, parse_size, tree_rss_bytes  # noqa: E402

BUDGET = 1.25
MIB = 1024 * 1024

MINIMAL_APP = """
import psutil
from textual.app import App
from textual.widgets import Footer, Header, Static


def bar(percent, width=40):
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("Minimal hardware screen", id="title")
        yield Static(id="cores")
        yield Footer()

    def on_mount(self):
        psutil.cpu_percent(percpu=True)
        self.set_interval(1.0, self.sample)

    def sample(self):
        cores = psutil.cpu_percent(percpu=True)
        memory = psutil.virtual_memory()
        lines = [f"cpu{i} {bar(p)} {p:3.0f}%" for i, p in enumerate(cores)]
        lines.append(f"RAM  {bar(memory.percent)} {memory.percent:3.0f}%")
        self.query_one("#cores", Static).update("\\n".join(lines))


Minimal().run()
"""


def measure(kind: str, argv: list[str], marker: str, env: dict[str, str], size: tuple[int, int],
            settle: float) -> tuple[int, int]:
    cols, rows = size
    with open_terminal(kind, argv, env, cols, rows) as term:
        if not term.wait_for(marker, 60):
            raise RuntimeError(f"{argv[0]} never showed {marker!r}; screen:\n{term.screen()}")
        time.sleep(settle)
        return tree_rss_bytes(term.pid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--settle", type=float, default=5.0, help="wait after the screen is up, before reading")
    parser.add_argument("--size", default="80x24", help="terminal size COLSxROWS, the same for all")
    parser.add_argument("--terminal", choices=("tmux", "pty"), default=default_terminal())
    parser.add_argument("--ds-tui", default=shutil.which("ds-tui"), help="the ds-tui command (default: on PATH)")
    args = parser.parse_args()
    if not args.ds_tui:
        print("ds-tui is not installed in this environment (pip install .)", file=sys.stderr)
        return 2
    size = parse_size(args.size)
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_hardware_app.py"
        minimal.write_text(MINIMAL_APP)
        config = Path(tmp) / "config" / "btop"
        config.mkdir(parents=True)
        (config / "btop.conf").write_text("update_ms = 1000\n")
        env = {**{k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")},
               "TERM": "xterm-256color", "LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
               "DS_TUI_HOME": str(Path(tmp) / "home")}
        programs = {
            "ds-tui hardware --live": ([args.ds_tui, "hardware", "--live", "--lang", "en"], "What this machine suits"),
            "minimal Textual app": ([sys.executable, str(minimal)], "cpu0"),
        }
        btop = shutil.which("btop")
        if btop:
            programs["btop (reference)"] = ([btop], "cpu")
        names = list(programs)
        rss: dict[str, list[int]] = {name: [] for name in names}
        pss: dict[str, list[int]] = {name: [] for name in names}
        for round_ in range(args.rounds):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for name in order:
                argv, marker = programs[name]
                resident, proportional = measure(args.terminal, argv, marker, env, size, args.settle)
                rss[name].append(resident)
                pss[name].append(proportional)
                print(f"round {round_ + 1}  {name:24s} RSS {resident / MIB:6.1f} MiB  PSS {proportional / MIB:6.1f} MiB",
                      flush=True)
    print(f"\n{args.terminal} {size[0]}x{size[1]}, read {args.settle:.0f} s after the screen is up, "
          f"{args.rounds} runs each, alternating")
    for name in names:
        print(f"{name:24s} RSS median {statistics.median(rss[name]) / MIB:6.1f} MiB "
              f"(min {min(rss[name]) / MIB:.1f}, max {max(rss[name]) / MIB:.1f}); "
              f"PSS median {statistics.median(pss[name]) / MIB:6.1f} MiB")
    ratio = statistics.median(rss["ds-tui hardware --live"]) / statistics.median(rss["minimal Textual app"])
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"ratio ds-tui / minimal Textual app (RSS) = {ratio:.2f}x  ({verdict} the budget of {BUDGET:.2f}x)")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
