"""Limits on what people send, and the emergency number: one value type, checked in one place (CLI option,
pages, API, settings)."""

from __future__ import annotations

import re

from twitchcheck.core.errors import FieldProblem, InputError

EMERGENCY_NUMBER_MAX = 40
"""Characters in an emergency number as typed, spaces and dashes included."""
EMERGENCY_DIGITS_MIN = 2
EMERGENCY_DIGITS_MAX = 15  # E.164's longest number
EMERGENCY_NUMBER_HINT = (
    f"give the number to dial, {EMERGENCY_DIGITS_MIN} to {EMERGENCY_DIGITS_MAX} digits with an optional"
    " leading + (spaces and dashes are fine), e.g. 112 or +44 999"
)
_DIALLED = re.compile(r"\+?[0-9]+")
_SEPARATORS = re.compile(r"[ -]")


class EmergencyNumber(str):
    """A number to dial in an emergency: ASCII digits, perhaps with a leading +, as `parse` normalised it.

    Only `parse` (through `check_emergency_number`) makes one, so advice never names words, a premium-rate
    story or a script: nothing but a number a phone can dial.
    """

    __slots__ = ()

    @classmethod
    def parse(cls, given: str, field: str = "emergency_number") -> EmergencyNumber:
        """The number without its spaces and dashes; InputError naming `field` (never echoing what was
        given) when it is anything else, or has fewer than 2 or more than 15 digits."""
        typed = given.strip()
        number = _SEPARATORS.sub("", typed)
        digits = len(number.removeprefix("+"))
        if (
            len(typed) > EMERGENCY_NUMBER_MAX
            or _DIALLED.fullmatch(number) is None
            or not EMERGENCY_DIGITS_MIN <= digits <= EMERGENCY_DIGITS_MAX
        ):
            raise InputError([FieldProblem(field, EMERGENCY_NUMBER_HINT)], "request")
        return cls(number)


COMMON_EMERGENCY_NUMBERS: tuple[tuple[str, str], ...] = (
    ("112", "Europe and many other countries"),
    ("911", "North America"),
    ("999", "United Kingdom"),
    ("000", "Australia"),
)
"""The numbers offered on an emergency result when none is configured or chosen: (number, where)."""


def check_emergency_number(
    given: str | None, default: str | None = None, field: str = "emergency_number"
) -> str | None:
    """The emergency number to name in advice: the one given, as an EmergencyNumber, else `default` (the
    server's, itself checked here); InputError naming `field` for anything that is not a number to dial.
    Every door checks it here."""
    if given is None or not given.strip():
        return default
    return EmergencyNumber.parse(given, field)


def dialable(number: str | None) -> str | None:
    """The number for a tel: link, or None when there is none (or it is not a number to dial)."""
    if not number:
        return None
    try:
        return EmergencyNumber.parse(number)
    except InputError:
        return None
