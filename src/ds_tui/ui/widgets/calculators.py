"""The training calculators as embeddable tools: change an input, read the result at once.

All figures and wording come from ds_tui.training (the same text as ``ds-tui calc``); this module
only lays out inputs and shows what the core returns.
"""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from ds_tui.i18n import t
from ds_tui.lessons.model import Embed
from ds_tui.training import GPU_PRESETS, MODEL_PRESETS, TrainingSetup, estimate, fits, gpu_preset, memory, model_preset
from ds_tui.training.report import compute_text, memory_text
from ds_tui.training.units import CalcError, parse_number
from ds_tui.ui.select_labels import relabel


class _Calculator(Vertical):
    """Inputs in a grid, the result below; recomputed on every change (each evaluation < 1 ms)."""

    DEFAULT_CSS = """
    _Calculator.calculator {
        height: auto;
        max-width: 100;
        margin: 1 1;
        padding: 0 1;
        border: round $accent;
    }
    _Calculator .calc-inputs {
        grid-size: 2;
        grid-columns: 26 1fr;
        grid-rows: 1;
        grid-gutter: 0 1;
        height: auto;
        margin-top: 1;
    }
    _Calculator .calc-inputs Input, _Calculator .calc-inputs Select {
        width: 1fr;
    }
    _Calculator .calc-result {
        margin-top: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    EMBED: Embed
    KEY: str  # its strings: KEY.title, and KEY.<field> for each input's label (ds_tui.ui.strings)

    def __init__(self, lang: str) -> None:
        super().__init__(classes="embed calculator")
        self.embed = self.EMBED
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Grid(classes="calc-inputs"):
            for key, widget in self.fields():
                yield Label(id=f"l-{key}")
                yield widget
        yield Static(id="calc-result", classes="calc-result")

    def fields(self) -> list[tuple[str, Input | Select[str]]]:
        raise NotImplementedError

    def result(self) -> str:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.border_title = "▣ " + t(f"{self.KEY}.title", lang)
        if not self.query(".calc-inputs"):  # removed as soon as it was mounted (sections turned quickly)
            return
        for label in self.query_one(".calc-inputs").query(Label):
            label.update(t(f"{self.KEY}.{str(label.id).removeprefix('l-')}", lang))
        self._recompute()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._recompute()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._recompute()

    def value(self, key: str) -> str:
        widget = self.query_one(f"#f-{key}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return cast(Input, widget).value.strip()  # the fields that are not a Select are Inputs

    def _recompute(self) -> None:
        try:
            text = self.result()
        except CalcError as exc:
            text = "✗ " + exc.text.show(self.lang)
        except (ValueError, ArithmeticError) as exc:
            text = f"✗ {exc}"
        self.query_one("#calc-result", Static).update(text)


class MemoryCalculator(_Calculator):
    EMBED = Embed("tool", "memory-calculator")
    KEY = "calc.memory"

    def __init__(self, lang: str, default_gpu: str = "rtx3060-laptop") -> None:
        super().__init__(lang)
        self.default_gpu = default_gpu

    def fields(self) -> list[tuple[str, Input | Select[str]]]:
        models = [(cfg.name, key) for key, cfg in MODEL_PRESETS.items()]
        gpus = [(gpu.label, key) for key, gpu in GPU_PRESETS.items()]
        return [
            ("model", Select(models, value="gpt2-1.5b", allow_blank=False, compact=True, id="f-model")),
            ("gpu", Select(gpus, value=self.default_gpu, allow_blank=False, compact=True, id="f-gpu")),
            ("dp", Input("1", type="integer", compact=True, id="f-dp")),
            ("tp", Input("1", type="integer", compact=True, id="f-tp")),
            ("pp", Input("1", type="integer", compact=True, id="f-pp")),
            ("zero", Select([(str(i), str(i)) for i in range(4)], value="0", allow_blank=False, compact=True, id="f-zero")),
            ("micro", Input("1", type="integer", compact=True, id="f-micro")),
            ("recompute", Select(self._recompute_options(self.lang),
                                 value="none",
                                 allow_blank=False, compact=True, id="f-recompute")),
        ]

    @staticmethod
    def _recompute_options(lang: str) -> list[tuple[str, str]]:  # the same words as the text result's
        return [(t(f"trainreport.recompute.{key}", lang), key) for key in ("none", "selective", "full")]

    def set_lang(self, lang: str) -> None:
        relabel(self.query_one("#f-recompute", Select), self._recompute_options(lang))
        super().set_lang(lang)

    def result(self) -> str:
        setup = TrainingSetup(micro_batch=int(self.value("micro") or 1), dp=int(self.value("dp") or 1),
                              tp=int(self.value("tp") or 1), pp=int(self.value("pp") or 1),
                              zero=int(self.value("zero")), recompute=self.value("recompute"))
        breakdown = memory(model_preset(self.value("model")), setup)
        gpu = gpu_preset(self.value("gpu"))
        return memory_text(breakdown, fits(breakdown, gpu.memory_bytes, gpu.name), self.lang)


class ComputeCalculator(_Calculator):
    EMBED = Embed("tool", "compute-calculator")
    KEY = "calc.compute"

    def fields(self) -> list[tuple[str, Input | Select[str]]]:
        return [
            ("params", Input("175B", compact=True, id="f-params")),
            ("tokens", Input("300B", compact=True, id="f-tokens")),
            ("gpus", Input("1024", type="integer", compact=True, id="f-gpus")),
            ("peak", Input("312", compact=True, id="f-peak")),
            ("util", Input("0.44", compact=True, id="f-util")),
            ("price", Input("", placeholder="—", compact=True, id="f-price")),
        ]

    def result(self) -> str:
        price = self.value("price")
        gpus = self.value("gpus")
        est = estimate(parse_number(self.value("params")), parse_number(self.value("tokens")),
                       gpus=int(gpus) if gpus else None, peak_tflops=parse_number(self.value("peak")) if gpus else None,
                       utilization=parse_number(self.value("util") or "1"),
                       price_per_gpu_hour=parse_number(price) if price else None)
        return compute_text(est, self.lang)
