"""Moments as people write them, read one way for the CLI and the web."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from twitchcheck.core.errors import InputError
from twitchcheck.journal.moments import parse_when, read_moment

NOW = datetime(2026, 11, 24, 9, 30, 45, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("now", "2026-11-24T10:30+01:00"),
        ("", "2026-11-24T10:30+01:00"),
        ("-2h", "2026-11-24T08:30+01:00"),
        ("-90min", "2026-11-24T09:00+01:00"),
        ("-7d", "2026-11-17T10:30+01:00"),
        ("today", "2026-11-24"),
        ("Yesterday", "2026-11-23"),
        ("2026-11-01T07:15", "2026-11-01T07:15"),
    ],
)
def test_each_way_of_writing_a_moment(text: str, at: str) -> None:
    assert parse_when(text, NOW, BERLIN) == at


def test_a_date_is_read_as_its_start_in_the_journals_zone() -> None:
    at, moment = read_moment("2026-11-01", NOW, BERLIN, "--as-of")
    assert at == "2026-11-01"
    assert moment == datetime(2026, 11, 1, tzinfo=BERLIN)


@pytest.mark.parametrize("text", ["", "   ", "next tuesday", "2026-13-01", "-99999999999d"])
def test_an_unreadable_moment_names_the_field(text: str) -> None:
    with pytest.raises(InputError) as raised:
        read_moment(text, NOW, BERLIN, "as_of")
    assert [problem.field for problem in raised.value.problems] == ["as_of"]
