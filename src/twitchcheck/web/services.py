"""What the API and the pages show from a journal, as plain data: calls into the library, shared by both.

Nothing is decided here: the level, red flags and trends come from `journal.link` and `journal.findings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from twitchcheck.assessment import Assessment
from twitchcheck.errors import FieldProblem, InputError
from twitchcheck.journal.store import Journal
from twitchcheck.knowledge.loader import KnowledgeBase


def as_of_moment(text: str | None, now: datetime, journal: Journal, field: str = "as_of") -> datetime:
    """The moment `as_of` names, as `twitchcheck status --as-of` reads it (now, -7d, a date: its end, a
    date-time in the journal's zone), never after `now`; InputError naming `field` otherwise."""
    if text is None or text.strip() == "now":
        return now
    from twitchcheck.journal.moments import read_moment

    try:
        at, moment = read_moment(text, now, journal.zone, field)
    except InputError as error:
        raise InputError([FieldProblem(field, error.problems[0].message)], "query") from None
    if "T" not in at:  # a date alone: the end of that day
        moment = moment + timedelta(days=1) - timedelta(microseconds=1)
    return min(moment, now)


def status_assessment(
    journal: Journal, moment: datetime, kb: KnowledgeBase, emergency_number: str | None = None
) -> Assessment:
    """The assessment the journal gives as of `moment` (`twitchcheck status`); NoTwitchLogged when none."""
    from twitchcheck.journal.analysis import analyse
    from twitchcheck.journal.link import journal_assessment

    history = journal.history(until=moment)
    found = analyse(history, moment, kb)
    return journal_assessment(history, moment, kb, analyses=found, emergency_number=emergency_number)


def triggers_data(journal: Journal, moment: datetime, kb: KnowledgeBase) -> dict[str, Any]:
    """The same JSON as `twitchcheck triggers --format json`."""
    from twitchcheck.journal.findings import triggers_json
    from twitchcheck.journal.link import journal_triggers

    return triggers_json(journal_triggers(journal.history(until=moment), moment, kb), moment, kb)


@dataclass(frozen=True, slots=True)
class CoachSummary:
    """What a coach may see of a person: the level, red flags, warnings and trends; no events, no notes."""

    as_of: datetime
    level: str | None
    headline: str | None
    red_flags: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    trends: list[dict[str, Any]]
    disclaimer: str

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "level": self.level,
            "headline": self.headline,
            "red_flags": self.red_flags,
            "warnings": self.warnings,
            "trends": self.trends,
            "disclaimer": self.disclaimer,
        }


_FLAG_KEYS = ("id", "title", "level", "reason", "what_to_do", "sources")
"""A red flag as a coach sees it: without `answers` (the person's own answers and logged values)."""


def coach_summary(journal: Journal, moment: datetime, kb: KnowledgeBase) -> CoachSummary:
    """The level, red flags, warnings and trends of a journal as of `moment`, for a coach."""
    from twitchcheck.journal.analysis import analyse
    from twitchcheck.journal.findings import trend_findings
    from twitchcheck.journal.link import NoTwitchLogged, journal_assessment

    history = journal.history(until=moment)
    found = analyse(history, moment, kb)
    try:
        assessment = journal_assessment(history, moment, kb, analyses=found)
    except NoTwitchLogged:
        return CoachSummary(moment, None, None, [], [], trend_findings(found, kb), kb.message("disclaimer"))
    contract = assessment.to_contract()
    trends = (contract.get("history") or {}).get("trends") or trend_findings(found, kb)
    return CoachSummary(
        moment,
        assessment.level,
        assessment.triage.headline,
        [{key: flag[key] for key in _FLAG_KEYS} for flag in contract["red_flags"]],
        [{key: flag[key] for key in _FLAG_KEYS} for flag in contract["warnings"]],
        trends,
        assessment.disclaimer,
    )


@dataclass(frozen=True)
class Download:
    """A file to send: its bytes, media type and the name to save it under."""

    content: bytes
    media_type: str
    filename: str


def doctor_report(
    journal: Journal,
    *,
    start: date | None,
    end: date | None,
    fmt: str,
    now: datetime,
    kb: KnowledgeBase,
) -> Download:
    """The doctor's report of the journal (`twitchcheck report`) as PDF or self-contained HTML.

    InputError (naming `from`) when the window is reversed or too long; NothingToReport when nothing was
    logged in it.
    """
    from twitchcheck.clinical import report_html, report_pdf

    name = f"twitchcheck-report-{now.astimezone(journal.zone).date().isoformat()}"
    if fmt == "html":
        html = report_html(journal, start=start, end=end, now=now, knowledge=kb)
        return Download(html.encode("utf-8"), "text/html; charset=utf-8", f"{name}.html")
    pdf = report_pdf(journal, start=start, end=end, now=now, knowledge=kb)
    return Download(pdf, "application/pdf", f"{name}.pdf")


def import_upload(
    journal: Journal, data: bytes, filename: str, *, only: str | None = None, since: str | None = None
) -> Any:
    """An uploaded export or workout file (the bytes of a request) imported into `journal` as the CLI's
    `journal import` does: the kind found from the content, all or nothing, re-importing adds nothing.

    Returns the import's `Summary`; InputError names the file's problems (or a bad `only` / `since`).
    """
    import tempfile
    from datetime import UTC
    from pathlib import Path

    from twitchcheck.journal.imports import parse_only, read_export, write_reading
    from twitchcheck.journal.moments import read_moment

    chosen = parse_only(only)
    start = read_moment(since, datetime.now(UTC), journal.zone, "since")[1] if since else None
    name = Path(filename or "upload").name or "upload"
    with tempfile.TemporaryDirectory(prefix="twitchcheck-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        reading = read_export(path, zone=journal.zone, only=chosen, since=start, label=name)
        return write_reading(journal, reading, name)
