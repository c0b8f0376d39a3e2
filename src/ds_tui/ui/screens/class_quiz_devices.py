"""The class quiz screen's link to the students' devices: each step told to them, and the label that
says how many joined and answered (never what)."""

from __future__ import annotations

import time

from textual.widgets import Static

from ds_tui.classroom.class_quiz import Phase
from ds_tui.i18n import t
from ds_tui.ui.screens.class_quiz_base import ClassQuizBase


class QuizDevices(ClassQuizBase):
    """The devices told each step, and their count on the projector."""

    # -- the students' devices ---------------------------------------------------------------------------
    def _tell_devices(self) -> None:
        """The devices see this step (the question, whether answers are open, the reveal)."""
        devices = self.devices
        if devices is None:
            self._show_devices()
            return
        quiz = self.quiz
        if quiz.phase is Phase.REVEAL and not quiz.votable:
            quiz.graded = devices.room.graded(quiz, self.number)
        devices.room.show(quiz, self.number, len(self.questions), self._now())
        self._show_devices()

    def _device_event(self, what: str) -> None:
        """A device answered or joined: the count follows within a frame or two (many answers at once
        are drawn once)."""
        if what in ("answer", "joined") and not self._devices_due:
            self._devices_due = True
            self.call_later(self._show_devices)

    def _show_devices(self) -> None:
        self._devices_due = False
        if not self.is_mounted:
            return
        label = self.query_one("#cq-devices", Static)
        devices = self.devices
        if label.display != (devices is not None):
            label.display = devices is not None
        if devices is None:
            return
        quiz, lang, room = self.quiz, self.lang, devices.room
        answered = room.answered(self.number, quiz.round)
        if quiz.phase in (Phase.QUESTION, Phase.COUNTDOWN):
            text = t("serve.answered", lang, answered=answered, joined=room.joined)
        elif quiz.phase is Phase.VOTES and quiz.votable:
            text = t("serve.joined_short", lang, n=room.joined) + " " + t("serve.devices_votes", lang, n=answered)
        else:
            text = t("serve.joined_short", lang, n=room.joined)
        if text != self._devices_text:  # a new layout only when the width changes (9 → 10): a burst of answers
            label.update(text, layout=len(text) != len(self._devices_text))  # redraws one line, not the screen
            self._devices_text = text
        if self.device_counts_shown is not None:
            self.device_counts_shown.append((time.time(), answered))
