"""The all-reduce demo's ring: which chunk each worker sent at each of the 2·(N−1) ring steps of one
training step, the measured time of each step, the bytes each worker sent against 2(N−1)/N × the
gradient, and the loss curves of the runs side by side.

Everything drawn comes from the run's measurements (``RunResult.extra``, see ds_tui.demos.kinds.allreduce);
chunks are named c0, c1, … and the phases written out, so colour is never the only signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget

from ds_tui.i18n import t
from ds_tui.numbers import decimal

if TYPE_CHECKING:
    from ds_tui.demos.results import RunResult

MAX_ROWS = 8  # workers shown; more are summarised
SPARK = "▁▂▃▄▅▆▇█"



_num = decimal  # the app's one number formatter (ds_tui.numbers)


def _grp(n: int, lang: str) -> str:
    return decimal(n, lang, 0, grouping=True)  # 1,048,576 / 1.048.576


def sparkline(values: list[float], low: float, high: float) -> str:
    if not values:
        return ""
    span = high - low
    out = []
    for v in values:
        k = 0 if span <= 0 else round((v - low) / span * (len(SPARK) - 1))
        out.append(SPARK[max(0, min(len(SPARK) - 1, k))])
    return "".join(out)


def schedule_table(ring_log: list[list[Any]], lang: str) -> list[list[str]]:
    """Rows "w{r} → w{r+1}", then one cell per ring step: the chunk worker r sent (from its log)."""
    n = len(ring_log)
    rows = []
    for r, log in enumerate(ring_log):
        rows.append([f"w{r} → w{(r + 1) % n}"] + [f"c{entry[2]}" for entry in log])
    return rows


class RingView(Widget):
    DEFAULT_CSS = """
    RingView { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.runs: list[RunResult] = []
        self.lang = "en"

    def show(self, runs: list[RunResult], lang: str) -> None:
        self.runs, self.lang = [r for r in runs if r.extra.get("loss") or "ring_log" in r.extra], lang
        self.refresh(layout=True)

    def _ring(self) -> RunResult | None:
        return next((r for r in self.runs if "ring_log" in r.extra), None)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self.runs:
            return 0
        return len(self._text(width).wrap(self.app.console, max(1, width)))  # titles may wrap

    def render(self) -> Text:
        return self._text(self.size.width or 80)

    def _text(self, width: int) -> Text:
        out = Text()
        for i, line in enumerate(self._lines(width or 80)):
            if i:
                out.append("\n")
            out.append_text(line)
        return out

    def _lines(self, width: int) -> list[Text]:
        lines: list[Text] = []
        ring = self._ring()
        if ring is not None:
            lines += self._schedule(ring, width)
            lines.append(Text())
            lines += self._bytes(ring, width)
        curves = [(r, r.extra["loss"]) for r in self.runs if r.extra.get("loss")]
        if curves:
            if lines:
                lines.append(Text())
            lines += self._loss(curves, width)
        return lines if lines else []

    def _schedule(self, ring: RunResult, width: int) -> list[Text]:
        e, lang = ring.extra, self.lang
        n = len(e["ring_log"])
        steps = 2 * (n - 1)
        rows = schedule_table(e["ring_log"], lang)
        label_w = max(len(row[0]) for row in rows) + 1
        cell_w = max(3, len(f"c{n - 1}")) + 1
        fits = max(1, (width - label_w - 3) // cell_w)
        shown = list(range(steps)) if steps <= fits else list(range(fits - 1))
        cut = len(shown) < steps

        def cells(values: list[str], styles: list[str] | None = None) -> Text:
            t = Text()
            for k in shown:
                gap = " " if k == n - 1 else ""  # a gap between the phases
                t.append(gap + values[k].rjust(cell_w), style=(styles[k] if styles else ""))
            if cut:
                t.append(" …")
            return t

        out = [Text(t("ring.title", lang, n=n, values=_grp(e["params"], lang), last=n - 1), style="bold"),
               Text(t("ring.phases", lang, a=n - 1, b=n, c=steps), style="dim")]
        step_row = Text(t("ring.step", lang).ljust(label_w), style="dim")
        step_row.append_text(cells([str(k + 1) for k in range(steps)]))
        out.append(step_row)
        phase_styles = ["yellow"] * (n - 1) + ["green"] * (n - 1)
        for row in rows[:MAX_ROWS]:
            line = Text(row[0].ljust(label_w))
            line.append_text(cells(row[1:], phase_styles))
            out.append(line)
        if n > MAX_ROWS:
            out.append(Text(t("ring.more", lang, k=n - MAX_ROWS), style="dim"))
        ms = [_num(1000 * s, lang, 1) for s in e.get("ring_step_s", [])]
        if len(ms) == steps:
            line = Text(t("ring.ms", lang).ljust(label_w), style="dim")
            line.append_text(cells(ms))
            line.append("  " + t("ring.ms_note", lang), style="dim")
            out.append(line)
        return out

    def _bytes(self, ring: RunResult, width: int) -> list[Text]:
        e, lang = ring.extra, self.lang
        formula = e["bytes_formula_ratio"]
        out = [Text(t("ring.bytes", lang, f=_num(formula, lang)), style="bold")]
        n = len(e["bytes_per_step"])
        label_w = len(f"w{n - 1}") + 1
        suffix_w = 20
        bar_w = max(10, width - label_w - suffix_w - 1)
        mark = min(bar_w - 1, round(formula / 2 * bar_w))
        for r, (sent, ratio) in enumerate(zip(e["bytes_per_step"], e["bytes_ratio_per_worker"])):
            if r >= MAX_ROWS:
                out.append(Text(t("ring.more", lang, k=n - MAX_ROWS), style="dim"))
                break
            filled = min(bar_w, round(ratio / 2 * bar_w))
            line = Text(f"w{r}".ljust(label_w))
            for x in range(bar_w):
                if x == mark:
                    line.append("┃", style="bold")
                elif x < filled:
                    line.append("█", style="cyan")
                else:
                    line.append(" ")
            kb = _num(sent / 1000, lang, 1)
            line.append(f" {kb} KB {_num(ratio, lang, 3)}×".rjust(suffix_w))
            out.append(line)
        return out

    def _loss(self, curves: list[tuple[RunResult, list[float]]], width: int) -> list[Text]:
        # lazy: the demo engine loads with the first demo
        from ds_tui.demos.catalog import mode_title

        lang = self.lang
        low = min(min(c) for _, c in curves)
        high = max(max(c) for _, c in curves)
        names = [mode_title(r.mode).show(lang) for r, _ in curves]
        label_w = max(len(s) for s in names) + 1
        out = [Text(t("ring.loss", lang), style="bold")]
        for name, (run, curve) in zip(names, curves):
            line = Text(name.ljust(label_w))
            line.append(sparkline(curve, low, high)[: max(4, width - label_w - 20)], style="magenta")
            d = run.extra.get("loss_max_diff")
            if d is None:
                line.append(f" {_num(curve[0], lang, 3)} → {_num(curve[-1], lang, 3)}")
            else:
                key = "same" if run.ok else "differs"
                line.append(" " + t(f"ring.{key}", lang, d=f"{d:.0e}"), style="" if run.ok else "bold red")
            out.append(line)
        return out
