"""The coach view: for each person who shares with the signed-in account, their level, red flags, warnings
and trends, and nothing else (no journal entries, no answers, no plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web.deps import EngineDep, KnowledgeDep, NowDep, PageUser, SettingsDep
from twitchcheck.adapters.web.pages._render import ChromeDep, render
from twitchcheck.adapters.web.pages.accounts import AccountsOnly
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.services import CoachView, coach_status

router = APIRouter()


@dataclass(frozen=True, slots=True)
class SharedStatus:
    """What a coach may see of one person: their email, and the coach view (`services.coach_view`)."""

    email: str
    view: CoachView

    def __getattr__(self, name: str) -> Any:
        return getattr(self.view, name)


def shared_status(
    engine: Any, person: accounts.Account, now: datetime, kb: KnowledgeBase, number: str | None = None
) -> SharedStatus:
    """The part of a person's status a coach sees (from their stored status while current): level, red
    flags, warnings and trends."""
    journal = Journal(engine, person.journal_name, zone=person.zone)
    return SharedStatus(person.email, coach_status(journal, now, kb, emergency_number=number))


@router.get("/coach", dependencies=[AccountsOnly])
def coach_page(
    request: Request,
    chrome: ChromeDep,
    engine: EngineDep,
    kb: KnowledgeDep,
    now: NowDep,
    user: PageUser,
    settings: SettingsDep,
) -> HTMLResponse:
    """The people who share their status with this account."""
    number = settings.emergency_number
    people = [
        shared_status(engine, person, now, kb, number)
        for person in accounts.people_sharing_with(engine, user)
    ]
    return render(request, chrome, "coach.html", {"people": people})
