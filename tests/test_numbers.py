"""The one number formatter: each language's decimal and thousands separators."""

from __future__ import annotations

import pytest

from ds_tui.hardware.fields import format_bytes, format_mhz
from ds_tui.numbers import decimal, general, localize
from ds_tui.training.units import format_number


@pytest.mark.parametrize(("value", "lang", "digits", "grouping", "expected"), [
    (2.6449, "en", 2, False, "2.64"),
    (2.6449, "vi", 2, False, "2,64"),
    (12345.67, "en", 1, True, "12,345.7"),
    (12345.67, "vi", 1, True, "12.345,7"),
    (0.9, "vi", 1, False, "0,9"),
    (3, "vi", 0, False, "3"),
])
def test_decimal(value, lang, digits, grouping, expected):
    assert decimal(value, lang, digits, grouping) == expected


def test_general_and_localize():
    assert general(0.3, "vi") == "0,3" and general(0.3, "en") == "0.3"
    assert general(1e-5, "vi") == "1e-05"
    assert localize("1,234.5", "vi") == "1.234,5" and localize("1,234.5", "en") == "1,234.5"


def test_every_formatter_writes_the_same_separators():
    # the calculators, the hardware figures and the demos agree for the same number
    assert format_number(3640.2, "vi") == decimal(3640.2, "vi", 0, grouping=True) == "3.640"
    assert format_bytes(1310720, "vi") == "1,25 MiB" and format_bytes(1310720) == "1.25 MiB"
    assert format_bytes(int(23.5 * 2**30), "vi") == "23,5 GiB"
    assert format_mhz(2600, "vi") == "2,60 GHz" and format_mhz(2600) == "2.60 GHz"
