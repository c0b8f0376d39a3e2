"""Classroom mode without the screen: slides, the class quiz's rules and the presenter's state file.

Importing the package adds classroom mode's interface strings to ds_tui.i18n (a clashing key is an error)."""

from ds_tui.classroom.strings import STRINGS as _STRINGS
from ds_tui.i18n import register as _register

_register(_STRINGS, "ds_tui.classroom.strings")
