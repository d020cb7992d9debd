"""The doctor's report: what a journal shows over a window, laid out for a clinician to scan in a minute.

    report = build_report(history, start=date(2026, 10, 1), end=date(2026, 11, 24), now=now)
    html = render_html(report)
    pdf = render_pdf(report)

`report_pdf(journal, ...)` and `report_html(journal, ...)` do it all from an open `Journal` (the web app's
download). Contents and choices: docs/clinical-report.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from twitchcheck.adapters.clinical.build import DEFAULT_WEEKS, NothingToReport, build_report, default_window
from twitchcheck.adapters.clinical.model import ClinicalReport, Person
from twitchcheck.adapters.clinical.render import render_html, render_pdf

if TYPE_CHECKING:
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.knowledge.loader import KnowledgeBase


def journal_report(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    person: Person | None = None,
) -> ClinicalReport:
    """The report of an open journal (what was logged by `now`)."""
    history = journal.history(until=now)
    return build_report(history, start=start, end=end, now=now, knowledge=knowledge, person=person)


def report_pdf(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    person: Person | None = None,
) -> bytes:
    """The PDF of an open journal's report (for a download button). Raises NothingToReport (an InputError)
    when nothing was logged in the window."""
    return render_pdf(
        journal_report(journal, start=start, end=end, now=now, knowledge=knowledge, person=person)
    )


def report_html(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    person: Person | None = None,
) -> str:
    """The HTML of an open journal's report (self-contained: print it, or save it)."""
    return render_html(
        journal_report(journal, start=start, end=end, now=now, knowledge=knowledge, person=person)
    )


@dataclass(frozen=True)
class Download:
    """A file to send: its bytes, media type and the name to save it under."""

    content: bytes
    media_type: str
    filename: str


def report_download(
    journal: Journal,
    *,
    start: date | None,
    end: date | None,
    fmt: str,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
) -> Download:
    """The doctor's report of an open journal as PDF or self-contained HTML, named for the day (the web
    app's download). InputError naming `from` for a bad window; NothingToReport when nothing was logged."""
    name = f"twitchcheck-report-{now.astimezone(journal.zone).date().isoformat()}"
    if fmt == "html":
        html = report_html(journal, start=start, end=end, now=now, knowledge=knowledge)
        return Download(html.encode("utf-8"), "text/html; charset=utf-8", f"{name}.html")
    pdf = report_pdf(journal, start=start, end=end, now=now, knowledge=knowledge)
    return Download(pdf, "application/pdf", f"{name}.pdf")


__all__: Sequence[str] = (
    "DEFAULT_WEEKS",
    "ClinicalReport",
    "Download",
    "NothingToReport",
    "Person",
    "build_report",
    "default_window",
    "journal_report",
    "render_html",
    "render_pdf",
    "report_download",
    "report_html",
    "report_pdf",
)
