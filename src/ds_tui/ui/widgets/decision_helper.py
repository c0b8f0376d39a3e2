"""The decision helper embedded in lessons: answer a few questions, read the recommendation and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, RadioButton, RadioSet, Static

from ds_tui.decide import FACTORS, defaults, recommend
from ds_tui.lessons.model import Embed

EMBED = Embed("tool", "decision-helper")


class DecisionHelper(Vertical):
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
                    yield RadioButton(choice.text.show(self.lang), value=choice.id == self.answers[factor.id],
                                      name=choice.id)
        yield Static(id="recommendation")

    def on_mount(self) -> None:
        self.border_title = "▣ " + ("Trợ lý chọn thread hay process" if self.lang == "vi" else "Thread or process? Decide")
        self._show()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        factor_id = (event.radio_set.id or "").removeprefix("f-")
        if event.pressed.name:
            self.answers[factor_id] = event.pressed.name
        self._show()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.border_title = "▣ " + ("Trợ lý chọn thread hay process" if lang == "vi" else "Thread or process? Decide")
        for factor in FACTORS:
            self.query_one(f"#q-{factor.id}", Label).update(factor.prompt.show(lang))
            buttons = self.query_one(f"#f-{factor.id}", RadioSet).query(RadioButton)
            for button, choice in zip(buttons, factor.choices):
                button.label = choice.text.show(lang)
        self._show()

    def _show(self) -> None:
        result = recommend(self.answers)
        head = "Khuyên dùng" if self.lang == "vi" else "Recommended"
        why = "Vì sao" if self.lang == "vi" else "Why"
        mind = "Lưu ý" if self.lang == "vi" else "Mind"
        lines = [f"[b]{head}: {result.title.show(self.lang)}[/b]", f"{why}:"]
        lines += [f"  • {r.show(self.lang)}" for r in result.reasons]
        if result.caveats:
            lines.append(f"{mind}:")
            lines += [f"  • {c.show(self.lang)}" for c in result.caveats]
        self.query_one("#recommendation", Static).update("\n".join(lines))
