"""Limits on what people send, and the emergency number's one check (CLI option, pages, API, settings)."""

from __future__ import annotations

import re

from twitchcheck.core.errors import FieldProblem, InputError

EMERGENCY_NUMBER_MAX = 40
"""Characters in an emergency number as given: the number, perhaps with a word ("000 (Australia)")."""
EMERGENCY_NUMBER_HINT = "give the number to dial, e.g. 112 or +44 999"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LEADING_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]*")


def check_emergency_number(
    given: str | None, default: str | None = None, field: str = "emergency_number"
) -> str | None:
    """The emergency number to name in advice: the one given (trimmed), else `default`; InputError naming
    `field` when what was given holds no digit, a control character, or more than EMERGENCY_NUMBER_MAX
    characters. Every door checks it here."""
    number = (given or "").strip()
    if not number:
        return default
    if len(number) > EMERGENCY_NUMBER_MAX or _CONTROL.search(number) or not any(c.isdigit() for c in number):
        message = f"{EMERGENCY_NUMBER_HINT} (at most {EMERGENCY_NUMBER_MAX} characters)"
        raise InputError([FieldProblem(field, message)], "request")
    return number


def dialable(number: str | None) -> str | None:
    """The number for a tel: link (the digits, and a leading +, that the number starts with), or None."""
    match = _LEADING_NUMBER.match((number or "").strip())
    if match is None:
        return None
    return re.sub(r"[^0-9+]", "", match.group(0))
