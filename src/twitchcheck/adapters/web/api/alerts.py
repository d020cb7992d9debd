"""Alerts: GET /api/v1/alerts (what changed that matters, as `twitchcheck alerts --format json`) and
POST /api/v1/alerts/seen (mark them shown, so the web pages' banner goes away)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from twitchcheck import services
from twitchcheck.adapters.storage.club import coach_alerts, mark_coach_alerts_seen
from twitchcheck.adapters.web.api.common import json_body, v1
from twitchcheck.adapters.web.deps import CurrentUser, EngineDep, JournalDep, NowDep, SettingsDep
from twitchcheck.adapters.web.problems import Problem
from twitchcheck.core.errors import FieldProblem


class NewItem(BaseModel):
    id: str
    title: str


class AlertOut(BaseModel):
    """One alert: the level it rose to (from which), the new red flags and warnings; nothing more."""

    id: int
    created_at: datetime
    level: str | None
    previous_level: str | None
    rose: bool
    red_flags: list[NewItem]
    warnings: list[NewItem]
    seen: bool
    emailed: bool


class PersonRef(BaseModel):
    id: int
    email: str


class CoachAlertOut(AlertOut):
    """An alert of someone who shares with you (raised since they began to share): the same as theirs."""

    person: PersonRef


class Alerts(BaseModel):
    alerts: list[AlertOut]
    coach: list[CoachAlertOut] = Field(
        default_factory=list,
        description="As a coach: the alerts of the people who share with you, raised since they shared; "
        "`seen` is whether you have seen them (their own seen state is theirs).",
    )


class Seen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] | None = None
    """The alerts to mark seen; none given: every alert not seen yet."""


class Marked(BaseModel):
    marked: int


@v1.get("/alerts", tags=["journal"])
def list_alerts(
    journal: JournalDep,
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    unseen: Annotated[bool, Query(description="Only the alerts not seen yet.")] = False,
    last: Annotated[int, Query(ge=1, le=500, description="How many of the newest.")] = 50,
) -> Alerts:
    """Your journal's alerts, oldest first: each time the level rose or a new red flag or warning appeared;
    as a coach, also those of the people who share with you."""
    found = journal.alerts(unseen=unseen, limit=last)
    coached = []
    if settings.accounts:
        for item in coach_alerts(engine, user.id, user.journal_name, limit=last):
            if unseen and item.seen:
                continue
            data = {
                **item.alert.to_json(),
                "seen": item.seen,
                "person": {"id": item.person_id, "email": item.email},
            }
            coached.append(CoachAlertOut.model_validate(data))
    return Alerts(alerts=[AlertOut.model_validate(alert.to_json()) for alert in found], coach=coached)


@v1.post("/alerts/seen", tags=["journal"])
async def mark_seen(
    request: Request,
    journal: JournalDep,
    now: NowDep,
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
) -> Marked:
    """Mark alerts as seen (the body `{"ids": [1, 2]}`, or `{}` for all, a coach's of the people who share
    too): the pages stop showing them."""
    body = await json_body(request)
    try:
        seen = Seen.model_validate(body)
    except ValidationError as error:
        problems = [FieldProblem(".".join(map(str, ("body", *e["loc"]))), e["msg"]) for e in error.errors()]
        raise Problem(422, 'give {"ids": [numbers]} or {}', errors=problems) from None
    if seen.ids is None:
        coached = mark_coach_alerts_seen(engine, user.id, user.journal_name) if settings.accounts else 0
        return Marked(marked=len(services.unseen_alerts(journal, now)) + coached)
    return Marked(marked=journal.mark_alerts_seen(seen.ids, now))
