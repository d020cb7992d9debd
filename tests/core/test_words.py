"""Counts agree with their nouns, spans and amounts read as a person says them."""

from __future__ import annotations

import pytest

from twitchcheck.core.words import amount, counted, days_in_words, hours_in_words


@pytest.mark.parametrize(
    ("number", "one", "many", "expected"),
    [
        (0, "test", None, "0 tests"),
        (1, "test", None, "1 test"),
        (1.0, "day", None, "1 day"),
        (1.5, "day", None, "1.5 days"),
        (2, "person", "people", "2 people"),
        (1, "person", "people", "1 person"),
    ],
)
def test_a_count_agrees_with_its_noun(number: float, one: str, many: str | None, expected: str) -> None:
    assert counted(number, one, many) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0.2, "less than a day"), (0.99, "less than a day"), (1.0, "1 day"), (1.958333333, "2 days"),
     (55.4, "55 days"), (55.6, "about 8 weeks"), (70, "about 10 weeks")],
)  # fmt: skip
def test_a_span_of_days_in_words(days: float, expected: str) -> None:
    assert days_in_words(days) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(0.05, "a few minutes"), (0.5, "30 minutes"), (0.1, "6 minutes"), (1.0, "1 hour"),
     (2.26, "2.3 hours"), (30.4, "30 hours"), (72, "3 days")],
)  # fmt: skip
def test_a_span_of_hours_in_words(hours: float, expected: str) -> None:
    assert hours_in_words(hours) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(1958.3, "1958"), (6.54, "6.5"), (60.0, "60"), (0.25, "0.25")]
)
def test_amounts_are_rounded_as_a_person_reads_them(value: float, expected: str) -> None:
    assert amount(value) == expected
