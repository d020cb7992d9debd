"""The alerts banner's button: POST /alerts/seen marks the alerts shown, and the banner goes away."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from twitchcheck.adapters.storage.club import mark_coach_alerts_seen
from twitchcheck.adapters.web.deps import EngineDep, NowDep, PageJournalDep, PageUser, safe_next, verify_csrf

router = APIRouter()

_MAX_IDS = 50


@router.post("/alerts/seen", dependencies=[Depends(verify_csrf)])
async def alerts_seen(
    request: Request, journal: PageJournalDep, now: NowDep, user: PageUser, engine: EngineDep
) -> Response:
    """Mark the alerts the banner showed as seen (a coach's of the people who share too), then back to the
    page it was on."""
    form = await request.form()
    if form.get("coach") == "1" and not user.is_local:
        mark_coach_alerts_seen(engine, user.id, user.journal_name)
    ids = [
        int(value) for value in form.getlist("id")[:_MAX_IDS] if isinstance(value, str) and value.isdigit()
    ]
    journal.mark_alerts_seen([i for i in ids if 0 < i < 2**31], now)
    target = form.get("next")
    return RedirectResponse(safe_next(target if isinstance(target, str) else None), status_code=303)
