"""``ds-tui demo``: list the demos, or run one headless — a progress line on stderr, results on stdout.

Plain text and Rich only (no Textual). Ctrl+C stops the demo at once, leaves no process behind and
exits with 130; SIGTERM and SIGHUP do the same and exit with 128 + the signal's number (SIGKILL cannot be
caught: the workers then end by themselves, see :mod:`ds_tui.demos.lifeline`). Wire it with::

    demo = add_demo_parser(subcommands)     # returns the "demo" parser (add --live to it)
    ...
    if args.command == "demo":
        return run_demo_cli(args)
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any, TextIO

from ds_tui import jsonout
from ds_tui.console_output import escapes_allowed
from ds_tui.demos.catalog import DEMOS, SIZES, mode_title
from ds_tui.demos.events import DemoFinished, Event, Progress, RunFinished, RunStarted, WorkerFailed
from ds_tui.demos.results import DemoReport
from ds_tui.i18n import t
from ds_tui.numbers import decimal

START_METHODS = ("spawn", "fork", "forkserver")

def add_demo_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``demo`` to an argparse subparsers object; returns the new parser."""
    parser = subparsers.add_parser(
        "demo", help="list the thread/process demos, or run one headless",
        description="Run a demo on this machine: progress on stderr, results on stdout. "
                    "'ds-tui demo list' lists them.")
    parser.add_argument("name", metavar="NAME", help="a demo id (" + ", ".join(DEMOS) + "), or 'list'")
    parser.add_argument("--workers", type=int, metavar="N", help="threads/processes to use (default: per demo)")
    parser.add_argument("--size", choices=SIZES, help="amount of work (default: medium)")
    parser.add_argument("--microbatches", type=int, metavar="M",
                        help="pipeline demo only: micro-batches per batch (default 4)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--timeline", action="store_true", help="with --json: include every busy span")
    parser.add_argument("--lang", dest="demo_lang", choices=("vi", "en"),
                        help="language of the results (default: ds-tui --lang, else the locale)")
    parser.add_argument("--start-method", choices=START_METHODS,
                        help="how worker processes start (default: the platform's)")
    return parser


def list_lines(lang: str) -> list[str]:
    width = max(len(d) for d in DEMOS)
    return [f"{d.id:<{width}}  {d.title.show(lang)} — {d.summary.show(lang)}" for d in DEMOS.values()]


def run_demo_cli(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from ds_tui.i18n import locale_lang

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    lang = getattr(args, "demo_lang", None) or getattr(args, "lang", None) or locale_lang()
    name = args.name
    if name == "list":
        print("\n".join(list_lines(lang)), file=out)
        return 0
    spec = DEMOS.get(name)
    if spec is None:
        print(f"ds-tui demo: error: {t('democli.unknown', lang, name=name)}", file=err)
        print("\n".join("  " + line for line in list_lines(lang)), file=err)
        return 2
    try:
        params = spec.params({"workers": args.workers, "size": args.size,
                              "microbatches": getattr(args, "microbatches", None)})
    except ValueError as exc:
        print(f"ds-tui demo: error: {exc}", file=err)
        return 2
    method = getattr(args, "start_method", None)
    if method and method not in multiprocessing.get_all_start_methods():
        print(f"ds-tui demo: error: start method {method!r} is not available here "
              f"(available: {', '.join(multiprocessing.get_all_start_methods())})", file=err)
        return 2

    from ds_tui.demos.catalog import run_demo

    bar = ProgressLine(err, lang)
    try:
        with _stop_signals_raise():
            report = run_demo(name, params, bar.on_event, threading.Event(), method)
    except (KeyboardInterrupt, Stopped) as exc:
        bar.clear()
        print(f"ds-tui demo: {t('democli.interrupted', lang)}", file=err)
        return 128 + exc.signum if isinstance(exc, Stopped) else 130
    bar.clear()
    if args.json:
        print(jsonout.dumps(_json(report, getattr(args, "timeline", False)), indent=2), file=out)
    else:
        print_report(report, lang, out)
    return 0


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: raised where the demo runs, so it stops its workers and removes its
    temporary files on the way out, as for Ctrl+C (a BaseException: no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_HANDLER_PID = [0]  # the process that set the handlers


def _raise_stopped(signum: int, frame: Any) -> None:
    if os.getpid() != _HANDLER_PID[0]:  # a worker forked before it reset its signals: die as by default
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Stopped(signum)


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """While inside: SIGTERM and SIGHUP raise :class:`Stopped` (only the main thread can set handlers;
    elsewhere nothing changes)."""
    saved: list[tuple[int, Any]] = []
    if threading.current_thread() is threading.main_thread():
        _HANDLER_PID[0] = os.getpid()
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None:
                saved.append((signum, signal.signal(signum, _raise_stopped)))
    try:
        yield
    finally:
        for signum, handler in saved:
            signal.signal(signum, handler)


def _json(report: DemoReport, timeline: bool) -> dict[str, Any]:
    from ds_tui.demos.results import to_json

    return to_json(report, timeline=timeline)


class ProgressLine:
    """One line on stderr: the run in progress, a bar and the elapsed time (redrawn on a terminal; on a
    pipe or a dumb terminal, one line per run)."""

    WIDTH = 24

    def __init__(self, stream: TextIO, lang: str, min_interval: float = 0.1) -> None:
        self.stream = stream
        self.lang = lang
        self.tty = escapes_allowed(stream)  # TERM=dumb: one line per run, as on a pipe
        self.min_interval = min_interval
        self.mode = ""
        self.total = 0
        self.done: dict[int, int] = {}
        self.t0 = time.perf_counter()
        self._last_draw = 0.0
        self._drawn = False

    def on_event(self, ev: Event) -> None:
        if isinstance(ev, RunStarted):
            self.mode, self.total, self.done = ev.mode, ev.total, {}
            self.t0 = time.perf_counter()
            if not self.tty:
                self._print(f"{mode_title(ev.mode).show(self.lang)} ({ev.workers})…")
            self._draw(force=True)
        elif isinstance(ev, Progress):
            self.done[ev.worker] = ev.done
            self._draw()
        elif isinstance(ev, WorkerFailed):
            self._print(f"  ✗ {self.mode} worker {ev.worker} {t('democli.failed', self.lang)}: {ev.reason}")
        elif isinstance(ev, RunFinished):
            r = ev.run
            s = f", {decimal(r.speedup, self.lang)}×" if r.speedup is not None else ""
            self._print(f"  {'✓' if r.ok else '✗'} {mode_title(r.mode).show(self.lang)}: {decimal(r.wall_s, self.lang, 3)} s{s}")
        elif isinstance(ev, DemoFinished):
            self.clear()

    def _draw(self, force: bool = False) -> None:
        if not self.tty:
            return
        now = time.perf_counter()
        if not force and now - self._last_draw < self.min_interval:
            return
        self._last_draw = now
        frac = min(1.0, sum(self.done.values()) / self.total) if self.total else 0.0
        filled = int(frac * self.WIDTH)
        line = (f"{mode_title(self.mode).show(self.lang)[:28]:<28} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                f"{100 * frac:3.0f}%  {now - self.t0:5.1f} s")
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def _print(self, text: str) -> None:
        self.clear()
        print(text, file=self.stream, flush=True)

    def clear(self) -> None:
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def print_report(report: DemoReport, lang: str, out: TextIO) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False, soft_wrap=False)
    spec = DEMOS[report.demo]
    table = Table(title=spec.title.show(lang), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t("democli.mode", lang), no_wrap=True)
    for key in ("workers", "wall", "cpu", "speedup", "efficiency"):
        table.add_column(t(f"democli.{key}", lang), justify="right")
    table.add_column(t("democli.ok", lang), justify="center")

    def fmt(x: float | None, digits: int = 3, suffix: str = "") -> str:
        if x is None:
            return "—"
        return decimal(x, lang, digits) + suffix

    for r in report.runs:
        table.add_row(mode_title(r.mode).show(lang), str(r.workers), fmt(r.wall_s), fmt(r.cpu_s),
                      fmt(r.speedup, 2, "×"), fmt(r.efficiency, 2), "✓" if r.ok else "✗")
    console.print(table)
    if report.metrics:
        shown = [f"{k} = {fmt(v, 0 if float(v).is_integer() else 2)}" for k, v in report.metrics.items()]
        console.print(t("democli.metrics", lang) + ": " + ", ".join(shown))
        console.print()
    console.print(report.explanation.show(lang), markup=False)  # plain text: e.g. pip install "ds-tui[torch]"
