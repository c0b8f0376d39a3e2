"""The home screen's list of lessons: an OptionList whose Enter is labelled in the footer.

The list owns the Enter binding (rather than the screen) so a key typed ahead, such as
Down Down Enter, is handled in order by one widget.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class LessonList(OptionList):
    BINDINGS = [Binding("enter", "select", "Open")]
