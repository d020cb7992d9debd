"""Amounts as people write them ("500 ml", "1.5 L", "16 oz", "154 lb", "14.5 in"), converted with Pint.

A bare number is taken in the field's own unit (ml, kg, cm). "oz" next to a drink means US fluid ounces.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Literal

from twitchcheck.core.errors import FieldProblem, InputError

if TYPE_CHECKING:
    from pint import UnitRegistry

Dimension = Literal["volume", "mass", "length"]
_TARGET: dict[Dimension, str] = {"volume": "milliliter", "mass": "kilogram", "length": "centimeter"}
_EXAMPLES: dict[Dimension, str] = {
    "volume": "500 ml, 1.5 L, 16 oz",
    "mass": "70.5 kg, 154 lb",
    "length": "36.5 cm, 14 in",
}
_AMOUNT = re.compile(
    r"^\s*([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)\s*([a-zA-Z. ]*?)\s*$"
)
_DECIMALS: dict[Dimension, int] = {"volume": 1, "mass": 2, "length": 1}
_ALIASES = {
    "l": "liter",
    "ltr": "liter",
    "litre": "liter",
    "litres": "liter",
    "cc": "milliliter",
    "fl oz": "fluid_ounce",
    "fl. oz": "fluid_ounce",
    "floz": "fluid_ounce",
    "lbs": "pound",
    "st": "stone",
}


@cache
def _registry() -> UnitRegistry[float]:
    from pint import UnitRegistry

    return UnitRegistry()


def registry() -> UnitRegistry[float]:
    """The one Pint unit registry (made on first use)."""
    return _registry()


def parse_amount(text: str, dimension: Dimension, field: str) -> float:
    """The amount in ml, kg or cm; InputError naming `field` when it is not an amount of that kind."""
    match = _AMOUNT.match(text)
    if match is None:
        raise InputError(
            [FieldProblem(field, f"not an amount like {_EXAMPLES[dimension]} (got {text!r})")], "entry"
        )
    digits = match.group(1)
    # "3,000" is three thousand (a thousands separator); "70,5" is seventy and a half (a decimal comma).
    number = float(
        digits.replace(",", "")
        if "." in digits or digits.count(",") > 1 or len(digits.split(",")[-1]) == 3
        else digits.replace(",", ".")
    )
    unit = match.group(2).strip().rstrip(".").lower()
    if not unit:
        return round(number, _DECIMALS[dimension])
    unit = _ALIASES.get(unit, unit)
    if dimension == "volume" and unit in {"oz", "ounce", "ounces"}:
        unit = "fluid_ounce"
    from pint.errors import DimensionalityError, UndefinedUnitError

    registry = _registry()
    try:
        converted = float(registry.Quantity(number, unit).to(_TARGET[dimension]).magnitude)
    except (UndefinedUnitError, DimensionalityError, AttributeError, ValueError):
        raise InputError(
            [FieldProblem(field, f"{unit!r} is not a unit of {dimension} (try {_EXAMPLES[dimension]})")],
            "entry",
        ) from None
    return round(converted, _DECIMALS[dimension])
