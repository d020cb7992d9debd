"""Sharing with a coach: the person's shares, and the coach's view of the people who share."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated, Any

from fastapi import Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from twitchcheck import services
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.club import Club
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web.api.common import need_accounts, v1
from twitchcheck.adapters.web.deps import (
    MAX_ID,
    CurrentUser,
    EngineDep,
    KnowledgeDep,
    NowDep,
    SettingsDep,
    client_ip,
    email_on,
)
from twitchcheck.adapters.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.core.errors import InputError
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.services.coach import LEVEL_FILTERS, CoachedPerson, coach_people, coach_table, wanted_levels


class ShareRequest(BaseModel):
    coach_email: str = Field(max_length=320)


class ShareOut(BaseModel):
    coach_id: int
    coach_email: str
    created_at: datetime
    accepted: bool = Field(
        description="Whether the coach has accepted; until then they see nothing of yours."
    )


class PersonOut(BaseModel):
    id: int
    email: str


class ShareRequestOut(BaseModel):
    """Someone who asks to share their status with you (the coach), waiting for your answer."""

    person: PersonOut
    created_at: datetime


class CoachedPersonOut(PersonOut):
    """A person who shares with you, in the coach's list: who, and what you may see of their status."""

    as_of: datetime = Field(description="When their status was last brought up to date.")
    level: str | None = Field(description="The triage level; null when nothing is logged to assess.")
    headline: str | None
    red_flags: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    trends: list[dict[str, Any]]
    note: str | None = Field(description="Why there is no level, when nothing is logged to assess.")


class CoachView(BaseModel):
    """What a coach sees of a person: level, red flags, warnings and trends only."""

    person: PersonOut
    as_of: datetime
    level: str | None = Field(description="The triage level; null when nothing is logged to assess.")
    headline: str | None
    red_flags: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    trends: list[dict[str, Any]]
    disclaimer: str


def _share_out(item: accounts.Share) -> ShareOut:
    return ShareOut(
        coach_id=item.coach_id,
        coach_email=item.coach_email,
        created_at=item.created_at,
        accepted=item.accepted,
    )


@v1.post(
    "/shares",
    tags=["sharing"],
    status_code=201,
    responses={401: {"model": ProblemDetails}, 429: {"model": ProblemDetails}},
)
def add_share(
    body: ShareRequest,
    request: Request,
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    now: NowDep,
) -> ShareOut:
    """Let a coach (another account, by email) see your level, red flags and trends.

    "No account has this email" answers are limited (10 an hour per account), as each tells whether an
    email has an account: 429 with Retry-After beyond."""
    need_accounts(settings)
    try:
        return _share_out(
            accounts.share(
                engine,
                user,
                body.coach_email,
                now,
                client_ip=client_ip(request),
                verified_coaches_only=email_on(request),
            )
        )
    except accounts.RateLimited as limited:
        raise Problem(429, str(limited), headers={"Retry-After": str(limited.retry_after_s)}) from None
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "body")) from None


@v1.get("/shares", tags=["sharing"], responses={401: {"model": ProblemDetails}})
def list_shares(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> list[ShareOut]:
    """The coaches you share with."""
    need_accounts(settings)
    return [_share_out(item) for item in accounts.shares_of(engine, user)]


@v1.delete(
    "/shares/{coach_id}", tags=["sharing"], status_code=204, responses={404: {"model": ProblemDetails}}
)
def remove_share(
    coach_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    """Stop sharing with a coach: from now on they see nothing of yours."""
    need_accounts(settings)
    if not accounts.unshare(engine, user, coach_id):
        raise Problem(404, "you do not share with this account")
    return Response(status_code=204)


LevelQuery = Annotated[
    list[str] | None,
    Query(description=f"Only people at these levels (repeat): {', '.join(LEVEL_FILTERS)} (nothing logged)."),
]


def club_people(
    user: accounts.Account,
    engine: Engine,
    kb: KnowledgeBase,
    now: datetime,
    number: str | None,
    level: list[str] | None,
) -> list[CoachedPerson]:
    """The people who share with the coach (at the levels asked for), most serious first; 422 naming
    `query.level` for an unknown level."""
    try:
        levels = wanted_levels(level or [])
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "query")) from None
    return coach_people(Club(engine), user.id, now, kb, levels=levels, emergency_number=number)


def _coached_out(person: CoachedPerson) -> CoachedPersonOut:
    view = person.view
    return CoachedPersonOut(
        id=person.id,
        email=person.email,
        as_of=view.as_of,
        level=view.level,
        headline=view.headline,
        red_flags=view.red_flags,
        warnings=view.warnings,
        trends=view.trends,
        note=view.note,
    )


@v1.get("/coach/people", tags=["sharing"], responses={401: {"model": ProblemDetails}})
def coached_people(
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    kb: KnowledgeDep,
    now: NowDep,
    level: LevelQuery = None,
) -> list[CoachedPersonOut]:
    """The people who share with you, most serious first (then the most recently updated): each one's level,
    red flags, warnings and trends as of when their status was last updated; nothing else."""
    need_accounts(settings)
    people = club_people(user, engine, kb, now, settings.emergency_number, level)
    return [_coached_out(person) for person in people]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def coach_csv(people: list[CoachedPerson]) -> str:
    """The coach's list as CSV (RFC 4180, CRLF line ends), each formula-like cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in coach_table(people):
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


@v1.get(
    "/coach/people.csv",
    tags=["sharing"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 401: {"model": ProblemDetails}},
)
def coached_people_csv(
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    kb: KnowledgeDep,
    now: NowDep,
    level: LevelQuery = None,
) -> Response:
    """The people who share with you as CSV, most serious first: email, level, red flags' and warnings'
    titles, as of when."""
    need_accounts(settings)
    people = club_people(user, engine, kb, now, settings.emergency_number, level)
    return Response(
        coach_csv(people),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="coached-people.csv"'},
    )


@v1.get("/coach/requests", tags=["sharing"], responses={401: {"model": ProblemDetails}})
def share_requests(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> list[ShareRequestOut]:
    """The people who asked to share their status with you and wait for your answer: accept with
    `POST /coach/requests/{id}`, refuse with `DELETE /coach/people/{id}`."""
    need_accounts(settings)
    return [
        ShareRequestOut(
            person=PersonOut(id=item.coach_id, email=item.coach_email), created_at=item.created_at
        )
        for item in accounts.share_requests(engine, user)
    ]


@v1.post(
    "/coach/requests/{person_id}",
    tags=["sharing"],
    status_code=204,
    responses={404: {"model": ProblemDetails}},
)
def accept_share(
    person_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Accept a person's share: from now on you see their level, red flags, warnings and trends."""
    need_accounts(settings)
    if not accounts.accept_share(engine, user, person_id, now):
        raise Problem(404, "no one with this id is waiting for you to accept their share")
    return Response(status_code=204)


@v1.delete(
    "/coach/people/{person_id}",
    tags=["sharing"],
    status_code=204,
    responses={404: {"model": ProblemDetails}},
)
def stop_coaching(
    person_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    """Stop seeing a person who shares with you, or refuse one who asks (a share you did not want, or no
    longer need): the share ends, as when they stop sharing."""
    need_accounts(settings)
    if not accounts.stop_coaching(engine, user, person_id):
        raise Problem(404, "no one with this id shares with you")
    return Response(status_code=204)


@v1.get("/coach/people/{person_id}", tags=["sharing"], responses={404: {"model": ProblemDetails}})
def coached_person(
    person_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    kb: KnowledgeDep,
    now: NowDep,
) -> CoachView:
    """A person who shares with you: their level, red flags, warnings and trends; nothing else."""
    need_accounts(settings)
    person = accounts.get_account(engine, person_id) if accounts.can_coach(engine, user, person_id) else None
    if person is None:
        raise Problem(404, "no one with this id shares with you")
    journal = Journal(engine, person.journal_name, zone=person.zone)
    summary = services.coach_status(journal, now, kb, emergency_number=settings.emergency_number)
    return CoachView(person=PersonOut(id=person.id, email=person.email), **summary.to_json())
