"""The coach view: everyone who shares with the signed-in account, most serious first, each with their level,
red flags, warnings and trends as of when their status was last updated, and nothing else (no journal
entries, no answers, no plan); filtered by level, and downloadable as CSV (`/api/v1/coach/people.csv`).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.club import Club
from twitchcheck.adapters.web.deps import EngineDep, KnowledgeDep, NowDep, PageUser, SettingsDep, verify_csrf
from twitchcheck.adapters.web.pages._render import ChromeDep, render
from twitchcheck.adapters.web.pages.accounts import AccountsOnly
from twitchcheck.adapters.web.problems import Problem, input_problems
from twitchcheck.core.errors import InputError
from twitchcheck.services.coach import LEVEL_FILTERS, coach_people, wanted_levels

router = APIRouter()

_DONE = {
    "ended": "Stopped: that person's status is no longer shown to you.",
    "accepted": "Accepted: that person's status is shown below.",
}


@router.get("/coach", dependencies=[AccountsOnly])
def coach_page(
    request: Request,
    chrome: ChromeDep,
    engine: EngineDep,
    kb: KnowledgeDep,
    now: NowDep,
    user: PageUser,
    settings: SettingsDep,
    level: Annotated[list[str] | None, Query()] = None,
    done: str | None = None,
) -> HTMLResponse:
    """The people who share their status with this account, most serious first (`?level=` to filter)."""
    try:
        levels = wanted_levels(level or [])
    except InputError as error:
        problems = input_problems(error, "query")
        raise Problem(422, "; ".join(str(problem) for problem in problems), errors=problems) from None
    people = coach_people(
        Club(engine), user.id, now, kb, levels=levels, emergency_number=settings.emergency_number
    )
    chosen = sorted(levels, key=LEVEL_FILTERS.index) if levels is not None else []
    csv_url = "/api/v1/coach/people.csv" + (f"?{urlencode([('level', v) for v in chosen])}" if chosen else "")
    context = {
        "people": people,
        "levels": LEVEL_FILTERS,
        "chosen": chosen,
        "csv_url": csv_url,
        "zone": ZoneInfo(user.zone),
        "message": _DONE.get(done or ""),
        "requests": accounts.share_requests(engine, user),
    }
    return render(request, chrome, "coach.html", context)


@router.post("/coach/people/{person_id}/end", dependencies=[AccountsOnly, Depends(verify_csrf)])
def end_share(person_id: int, engine: EngineDep, user: PageUser) -> Response:
    """Stop seeing someone who shares with you (issue 17, finding 6: a coach can refuse a share)."""
    accounts.stop_coaching(engine, user, person_id)
    return RedirectResponse("/coach?done=ended", status_code=303)


@router.post("/coach/people/{person_id}/accept", dependencies=[AccountsOnly, Depends(verify_csrf)])
def accept_share(person_id: int, engine: EngineDep, user: PageUser, now: NowDep) -> Response:
    """Accept someone's share: from now on their status is on this page."""
    accounts.accept_share(engine, user, person_id, now)
    return RedirectResponse("/coach?done=accepted", status_code=303)
