"""What a journal shows: GET /api/v1/status, /triggers and /report (the doctor's report)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Response
from fastapi.responses import JSONResponse

from twitchcheck import services
from twitchcheck.adapters.clinical import NothingToReport, report_download
from twitchcheck.adapters.web.api.common import AsOfQuery, read_as_of, v1
from twitchcheck.adapters.web.deps import (
    JournalDep,
    KnowledgeDep,
    NowDep,
    SettingsDep,
)
from twitchcheck.adapters.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.core.errors import InputError
from twitchcheck.core.limits import EMERGENCY_NUMBER_MAX, check_emergency_number


@v1.get(
    "/status",
    tags=["journal"],
    responses={
        200: {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentContract"}}}
        },
        409: {"model": ProblemDetails, "description": "Nothing logged to assess yet."},
    },
    response_class=JSONResponse,
)
def status(
    journal: JournalDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
    as_of: AsOfQuery = None,
    emergency_number: Annotated[str | None, Query(max_length=EMERGENCY_NUMBER_MAX)] = None,
) -> JSONResponse:
    """What your journal shows: the same JSON as `twitchcheck status --format json`."""
    moment = read_as_of(as_of, now, journal)
    try:
        number = check_emergency_number(emergency_number, settings.emergency_number)
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "query")) from None
    if as_of is None or as_of.strip().lower() == "now":  # the stored status while current
        stored = services.current_status(journal, now, kb, emergency_number=number).stored
        if stored.assessment is None:
            raise Problem(409, stored.nothing or "nothing logged to assess yet")
        return JSONResponse(stored.assessment)
    found = services.journal_status(journal.history(until=moment), moment, kb, emergency_number=number)
    if found.assessment is None:
        raise Problem(409, found.nothing or "nothing logged to assess yet")
    return JSONResponse(found.assessment.to_contract())


@v1.get(
    "/report",
    tags=["journal"],
    responses={
        200: {
            "description": "The doctor's report (as `twitchcheck report`): PDF, or self-contained HTML.",
            "content": {"application/pdf": {}, "text/html": {}},
        },
        409: {"model": ProblemDetails, "description": "Nothing logged in the window."},
    },
    response_class=Response,
)
def doctor_report(
    journal: JournalDep,
    kb: KnowledgeDep,
    now: NowDep,
    start: Annotated[
        date | None, Query(alias="from", description="First day (default: 8 weeks ago).")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (default: today).")] = None,
    fmt: Annotated[
        Literal["pdf", "html"], Query(alias="format", description="pdf (default) or html.")
    ] = "pdf",
) -> Response:
    """Your journal as a report a doctor can read in a minute, to download."""
    try:
        download = report_download(journal, start=start, end=end, fmt=fmt, now=now, knowledge=kb)
    except NothingToReport as nothing:
        raise Problem(409, str(nothing), errors=input_problems(nothing, "query")) from None
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "query")) from None
    return Response(
        download.content,
        media_type=download.media_type,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )


@v1.get("/triggers", tags=["journal"])
def triggers(journal: JournalDep, kb: KnowledgeDep, now: NowDep, as_of: AsOfQuery = None) -> dict[str, Any]:
    """Which logged factors go with your twitch days (the JSON of `twitchcheck triggers --format json`)."""
    moment = read_as_of(as_of, now, journal)
    return services.journal_triggers_json(journal.history(until=moment), moment, kb)
