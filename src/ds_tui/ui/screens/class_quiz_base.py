"""What every part of the class quiz screen works with: the lesson's quizzes, which question the class
is on, and the names one part calls in another."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING


from ds_tui.classroom.class_quiz import ClassQuiz, Phase
from ds_tui.demos.catalog import DEMOS
from ds_tui.lessons.model import PredictQuestion
from ds_tui.ui.base import DsScreen
from ds_tui.ui.widgets.slide_scroll import SlideScroll

if TYPE_CHECKING:
    from ds_tui.ui.screens.present import PresentScreen

class ClassQuizBase(DsScreen[None]):
    """The class quiz screen's state; the parts (drawing, the show of hands, the devices) and the screen
    (ds_tui.ui.screens.class_quiz) build on it."""

    # what one part calls in another, each defined once: the clock and the run in the screen (tests
    # replace the screen module's clock), the drawing in class_quiz_draw, the rest where named
    _now: Callable[[], float]
    _redraw: Callable[[], None]
    _mount_run: Callable[[], Awaitable[None]]
    _mount_votes: Callable[[], Awaitable[None]]  # class_quiz_hands
    _tell_devices: Callable[[], None]  # class_quiz_devices
    action_cq_next: Callable[[], None]
    _next_now: Callable[[], None]

    def __init__(self, present: PresentScreen, number: int | None = None) -> None:
        super().__init__()
        self.present = present
        self.lesson = present.lesson
        self.questions = self.lesson.quiz
        if number is None:  # back from the slides: where the class was
            number = present.quiz_number
        self.number = max(0, min(number, len(self.questions) - 1))
        self.quizzes: dict[int, ClassQuiz] = present.class_quizzes
        self._shown_clock = ""
        self._rendered: tuple[int, Phase, int] | None = None
        self._votes_for: tuple[int, int] | None = None
        self._devices_due = False
        self._devices_text = ""
        self.device_counts_shown: list[tuple[float, int]] | None = None  # a benchmark's record: (time, answered)

    # -- layout ------------------------------------------------------------------------------------
    @property
    def quiz(self) -> ClassQuiz:
        if self.number not in self.quizzes:
            question = self.questions[self.number]
            runnable = isinstance(question, PredictQuestion) and question.demo in DEMOS
            self.quizzes[self.number] = ClassQuiz(question, runnable=runnable)
        return self.quizzes[self.number]

    @property
    def scroller(self) -> SlideScroll:
        return self.query_one("#cq-scroll", SlideScroll)

    @property
    def short(self) -> bool:
        """A zoomed projector: the clock on the top line, the demo's cores only, items side by side."""
        return self.has_class("-short")

    @property
    def devices(self):
        """The students' devices' server, when it runs."""
        return self.present.devices
