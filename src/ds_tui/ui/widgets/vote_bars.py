"""The class's votes as bars, and the reveal: drawn as text that fits the screen it is shown on.

Every bar carries its option's shape and letter, the count and the percentage, and every verdict
is a ✓ or ✗ glyph: the Okabe–Ito colours help, but colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text as RichText

from ds_tui.classroom.class_quiz import PredictOutcome
from ds_tui.classroom.class_text import format_metric
from ds_tui.classroom.class_votes import ClassOption, Tally
from ds_tui.i18n import t
from ds_tui.ui.palette import OPTION_COLOURS, RIGHT_COLOUR, WRONG_COLOUR
from ds_tui.ui.safe import inline


def option_colour(index: int) -> str:
    return OPTION_COLOURS[index % len(OPTION_COLOURS)]


def option_label(option: ClassOption, index: int) -> RichText:
    return RichText.assemble((f"{option.shape} ", option_colour(index)), (option.letter, "bold"))


def bar(fraction: float, width: int) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "·" * (width - filled)


class VoteBars:
    """One row per option: shape + letter, its text (when there is room), then per round a bar, count, %."""

    def __init__(self, options: Sequence[ClassOption], tallies: Sequence[Tally], lang: str,
                 correct: Sequence[str] | None = None) -> None:
        self.options = list(options)
        self.tallies = list(tallies)
        self.lang = lang
        self.correct = set(correct) if correct is not None else None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        rounds = max(1, len(self.tallies))
        mark_w = 2 if self.correct is not None else 0
        stat_w = 9  # " 123 100%"
        text_w = 0 if width < 56 + 34 * (rounds - 1) else max(10, min(60, (width - 4 - mark_w) // (rounds + 1)))
        bar_w = max(4, min(40, (width - mark_w - 4 - text_w - rounds * (stat_w + 2)) // rounds))
        table = Table(box=None, padding=(0, 1, 0, 0), show_header=rounds > 1, header_style="bold", expand=False)
        if mark_w:
            table.add_column(width=1, no_wrap=True)
        table.add_column(width=3, no_wrap=True)
        if text_w:
            table.add_column(width=text_w, no_wrap=True, overflow="ellipsis")
        for n in range(rounds):
            heading = t("cq.vote_round", self.lang, n=n + 1) if rounds > 1 else ""
            if n == 1 and len(t("cq.vote_after", self.lang)) <= bar_w + stat_w:
                heading = t("cq.vote_after", self.lang)
            table.add_column(heading, width=bar_w + stat_w, no_wrap=True)
        ids = [o.id for o in self.options]
        shares = [tally.percent(ids) for tally in self.tallies]
        top = [max(1, max(tally.counts.values(), default=0)) for tally in self.tallies]
        for i, option in enumerate(self.options):
            row: list[RenderableType] = []
            if mark_w:
                right = option.id in (self.correct or ())
                row.append(RichText("✓" if right else "✗", style=f"bold {RIGHT_COLOUR if right else WRONG_COLOUR}"))
            row.append(option_label(option, i))
            if text_w:
                row.append(inline(option.text.show(self.lang)))
            for r, tally in enumerate(self.tallies):
                count = tally.count(option.id)
                cell = RichText(bar(count / top[r], bar_w), style=option_colour(i))
                cell.append(f" {count:>3} {shares[r][i]:>3}%", style="bold")
                row.append(cell)
            table.add_row(*row)
        yield table
        if len(self.tallies) == 1:
            totals = t("cq.total", self.lang, n=self.tallies[0].total)
        else:
            totals = " · ".join(t("cq.total_round", self.lang, round=r, n=tally.total)
                                for r, tally in enumerate(self.tallies, 1))
        yield RichText(totals, style="italic")


def option_lines(options: Sequence[ClassOption], lang: str) -> Table:
    """The options as the class reads them: shape and letter, then the text, wrapped under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    for i, option in enumerate(options):
        grid.add_row(option_label(option, i), inline(option.text.show(lang)))
    return grid


class ItemColumns:
    """Items to discuss (to order, to classify), one under another; with ``compact`` (a zoomed projector),
    in two columns whenever that takes fewer lines, so every item is on screen while the class thinks."""

    def __init__(self, items: Sequence[str], compact: bool = False) -> None:
        self.items = [inline(item) for item in items]
        self.compact = compact

    @staticmethod
    def _height(console: Console, text: RichText, width: int) -> int:
        return len(text.wrap(console, max(1, width)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        one = sum(self._height(console, item, width) for item in self.items)
        half = (width - 2) // 2
        pairs = [self.items[i:i + 2] for i in range(0, len(self.items), 2)]
        two = sum(max(self._height(console, item, half) for item in pair) for pair in pairs)
        if self.compact and len(self.items) > 1 and half >= 16 and two < one:
            grid = Table.grid(expand=True)
            grid.add_column(ratio=1)
            grid.add_column(width=width - 2 * half)  # the gutter
            grid.add_column(ratio=1)
            for pair in pairs:
                grid.add_row(pair[0], "", pair[1] if len(pair) > 1 else "")
            yield grid
        else:
            yield from self.items


def run_on_items(items: Sequence[str]) -> RichText:
    """Items one after another in a paragraph, each behind a bold bullet: the last resort of a small screen,
    where one item a line would push some of them out of sight."""
    out = RichText()
    for i, item in enumerate(items):
        text = item.removeprefix("• ")
        if i:
            out.append("   ")
        out.append("•" + GLUE, style="bold")  # never left alone at the end of a line
        out.append_text(inline(text))
    return out


GLUE = "\u2800"  # a blank that is not whitespace: the bullet and the item's first word wrap together


def reveal(options: Sequence[ClassOption], correct: Sequence[str], lang: str,
           tally: Tally | None) -> Table:
    """Every option with ✓ or ✗, its hands if counted, and why."""
    right_ids = set(correct)
    ids = [o.id for o in options]
    shares = tally.percent(ids) if tally else None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    for i, option in enumerate(options):
        right = option.id in right_ids
        text = inline(option.text.show(lang), "bold" if right else "")
        if tally is not None and shares is not None:
            text.append(f"  · {t('cq.hands', lang, n=tally.count(option.id))}, {shares[i]}%", style="italic")
        grid.add_row(RichText("✓" if right else "✗", style=f"bold {RIGHT_COLOUR if right else WRONG_COLOUR}"),
                     option_label(option, i), text)
        if option.why:
            grid.add_row("", "", inline(option.why.show(lang), "italic"))
    return grid


def predict_summary(outcome: PredictOutcome, metric: str, lang: str, tally: Tally | None) -> RichText:
    """The measured value, the option it falls in, and what the class predicted."""
    text = RichText()
    if outcome.measured is None:
        text.append(t("cq.no_measurement", lang), style="italic")
        return text
    text.append(t("cq.measured", lang, value=format_metric(metric, outcome.measured)), style="bold")
    if outcome.measured_option is not None:
        o = outcome.measured_option
        text.append(f" → {o.shape} {o.letter}: {o.text.show(lang)}", style="bold")
    if len(outcome.too_close) > 1:
        letters = ", ".join(f"{c.shape} {c.letter}" for c in outcome.too_close)
        text.append("\n" + t("cq.too_close", lang, letters=letters), style="italic")
    if outcome.observed is not None:
        text.append("\n" + outcome.observed.show(lang), style="dim")
    text.append("\n")
    if outcome.class_choice and tally is not None:
        ids = [c.id for c in outcome.class_choice]
        letters = ", ".join(f"{c.shape} {c.letter}" for c in outcome.class_choice)
        share = tally.share(ids)
        text.append(t("cq.class_chose", lang, letters=letters,
                      percent=round(100 * share) if share is not None else 0) + "  ")
        right = outcome.class_was_right
        if right is not None:
            text.append(("✓ " if right else "✗ ") + t("cq.class_right" if right else "cq.class_wrong", lang),
                        style=f"bold {RIGHT_COLOUR if right else WRONG_COLOUR}")
    else:
        text.append(t("cq.no_votes", lang), style="italic")
    return text
