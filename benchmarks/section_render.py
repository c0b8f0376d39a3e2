"""Drawing one lesson section in the reader: the heaviest a lesson may hold, against the heaviest bundled one.

A section's Markdown becomes one widget per block and per table cell, so what a section can hold is
limited (src/ds_tui/lessons/limits.py): a text may weigh at most MAX_WEIGHT. Each case below is just
under the limits; each is timed from Markdown.update() until drawn (best of 5, runs alternating with
the bundled section so machine noise hits both alike). Budget: every case <= 5x the heaviest bundled
section (its weight is 102, the limit 360). Before the limits a 10,000-row table took about 15 s.

    python benchmarks/section_render.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from ds_tui.lessons import load_library
from ds_tui.lessons.limits import MAX_WEIGHT, markdown_problem, shape

BUDGET = 5.0


def table(rows: int, cols: int) -> str:
    head = "|" + "|".join(f"h{c}" for c in range(cols)) + "|\n|" + "|".join("---" for _ in range(cols)) + "|\n"
    return head + "".join("|" + "|".join(f"cell {r} {c}" for c in range(cols)) + "|\n" for r in range(rows))


def heaviest_allowed(make) -> str:
    """The largest n for which make(n) passes the checks."""
    n = 1
    while markdown_problem(make(n + 1)) is None and n < 10_000:
        n += 1
    return make(n)


CASES = {
    "list items": lambda: heaviest_allowed(lambda n: "\n".join(f"- item {i} with a few words" for i in range(n))),
    "table rows": lambda: heaviest_allowed(lambda n: table(n, 4)),
    "paragraphs": lambda: heaviest_allowed(lambda n: "\n\n".join(f"paragraph {i} of a long text" for i in range(n))),
    "nested lists": lambda: heaviest_allowed(lambda n: "\n".join("  " * (i % 4) + f"- x{i}" for i in range(n))),
    "quotes": lambda: heaviest_allowed(lambda n: "\n\n".join("> > > > q" for _ in range(n))),
}


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(id="m")


async def measure(runs: int) -> int:
    bodies = [s.body.en or "" for lesson in load_library().lessons for s in lesson.sections]
    bundled = max(bodies, key=lambda b: shape(b).weight)
    texts = {name: make() for name, make in CASES.items()}
    app = Bench()
    async with app.run_test(size=(100, 30)) as pilot:
        widget = app.query_one(Markdown)

        async def draw(text: str) -> float:
            await widget.update("x")
            await pilot.pause()
            start = time.perf_counter()
            await widget.update(text)
            await pilot.pause()
            return time.perf_counter() - start

        times = {name: [] for name in texts}
        base: list[float] = []
        for _ in range(runs):
            for name, text in texts.items():
                base.append(await draw(bundled))
                times[name].append(await draw(text))
    reference = min(base)
    print(f"heaviest bundled section (weight {shape(bundled).weight}): {reference * 1000:7.1f} ms")
    worst = 0.0
    for name, text in texts.items():
        best = min(times[name])
        worst = max(worst, best / reference)
        print(f"{name:13s} at the limits (weight {shape(text).weight:3d} of {MAX_WEIGHT}): "
              f"{best * 1000:7.1f} ms, {best / reference:4.1f}x")
    verdict = "within" if worst <= BUDGET else "OVER"
    print(f"worst case {worst:.1f}x the heaviest bundled section, {verdict} the {BUDGET:.0f}x budget")
    return 0 if worst <= BUDGET else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    return asyncio.run(measure(parser.parse_args().runs))


if __name__ == "__main__":
    sys.exit(main())
