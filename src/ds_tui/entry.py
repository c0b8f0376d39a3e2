"""The ``ds-tui`` command's entry point: start-up with the garbage collector paused (ds_tui.startup_gc),
then the command line."""

from __future__ import annotations

from ds_tui import startup_gc


def main(argv: list[str] | None = None) -> int:
    startup_gc.pause()  # before the command line's imports: they are start-up's first allocations
    from ds_tui.cli import main as cli_main  # lazy: imported with the collector paused

    return cli_main(argv)
