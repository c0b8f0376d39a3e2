"""Demos: real work in threads, processes and asyncio on the student's machine, measured.

No UI here (a test forbids Textual). Kept import-light on purpose: worker processes started with
``spawn`` or ``forkserver`` import :mod:`ds_tui.demos.workloads` through this package.

Entry points (import them from their modules):

- :func:`ds_tui.demos.runner.run_demo` — run a demo, blocking, emitting :mod:`~ds_tui.demos.events`
- :data:`ds_tui.demos.catalog.DEMOS` — the demos, their parameters and modes
- :func:`ds_tui.demos.results.to_json` — a report as plain JSON data
"""
