"""Counts that agree with their nouns: "1 test", "3 tests", "1.5 days", "1 problem"."""

from __future__ import annotations

from typing import Any


def is_one(value: Any) -> bool:
    """Whether a count takes the singular: exactly 1 (1 and 1.0; not True, not 1.5)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 1


def noun(value: Any, one: str, many: str | None = None) -> str:
    """The noun that goes with a count: `noun(1, "test")` -> "test", `noun(2, "test")` -> "tests"."""
    return one if is_one(value) else (many or one + "s")


def counted(number: float, one: str, many: str | None = None) -> str:
    """A count with its noun: `counted(1, "day")` -> "1 day", `counted(2.5, "day")` -> "2.5 days"."""
    shown = f"{number:g}" if isinstance(number, float) else f"{number}"
    return f"{shown} {noun(number, one, many)}"


def days_in_words(days: float | None) -> str:
    """A span of days as a person says it: "less than a day", "1 day", "18 days", "about 10 weeks"."""
    if days is None:
        return "n/a"
    if days < 1:
        return "less than a day"
    whole = int(days + 0.5)
    if whole < 8 * 7:
        return counted(whole, "day")
    return f"about {int(days / 7 + 0.5)} weeks"


def hours_in_words(hours: float) -> str:
    """A span of hours as a person says it: "a few minutes", "40 minutes", "5 hours", "3 days"."""
    if hours < 0.1:
        return "a few minutes"
    if hours < 1:
        return counted(int(hours * 60 + 0.5), "minute")
    if hours < 48:
        return counted(round(hours) if hours >= 10 else round(hours, 1), "hour")
    return days_in_words(hours / 24)


def amount(value: float) -> str:
    """A measured number rounded as a person reads it: 1958.3 -> "1958", 6.54 -> "6.5", 0.25 -> "0.25"."""
    if abs(value) >= 100:
        return f"{round(value):d}"
    if abs(value) >= 1:
        return f"{round(value, 1):g}"
    return f"{round(value, 2):g}"


def citation(title: str, publisher: str, year: int | None) -> str:
    """A source as cited: title, publisher and year, without repeating what the title already says
    (`SourceRef.citation`; the CLI's card cites a stored assessment's sources with it, without the models)."""
    parts = [title]
    if publisher not in title:
        parts.append(publisher)
    if year is not None and str(year) not in title and str(year) not in publisher:
        parts.append(str(year))
    return ", ".join(parts)


__all__ = ["amount", "citation", "counted", "days_in_words", "hours_in_words", "is_one", "noun"]
