"""Time expressions: a small grammar of durations, onsets, anchors and moments, resolved against `now`.

In the manner of duckling and ctparse, a time is built from small parts (a number, a unit, "for", "since",
"ago", a weekday, a month, a date, a season, a holiday) and resolved against a reference time passed in; the
result keeps its span, its grain (the unit) and the range it may mean. Nothing here reads a clock.

Kinds:
- `duration`: how long something has gone on ("for three weeks", "over the past month", "2 days now", "x3/7");
- `ago`: when it began, counted back ("started 2-3 months ago", "a fortnight ago");
- `since`: from an anchor ("since Tuesday", "since the 3rd", "since June last year", "since Christmas",
  "since two days" in learners' English); `since_event` when the anchor is an event ("since the race");
- `moment`: a point in time ("yesterday", "this morning", "on Saturday", "last week", "in early September").

`days` is how many days before `now` the thing began (or the moment was); `low`/`high` bound what the words
may mean. Calendar anchors need `now`; without it they are returned with `days` None, so the reader can say
what it could not use.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from twitchcheck.text.numbers import NUMBER_REGEX, VAGUE, VAGUE_REGEX, read_number

Span = tuple[int, int]
TimeKind = Literal["duration", "ago", "since", "since_event", "moment"]

UNIT_DAYS: Mapping[str, float] = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "night": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.0,
    "year": 365.0,
}
_UNIT_NAMES: Mapping[str, str] = {
    **dict.fromkeys(("sec", "secs", "second", "seconds"), "second"),
    **dict.fromkeys(("min", "mins", "minute", "minutes", "minuts"), "minute"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "houres"), "hour"),
    **dict.fromkeys(("d", "day", "days", "dayz"), "day"),
    **dict.fromkeys(("night", "nights"), "night"),
    **dict.fromkeys(("wk", "wks", "week", "weeks", "weeek", "weeks'"), "week"),
    **dict.fromkeys(("fortnight", "fortnights"), "fortnight"),
    **dict.fromkeys(("mo", "mos", "mth", "mths", "month", "months", "monts", "monthes"), "month"),
    **dict.fromkeys(("yr", "yrs", "year", "years", "yrs'"), "year"),
}
_BARE_UNSAFE = frozenset({"h", "d", "mo", "mos", "min", "mins", "hr", "hrs", "yr", "yrs", "sec", "secs"})
"""Unit abbreviations that never stand without a number ("d" in "I'd", "h" in "h2o")."""

WEEKDAYS = {
    **dict.fromkeys(("monday", "mon", "mondays"), 0),
    **dict.fromkeys(("tuesday", "tues", "tue", "tuesdays"), 1),
    **dict.fromkeys(("wednesday", "wed", "weds", "wednesdays"), 2),
    **dict.fromkeys(("thursday", "thur", "thurs", "thu", "thursdays"), 3),
    **dict.fromkeys(("friday", "fri", "fridays"), 4),
    **dict.fromkeys(("saturday", "sat", "saturdays"), 5),
    **dict.fromkeys(("sunday", "sun", "sundays"), 6),
}
MONTHS = {
    **dict.fromkeys(("january", "jan"), 1),
    **dict.fromkeys(("february", "feb"), 2),
    **dict.fromkeys(("march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    "may": 5,
    **dict.fromkeys(("june", "jun"), 6),
    **dict.fromkeys(("july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("october", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
# Seasons as the first day of the northern meteorological season (the text rarely says which hemisphere).
SEASONS = {"spring": (3, 1), "summer": (6, 1), "autumn": (9, 1), "fall": (9, 1), "winter": (12, 1)}
HOLIDAYS = ("christmas", "xmas", "new year", "new years", "new year's", "easter", "halloween", "thanksgiving")
# Fixed moments relative to now, in days before it.
MOMENTS: Mapping[str, float] = {
    "just now": 0.02,
    "a moment ago": 0.02,
    "earlier": 0.125,
    "earlier today": 0.125,
    "this afternoon": 0.125,
    "today": 0.25,
    "this morning": 0.25,
    "tonight": 0.1,
    "tonite": 0.1,
    "this evening": 0.1,
    "last night": 0.5,
    "last nite": 0.5,
    "yesterday evening": 0.75,
    "yesterday": 1.0,
    "yday": 1.0,
    "yesterday morning": 1.25,
    "yesterday afternoon": 1.1,
    "yesterday's": 1.0,
    "the day before yesterday": 2.0,
    "day before yesterday": 2.0,
    "the other day": 2.0,
    "the weekend": 3.0,
    "this weekend": 3.0,
    "last weekend": 3.0,
    "over the weekend": 3.0,
    "last week": 7.0,
    "last month": 30.0,
    "last year": 365.0,
    "a while ago": 30.0,
    "a while back": 30.0,
    "recently": 7.0,
    "lately": 14.0,
}
# Fixed spans of time ("all week", "for a while"): how long, in days, and the range they may mean.
SPANS: Mapping[str, tuple[float, float, float, bool]] = {
    "all week": (7.0, 5.0, 7.0, False),
    "the whole week": (7.0, 5.0, 7.0, False),
    "this past week": (7.0, 5.0, 7.0, False),
    "the past week": (7.0, 5.0, 7.0, False),
    "all day": (0.5, 0.3, 0.7, False),
    "all day today": (0.5, 0.3, 0.7, False),
    "the whole day": (0.5, 0.3, 0.7, False),
    "the entire day": (0.5, 0.3, 0.7, False),
    "all morning": (0.25, 0.15, 0.3, False),
    "all afternoon": (0.2, 0.1, 0.3, False),
    "all evening": (0.15, 0.1, 0.2, False),
    "all night": (0.4, 0.3, 0.5, False),
    "all weekend": (2.5, 2.0, 3.0, False),
    "the whole weekend": (2.5, 2.0, 3.0, False),
    "for a while": (14.0, 3.0, 60.0, True),
    "a while now": (14.0, 3.0, 60.0, True),
    "for some time": (14.0, 3.0, 60.0, True),
    "for quite a while": (30.0, 7.0, 120.0, True),
    "since i woke up": (0.4, 0.2, 0.6, False),
    "since waking up": (0.4, 0.2, 0.6, False),
    "since i got up": (0.4, 0.2, 0.6, False),
    "since i woke": (0.4, 0.2, 0.6, False),
    # Since childhood: years, how many unsaid; taken as the longest a report holds (ten years), marked vague.
    "since i was small": (3650.0, 1000.0, 3650.0, True),
    "since i was little": (3650.0, 1000.0, 3650.0, True),
    "since i was a kid": (3650.0, 1000.0, 3650.0, True),
    "since i was a child": (3650.0, 1000.0, 3650.0, True),
    "since i was young": (3650.0, 1000.0, 3650.0, True),
    "since i was a teenager": (3650.0, 1000.0, 3650.0, True),
    "since childhood": (3650.0, 1000.0, 3650.0, True),
    "since my childhood": (3650.0, 1000.0, 3650.0, True),
    "as long as i can remember": (3650.0, 1000.0, 3650.0, True),
    "for as long as i can remember": (3650.0, 1000.0, 3650.0, True),
}
_APPROX = (
    r"(?:about|around|roughly|nearly|almost|like|maybe|approx(?:imately)?|some|at\s+least|over|more\s+than|"
    r"longer\s+than|less\s+than|under|a\s+good|just\s+over|just\s+under|close\s+to|the\s+best\s+part\s+of|"
    r"a\s+bit\s+over|a\s+little\s+over)"
)
_OVER = re.compile(r"^(?:over|more than|longer than|at least|a good|just over|a bit over|a little over)\b")
_UNDER = re.compile(r"^(?:less than|under|nearly|almost|just under|close to)\b")


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression: what kind, how many days before now it began, the range, where, and its grain."""

    kind: TimeKind
    days: float | None
    low: float | None
    high: float | None
    span: Span
    unit: str | None = None
    """The grain: day, week, month... (None for moments and anchors)."""
    vague: bool = False
    """A plural without a number ("for weeks") or a vague count ("a few months")."""
    anchor: str | None = None
    """What a `since` or `moment` counts from, as written ("tuesday", "june last year")."""
    event_span: Span | None = None
    """For `since_event`: the words of the event ("the race")."""
    count: float | None = None
    """The number before the unit ("3" days), when there is one."""

    @property
    def resolved(self) -> bool:
        return self.days is not None


def _unit_regex() -> str:
    names = sorted(_UNIT_NAMES, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(name) for name in names) + ")"


def _words(options: Mapping[str, object] | tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(word) for word in sorted(options, key=len, reverse=True)) + ")"


_ORD = r"(?:st|nd|rd|th)"
_DAY_NUM = rf"(?:[12]?\d|3[01]){_ORD}?"
_SESSION_COUNTS = (
    r"reps?|sets?|laps?|lengths?|miles?|km|kilometres?|kilometers?|rounds?|intervals?|repeats?|efforts?|"
    r"tries|try|attempts?|holes?|floors?|games?|matches|match|sprints?|hills?|climbs?|pitch(?:es)?|time|go"
)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    unit = _unit_regex()
    count = rf"(?:{NUMBER_REGEX}|{VAGUE_REGEX}|an?|one|half)"
    weekday = _words(WEEKDAYS)
    month = _words(MONTHS)
    season = _words(SEASONS)
    holiday = _words(HOLIDAYS)
    year = r"(?:19|20)\d\d"
    qualifier = r"(?:(?:the\s+)?(?:beginning|start|end|middle)\s+of|early|mid|late|the\s+end\s+of)"
    of_year = rf"(?:\s+(?:of\s+)?(?:last\s+year|this\s+year|{year}))"
    date = (
        rf"(?:the\s+)?{_DAY_NUM}(?:\s+of)?\s+{month}(?:,?\s+{year})?"
        rf"|{month}\s+(?:the\s+)?{_DAY_NUM}(?:,?\s+{year})?"
        # "the 6th rep", "the 3rd set": a count in a session, not a day of the month
        rf"|the\s+{_DAY_NUM}(?:\s+of\s+(?:this|last)\s+month)?(?!\s+(?:{_SESSION_COUNTS})\b)"
        r"|\d{1,2}[/.]\d{1,2}(?:[/.](?:\d{4}|\d{2}))?"
        r"|\d{4}-\d{2}-\d{2}"
        rf"|{_DAY_NUM}(?=\s*(?:$|[,.;!?]))"
    )
    calendar_anchor = (
        rf"(?:{qualifier}(?:\s+|-))?(?:(?:last|this)\s+)?{month}{of_year}?"
        rf"|(?:{qualifier}\s+)?(?:the\s+)?(?:(?:last|this)\s+)?{season}{of_year}?"
        rf"|{holiday}"
        rf"|(?:{qualifier}\s+)?{year}"
        rf"|(?:{qualifier}\s+)?(?:last|this)\s+(?:year|month)"
        rf"|(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?(?:year|month|week)"
    )
    moment = _words(MOMENTS)
    clinical = r"x?\s*(?P<clin_n>\d{1,3})\s*/\s*(?P<clin_d>7|52|12)\b"
    return (
        # "since two days" (learners' English) and "since 2 weeks ago" are durations from now.
        (
            "since_count",
            re.compile(
                rf"\b(?:ever\s+)?since\s+(?:(?P<approx>{_APPROX})\s+)?(?P<count>{count})(?:(?<=\d)\s*|\s+)(?P<unit>{unit})(?P<ago>\s+ago)?(?![\w'])"
            ),
        ),
        (
            "since_date",
            re.compile(
                # "from about 10 October I have twitching" (learners' English); not "from 3 to 5 May"
                rf"\b(?:(?:ever\s+)?since|from)\s+(?:(?:about|around|roughly|approximately)\s+)?"
                rf"(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?(?P<anchor>{date})(?![\w'])"
                r"(?!\s*(?:to|until|till|-|\u2013)\b)"
            ),
        ),
        (
            "since_weekday",
            re.compile(
                rf"\b(?:ever\s+)?since\s+(?:(?P<which>last|this|on)\s+)?(?P<anchor>{weekday})(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?(?![\w'])"
            ),
        ),
        ("since_moment", re.compile(rf"\b(?:ever\s+)?since\s+(?P<anchor>{moment})(?![\w'])")),
        (
            "since_calendar",
            re.compile(
                rf"\b(?:ever\s+)?since\s+(?:(?:about|around|roughly|just\s+before|before|just\s+after|after)\s+)?"
                rf"(?P<anchor>{calendar_anchor})(?![\w'])"
            ),
        ),
        (
            "ago",
            re.compile(
                rf"\b(?:(?P<approx>{_APPROX})\s+)?(?:(?P<count>{count})(?:(?<=\d)\s*|\s+))?(?P<unit>{unit})\s+(?:ago|back|before)(?![\w'])"
            ),
        ),
        ("clinical", re.compile(rf"(?:\b(?:for|x|since)\s*)?{clinical}")),
        (
            "duration",
            re.compile(
                rf"\b(?P<prep>for|over|during|in|within|throughout|through)\s+(?:(?P<approx>{_APPROX})\s+)?"
                rf"(?:the\s+|these\s+|this\s+)?(?P<frame>past|last|previous|whole|entire|last\s+few|past\s+few)?\s*"
                rf"(?:(?P<approx2>{_APPROX})\s+)?(?:(?P<count>{count})(?:(?<=\d)\s*|\s+))?(?P<unit>{unit})(?P<half>\s+and\s+a\s+half)?(?![\w'])"
            ),
        ),
        (
            "frame",
            re.compile(
                rf"\b(?:the\s+)?(?P<frame>past|last|previous)\s+(?:(?P<approx>{_APPROX})\s+)?(?P<count>{count})(?:(?<=\d)\s*|\s+)(?P<unit>{unit})(?![\w'])"
            ),
        ),
        (
            "trailing",
            re.compile(
                rf"(?<![\w.,])(?:(?P<approx>{_APPROX})\s+)?(?P<count>{count})(?:(?<=\d)\s*|\s+)(?P<unit>{unit})(?P<half>\s+and\s+a\s+half)?\s+(?P<post>now|straight|in\s+a\s+row|running|on\s+the\s+trot|or\s+so|and\s+counting|already|solid|long)(?![\w'])"
            ),
        ),
        (
            "weekday",
            re.compile(
                rf"\b(?:(?P<which>last|this|on|past)\s+)?(?P<anchor>{weekday})(?:\s+(?:morning|afternoon|evening|night))?"
                r"(?:['\u2019]s(?=\s))?(?![\w'])"  # "Tuesday's session"
            ),
        ),
        (
            "calendar",
            re.compile(
                rf"\b(?:(?:in|back\s+in|around|from|during|over)\s+)(?P<anchor>{calendar_anchor})(?![\w'])"
            ),
        ),
        # "Last August I collapsed", "last summer": a moment without a preposition.
        (
            "calendar_last",
            re.compile(rf"\b(?P<anchor>last\s+(?:{month}|{season}))(?![\w'])"),
        ),
        ("date", re.compile(rf"\bon\s+(?P<anchor>{date})(?![\w'])")),
        # "which was the 10th of November": a date with its month named, told as what a moment was
        (
            "date",
            re.compile(
                rf"\b(?:was|were)\s+(?P<anchor>(?:the\s+)?{_DAY_NUM}(?:\s+of)?\s+{month}(?:,?\s+{year})?"
                rf"|{month}\s+(?:the\s+)?{_DAY_NUM}(?:,?\s+{year})?)(?![\w'])"
            ),
        ),
        ("span", re.compile(rf"(?<![\w'])(?P<anchor>{_words(SPANS)})(?![\w'])")),
        ("day_of", re.compile(r"\b(?P<anchor>day\s+(?P<day_n>\d{1,3})\s+of)\b")),
        ("moment", re.compile(rf"(?<![\w'])(?P<anchor>{moment})(?![\w'])")),
        (
            "bare",
            re.compile(
                rf"(?<![\w.,])(?:(?P<approx>{_APPROX})\s+)?(?P<count>{count})(?:(?<=\d)\s*|\s+)(?P<unit>{unit})(?P<half>\s+and\s+a\s+half)?(?![\w'])"
            ),
        ),
        ("plural", re.compile(r"\bfor\s+(?P<unit>(?:days|weeks|months|years|ages|ever))(?![\w'])")),
    )


def _count(words: str | None) -> tuple[float, float, float, bool] | None:
    """(value, low, high, vague) of the number before a unit; None if it is not a number."""
    if words is None:
        return None
    text = " ".join(words.split())
    if text in ("a", "an", "one"):
        return 1.0, 1.0, 1.0, False
    if text == "half":
        return 0.5, 0.5, 0.5, False
    if text in VAGUE:
        value, low, high = VAGUE[text]
        return value, low, high, True
    number = read_number(text)
    if number is None:
        return None
    return number.value, number.low, number.high, number.vague


def _approximate(approx: str | None, days: float, unit_days: float) -> tuple[float, float, float]:
    """`days` adjusted by an approximator: "over two weeks" is past the bound (by a seventh of the unit)."""
    text = " ".join((approx or "").split())
    if text and _OVER.match(text):
        return days + unit_days / 7, days, days + unit_days
    if text and _UNDER.match(text):
        return days, max(0.0, days - unit_days), days
    return days, days, days


def find_times(norm: str, now: datetime | None) -> list[TimeExpr]:
    """Every time expression in lower-cased text, longest and most specific first, none overlapping."""
    found: list[TimeExpr] = []
    taken: list[Span] = []
    for name, pattern in _patterns():
        for match in pattern.finditer(norm):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            expr = _build(name, match, norm, now)
            if expr is None:
                continue
            found.append(expr)
            taken.append(expr.span)
    found.sort(key=lambda expr: expr.span)
    return found


def _build(name: str, match: re.Match[str], norm: str, now: datetime | None) -> TimeExpr | None:
    span = match.span()
    if name in ("since_count", "ago", "duration", "frame", "trailing", "bare"):
        unit_word = match.group("unit")
        unit = _UNIT_NAMES.get(unit_word)
        if unit is None:
            return None
        counted = _count(match.groupdict().get("count"))
        if counted is None:
            if name == "duration" and match.group("frame") and unit_word.endswith("s") is False:
                counted = (1.0, 1.0, 1.0, False)  # "for the past week", "over the last month"
            elif name == "duration" and unit_word.endswith("s") and unit_word not in _BARE_UNSAFE:
                counted = (3.0, 2.0, 5.0, True)  # "for weeks": a few; marked vague
            elif name == "ago" and unit_word not in _BARE_UNSAFE and not unit_word.endswith("s"):
                return None  # "day ago" alone is not a time
            else:
                return None
        value, low, high, vague = counted
        if unit_word in _BARE_UNSAFE and match.groupdict().get("count") is None:
            return None
        half = 0.5 if match.groupdict().get("half") else 0.0
        unit_days = UNIT_DAYS[unit]
        days = (value + half) * unit_days
        approx = match.groupdict().get("approx") or match.groupdict().get("approx2")
        days, low_days, high_days = _approximate(approx, days, unit_days)
        low_days = min(low_days, (low + half) * unit_days)
        high_days = max(high_days, (high + half) * unit_days)
        kind: TimeKind = "ago" if name == "ago" else "duration"
        if name == "since_count" and match.group("ago"):
            kind = "ago"
        count_value = value + half
        return TimeExpr(kind, days, low_days, high_days, span, unit, vague, None, None, count_value)
    if name == "clinical":
        count = float(match.group("clin_n"))
        per = {"7": "day", "52": "week", "12": "month"}[match.group("clin_d")]
        days = count * UNIT_DAYS[per]
        return TimeExpr("duration", days, days, days, span, per, False, None, None, count)
    if name == "plural":
        word = match.group("unit")
        if word in ("ages", "ever"):
            return TimeExpr("duration", 30.0, 14.0, 365.0, span, None, True)  # "for ages": weeks at least
        unit = _UNIT_NAMES[word]
        unit_days = UNIT_DAYS[unit]
        return TimeExpr(
            "duration", 3 * unit_days, 2 * unit_days, 6 * unit_days, span, unit, True, None, None, 3.0
        )
    anchor = match.group("anchor")
    anchor_text = " ".join(anchor.split())
    if name == "span":
        days, low, high, vague = SPANS[anchor_text]
        kind_span: TimeKind = "since" if anchor_text.startswith("since") else "duration"
        return TimeExpr(kind_span, days, low, high, span, None, vague, anchor_text)
    if name == "day_of":
        days = float(match.group("day_n"))
        return TimeExpr("duration", days, days - 1, days, span, "day", False, anchor_text, None, days)
    if name in ("moment", "since_moment"):
        moment_days = MOMENTS.get(anchor_text)
        if moment_days is None:
            return None
        kind = "since" if name == "since_moment" else "moment"
        return TimeExpr(
            kind,
            moment_days,
            moment_days * 0.5 if moment_days < 1 else moment_days,
            moment_days * 1.5 if moment_days < 1 else moment_days,
            span,
            None,
            False,
            anchor_text,
        )
    kind = "since" if name.startswith("since") else "moment"
    if now is None:
        return TimeExpr(kind, None, None, None, span, None, False, anchor_text)
    today = now.date()
    if name in ("since_weekday", "weekday"):
        which = match.groupdict().get("which")
        if name == "weekday" and not _weekday_context(norm, span, which):
            return None  # "sat" or "sun" without a weekday's context is a word ("sat down", "in the sun")
        first = _weekday_before(today, WEEKDAYS[anchor_text.split()[0]], which)
        return _between(kind, now, first, first, span, anchor_text)
    if name in ("since_date", "date"):
        resolved = _date(anchor_text, today)
        if resolved is None:
            return None
        return _between(kind, now, resolved, resolved, span, anchor_text)
    bounds = _calendar(anchor_text, today)
    if bounds is None:
        return None
    first, last = bounds
    if (
        kind == "moment"
        and name == "calendar"
        and not norm[span[0] : span[1]]
        .lstrip()
        .startswith(("in", "back", "around", "from", "during", "over"))
    ):
        return None
    return _between(kind, now, first, last, span, anchor_text)


def _weekday_context(norm: str, span: Span, which: str | None) -> bool:
    """A short weekday name ("sat", "sun", "wed") counts only after "on", "last", "this" or before a part of
    the day ("sat night"): otherwise it is a word ("sat down", "in the sun")."""
    words = norm[span[0] : span[1]].split()
    name = words[-1] if which is None else words[1]
    if len(name) > 4 or name in ("tues", "thur", "thurs", "weds"):
        return True
    if which is not None:
        return True
    return bool(re.match(r"\s+(?:morning|afternoon|evening|night)\b", norm[span[1] :])) or len(words) > 1


def _weekday_before(today: date, weekday: int, which: str | None) -> date:
    """The most recent past `weekday` (a week ago when it is today's), or the one before with "last"."""
    back = (today.weekday() - weekday) % 7 or 7
    if which == "this" and today.weekday() == weekday:
        back = 0
    return today - timedelta(days=back)


def _date(text: str, today: date) -> date | None:
    """A date as written, in the most recent year (and month) that puts it on or before today."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?", text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        year = int(numeric.group(3)) if numeric.group(3) else None
        if year is not None and year < 100:
            year += 2000
        # Day first (as most of the world writes), unless only month first makes a real past date.
        for day_part, month_part in ((first, second), (second, first)):
            found = _in_past(today, month_part, day_part, year)
            if found is not None:
                return found
        return None
    day_match = re.search(rf"(\d{{1,2}}){_ORD}?", text)
    month_match = next((MONTHS[word] for word in re.findall(r"[a-z]+", text) if word in MONTHS), None)
    year_match = re.search(r"(?:19|20)\d\d", text)
    if day_match is None:
        return None
    day = int(day_match.group(1))
    year = int(year_match.group(0)) if year_match else None
    if month_match is None:
        if "last month" in text:
            month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
            return _safe(month_start.year, month_start.month, day)
        # "the 3rd": this month if it has come, else last month's.
        candidate = _safe(today.year, today.month, day)
        if candidate is not None and candidate <= today:
            return candidate
        previous = today.replace(day=1) - timedelta(days=1)
        return _safe(previous.year, previous.month, day)
    return _in_past(today, month_match, day, year)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_past(today: date, month: int, day: int, year: int | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    if year is not None:
        found = _safe(year, month, day)
        return found if found is not None and found <= today else None
    for candidate_year in (today.year, today.year - 1):
        found = _safe(candidate_year, month, day)
        if found is not None and found <= today:
            return found
    return None


def _calendar(text: str, today: date) -> tuple[date, date] | None:
    """The first and last day an anchor like "early September", "last summer", "Christmas" may mean."""
    qualifier = None
    for word in ("beginning", "start", "early", "middle", "mid", "end", "late"):
        if re.search(rf"\b{word}\b", text):
            qualifier = word
            break
    last_year = "last year" in text
    explicit_year = re.search(r"(?:19|20)\d\d", text)
    words = re.findall(r"[a-z']+", text)
    month = next((MONTHS[word] for word in words if word in MONTHS), None)
    season = next((SEASONS[word] for word in words if word in SEASONS), None)
    if month is not None or season is not None:
        start_month, start_day = (month, 1) if month is not None else season  # type: ignore[misc]
        length_months = 1 if month is not None else 3
        year = int(explicit_year.group(0)) if explicit_year else None
        if year is None:
            year = today.year
            start = date(year, start_month, start_day)
            if start > today or (("last" in words) and not last_year):
                year -= 1
            if last_year:
                year = today.year - 1
        first = date(year, start_month, start_day)
        last = first + relativedelta(months=length_months) - timedelta(days=1)
        if first > today:
            return None
        return _qualified(first, min(last, today), qualifier)
    if any(word in ("christmas", "xmas") for word in words):
        return _holiday(today, lambda year: date(year, 12, 25))
    if "easter" in words:
        return _holiday(today, easter)
    if "halloween" in words:
        return _holiday(today, lambda year: date(year, 10, 31))
    if "thanksgiving" in words:
        return _holiday(today, _thanksgiving)
    if "new" in words and any(word.startswith("year") for word in words):
        return _holiday(today, lambda year: date(year, 1, 1))
    if explicit_year:
        year = int(explicit_year.group(0))
        if year > today.year:
            return None
        first, last = date(year, 1, 1), min(date(year, 12, 31), today)
        return _qualified(first, last, qualifier)
    if "year" in words:
        year = today.year - 1 if "last" in words else today.year
        if "start" in words or "beginning" in words:
            first = date(today.year, 1, 1)
            return first, first + timedelta(days=14)
        return _qualified(date(year, 1, 1), min(date(year, 12, 31), today), qualifier)
    if "month" in words:
        this_month = today.replace(day=1)
        first = (this_month - timedelta(days=1)).replace(day=1) if "last" in words else this_month
        last = first + relativedelta(months=1) - timedelta(days=1)
        if "start" in words or "beginning" in words:
            return first, first + timedelta(days=4)
        return _qualified(first, min(last, today), qualifier)
    if "week" in words:
        start = today - timedelta(days=today.weekday())
        return start, start + timedelta(days=1)
    return None


def _thanksgiving(year: int) -> date:
    fourth_thursday = [day for week in calendar.monthcalendar(year, 11) for day in [week[3]] if day][3]
    return date(year, 11, fourth_thursday)


def _holiday(today: date, on: object) -> tuple[date, date]:
    for year in (today.year, today.year - 1):
        day = on(year)  # type: ignore[operator]
        if day <= today:
            return day, day
    day = on(today.year - 1)  # type: ignore[operator]
    return day, day


def _qualified(first: date, last: date, qualifier: str | None) -> tuple[date, date]:
    span = (last - first).days
    if qualifier in ("beginning", "start", "early"):
        return first, first + timedelta(days=min(span, max(1, span // 3)))
    if qualifier in ("middle", "mid"):
        middle = first + timedelta(days=span // 2)
        return middle - timedelta(days=span // 6), middle + timedelta(days=span // 6)
    if qualifier in ("end", "late"):
        return last - timedelta(days=max(1, span // 3)), last
    return first, last


def _between(kind: TimeKind, now: datetime, first: date, last: date, span: Span, anchor: str) -> TimeExpr:
    """Days from the anchor to `now`: from its first day (the value for `since`) or its middle (a moment)."""
    noon = datetime.combine(first, datetime.min.time()) + timedelta(hours=12)
    base = now.replace(tzinfo=None)
    earliest = (base - datetime.combine(first, datetime.min.time())).total_seconds() / 86400
    latest = (
        base - (datetime.combine(last, datetime.min.time()) + timedelta(hours=23))
    ).total_seconds() / 86400
    latest = max(0.0, latest)
    if first == last:
        value = max(0.0, (base - noon).total_seconds() / 86400)
    elif kind == "since":
        value = earliest
    else:
        middle = (
            datetime.combine(first, datetime.min.time())
            + (datetime.combine(last, datetime.min.time()) - datetime.combine(first, datetime.min.time())) / 2
        )
        value = max(0.0, (base - middle).total_seconds() / 86400)
    return TimeExpr(
        kind, round(value, 3), round(latest, 3), round(max(earliest, value), 3), span, None, False, anchor
    )


def with_event(expr: TimeExpr, event_span: Span) -> TimeExpr:
    """A `since` that counts from an event the text names ("since the race")."""
    return replace(expr, kind="since_event", event_span=event_span)
