"""Units as exports write them (Apple Health's `mL`, `fl_oz_us`, `lb`; Garmin's centimetres), converted with
Pint, the units library the journal already uses."""

from __future__ import annotations

from functools import cache

from pint.errors import PintError

from twitchcheck.core.units import registry

UNIT_NAMES: dict[str, str] = {
    # HealthKit's unit strings (HKUnit), as Apple Health's export writes them in each record.
    "mL": "milliliter",
    "ml": "milliliter",
    "L": "liter",
    "dL": "deciliter",
    "cL": "centiliter",
    "fl_oz_us": "US_fluid_ounce",
    "fl_oz_imp": "imperial_fluid_ounce",
    "cup_us": "US_liquid_cup",
    "cup_imp": "imperial_cup",
    "pt_us": "US_liquid_pint",
    "pt_imp": "imperial_pint",
    "mg": "milligram",
    "g": "gram",
    "mcg": "microgram",
    "kg": "kilogram",
    "lb": "pound",
    "oz": "ounce",
    "st": "stone",
    "km": "kilometer",
    "m": "meter",
    "cm": "centimeter",
    "mi": "mile",
    "yd": "yard",
    "ft": "foot",
    "min": "minute",
    "s": "second",
    "hr": "hour",
    "h": "hour",
    "ms": "millisecond",
}


@cache
def _factor(unit: str, target: str) -> float | None:
    name = UNIT_NAMES.get(unit)
    if name is None:
        return None
    try:
        return float(registry().Quantity(1.0, name).to(target).magnitude)
    except PintError:
        return None  # a unit of another kind (a mass given for a volume)


def to_unit(value: float, unit: str | None, target: str) -> float | None:
    """`value` in `unit` (an export's unit string) as `target` (a Pint unit name); None if the unit is not
    known or not of the target's kind."""
    if unit is None:
        return None
    factor = _factor(unit, target)
    return None if factor is None else value * factor
