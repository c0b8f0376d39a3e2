"""Each finished demo run in a few figures: what the Demos list shows and what a student compares.

A summary is worked out from the run's JSON report (``ds_tui.demos.results.to_json``): its parameters,
the start method, how long it took, and the demo's headline metrics. It is saved beside the report
(``Store.save_demo_report``); runs saved before summaries existed get theirs from the report when read.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from ds_tui.demos import kinds
from ds_tui.i18n import has, t

SUMMARY_VERSION = 1


@dataclass(frozen=True)
class RunSummary:
    demo: str
    finished: float  # unix time
    params: dict[str, Any]  # workers, size, microbatches (pipeline)
    start_method: str
    seconds: float  # every mode's wall time together
    metrics: dict[str, float] = field(default_factory=dict)  # the report's, as docs/lesson-format.md names them
    ok: bool = True  # every mode's result was correct (or, for isolation, failed as it was meant to)
    failures: int = 0  # workers that failed (the isolation demo makes three fail on purpose)


def summarize(report: dict[str, Any], finished: float | None = None) -> RunSummary:
    """The summary of a report as ``to_json`` writes it (missing fields: defaults, never an error)."""
    runs = [r for r in report.get("runs") or [] if isinstance(r, dict)]
    params: dict[str, Any] = report["params"] if isinstance(report.get("params"), dict) else {}
    machine: dict[str, Any] = report["machine"] if isinstance(report.get("machine"), dict) else {}
    metrics = {str(k): float(v) for k, v in (report.get("metrics") or {}).items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return RunSummary(
        demo=str(report.get("demo", "")),
        finished=time.time() if finished is None else finished,
        params={k: params[k] for k in ("workers", "size", "microbatches") if k in params},
        start_method=str(machine.get("start_method") or ""),
        seconds=float(sum(_number(r.get("wall_s")) for r in runs)),
        metrics=metrics,
        ok=all(bool(r.get("ok")) for r in runs) if runs else False,
        failures=sum(len(r.get("failures") or []) for r in runs),
    )


def _number(x: object) -> float:
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else 0.0


def to_json(summary: RunSummary) -> str:
    return json.dumps({"v": SUMMARY_VERSION, "params": summary.params, "start_method": summary.start_method,
                       "seconds": round(summary.seconds, 4), "metrics": {k: round(v, 4) for k, v in summary.metrics.items()},
                       "ok": summary.ok, "failures": summary.failures}, ensure_ascii=True, sort_keys=True)


def from_saved(demo: str, finished: float, summary_json: str | None, report_json: str | None) -> RunSummary | None:
    """A saved run's summary: its own, or worked out from its report (None: neither can be read)."""
    try:
        if summary_json is not None:
            data = json.loads(summary_json)
            return RunSummary(demo, finished, dict(data.get("params") or {}), str(data.get("start_method") or ""),
                              _number(data.get("seconds")),
                              {str(k): float(v) for k, v in (data.get("metrics") or {}).items()
                               if isinstance(v, (int, float)) and not isinstance(v, bool)},
                              bool(data.get("ok")), int(_number(data.get("failures"))))
        if report_json is not None:
            data = json.loads(report_json)
            if isinstance(data, dict):
                return summarize({**data, "demo": demo}, finished)
    except (ValueError, TypeError, AttributeError):
        pass
    return None


# -- in words ------------------------------------------------------------------------------------------
def headline(summary: RunSummary, lang: str) -> str:
    """The run's result in one short line: the figure the demo is about (its module says which)."""
    demo = next((d for d in kinds.ALL if d.id == summary.demo), None)
    line = demo.headline(summary, lang) if demo is not None and demo.headline is not None else None
    if line:
        return line
    return t("history.done" if summary.ok else "history.errors", lang)


def params_text(summary: RunSummary, lang: str) -> str:
    """The settings a run used: '4 workers · small · fork'."""
    p = summary.params
    parts = []
    if "workers" in p:
        parts.append(t("history.workers", lang, n=p["workers"]))
    if p.get("microbatches"):
        parts.append(f"m={p['microbatches']}")
    if p.get("size"):
        size = str(p["size"])
        parts.append(t(f"history.size.{size}", lang) if has(f"history.size.{size}") else size)
    if summary.start_method:
        parts.append(summary.start_method)
    return " · ".join(parts)


def ago(then: float, now: float, lang: str) -> str:
    """How long ago: 'just now', '5 min ago', '3 h ago', '2 days ago'."""
    seconds = max(0.0, now - then)
    if seconds < 60:
        return t("history.just_now", lang)
    if seconds < 3600:
        return t("history.minutes_ago", lang, n=round(seconds / 60))
    if seconds < 86400:
        return t("history.hours_ago", lang, n=round(seconds / 3600))
    return t("history.days_ago", lang, n=round(seconds / 86400))
