"""The coach view: for each person who shares with the signed-in account, their level, red flags, warnings
and trends, and nothing else (no journal entries, no answers, no plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchcheck.assessment import Finding, TrendFinding
from twitchcheck.journal.store import Journal
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.web import accounts
from twitchcheck.web.deps import EngineDep, KnowledgeDep, NowDep, PageUser
from twitchcheck.web.pages._render import ChromeDep, render
from twitchcheck.web.pages.accounts import AccountsOnly

router = APIRouter()


@dataclass(frozen=True, slots=True)
class SharedStatus:
    """What a coach may see of one person."""

    email: str
    level: str | None
    headline: str | None
    red_flags: list[Finding]
    warnings: list[Finding]
    trends: list[TrendFinding | dict[str, Any]]
    note: str | None


def shared_status(engine: Any, person: accounts.Account, now: datetime, kb: KnowledgeBase) -> SharedStatus:
    """The part of a person's status a coach sees: level, red flags, warnings and trends."""
    from twitchcheck.journal.analysis import analyse
    from twitchcheck.journal.findings import trend_findings
    from twitchcheck.journal.link import NoTwitchLogged, journal_assessment

    journal = Journal(engine, person.journal_name, zone=person.zone)
    history = journal.history(until=now)
    found = analyse(history, now, kb)
    try:
        assessment = journal_assessment(history, now, kb, analyses=found)
    except NoTwitchLogged as missing:
        return SharedStatus(
            person.email, None, None, [], [], list(trend_findings(found, kb)), missing.problems[0].message
        )
    trends: list[TrendFinding | dict[str, Any]] = (
        list(assessment.history.trends) if assessment.history else []
    )
    return SharedStatus(
        person.email,
        assessment.triage.level,
        assessment.triage.headline,
        list(assessment.red_flags),
        list(assessment.warnings),
        trends,
        None,
    )


@router.get("/coach", dependencies=[AccountsOnly])
def coach_page(
    request: Request, chrome: ChromeDep, engine: EngineDep, kb: KnowledgeDep, now: NowDep, user: PageUser
) -> HTMLResponse:
    """The people who share their status with this account."""
    people = [shared_status(engine, person, now, kb) for person in accounts.people_sharing_with(engine, user)]
    return render(request, chrome, "coach.html", {"people": people})
