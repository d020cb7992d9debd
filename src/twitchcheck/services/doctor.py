"""The doctor's report's use case: which window, as of which moment, with which status. The clinical adapter
(`adapters.clinical`) lays it out as HTML or PDF; the status is `journal_status`'s, so the report shows the
same level and red flags as the status page for the same moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.journal.events import FIRST_YEAR, LAST_YEAR, History, day_start
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.status import Status, journal_status

DEFAULT_WEEKS = 8
"""The window a report covers unless told otherwise: the last 8 weeks (the strength trend window)."""
MAX_DAYS = 366
"""The longest window a report covers: a year is already more than two pages can show day by day, and an
unbounded one (from year 1) would make charts and tables of hundreds of thousands of days."""


class NothingToReport(InputError):
    """Nothing was logged in the report's window: there is no report to make."""

    def __init__(self, message: str) -> None:
        super().__init__([FieldProblem("(journal)", message)], "journal")


def check_window(start: date, end: date) -> None:
    """InputError naming `from` for a window that ends before it starts or is longer than MAX_DAYS, and
    naming `from` or `to` for a day outside the years a journal holds."""
    for name, day in (("from", start), ("to", end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            message = f"{day.isoformat()}: the year must be between {FIRST_YEAR} and {LAST_YEAR}"
            raise InputError([FieldProblem(name, message)], "query")
    if end < start:
        reversed_window = f"{start.isoformat()} is after to ({end.isoformat()})"
        raise InputError([FieldProblem("from", reversed_window)], "query")
    if (end - start).days + 1 > MAX_DAYS:
        raise InputError(
            [FieldProblem("from", f"the report covers at most {MAX_DAYS} days; {start.isoformat()} to "
                          f"{end.isoformat()} is {(end - start).days + 1}")],
            "query",
        )  # fmt: skip


def default_window(now: datetime, zone: tzinfo) -> tuple[date, date]:
    """The last `DEFAULT_WEEKS` weeks up to `now`'s day, in the journal's time zone."""
    end = now.astimezone(zone).date()
    return end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), end


@dataclass(frozen=True)
class DoctorReport:
    """What the doctor's report covers: the window, the moment it is made as of, the journal by then, and
    the status at that moment."""

    start: date
    end: date
    as_of: datetime
    history: History
    events_in_window: int
    status: Status


def doctor_report(
    history: History,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
) -> DoctorReport:
    """The doctor's report of `history` from `start` to `end` (calendar days, both included; by default the
    last 8 weeks, or from the journal's first entry if that is later), as of `now` (the end of `end` at the
    latest).

    NothingToReport when no event was logged in the window; InputError naming `from` for a window that ends
    before it starts or is longer than MAX_DAYS.
    """
    kb = knowledge if knowledge is not None else load_knowledge()
    zone = history.zone
    default_start, default_end = default_window(now, zone)
    end = end if end is not None else default_end
    if start is None:
        # A journal younger than the default window starts the report at its first entry, so the charts
        # are not half empty.
        first = history.entries[0].day if history.entries else default_start
        start = min(max(default_start, first), end)
    check_window(start, end)
    as_of = min(now, day_start(end + timedelta(days=1), zone) - timedelta(microseconds=1))
    history = history.until(as_of)
    in_window = sum(1 for entry in history.entries if start <= entry.day <= end)
    if not in_window:
        raise NothingToReport(
            f"nothing was logged from {start.isoformat()} to {end.isoformat()}: "
            "log twitches, workouts or strength tests first, or choose another period"
        )
    return DoctorReport(start, end, as_of, history, in_window, journal_status(history, as_of, kb))


__all__ = [
    "DEFAULT_WEEKS",
    "MAX_DAYS",
    "DoctorReport",
    "NothingToReport",
    "check_window",
    "default_window",
    "doctor_report",
]
