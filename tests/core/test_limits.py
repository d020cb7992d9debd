"""The emergency number is checked in one place, for every door."""

from __future__ import annotations

import pytest

from twitchcheck.core.errors import InputError
from twitchcheck.core.limits import check_emergency_number, dialable


def test_a_number_with_words_is_named_and_dialled_by_its_digits() -> None:
    assert check_emergency_number(" 000 (Australia) ") == "000 (Australia)"
    assert dialable("000 (Australia)") == "000"
    assert dialable("+44 999") == "+44999"
    assert check_emergency_number("", "112") == "112"


@pytest.mark.parametrize("given", ["call mum", "1" * 41, "112\n"])
def test_not_a_number_is_refused_by_field(given: str) -> None:
    with pytest.raises(InputError) as refused:
        check_emergency_number(given if given != "112\n" else "11\x002", field="--emergency-number")
    assert refused.value.problems[0].field == "--emergency-number"
