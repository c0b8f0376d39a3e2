"""The progress store's demo runs: kept so a student can compare runs (other worker counts, other days).
"""

from __future__ import annotations

import time

from ds_tui.store_saving import StoreBase
from ds_tui.store_writes import transaction


class DemosMixin(StoreBase):
    # -- demo runs: kept so a student can compare runs (other worker counts, other days) -------
    def save_demo_report(self, demo: str, report_json: str, summary_json: str | None = None) -> None:
        """Written now or not at all (the caller says so): a demo can be run again, an answer cannot.

        ``summary_json``: the run's summary (ds_tui.demos.history), what the Demos list shows."""
        with self._lock:
            transaction(self._db, [{"op": "demo", "demo": demo, "finished": time.time(), "report": report_json,
                                     "summary": summary_json}])

    def demo_summaries(self, demo: str, limit: int = 20) -> list[tuple[float, str | None, str | None]]:
        """(finished time, summary JSON, report JSON) of the latest runs of ``demo``, newest first; the
        report only where a run saved before summaries has none (the caller works it out from that)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT finished, summary, CASE WHEN summary IS NULL THEN report END FROM demo_runs"
                " WHERE demo = ? ORDER BY finished DESC, id DESC LIMIT ?", (demo, limit))
            return [(row[0], row[1], row[2]) for row in rows]

    def demo_reports(self, demo: str, limit: int = 20) -> list[tuple[float, str]]:
        """(finished time, JSON report) of the latest runs of ``demo``, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT finished, report FROM demo_runs WHERE demo = ? ORDER BY finished DESC LIMIT ?", (demo, limit))
            return [(row[0], row[1]) for row in rows]
