"""Amounts as people write them, converted with Pint."""

from __future__ import annotations

import pytest

from twitchcheck.core.errors import InputError
from twitchcheck.core.units import Dimension, parse_amount


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        ("500", "volume", 500.0),
        ("500ml", "volume", 500.0),
        ("1.5 L", "volume", 1500.0),
        ("1,5 l", "volume", 1500.0),
        ("3,000 ml", "volume", 3000.0),
        ("1,250.5ml", "volume", 1250.5),
        ("16 oz", "volume", 473.2),
        ("16 fl oz", "volume", 473.2),
        ("2 cups", "volume", 473.2),
        ("70,5", "mass", 70.5),
        ("154 lb", "mass", 69.85),
        ("154 lbs", "mass", 69.85),
        ("11 st", "mass", 69.85),
        ("14.5 in", "length", 36.8),
        ("365 mm", "length", 36.5),
    ],
)
def test_amounts_convert(text: str, dimension: Dimension, expected: float) -> None:
    assert parse_amount(text, dimension, "AMOUNT") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "dimension"), [("a lot", "volume"), ("500 kg", "volume"), ("3 parsecs", "mass"), ("", "length")]
)
def test_what_is_not_an_amount_names_the_field(text: str, dimension: Dimension) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(text, dimension, "AMOUNT")
    assert [problem.field for problem in caught.value.problems] == ["AMOUNT"]
