"""Demos: real work in threads, processes and asyncio on the student's machine, measured.

No UI here (a test forbids Textual). Kept import-light on purpose: worker processes started with
``spawn`` or ``forkserver`` import their demo's module (``ds_tui.demos.kinds.*``) through this package.

Layers (docs/architecture.md, "Demos"): :mod:`~ds_tui.demos.spec` (what a demo is) → one module per demo
in :mod:`ds_tui.demos.kinds`, listed once in ``kinds.ALL`` → the engine (:mod:`~ds_tui.demos.runner`,
:mod:`~ds_tui.demos.session`, :mod:`~ds_tui.demos.reporter`, :mod:`~ds_tui.demos.isolated`), which is
given a demo and knows none → the interface.

Entry points (import them from their modules):

- :func:`ds_tui.demos.catalog.run_demo` — run a demo by id, blocking, emitting :mod:`~ds_tui.demos.events`
- :data:`ds_tui.demos.catalog.DEMOS` — the demos' specs: parameters, modes, metrics
- :func:`ds_tui.demos.results.to_json` — a report as plain JSON data
"""

from ds_tui.demos.strings import STRINGS as _STRINGS
from ds_tui.i18n import register as _register

_register(_STRINGS, "ds_tui.demos.strings")  # the demos' strings join ds_tui.i18n (a clashing key is an error)
