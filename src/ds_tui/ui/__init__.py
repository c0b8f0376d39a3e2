"""The Textual interface: a thin layer over the core. Only this package imports Textual."""

import ds_tui.classroom  # noqa: F401  (its strings — help sections, keys, keymap — join ds_tui.i18n for every screen)
from ds_tui.i18n import register as _register
from ds_tui.ui.strings import STRINGS as _STRINGS

_register(_STRINGS, "ds_tui.ui.strings")
