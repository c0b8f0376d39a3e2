"""The class quiz screen's show of hands: a count field per option (digits only), Enter from one to the
next, and what was typed kept when the class leaves the step."""

from __future__ import annotations

from typing import Any

from textual import getters
from textual.containers import Horizontal
from textual.widgets import Input, Label

from ds_tui.classroom.class_quiz import Phase
from ds_tui.classroom.class_votes import parse_count
from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.screens.class_quiz_base import ClassQuizBase
from ds_tui.ui.widgets.vote_bars import option_label


class VoteInput(Input):
    """A show-of-hands count: digits only. Every other key (the clicker's, the letters of the quiz's keys)
    is left to the screen, so nothing the teacher presses is swallowed by the field."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        super().__init__(value, type="integer", restrict=r"[0-9]*", compact=True, max_length=3, **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isdigit()


class QuizHands(ClassQuizBase):
    """The count fields and what they hold."""

    # -- the show of hands ----------------------------------------------------------------------------
    votes_box = getters.query_one("#cq-votes", Horizontal)

    async def _mount_votes(self) -> None:
        box = self.votes_box
        quiz = self.quiz
        same = self._votes_for == (self.number, quiz.round)
        for field in box.query(".vote-input").results(Input) if same else []:  # a language switch redraws: keep typed
            value = parse_count(field.value)
            if value and field.id:
                quiz.draft[field.id.removeprefix("vote-")] = value
        await box.remove_children()
        if quiz.phase is not Phase.VOTES:
            return
        self._votes_for = (self.number, quiz.round)
        widgets = []
        for i, option in enumerate(quiz.options):
            value = quiz.draft.get(option.id)
            cell = Horizontal(Label(option_label(option, i), classes="vote-label"),
                              VoteInput(str(value) if value else "", id=f"vote-{option.id}", classes="vote-input"),
                              classes="vote-cell")
            widgets.append(cell)
        self._fit_votes()
        await box.mount_all(widgets)
        for field in box.query(VoteInput):
            localize(field, self.lang)
        self._focus_first_vote()

    def _fit_votes(self) -> None:
        """As many count fields per row as the screen has room for (a cell is 9 columns)."""
        box = self.votes_box
        room = max(1, (self.size.width - 2) // 9)
        box.styles.grid_size_columns = max(1, min(room, len(self.quiz.options) or 1))

    def _focus_first_vote(self) -> None:
        inputs = list(self.query(".vote-input"))
        if inputs:
            inputs[0].focus()

    def action_cq_vote_enter(self) -> None:
        """Enter in a count field: the next option's field; in the last one, the distribution.
        Anywhere else Enter is "next", as a clicker that sends it means.

        A field reads its keys from its own queue, so when Enter waited for the field to see it, a burst
        like "4⏎6⏎9" had already sent every digit to the first field. Focus moves here instead, as the
        key arrives; the distribution waits until the last field has read what was sent to it."""
        inputs = list(self.query(".vote-input"))
        focused = self.focused
        if focused not in inputs:
            self.action_cq_next()
        elif focused is not inputs[-1]:
            self.set_focus(inputs[inputs.index(focused) + 1])
        else:
            focused.call_later(self._next_now)

    def _stash_typed(self) -> None:
        """Leaving the show of hands without recording it (back, go to, the slides): keep what was typed."""
        quiz = self.quizzes.get(self.number)
        if quiz is None or quiz.phase is not Phase.VOTES or self._votes_for != (self.number, quiz.round):
            return
        for field in self.query(".vote-input").results(Input):
            value = parse_count(field.value)
            if field.id:
                option_id = field.id.removeprefix("vote-")
                if value:
                    quiz.draft[option_id] = value
                else:
                    quiz.draft.pop(option_id, None)

    def _typed_counts(self) -> dict[str, int] | None:
        if self._votes_for != (self.number, self.quiz.round) or not self.query(".vote-input"):
            return dict(self.quiz.draft)  # "next" before the fields are drawn: what was typed before, if anything
        counts: dict[str, int] = {}
        for option in self.quiz.options:
            field = self.query_one(f"#vote-{option.id}", Input)
            value = parse_count(field.value)
            if value is None:
                self.notify(t("cq.bad_count", self.lang, letter=option.letter), severity="error")
                field.focus()
                return None
            counts[option.id] = value
        return counts
