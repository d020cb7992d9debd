"""Values typed as people type them, read the same at every door."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.core.errors import InputError
from twitchcheck.engine.answers import AnswerError
from twitchcheck.services.entries import read_caffeine_mg, read_duration, with_typed_durations

NOW = datetime(2026, 11, 20, 18, 0)  # a Friday evening, local time


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("4 days", 4),
        ("2 weeks", 14),
        ("since Tuesday", 3.25),
        ("a fortnight", 14),
        ("3", 3),
        ("for about 3 days", 3),
    ],
)
def test_durations_in_days(text: str, days: float) -> None:
    assert read_duration(text, "days", NOW) == days


def test_durations_in_other_units() -> None:
    assert read_duration("1 hour", "minutes", NOW) == 60
    assert read_duration("2 hours ago", "hours", NOW) == 2


@pytest.mark.parametrize("text", ["soon", "3 days and 2 weeks", "banana"])
def test_what_is_not_a_duration_is_refused_saying_what_would_be(text: str) -> None:
    with pytest.raises(AnswerError, match="not a number, nor a time like '4 days'"):
        read_duration(text, "days", NOW)


def test_caffeine_from_milligrams_or_drinks() -> None:
    assert read_caffeine_mg("200 mg") == (200.0, None)
    mg, detail = read_caffeine_mg("2 espressos")
    assert mg == 126.0
    assert detail is not None
    assert "espresso" in detail
    with pytest.raises(InputError):
        read_caffeine_mg("lots")


def test_a_report_with_durations_in_words(kb: KnowledgeBase) -> None:
    report = {
        "twitch": {"regions": ["calf"], "duration_days": "since Tuesday"},
        "workout": {"hours_ago": "3 hours"},
    }
    typed = with_typed_durations(report, kb, NOW.replace(tzinfo=UTC))
    assert typed["twitch"]["duration_days"] == 3.25
    assert typed["workout"]["hours_ago"] == 3
    with pytest.raises(InputError) as refused:
        with_typed_durations({"twitch": {"regions": ["calf"], "duration_days": "soonish"}}, kb, NOW)
    assert [problem.field for problem in refused.value.problems] == ["twitch.duration_days"]
