"""The home screen's list of lessons: an OptionList whose Enter is labelled in the footer.

The list owns the Enter binding (rather than the screen) so a key typed ahead, such as
Down Down Enter, is handled in order by one widget.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from ds_tui.ui.base import ds_app


class LessonList(OptionList):
    # Enter is not in the footer (the line under the list says it): at 80 columns the keys need the room
    BINDINGS = [Binding("enter", "select", "Open", show=False), Binding("p", "present", "Present", id="home.present")]

    def action_present(self) -> None:
        """Present the highlighted lesson as slides (classroom mode)."""
        if self.highlighted is None:
            return
        lesson_id = self.get_option_at_index(self.highlighted).id
        if lesson_id:
            ds_app(self).open_present(lesson_id)
