"""Numbers in and out of the calculators: "175B" -> 175e9, bytes -> "31.4 GB", and the calculators' error.

Sizes are shown in decimal units (1 GB = 10⁹ bytes), as the ZeRO paper states its figures (120 GB for
Ψ = 7.5B). GPU memory sold as "80 GB" is really 80 GiB = 80 × 2³⁰ bytes = 85.9 GB in these units.
Vietnamese output writes a decimal comma and a thousands dot (6,4 GB; 3.640).
"""

from __future__ import annotations

import math
import re

from ds_tui.i18n import Text, t
from ds_tui.numbers import localize

GB = 1e9
GIB = 2**30

_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12, "p": 1e15}
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgtp]?)\s*$", re.IGNORECASE)
_BYTES = re.compile(r"^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmgtp]?)(i?)b?\s*$", re.IGNORECASE)


class CalcError(ValueError):
    """A bad input to a calculator, with its explanation in both languages (``str()`` is the English)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en or text.vi or "")
        self.text = text


def parse_number(value: str | float | int) -> float:
    """``"7.5e9"``, ``"175B"``, ``"300b"``, ``"1.5M"``, ``"2k"``, ``"1_000"``, ``"1,000"`` -> a float.

    Suffixes: k = 10³, M = 10⁶, B or G = 10⁹ (billions), T = 10¹², P = 10¹⁵; case does not matter.
    """
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        match = _NUMBER.match(value.replace("_", "").replace(",", ""))
        if not match:
            raise CalcError(Text(
                vi=f"không hiểu số {value!r} (ví dụ hợp lệ: 7.5e9, 175B, 300B, 1.5M)",
                en=f"not a number: {value!r} (examples: 7.5e9, 175B, 300B, 1.5M)"))
        number = float(match.group(1)) * _SUFFIX[match.group(2).lower()]
    if not math.isfinite(number):
        raise CalcError(Text(vi=f"số không hữu hạn: {value!r}", en=f"not a finite number: {value!r}"))
    return number


def parse_bytes(value: str | float | int) -> float:
    """``"24GB"`` -> 24e9, ``"6GiB"`` -> 6 × 2³⁰, ``"6442450944"`` -> itself (plain numbers are bytes)."""
    if isinstance(value, (int, float)):
        return float(value)
    match = _BYTES.match(value.replace("_", "").replace(",", ""))
    if not match:
        raise CalcError(Text(
            vi=f"không hiểu dung lượng {value!r} (ví dụ: 24GB, 6GiB, 6442450944)",
            en=f"not a memory size: {value!r} (examples: 24GB, 6GiB, 6442450944)"))
    power = " kmgtp".index(match.group(2).lower() or " ")
    base = 1024 if match.group(3) else 1000
    return float(match.group(1)) * float(base**power)


_localize = localize  # the app's one number formatter (ds_tui.numbers)


def format_number(value: float, lang: str = "en", digits: int = 0) -> str:
    """``3640.2`` -> ``"3,640"`` (en) or ``"3.640"`` (vi); ``digits`` decimals."""
    return _localize(f"{value:,.{digits}f}", lang)


def format_sci(value: float, lang: str = "en", digits: int = 2) -> str:
    """``3.15e23`` -> ``"3.15e23"`` (``"3,15e23"`` in vi): the way FLOP counts are quoted."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return _localize(f"{mantissa}e{int(exponent)}", lang)


def format_bytes(value: float, lang: str = "en") -> str:
    """Decimal units: ``31_406_250_000`` -> ``"31.4 GB"``; TB from 10¹² bytes, MB under 1 GB."""
    if value >= 1e12:
        text = f"{value / 1e12:,.2f} TB"
    elif value >= 1e9:
        text = f"{value / 1e9:,.1f} GB"
    elif value >= 1e6:
        text = f"{value / 1e6:,.1f} MB"
    elif value >= 1e3:
        text = f"{value / 1e3:,.1f} kB"
    else:
        text = f"{value:,.0f} B"
    return _localize(text, lang)


def format_count(value: float, lang: str = "en") -> str:
    """A parameter or token count: ``8.03e9`` -> ``"8.03B"`` (vi: ``"8,03 tỷ"``)."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            number = value / size
            digits = 0 if number >= 100 else 1 if number >= 10 else 2
            return _localize(f"{number:.{digits}f}", lang) + t(f"units.{suffix}", lang)
    return format_number(value, lang)
