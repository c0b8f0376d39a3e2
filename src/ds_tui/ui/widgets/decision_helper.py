"""The decision helper embedded in lessons: answer a few questions, read the recommendation and why."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content, ContentText
from textual.geometry import Size
from textual.widgets import Label, RadioButton, RadioSet, Static

from ds_tui.decide import FACTORS, defaults, recommend
from ds_tui.i18n import t
from ds_tui.lessons.model import Embed

EMBED = Embed("tool", "decision-helper")


class Choice(RadioButton):
    """A radio button whose choice is marked by a glyph, not by colour alone (● picked, blank not), and
    whose label wraps under itself instead of being cut at the edge of the screen."""

    PICKED, UNPICKED = "●", " "
    INDENT = 4  # the button (3 cells) and a space

    # _button, BUTTON_INNER, _make_label and _label are ToggleButton's private drawing hooks (Textual 8):
    # the only way to mark the choice with a glyph and to keep every line of the label
    # (tests/test_textual_private.py fails when one of them goes)
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.PICKED if self.value else self.UNPICKED
        return super()._button

    def _make_label(self, label: ContentText) -> Content:
        return Content.from_text(label)  # every line, not only the first

    def _lines(self, width: int) -> list[str]:
        return textwrap.wrap(self._label.plain, max(8, width - self.INDENT - 1)) or [""]

    def render(self) -> Content:
        lines = self._lines(self.size.width)
        label = Content("\n".join([f" {lines[0]} ", *(" " * self.INDENT + line for line in lines[1:])]))
        return Content.assemble(self._button, label.stylize_before(self.get_visual_style("toggle--label")))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.INDENT + len(self._label.plain) + 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class DecisionHelper(Vertical):
    # the type and its class in each selector: they must beat RadioSet's own (RadioSet:focus draws a border)
    DEFAULT_CSS = """
    DecisionHelper.decision-helper {
        height: auto;
        max-width: 100;
        margin: 1 1;
        padding: 0 1;
        border: round $accent;
    }
    DecisionHelper.decision-helper .factor-prompt {
        width: 100%;
        margin-top: 1;
        text-style: bold;
    }
    DecisionHelper.decision-helper RadioButton {
        width: 100%;
        height: auto;
        text-wrap: wrap;
        text-overflow: fold;
    }
    DecisionHelper.decision-helper RadioSet {
        width: 100%;
        border: none;
        padding: 0;
    }
    DecisionHelper #recommendation {
        margin-top: 1;
        padding: 1;
        background: $boost;
    }
    """

    def __init__(self, lang: str) -> None:
        super().__init__(classes="embed decision-helper")
        self.embed = EMBED
        self.lang = lang
        self.answers = defaults()

    def compose(self) -> ComposeResult:
        for factor in FACTORS:
            yield Label(factor.prompt.show(self.lang), id=f"q-{factor.id}", classes="factor-prompt")
            with RadioSet(id=f"f-{factor.id}"):
                for choice in factor.choices:
                    yield Choice(choice.text.show(self.lang), value=choice.id == self.answers[factor.id],
                                 name=choice.id)
        yield Static(id="recommendation")

    def on_mount(self) -> None:
        self.border_title = "▣ " + t("widget.decide.title", self.lang)
        self._show()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        factor_id = (event.radio_set.id or "").removeprefix("f-")
        if event.pressed.name:
            self.answers[factor_id] = event.pressed.name
        self._show()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.border_title = "▣ " + t("widget.decide.title", lang)
        for factor in FACTORS:
            self.query_one(f"#q-{factor.id}", Label).update(factor.prompt.show(lang))
            buttons = self.query_one(f"#f-{factor.id}", RadioSet).query(RadioButton)
            for button, choice in zip(buttons, factor.choices):
                button.label = choice.text.show(lang)
        self._show()

    def _show(self) -> None:
        result = recommend(self.answers)
        head = t("widget.decide.recommended", self.lang)
        why = t("widget.decide.why", self.lang)
        mind = t("widget.decide.mind", self.lang)
        lines = [f"[b]{head}: {result.title.show(self.lang)}[/b]", f"{why}:"]
        lines += [f"  • {r.show(self.lang)}" for r in result.reasons]
        if result.caveats:
            lines.append(f"{mind}:")
            lines += [f"  • {c.show(self.lang)}" for c in result.caveats]
        self.query_one("#recommendation", Static).update("\n".join(lines))
