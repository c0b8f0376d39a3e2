"""The lesson list's prompts: number, then title lines wrapped under the title, not under the number."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from ds_tui.ui.hanging_text import HangingText


def lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_wrapped_lines_start_under_the_text():
    prompt = HangingText(Text(" 4. "), Text("How ChatGPT is trained on a distributed system\n14 sections · 22 questions"))
    assert lines(prompt, 40) == [
        " 4. How ChatGPT is trained on a",
        "    distributed system",
        "    14 sections · 22 questions",
    ]
    assert prompt.plain.startswith(" 4. How ChatGPT") and "22 questions" in prompt.plain
    assert lines(prompt, 120)[0] == " 4. How ChatGPT is trained on a distributed system"


def test_measured_width_includes_the_label():
    from rich.measure import Measurement

    console = Console(width=100, file=io.StringIO())
    measured = Measurement.get(console, console.options, HangingText(Text("12. "), Text("Short")))
    assert measured.maximum == len("12. Short")


def test_each_width_is_wrapped_once_and_every_width_its_own_way(monkeypatch):
    prompt = HangingText(Text(" 4. "), Text("How ChatGPT is trained on a distributed system"))
    wraps: list[int] = []
    draw = HangingText._draw

    def counted(self: HangingText, console: Console, options: object) -> object:
        wraps.append(options.max_width)  # type: ignore[attr-defined]
        return draw(self, console, options)  # type: ignore[arg-type]

    monkeypatch.setattr(HangingText, "_draw", counted)
    narrow = lines(prompt, 40)
    assert lines(prompt, 40) == narrow and lines(prompt, 40) == narrow  # drawn again, wrapped once
    assert lines(prompt, 120) == [" 4. How ChatGPT is trained on a distributed system"]
    assert lines(prompt, 40) == narrow == [" 4. How ChatGPT is trained on a", "    distributed system"]
    assert wraps == [40, 120]
