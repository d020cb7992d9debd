"""The HTTP API under /api/v1 (JSON; errors as problem+json): assessments, the journal, accounts, sharing.

Each route parses, calls the library (or the `accounts` repository) and answers; nothing is decided here.
Journal routes serve only the signed-in person's journal: an event number from someone else's journal is
"not found", exactly like one that never existed.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from twitchcheck.errors import FieldProblem, InputError
from twitchcheck.jsonin import MAX_INPUT_CHARS, JsonInputError, loads
from twitchcheck.knowledge.loader import load_knowledge
from twitchcheck.web import accounts
from twitchcheck.web.deps import (
    MAX_ID,
    SESSION_COOKIE,
    CurrentUser,
    EngineDep,
    JournalDep,
    KnowledgeDep,
    NowDep,
    Seq,
    SettingsDep,
    app_settings,
    clear_session_cookie,
    client_ip,
    set_session_cookie,
)
from twitchcheck.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.web.settings import Settings

router = APIRouter()
v1 = APIRouter(prefix="/api/v1", responses={422: {"model": ProblemDetails}})

EVENT_TYPES = Literal[
    "workout",
    "twitch",
    "symptom",
    "strength_test",
    "circumference",
    "fluid",
    "caffeine",
    "body_mass",
    "sleep",
]


# -- server -----------------------------------------------------------------------------------------------


@router.get("/healthz", tags=["server"], responses={503: {"model": ProblemDetails}})
def healthz(engine: EngineDep) -> dict[str, str]:
    """The server is up and its database answers (503 otherwise)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        raise Problem(503, "the database does not answer") from None
    return {"status": "ok", "database": "reachable"}


@v1.get("/ping", tags=["server"])
async def ping() -> dict[str, str]:
    """A cheap answer with no database work (for load balancers and the benchmark)."""
    return {"status": "ok"}


# -- assessments ------------------------------------------------------------------------------------------

EMERGENCY_NUMBER_MAX = 40


class FreeText(BaseModel):
    """A description in your own words, as `twitchcheck check --text` takes it."""

    text: str = Field(max_length=100_000, examples=["calves twitching since yesterday after leg day"])


def parse_assessment_request(body: object) -> dict[str, Any] | str:
    """What to assess: a report (the report contract, as a JSON object), free text (`{"text": ...}`), or a
    FHIR QuestionnaireResponse to the check's Questionnaire (`twitchcheck fhir questionnaire`).

    The one place that reads an assessment request's body. InputError names the field at fault, under
    `body` (a QuestionnaireResponse's items by their linkId path).
    """
    if not isinstance(body, dict):
        raise InputError(
            [FieldProblem("body", 'give a report (a JSON object) or {"text": "..."}')], "request"
        )
    from twitchcheck.fhir import is_questionnaire_response

    if is_questionnaire_response(body):
        from twitchcheck.fhir import report_from_questionnaire_response

        return report_from_questionnaire_response(body, load_knowledge())
    if "text" in body and "twitch" not in body:
        extra = sorted(set(body) - {"text"})
        if extra:
            raise InputError(
                [FieldProblem(f"body.{extra[0]}", 'free text goes alone: {"text": "..."}')], "request"
            )
        value = body["text"]
        if not isinstance(value, str):
            raise InputError([FieldProblem("body.text", "give the description as a string")], "request")
        if not value.strip():
            raise InputError(
                [
                    FieldProblem(
                        "body.text", "no text: describe where it twitches, since when, and anything else"
                    )
                ],
                "request",
            )
        if len(value) > 100_000:
            raise InputError([FieldProblem("body.text", "longer than 100,000 characters")], "request")
        return value
    return body


def _assess_body(body: object, now: datetime, emergency_number: str | None) -> str:
    """The assessment contract as JSON text. A report's assessment is serialised by pydantic in one step
    (a third of the cost of building a dict and encoding it with `json`; bench/bench_web.py)."""
    from twitchcheck.engine import assess
    from twitchcheck.text.assess import assess_understanding
    from twitchcheck.text.parse import parse_text

    request = parse_assessment_request(body)
    try:
        if isinstance(request, str):
            # Calendar words ("since Tuesday") are read in the server's time zone.
            understood = assess_understanding(
                parse_text(request, now=now.astimezone()), now=now, emergency_number=emergency_number
            )
            return json.dumps(understood.to_contract(), ensure_ascii=False, separators=(",", ":"))
        return assess(request, now=now, emergency_number=emergency_number).model_dump_json(by_alias=True)
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "body")) from None


@v1.post(
    "/assessments",
    tags=["assessments"],
    openapi_extra={
        "parameters": [
            {
                "name": "emergency_number",
                "in": "query",
                "required": False,
                "description": "The number to name in emergency advice (default: the server's).",
                "schema": {"type": "string", "maxLength": EMERGENCY_NUMBER_MAX},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentRequest"}}},
        },
    },
    responses={
        200: {
            "description": "The assessment contract (twitchcheck/assessment/1); free text adds `understood`.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentContract"}}},
        }
    },
)
async def create_assessment(request: Request, now: NowDep) -> Response:
    """Assess a report (the report contract) or a description in your own words. Nothing is stored."""
    # The busiest route reads its settings and its query parameter itself: FastAPI's dependency solving for
    # them cost 13% of the request (bench/README.md, "Web API"). The clock stays a dependency (tests pin it).
    number = request.query_params.get("emergency_number")
    if number is not None and len(number) > EMERGENCY_NUMBER_MAX:
        problem = FieldProblem("query.emergency_number", f"at most {EMERGENCY_NUMBER_MAX} characters")
        raise Problem(422, "the request is not valid: see errors", errors=[problem])
    body = await _json_body(request)
    result = _assess_body(body, now, number or app_settings(request).emergency_number)
    return Response(result, media_type="application/json")


async def _json_body(request: Request) -> Any:
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


# -- the journal ------------------------------------------------------------------------------------------


class StoredEvent(BaseModel):
    seq: int = Field(description="The event's number in your journal (for GET/PUT/DELETE /events/{seq}).")
    event: dict[str, Any] = Field(description="The event (journal-event contract).")


class AddResult(BaseModel):
    read: int
    added: int
    already_there: int = Field(description="Events the journal already held (same id or same content).")
    seqs: list[int] = Field(description="The numbers of the events added.")


class OperationOut(BaseModel):
    seq: int
    kind: str
    summary: str
    created_at: datetime


class UndoResult(BaseModel):
    undone: OperationOut | None = Field(description="The change taken back; null when there was none.")


def _parse_events(body: object) -> list[Any]:
    from twitchcheck.journal.events import parse_event

    items = body if isinstance(body, list) else [body]
    if not items:
        raise InputError([FieldProblem("body", "give one event or a list of events")], "request")
    events, problems = [], []
    for index, item in enumerate(items):
        where = f"body[{index}]" if isinstance(body, list) else "body"
        try:
            events.append(parse_event(item))
        except InputError as error:
            problems += input_problems(error, where)
    if problems:
        raise Problem(422, "the events are not valid: nothing was added", errors=problems)
    return events


def _added(result: Any) -> AddResult:
    return AddResult(
        read=result.read, added=result.added, already_there=result.already_there, seqs=list(result.seqs)
    )


Confirm = Annotated[
    bool,
    Query(
        description="Keep strength tests and circumferences outside their usual range, which are otherwise "
        "refused (422, naming the field and the range) as likely typos."
    ),
]


def _plausible_problem(error: InputError, where: str, what: str) -> Problem:
    """A 422 for events refused at entry, saying how to confirm an implausible value."""
    from twitchcheck.journal.plausible import CONFIRM_HINT

    how = "If it is right, send it again with confirm=true"
    problems = [
        FieldProblem(p.field, p.message.replace(CONFIRM_HINT, how)) for p in input_problems(error, where)
    ]
    return Problem(422, what, errors=problems)


@v1.post(
    "/events",
    tags=["journal"],
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventOrEvents"}}},
        }
    },
)
async def add_events(request: Request, journal: JournalDep, confirm: Confirm = False) -> AddResult:
    """Log one event or a list of events (journal-event contract), all or none."""
    body = await _json_body(request)
    events = _parse_events(body)
    labels = [f"body[{index}]" for index in range(len(events))] if isinstance(body, list) else None
    try:
        return _added(journal.add(events, kind="log", labels=labels, confirmed=confirm))
    except InputError as error:
        where = "" if labels else "body"
        raise _plausible_problem(error, where, "the events are not valid: nothing was added") from None


def _since_until(value: datetime | None, journal: Any) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=journal.zone)  # a local time: in the journal's time zone


@v1.get("/events", tags=["journal"])
def list_events(
    journal: JournalDep,
    type: Annotated[  # the query parameter's name in the API
        list[EVENT_TYPES] | None, Query(description="Only these types (repeat).")
    ] = None,
    since: Annotated[
        datetime | None, Query(description="From this moment (a local time: the journal's zone).")
    ] = None,
    until: Annotated[datetime | None, Query(description="Up to this moment.")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="Only the newest n.")] = None,
) -> list[StoredEvent]:
    """Your events in time order, with their numbers."""
    entries = journal.entries(
        types=list(type) if type else None,
        since=_since_until(since, journal),
        until=_since_until(until, journal),
        last=limit,
    )
    return [StoredEvent(seq=entry.seq, event=entry.event.to_contract()) for entry in entries]


def _not_found(seq: int) -> Problem:
    return Problem(404, f"there is no event #{seq} in your journal")


@v1.get(
    "/events/export",
    tags=["journal"],
    response_class=Response,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_events(journal: JournalDep) -> Response:
    """Your whole journal as JSON Lines (the journal-event contract), oldest first."""
    out = io.StringIO()
    journal.export(out)
    return Response(
        out.getvalue(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="journal.jsonl"'},
    )


class TypeCountsOut(BaseModel):
    read: int
    added: int
    already_there: int
    merged: int = Field(description="Records folded into another: the same workout from another source.")
    skipped: int = Field(description="Left out: by `only`, `since`, or a night still in progress.")


class ImportResultOut(AddResult):
    format: str = Field(description="What the file was found to be: jsonl, apple_health, strava, garmin, ...")
    by_type: dict[str, TypeCountsOut] = Field(default_factory=dict, description="An export's counts by type.")


JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain"}
EXPORT_TYPES = {
    "application/zip",
    "application/x-zip-compressed",
    "application/xml",
    "text/xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/csv",
    "application/vnd.ant.fit",
    "application/gpx+xml",
    "application/vnd.garmin.tcx+xml",
}


@v1.post(
    "/events/import",
    tags=["journal"],
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/xml": {"schema": {"type": "string", "format": "binary"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def import_events(
    request: Request,
    journal: JournalDep,
    only: Annotated[
        str | None,
        Query(
            max_length=100, description="From an export, only these: workouts,fluid,caffeine,body_mass,sleep."
        ),
    ] = None,
    since: Annotated[
        str | None, Query(max_length=40, description="From an export, only what began from then on.")
    ] = None,
    filename: Annotated[
        str | None, Query(max_length=200, description="The file's name, for the notes.")
    ] = None,
    confirm: Confirm = False,
) -> ImportResultOut:
    """Import a JSON Lines journal file, or an export (Apple Health, Strava, Garmin Connect, Google Takeout)
    or workout file (FIT, GPX, TCX, Strava's activities.csv) as its bytes: all of it, or (errors naming each
    problem by file, place and field) nothing. The kind is found from the content. The server's body limit
    (TWITCHCHECK_MAX_BODY_BYTES) applies."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in JSONL_TYPES | EXPORT_TYPES:
        raise Problem(
            415,
            "send a journal as application/x-ndjson (JSON Lines), an export as application/zip or "
            "application/xml, a workout file as application/octet-stream",
        )
    raw = await request.body()
    if not raw.strip():
        raise Problem(422, "the file is empty", errors=[FieldProblem("body", "no events")])
    if content_type in JSONL_TYPES:
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(
                422, "the file is not UTF-8", errors=[FieldProblem("body", "not UTF-8 text")]
            ) from None
        if len(body) > 50 * MAX_INPUT_CHARS:
            raise Problem(413, "the file is too large")
        result = journal.import_jsonl(body.splitlines(), source="upload", confirmed=confirm)
        return ImportResultOut(**_added(result).model_dump(), format="jsonl")
    from starlette.concurrency import run_in_threadpool

    from twitchcheck.web.services import import_upload

    summary = await run_in_threadpool(
        import_upload, journal, raw, filename or "upload", only=only, since=since
    )
    by_type = {
        kind: TypeCountsOut(
            read=c.read,
            added=c.added,
            already_there=c.already_there,
            merged=c.merged,
            skipped=sum(c.skipped.values()),
        )
        for kind, c in summary.counts.items()
    }
    return ImportResultOut(
        read=sum(c.read for c in summary.counts.values()),
        added=summary.added,
        already_there=sum(c.already_there for c in summary.counts.values()),
        seqs=list(summary.seqs),
        format=summary.format,
        by_type=by_type,
    )


@v1.get("/events/{seq}", tags=["journal"], responses={404: {"model": ProblemDetails}})
def get_event(seq: Seq, journal: JournalDep) -> StoredEvent:
    """One of your events."""
    try:
        stored = journal.get(seq)
    except InputError:
        raise _not_found(seq) from None
    return StoredEvent(seq=stored.seq, event=stored.event.to_contract())


@v1.put(
    "/events/{seq}",
    tags=["journal"],
    responses={404: {"model": ProblemDetails}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}},
        }
    },
)
async def replace_event(
    seq: Seq, request: Request, journal: JournalDep, confirm: Confirm = False
) -> StoredEvent:
    """Replace one of your events (the type cannot change); `undo` brings the old one back."""
    body = await _json_body(request)
    try:
        before = journal.get(seq).event.to_contract()
    except InputError:
        raise _not_found(seq) from None
    if not isinstance(body, dict):
        raise Problem(422, "give the event as a JSON object", errors=[FieldProblem("body", "not an object")])
    changes: dict[str, Any] = dict.fromkeys(before)
    changes.update(body)
    try:
        stored = journal.edit(seq, changes, confirmed=confirm)
    except InputError as error:
        raise _plausible_problem(error, "body", "the event is not valid: nothing was changed") from None
    return StoredEvent(seq=stored.seq, event=stored.event.to_contract())


@v1.delete("/events/{seq}", tags=["journal"], status_code=204, responses={404: {"model": ProblemDetails}})
def delete_event(seq: Seq, journal: JournalDep) -> Response:
    """Delete one of your events (`undo` brings it back)."""
    try:
        journal.delete([seq])
    except InputError:
        raise _not_found(seq) from None
    return Response(status_code=204)


@v1.post("/undo", tags=["journal"])
def undo(journal: JournalDep) -> UndoResult:
    """Take back your latest change (log, import, edit or delete)."""
    operation = journal.undo()
    if operation is None:
        return UndoResult(undone=None)
    return UndoResult(
        undone=OperationOut(
            seq=operation.seq, kind=operation.kind, summary=operation.summary, created_at=operation.created_at
        )
    )


AsOfQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Look at the journal as it was then: now, -7d, 2026-11-02, 2026-11-02T18:30.",
    ),
]


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
    from twitchcheck.journal.link import NoTwitchLogged
    from twitchcheck.web.services import status_assessment

    moment = _as_of(as_of, now, journal)
    try:
        assessment = status_assessment(journal, moment, kb, emergency_number or settings.emergency_number)
    except NoTwitchLogged as missing:
        raise Problem(409, missing.problems[0].message) from None
    return JSONResponse(assessment.to_contract())


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
    from twitchcheck.clinical import NothingToReport
    from twitchcheck.web.services import doctor_report as build

    try:
        download = build(journal, start=start, end=end, fmt=fmt, now=now, kb=kb)
    except NothingToReport as nothing:
        raise Problem(409, str(nothing), errors=input_problems(nothing, "query")) from None
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "query")) from None
    return Response(
        download.content,
        media_type=download.media_type,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )


def _as_of(value: str | None, now: datetime, journal: Any) -> datetime:
    from twitchcheck.web.services import as_of_moment

    try:
        return as_of_moment(value, now, journal)
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "query")) from None


@v1.get("/triggers", tags=["journal"])
def triggers(journal: JournalDep, kb: KnowledgeDep, now: NowDep, as_of: AsOfQuery = None) -> dict[str, Any]:
    """Which logged factors go with your twitch days (the JSON of `twitchcheck triggers --format json`)."""
    from twitchcheck.web.services import triggers_data

    return triggers_data(journal, _as_of(as_of, now, journal), kb)


# -- accounts ---------------------------------------------------------------------------------------------


class Registration(BaseModel):
    email: str = Field(max_length=320, examples=["sam@example.org"])
    password: str = Field(max_length=1024, description="At least 10 characters.")
    zone: str | None = Field(default=None, max_length=64, description="Your time zone, like Europe/Berlin.")


class SignIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class PasswordConfirmation(BaseModel):
    password: str = Field(max_length=1024)


class AccountOut(BaseModel):
    id: int
    email: str
    zone: str
    created_at: datetime
    local: bool = Field(description="The single-user mode's account (no sign-in).")


def _account_out(account: accounts.Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        email=account.email,
        zone=account.zone,
        created_at=account.created_at,
        local=account.is_local,
    )


def _need_accounts(settings: Settings) -> None:
    if not settings.accounts:
        raise Problem(404, "this server runs in single-user mode: there are no accounts")


@v1.post("/accounts", tags=["accounts"], status_code=201, responses={409: {"model": ProblemDetails}})
def register(
    body: Registration,
    request: Request,
    response: Response,
    settings: SettingsDep,
    engine: EngineDep,
    now: NowDep,
) -> AccountOut:
    """Create an account (and sign in with it)."""
    _need_accounts(settings)
    zone = body.zone or settings.zone or "UTC"
    try:
        account = accounts.register(
            engine, body.email, body.password, zone, now, client_ip=client_ip(request)
        )
    except accounts.RateLimited as limited:
        raise Problem(429, str(limited), headers={"Retry-After": str(limited.retry_after_s)}) from None
    except InputError as error:
        raise Problem(422, "the account is not valid", errors=input_problems(error, "body")) from None
    except accounts.AccountExists:
        raise Problem(409, "an account with this email already exists: sign in") from None
    set_session_cookie(
        response,
        accounts.start_session(engine, account, now, timedelta(days=settings.session_days)),
        settings,
    )
    return _account_out(account)


@v1.post(
    "/session",
    tags=["accounts"],
    responses={401: {"model": ProblemDetails}, 429: {"model": ProblemDetails}},
)
def sign_in(
    body: SignIn, request: Request, response: Response, settings: SettingsDep, engine: EngineDep, now: NowDep
) -> AccountOut:
    """Sign in: sets the session cookie (HttpOnly, SameSite=Lax)."""
    _need_accounts(settings)
    try:
        account = accounts.authenticate(engine, body.email, body.password, client_ip(request), now)
    except accounts.RateLimited as limited:
        raise Problem(429, str(limited), headers={"Retry-After": str(limited.retry_after_s)}) from None
    except accounts.SignInRefused as refused:
        raise Problem(401, str(refused)) from None
    set_session_cookie(
        response,
        accounts.start_session(engine, account, now, timedelta(days=settings.session_days)),
        settings,
    )
    return _account_out(account)


@v1.delete("/session", tags=["accounts"], status_code=204)
def sign_out(request: Request, settings: SettingsDep, engine: EngineDep) -> Response:
    """Sign out (the session ends on the server too)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and settings.accounts:
        accounts.end_session(engine, token)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@v1.get("/account", tags=["accounts"], responses={401: {"model": ProblemDetails}})
def get_account(user: CurrentUser) -> AccountOut:
    """Who is signed in."""
    return _account_out(user)


@v1.get("/account/export", tags=["accounts"], responses={401: {"model": ProblemDetails}})
def export_account(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    """Everything stored about you: the account, your whole journal, sessions and shares."""
    _need_accounts(settings)
    return JSONResponse(
        accounts.export_account(engine, user),
        headers={"Content-Disposition": 'attachment; filename="twitchcheck-account.json"'},
    )


@v1.delete(
    "/account",
    tags=["accounts"],
    status_code=204,
    responses={401: {"model": ProblemDetails}, 403: {"model": ProblemDetails}},
)
def delete_account(
    body: PasswordConfirmation, user: CurrentUser, engine: EngineDep, settings: SettingsDep
) -> Response:
    """Delete your account and everything of it for good (give your password again)."""
    _need_accounts(settings)
    if not accounts.verify_password(engine, user, body.password):
        raise Problem(403, "the password is wrong: nothing was deleted")
    accounts.delete_account(engine, user)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


# -- sharing with a coach ---------------------------------------------------------------------------------


class ShareRequest(BaseModel):
    coach_email: str = Field(max_length=320)


class ShareOut(BaseModel):
    coach_id: int
    coach_email: str
    created_at: datetime


class PersonOut(BaseModel):
    id: int
    email: str


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
    return ShareOut(coach_id=item.coach_id, coach_email=item.coach_email, created_at=item.created_at)


@v1.post("/shares", tags=["sharing"], status_code=201, responses={401: {"model": ProblemDetails}})
def add_share(
    body: ShareRequest, user: CurrentUser, engine: EngineDep, settings: SettingsDep, now: NowDep
) -> ShareOut:
    """Let a coach (another account, by email) see your level, red flags and trends."""
    _need_accounts(settings)
    try:
        return _share_out(accounts.share(engine, user, body.coach_email, now))
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "body")) from None


@v1.get("/shares", tags=["sharing"], responses={401: {"model": ProblemDetails}})
def list_shares(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> list[ShareOut]:
    """The coaches you share with."""
    _need_accounts(settings)
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
    _need_accounts(settings)
    if not accounts.unshare(engine, user, coach_id):
        raise Problem(404, "you do not share with this account")
    return Response(status_code=204)


@v1.get("/coach/people", tags=["sharing"], responses={401: {"model": ProblemDetails}})
def coached_people(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> list[PersonOut]:
    """The people who share with you."""
    _need_accounts(settings)
    return [
        PersonOut(id=person.id, email=person.email) for person in accounts.people_sharing_with(engine, user)
    ]


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
    from twitchcheck.journal.store import Journal
    from twitchcheck.web.services import coach_summary

    _need_accounts(settings)
    person = accounts.get_account(engine, person_id) if accounts.can_coach(engine, user, person_id) else None
    if person is None:
        raise Problem(404, "no one with this id shares with you")
    summary = coach_summary(Journal(engine, person.journal_name, zone=person.zone), now, kb)
    return CoachView(person=PersonOut(id=person.id, email=person.email), **summary.to_json())


router.include_router(v1)


# -- the OpenAPI document: the contract schemas of the bodies read by hand ---------------------------------


def openapi_components() -> dict[str, Any]:
    """Schemas for the bodies the routes parse with the library (so that errors name fields its way)."""
    from twitchcheck.assessment import Assessment
    from twitchcheck.journal.events import EVENT_MODELS
    from twitchcheck.report import Report

    template = "#/components/schemas/{model}"
    schemas: dict[str, Any] = {}

    def add(name: str, schema: dict[str, Any]) -> None:
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema

    add("Report", Report.model_json_schema(by_alias=True, ref_template=template))
    add(
        "AssessmentContract",
        Assessment.model_json_schema(by_alias=True, ref_template=template, mode="serialization"),
    )
    add("FreeText", FreeText.model_json_schema(ref_template=template))
    for model in EVENT_MODELS.values():
        add(model.__name__, model.model_json_schema(by_alias=True, ref_template=template))
    schemas["Event"] = {
        "oneOf": [{"$ref": template.format(model=model.__name__)} for model in EVENT_MODELS.values()],
        "discriminator": {"propertyName": "type"},
    }
    schemas["EventOrEvents"] = {
        "oneOf": [
            {"$ref": "#/components/schemas/Event"},
            {"type": "array", "items": {"$ref": "#/components/schemas/Event"}, "minItems": 1},
        ]
    }
    schemas["QuestionnaireResponse"] = {
        "type": "object",
        "description": "A FHIR R4 QuestionnaireResponse to the check's Questionnaire (`twitchcheck fhir "
        "questionnaire`); its items are read as the report's fields.",
        "required": ["resourceType"],
        "properties": {
            "resourceType": {"const": "QuestionnaireResponse"},
            "questionnaire": {"type": "string"},
            "status": {"type": "string"},
            "item": {"type": "array", "items": {"type": "object"}},
        },
    }
    schemas["AssessmentRequest"] = {
        "oneOf": [
            {"$ref": "#/components/schemas/Report"},
            {"$ref": "#/components/schemas/FreeText"},
            {"$ref": "#/components/schemas/QuestionnaireResponse"},
        ]
    }
    return schemas
