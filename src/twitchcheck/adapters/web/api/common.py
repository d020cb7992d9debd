"""What the API's routes share: the /api/v1 router, reading a JSON body, the `as_of` query."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from twitchcheck.adapters.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.adapters.web.settings import Settings
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.jsonin import JsonInputError, loads
from twitchcheck.journal.moments import as_of_moment

v1 = APIRouter(prefix="/api/v1", responses={422: {"model": ProblemDetails}})
"""Every route under /api/v1 (the resource modules add theirs; `api.router` includes it)."""

AsOfQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Look at the journal as it was then: now, -7d, 2026-11-02, 2026-11-02T18:30.",
    ),
]


async def json_body(request: Request) -> Any:
    """The request's JSON body; 415 for another content type, 422 naming `body` when it is not JSON."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise Problem(415, "send the body as application/json")
    raw = await request.body()
    try:
        return loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Problem(422, "the body is not UTF-8", errors=[FieldProblem("body", "not UTF-8 text")]) from None
    except JsonInputError as error:
        raise Problem(422, "the body is not valid JSON", errors=[FieldProblem("body", str(error))]) from None


def read_as_of(value: str | None, now: datetime, journal: Any) -> datetime:
    """The moment an `as_of` query names (as `twitchcheck status --as-of`), never after now; 422 naming it."""
    try:
        return as_of_moment(value, now, journal.zone)[0]
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "query")) from None


def need_accounts(settings: Settings) -> None:
    """404 in single-user mode, where there are no accounts."""
    if not settings.accounts:
        raise Problem(404, "this server runs in single-user mode: there are no accounts")
