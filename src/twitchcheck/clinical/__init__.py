"""The doctor's report: what a journal shows over a window, laid out for a clinician to scan in a minute.

    report = build_report(history, start=date(2026, 10, 1), end=date(2026, 11, 24), now=now)
    html = render_html(report)
    pdf = render_pdf(report)

`report_pdf(journal, ...)` and `report_html(journal, ...)` do it all from an open `Journal` (the web app's
download). Contents and choices: docs/clinical-report.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from twitchcheck.clinical.build import DEFAULT_WEEKS, NothingToReport, build_report, default_window
from twitchcheck.clinical.model import ClinicalReport, Person
from twitchcheck.clinical.render import render_html, render_pdf

if TYPE_CHECKING:
    from twitchcheck.journal.store import Journal
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


__all__: Sequence[str] = (
    "DEFAULT_WEEKS",
    "ClinicalReport",
    "NothingToReport",
    "Person",
    "build_report",
    "default_window",
    "journal_report",
    "render_html",
    "render_pdf",
    "report_html",
    "report_pdf",
)
