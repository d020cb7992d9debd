"""Windows in time over a History: the entries of one type between two instants, by bisection."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from twitchcheck.journal.events import Timed


def between(entries: Sequence[Timed], start: datetime, end: datetime) -> Sequence[Timed]:
    """Entries with start <= when <= end (entries sorted by time, as History keeps them)."""
    low = bisect_left(entries, start, key=_when)
    high = bisect_right(entries, end, key=_when)
    return entries[low:high]


def until(entries: Sequence[Timed], end: datetime) -> Sequence[Timed]:
    return entries[: bisect_right(entries, end, key=_when)]


def _when(entry: Timed) -> datetime:
    return entry.when


def days(hours: float) -> timedelta:
    return timedelta(hours=hours)


def week_starts(last_day: date, weeks: int) -> list[date]:
    """The first days of `weeks` seven-day weeks ending with `last_day`, oldest first."""
    return [last_day - timedelta(days=7 * (weeks - index) - 1) for index in range(weeks)]
