"""The emergency number is one value type, checked in one place, for every door."""

from __future__ import annotations

import pytest

from twitchcheck.core.errors import InputError
from twitchcheck.core.limits import EMERGENCY_NUMBER_HINT, EmergencyNumber, check_emergency_number, dialable


@pytest.mark.parametrize(
    ("given", "number"),
    [("112", "112"), (" +44 999 ", "+44999"), ("1-1-2", "112"), ("555-0100", "5550100"), ("00", "00")],
)
def test_a_number_is_kept_as_its_digits_with_a_leading_plus(given: str, number: str) -> None:
    checked = check_emergency_number(given)
    assert isinstance(checked, EmergencyNumber)
    assert checked == number
    assert dialable(checked) == number


def test_nothing_given_is_the_default() -> None:
    assert check_emergency_number("", "112") == "112"
    assert check_emergency_number(None) is None


@pytest.mark.parametrize(
    "given",
    [
        "call mum",
        "0900-ATTACKER",
        "000 (Australia)",
        "1",
        "1" * 16,
        "11\x002",
        "++112",
        "1+12",
        "1" * 60_000,
        "١١٢",  # Arabic-Indic digits: not what a phone dials
    ],
)
def test_not_a_number_is_refused_by_field(given: str) -> None:
    with pytest.raises(InputError) as refused:
        check_emergency_number(given, field="--emergency-number")
    assert refused.value.problems[0].field == "--emergency-number"
    assert refused.value.problems[0].message == EMERGENCY_NUMBER_HINT  # what was given is never echoed
