"""The demo view's words: the line under the run buttons, and the one figure each row of the results
table needs beyond its time (a failure, or the demo's own note)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text as RichText

from ds_tui.demos import kinds
from ds_tui.demos.catalog import mode_help, mode_title
from ds_tui.demos.lanes import lane_label
from ds_tui.i18n import t
from ds_tui.numbers import decimal

if TYPE_CHECKING:
    from ds_tui.demos.results import RunResult
    from ds_tui.demos.spec import Demo


def status_text(key: str, values: dict[str, object], lang: str) -> str | RichText:
    """The status line ``demo.<key>`` in ``lang``: a running mode with what it does under it, the seconds of
    a finished demo as that language writes them."""
    if key == "running":  # what this mode does, under the line saying it runs
        mode = str(values["mode"])
        text = RichText(t(f"demo.{key}", lang, **{**values, "mode": mode_title(mode).show(lang),
                                               "workers": t("count.workers", lang, n=values["workers"])}))
        text.append("\n" + mode_help(mode).show(lang), style="not bold dim")
        return text
    if key == "done":  # the seconds as the language shown now writes them
        values = {**values, "seconds": decimal(float(str(values["seconds"])), lang, 1)}
    return t(f"demo.{key}", lang, **values)


def run_note(run: RunResult, lang: str, demo: Demo | None = None) -> str:
    """The one figure a run's row needs beyond time: which workers failed, else the demo's own note (lost
    updates, throughput, the bubble...); without the demo, the first demo's note that has one."""
    if run.failures:
        return failures_note(run, lang)
    for candidate in (demo,) if demo is not None else kinds.ALL:
        note = candidate.note(run, lang)
        if note:
            return note
    return ""  # the allreduce runs' bytes and losses have their own view (RingView)


def failures_note(run: RunResult, lang: str) -> str:
    """Which workers failed and how, in a few whole words: "✗ process 1 exit code 1, ✗ process 3 signal 9"
    (each worker's full reason is on its progress lane)."""
    parts = []
    for f in sorted(run.failures, key=lambda f: f.worker):
        label = lane_label(run.lanes[f.worker], lang).split(" (")[0] if 0 <= f.worker < len(run.lanes) else f"#{f.worker}"
        if f.exitcode is None:
            how = t("demo.failure.raised" if f.reason.startswith("raised") else "demo.failure.stopped", lang)
        elif f.exitcode < 0:
            how = t("demo.failure.signal", lang, signal=-f.exitcode)
        else:
            how = t("demo.failure.exit_code", lang, code=f.exitcode)
        parts.append(f"✗ {label} {how}")
    return ", ".join(parts)
