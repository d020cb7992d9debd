"""Moments as people write them: `now`, `-2h`, `-7d`, `today`, `yesterday`, a date or an ISO date-time.

One reader for every adapter: the CLI's `--at`, `--since`, `--as-of`, `--from`/`--to`, and the web's `as_of`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.journal.events import check_at, resolve_at

_RELATIVE = re.compile(r"^-\s*([0-9]+(?:\.[0-9]+)?)\s*(m|min|h|d)$")
_MINUTES = {"m": 1, "min": 1, "h": 60, "d": 1440}


def parse_when(text: str, now: datetime, zone: tzinfo, field: str = "at") -> str:
    """`text` as the journal-event contract's `at`: local time with its offset, to the minute; dates and ISO
    date-times pass through (the event model validates them). InputError naming `field` when too far back."""
    value = text.strip().lower()
    local_now = now.astimezone(zone)
    if value in {"", "now"}:
        moment = local_now
    elif value == "today":
        return local_now.date().isoformat()
    elif value == "yesterday":
        return (local_now.date() - timedelta(days=1)).isoformat()
    elif match := _RELATIVE.match(value):
        amount, unit = float(match.group(1)), match.group(2)
        try:
            moment = local_now - timedelta(minutes=amount * _MINUTES[unit])
        except OverflowError:
            raise InputError([FieldProblem(field, f"{text!r} is too far back")], "moment") from None
    else:
        return text.strip()
    return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")


def read_moment(text: str, now: datetime, zone: tzinfo, field: str) -> tuple[str, datetime]:
    """`text` as an `at` and its instant (a date alone: its start), read in `zone`; InputError naming
    `field` for an empty or unreadable moment."""
    if not text.strip():
        raise InputError([FieldProblem(field, "is empty: give now, -7d, a date or a date-time")], "moment")
    at = parse_when(text, now, zone, field)
    try:
        check_at(at)
    except ValueError as error:
        raise InputError([FieldProblem(field, f"{error} (got {text!r})")], "moment") from None
    return at, resolve_at(at, zone)


def as_of_moment(
    text: str | None, now: datetime, zone: tzinfo, field: str = "as_of"
) -> tuple[datetime, bool]:
    """The moment an `as_of` names (`status --as-of`, the API's `as_of`): now, -7d, a date (the end of that
    day) or a date-time in `zone`, never after `now`; and whether it named a moment after `now`. InputError
    naming `field` otherwise."""
    if text is None or text.strip() == "now":
        return now, False
    at, moment = read_moment(text, now, zone, field)
    if "T" not in at:  # a date alone: the end of that day
        moment = moment + timedelta(days=1) - timedelta(microseconds=1)
    return min(moment, now), moment > now
